"""Locust scenario for `make bench`: officers reading pages and logging incidents, one shared sign-in.

Signing in once keeps the benchmark about the pages (sign-in is rate-limited per address by design).
"""

import json
import os
import random
import re
import sys
from urllib.parse import urlencode

import requests
from locust import FastHttpUser, events, task

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from log_incident import form_data  # noqa: E402 - the form filling shared with the single-client run

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
    # Signing in starts a fresh session; opening a form once stores its CSRF secret in that session cookie,
    # which every client then shares (the clients send the cookie as they got it and never update it).
    http.get(environment.host + "/incidents/new")
    SESSION.update(http.cookies.get_dict())


class Officer(FastHttpUser):
    """A closed loop: each of the clients sends its next request as soon as the last one is answered."""

    def on_start(self):
        self.headers = {"Cookie": "; ".join(f"{name}={value}" for name, value in SESSION.items())}

    def get(self, path: str, name: str):
        return self.client.get(path, name=name, headers=self.headers)

    @task(3)
    def dashboard(self):
        self.get(PAGES["dashboard"], "dashboard")

    @task(4)
    def incident_page(self):
        self.get(f"/incidents/{random.choice(PICKS['incident_ids'])}", "incident page")

    @task(2)
    def person_page(self):
        self.get(f"/people/{PICKS['busy_person_id']}", "person page (many incidents)")

    @task(2)
    def search_surname(self):
        self.get(f"/search?q={PICKS['surname']}", "search surname")

    @task(2)
    def search_postcode(self):
        self.get(f"/search?q={PICKS['postcode']}", "search postcode")

    @task(1)
    def search_registration(self):
        self.get(f"/search?q={PICKS['registration']}", "search registration")

    @task(1)
    def log_incident(self):
        page = self.get("/incidents/new", "log-an-incident form")
        body = urlencode(form_data(page.text, PICKS))
        headers = {**self.headers, "Content-Type": "application/x-www-form-urlencoded"}
        # The POST is timed on its own, as in the single-client run: the incident page it redirects to is
        # a request of its own, measured as "incident page".
        with self.client.post(
            "/incidents/new",
            data=body,
            headers=headers,
            name="log-an-incident POST",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"expected a redirect to the new incident, got {response.status_code}")
