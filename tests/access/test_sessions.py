"""Server-side sessions: a copied cookie is refused once the session is revoked or timed out."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from casemgmt.access.models import Role, UserSession
from casemgmt.db import utcnow
from casemgmt.extensions import db
from tests.factories import DEFAULT_PASSWORD


@pytest.fixture
def signed_in(app, client, factories, monkeypatch):
    """An officer signed in on `client`, with the session cookie value saved as an attacker would copy it."""
    monkeypatch.setitem(app.config, "REQUIRE_TWO_FACTOR", False)
    user = factories.user(email="officer@example.org")
    assert client.sign_in("officer@example.org").headers["Location"] == "/dashboard"
    client.page("/dashboard", title="Dashboard")
    return user, client.session_cookie()


def _replay(other_client, cookie: str):
    other_client.use_session_cookie(cookie)
    return other_client.get("/dashboard")


def test_old_cookie_is_refused_after_sign_out(client, other_client, signed_in):
    _, cookie = signed_in
    assert _replay(other_client, cookie).status_code == 200  # the copy works while the session is live
    client.submit("/sign-out", {}, form_url="/dashboard")
    response = _replay(other_client, cookie)
    assert response.status_code == 302 and response.headers["Location"].startswith("/sign-in")
    assert client.get("/dashboard").status_code == 302


def test_old_cookie_is_refused_after_password_change_but_the_user_stays_signed_in(client, other_client, signed_in):
    _, cookie = signed_in
    response = client.submit(
        "/account/change-password",
        {
            "current_password": DEFAULT_PASSWORD,
            "new_password": "a brand new passphrase",
            "confirm_password": "a brand new passphrase",
        },
    )
    assert response.headers["Location"] == "/account"
    assert _replay(other_client, cookie).status_code == 302
    client.page("/account", title="Your account")  # the changer holds a fresh session
    assert client.session_cookie() != cookie


def test_old_cookie_is_refused_once_an_administrator_disables_the_account(app, other_client, signed_in, factories):
    user, cookie = signed_in
    admin_client = other_client
    admin = factories.user(email="admin@example.org", role=Role.PARTNERSHIP_ADMIN, organisation=user.organisation)
    assert admin_client.sign_in(admin.email).headers["Location"] == "/dashboard"
    response = admin_client.submit(f"/admin/users/{user.id}/disable", {}, form_url=f"/admin/users/{user.id}")
    assert response.status_code == 302
    victim = app.test_client()
    victim.set_cookie("casemgmt_session", cookie)
    with app.app_context():
        assert victim.get("/dashboard").status_code == 302


def test_idle_timeout_ends_the_session(client, signed_in):
    user, _ = signed_in
    record = db.session.scalar(select(UserSession).where(UserSession.user_id == user.id))
    record.last_seen_at = utcnow() - timedelta(minutes=31)
    db.session.commit()
    response = client.get("/dashboard")
    assert response.status_code == 302 and response.headers["Location"] == "/sign-in?next=/dashboard"
    assert "Your session has ended" in client.get(response.headers["Location"]).get_data(as_text=True)
    record = db.session.scalar(select(UserSession).where(UserSession.user_id == user.id))
    assert record.revoked_reason == "idle_timeout"


def test_absolute_timeout_ends_even_an_active_session(client, signed_in):
    user, _ = signed_in
    record = db.session.scalar(select(UserSession).where(UserSession.user_id == user.id))
    record.created_at = utcnow() - timedelta(hours=12, minutes=1)
    record.last_seen_at = utcnow()
    db.session.commit()
    assert client.get("/dashboard").status_code == 302
    record = db.session.scalar(select(UserSession).where(UserSession.user_id == user.id))
    assert record.revoked_reason == "absolute_timeout"


def test_session_within_both_timeouts_continues(client, signed_in):
    user, _ = signed_in
    record = db.session.scalar(select(UserSession).where(UserSession.user_id == user.id))
    record.created_at = utcnow() - timedelta(hours=11)
    record.last_seen_at = utcnow() - timedelta(minutes=29)
    db.session.commit()
    assert client.get("/dashboard").status_code == 200


def test_sign_out_everywhere_revokes_every_session(client, other_client, signed_in):
    _, cookie = signed_in
    assert other_client.sign_in("officer@example.org").headers["Location"] == "/dashboard"
    client.submit("/account/sign-out-everywhere", {}, form_url="/account")
    assert other_client.get("/dashboard").status_code == 302
    assert client.get("/dashboard").status_code == 302


def test_sign_out_without_csrf_token_is_refused_and_changes_nothing(client, signed_in):
    response = client.post("/sign-out", data={})
    assert response.status_code == 400
    assert "Your form has expired" in response.get_data(as_text=True)
    assert client.get("/dashboard").status_code == 200


def test_temporary_password_must_be_changed_before_anything_else(app, client, factories, monkeypatch):
    monkeypatch.setitem(app.config, "REQUIRE_TWO_FACTOR", False)
    factories.user(email="new@example.org", must_change_password=True)
    client.sign_in("new@example.org")
    response = client.get("/dashboard")
    assert response.status_code == 302 and response.headers["Location"] == "/account/change-password"
    mismatch = client.submit(
        "/account/change-password",
        {"current_password": DEFAULT_PASSWORD, "new_password": "first choice phrase", "confirm_password": "other"},
    )
    assert "The passwords do not match" in mismatch.get_data(as_text=True)
    short = client.submit(
        "/account/change-password",
        {"current_password": DEFAULT_PASSWORD, "new_password": "short", "confirm_password": "short"},
    )
    assert "12 characters or more" in short.get_data(as_text=True)
    client.submit(
        "/account/change-password",
        {
            "current_password": DEFAULT_PASSWORD,
            "new_password": "first choice phrase",
            "confirm_password": "first choice phrase",
        },
    )
    assert client.get("/dashboard").status_code == 200
