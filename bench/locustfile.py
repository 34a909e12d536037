"""Locust scenario for `make bench`: officers reading pages and logging incidents, one shared sign-in.

Signing in once keeps the benchmark about the pages (sign-in is rate-limited per address by design).
"""

import json
import os
import random
import re

import requests
from locust import HttpUser, events, task

PAGES = json.loads(os.environ["BENCH_PAGES"])
PICKS = json.loads(os.environ["BENCH_PICKS"])
SESSION: dict[str, str] = {}


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


@events.test_start.add_listener
def sign_in_once(environment, **_):
    http = requests.Session()
    token = _csrf(http.get(environment.host + "/sign-in").text)
    response = http.post(
        environment.host + "/sign-in",
        allow_redirects=False,
        data={"email": "officer@leicester-city.demo", "password": "demo-password-2026", "csrf_token": token},
    )
    if response.status_code != 302:
        raise SystemExit(f"sign-in failed: {response.status_code}")
    SESSION.update(http.cookies.get_dict())


class Officer(HttpUser):
    def on_start(self):
        self.client.cookies.update(SESSION)

    @task(3)
    def dashboard(self):
        self.client.get(PAGES["dashboard"], name="dashboard")

    @task(4)
    def incident_page(self):
        self.client.get(f"/incidents/{random.choice(PICKS['incident_ids'])}", name="incident page")

    @task(2)
    def person_page(self):
        self.client.get(f"/people/{PICKS['busy_person_id']}", name="person page (many incidents)")

    @task(2)
    def search_surname(self):
        self.client.get(f"/search?q={PICKS['surname']}", name="search surname")

    @task(2)
    def search_postcode(self):
        self.client.get(f"/search?q={PICKS['postcode']}", name="search postcode")

    @task(1)
    def search_registration(self):
        self.client.get(f"/search?q={PICKS['registration']}", name="search registration")

    @task(1)
    def log_incident(self):
        from log_incident import form_data  # noqa: PLC0415 - shared with the single-client run

        page = self.client.get("/incidents/new", name="log-an-incident form")
        self.client.post("/incidents/new", data=form_data(page.text, PICKS), name="log-an-incident POST")
