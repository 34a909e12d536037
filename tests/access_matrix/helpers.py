"""Helpers shared by the access matrix and the canary sweep: clients, 404 comparison, the reason question.

Nothing here asks `casemgmt.access.policy` what anyone may see: expectations are written out in the tests.
"""

import re
import uuid

from bs4 import BeautifulSoup

from casemgmt.extensions import db

SIGN_IN_PATH = "/sign-in"
UUID_PATTERN = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)
# Values that differ from one request to the next whatever was asked for: CSP nonces, CSRF tokens, request ids.
PER_REQUEST_VALUES = [
    re.compile(r'nonce="[^"]*"'),
    re.compile(r'name="csrf_token"[^>]*value="[^"]*"'),
    re.compile(r'value="[^"]*"([^>]*name="csrf_token")'),
    re.compile(r'<meta name="csrf-token" content="[^"]*"'),
]
VOLATILE_HEADERS = {"date", "content-length", "set-cookie", "x-request-id", "content-security-policy"}


def request_as(client, method: str, url: str, *, token: str | None = None, headers: dict | None = None, **kwargs):
    """One request in a fresh app context (as in production), with an API token when given.

    The test's session is emptied first so the request reads what the database holds, not the test's objects.
    """
    headers = dict(headers or {})
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    db.session.expunge_all()
    with client.application.app_context():
        return client.open(url, method=method, headers=headers, **kwargs)


def normalised_body(response, *asked_ids: uuid.UUID | str) -> str:
    """The body with per-request values removed and the ids the request named replaced by a placeholder."""
    text = response.get_data(as_text=True)
    for pattern in PER_REQUEST_VALUES:
        text = pattern.sub("<per-request>", text)
    for asked in asked_ids:
        text = text.replace(str(asked), "<asked-id>")
    return text


def comparable_headers(response) -> dict[str, str]:
    return {name.lower(): value for name, value in response.headers.items() if name.lower() not in VOLATILE_HEADERS}


def not_found_difference(hidden, missing, hidden_id, missing_id) -> str | None:
    """Why a hidden record's answer could be told apart from a missing one's, or None when they look alike."""
    if hidden.status_code != 404 or missing.status_code != 404:
        return f"statuses {hidden.status_code} (hidden) and {missing.status_code} (missing), expected 404 for both"
    if comparable_headers(hidden) != comparable_headers(missing):
        return f"headers differ: {comparable_headers(hidden)} vs {comparable_headers(missing)}"
    if normalised_body(hidden, hidden_id) != normalised_body(missing, missing_id):
        return "bodies differ once per-request values are removed"
    return None


def redirects_to_sign_in(response) -> bool:
    return response.status_code in (301, 302, 303) and SIGN_IN_PATH in response.headers.get("Location", "")


def links_to(body: str, path: str) -> bool:
    """Whether an HTML page links to `path` (an href equal to it, or to it with a query or fragment)."""
    soup = BeautifulSoup(body, "html.parser")
    return any(
        anchor["href"].split("?")[0].split("#")[0].rstrip("/").endswith(path) for anchor in soup.find_all(href=True)
    )


def _answer(field, detail: str) -> str:
    """What to put in one field of the reason form: the last choice (Other) for choices, `detail` for text."""
    if field.name == "select":
        return [option.get("value") for option in field.find_all("option") if option.get("value")][-1]
    if field.name == "textarea" or field.get("type") in (None, "text"):
        return detail
    return field.get("value", "")  # hidden fields as they are; of radios the last one wins: "Other"


def answer_reason_question(client, response, detail: str = "Checking the history before a case review"):
    """Answer "Why are you opening this record?" when a record page asks it (a redirect to the question, or the
    question in place), choosing the last choice offered (Other) with `detail`; returns the page reached.

    Returns None when the response was not the question."""
    if response.status_code in (302, 303):
        location = response.headers["Location"]
        if SIGN_IN_PATH in location:
            return None
        question_url = location
        response = request_as(client, "GET", question_url)
    else:
        question_url = None
    body = response.get_data(as_text=True)
    if response.status_code != 200 or "why are you opening" not in body.lower():
        return None
    form = next(
        form
        for form in BeautifulSoup(body, "html.parser").find_all("form")
        if (form.get("method") or "").lower() == "post"
        and (form.find(["textarea", "select"]) or form.find(type="radio"))
    )
    data = {
        field["name"]: _answer(field, detail)
        for field in form.find_all(["input", "textarea", "select"], attrs={"name": True})
    }
    action = form.get("action") or question_url or response.request.path
    answered = request_as(client, "POST", action, data=data)
    while answered.status_code in (302, 303):
        answered = request_as(client, "GET", answered.headers["Location"])
    return answered
