"""Security headers on every kind of response, HSTS and cookie flags in production, and production's refusal
to start without its secrets."""

import base64
import os

import pytest
from bs4 import BeautifulSoup

from casemgmt import create_app
from casemgmt.access.permissions import public_endpoint
from config import ConfigurationError

PRODUCTION_SECRETS = ("SECRET_KEY", "DATABASE_URL", "ENCRYPTION_KEYS", "ENCRYPTION_ACTIVE_KEY_ID", "BLIND_INDEX_KEY")
PRIVATE_REFERRER_POLICIES = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}
BOOM = "boom: internal detail that must not reach the browser"


@pytest.fixture
def failing_app(app, separate_apps):
    extra = separate_apps("test", DATABASE_URL=app.config["DATABASE_URL"])

    @extra.route("/boom")
    @public_endpoint
    def boom():
        raise RuntimeError(BOOM)

    return extra


def production_env(*, monkeypatch, database_url: str) -> None:
    monkeypatch.setenv("SECRET_KEY", base64.b64encode(os.urandom(32)).decode())
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("ENCRYPTION_KEYS", "k1:" + base64.b64encode(os.urandom(32)).decode())
    monkeypatch.setenv("ENCRYPTION_ACTIVE_KEY_ID", "k1")
    monkeypatch.setenv("BLIND_INDEX_KEY", base64.b64encode(os.urandom(32)).decode())


def csp_directives(*, header: str) -> dict[str, list[str]]:
    directives = {}
    for part in filter(None, (item.strip() for item in header.split(";"))):
        name, *values = part.split()
        directives[name] = values
    return directives


PAGES = ["sign-in page", "not found page", "server error page"]


def fetch(*, kind: str, client, request):
    """GET one kind of response, checking its status."""
    if kind == "server error page":
        response = request.getfixturevalue("failing_app").test_client().get("/boom")
    else:
        response = client.get({"sign-in page": "/sign-in", "not found page": "/no-such-page"}.get(kind, kind))
    expected = {"not found page": 404, "server error page": 500}.get(kind, 200)
    assert response.status_code == expected, f"{kind}: {response.status_code}"
    return response


@pytest.fixture(params=[*PAGES, "/static/css/app.min.css"])
def any_response(request, client):
    response = fetch(kind=request.param, client=client, request=request)
    yield response
    response.close()


@pytest.fixture(params=PAGES)
def page_response(request, client):
    return fetch(kind=request.param, client=client, request=request)


# -- headers on every response ------------------------------------------------------------------------


def test_content_security_policy(any_response):
    header = any_response.headers.get("Content-Security-Policy")
    assert header, "no Content-Security-Policy"
    directives = csp_directives(header=header)
    assert directives.get("frame-ancestors") == ["'none'"]
    assert "'self'" in directives.get("script-src", [])
    assert "'unsafe-inline'" not in header
    assert "'unsafe-eval'" not in header


def test_no_sniffing(any_response):
    assert any_response.headers.get("X-Content-Type-Options") == "nosniff"


def test_referrer_policy(any_response):
    assert any_response.headers.get("Referrer-Policy") in PRIVATE_REFERRER_POLICIES


def test_pages_are_not_cached(page_response):
    assert "no-store" in page_response.headers.get("Cache-Control", "")


def test_hsts_not_sent_in_test_settings(any_response):
    assert "Strict-Transport-Security" not in any_response.headers


# -- pages --------------------------------------------------------------------------------------------


def test_server_error_page_hides_the_traceback(failing_app):
    response = failing_app.test_client().get("/boom")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "Sorry, there is a problem with the service" in body
    for leak in ("Traceback", "RuntimeError", BOOM, "File &#34;", 'File "'):
        assert leak not in body


def test_sign_in_page_has_no_inline_script(client):
    soup = BeautifulSoup(client.get("/sign-in").data, "html.parser")
    scripts = soup.find_all("script")
    assert scripts, "expected the page to load its scripts from files"
    inline = [str(script)[:80] for script in scripts if not script.get("src")]
    assert not inline, f"inline scripts would be blocked by the CSP: {inline}"


def test_sign_in_page_has_no_inline_event_handlers(client):
    soup = BeautifulSoup(client.get("/sign-in").data, "html.parser")
    handlers = [
        f"<{tag.name} {name}>" for tag in soup.find_all(True) for name in tag.attrs if name.lower().startswith("on")
    ]
    assert not handlers, f"inline event handlers would be blocked by the CSP: {handlers}"


# -- production ---------------------------------------------------------------------------------------


@pytest.fixture
def production_app(app, separate_apps, monkeypatch):
    production_env(monkeypatch=monkeypatch, database_url=app.config["DATABASE_URL"])
    return separate_apps("production")


def test_production_sends_hsts(production_app):
    response = production_app.test_client().get("/sign-in", base_url="https://localhost")
    assert response.status_code == 200
    assert response.headers.get("Strict-Transport-Security", "").startswith("max-age=")
    max_age = int(response.headers["Strict-Transport-Security"].split(";")[0].split("=")[1])
    assert max_age >= 31536000


def test_production_session_cookie_is_secure_and_http_only(production_app):
    response = production_app.test_client().get("/sign-in", base_url="https://localhost")
    cookies = [value for value in response.headers.getlist("Set-Cookie") if value.startswith("casemgmt_session=")]
    if not cookies:
        assert production_app.config["SESSION_COOKIE_SECURE"] is True
        assert production_app.config["SESSION_COOKIE_HTTPONLY"] is True
        return
    flags = {flag.strip().split("=")[0].lower() for flag in cookies[0].split(";")[1:]}
    assert "secure" in flags
    assert "httponly" in flags


def test_production_refuses_to_start_without_its_secrets(monkeypatch):
    for name in PRODUCTION_SECRETS:
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ConfigurationError) as error:
        create_app("production")
    for name in PRODUCTION_SECRETS:
        assert name in str(error.value)


def test_production_names_only_what_is_missing(monkeypatch):
    production_env(monkeypatch=monkeypatch, database_url="sqlite:///unused.sqlite3")
    monkeypatch.delenv("SECRET_KEY")
    with pytest.raises(ConfigurationError) as error:
        create_app("production")
    message = str(error.value)
    assert "SECRET_KEY" in message
    for name in PRODUCTION_SECRETS[1:]:
        assert name not in message


def test_unknown_environment_name_is_refused(monkeypatch):
    monkeypatch.setenv("CASEMGMT_ENV", "staging")
    with pytest.raises(ConfigurationError, match="staging"):
        create_app()
