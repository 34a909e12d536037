"""Signing in: password, second factor, lockout, throttling and the messages users see."""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import func, select

from casemgmt.access.models import RecoveryCode, User, UserSession
from casemgmt.audit.models import AuditEvent
from casemgmt.db import utcnow
from casemgmt.extensions import db
from tests.factories import DEFAULT_PASSWORD, totp_code
from tests.pages import PageClient, check_page, csrf_token, error_messages


def test_sign_in_with_password_reaches_the_dashboard_when_two_factor_is_optional(app, client, factories, monkeypatch):
    monkeypatch.setitem(app.config, "REQUIRE_TWO_FACTOR", False)
    user = factories.user(email="officer@example.org")
    response = client.sign_in("Officer@Example.org ")
    assert response.status_code == 302 and response.headers["Location"] == "/dashboard"
    soup = client.page("/dashboard", title="Dashboard")
    assert user.full_name in soup.select_one(".app-header__user").get_text()
    assert user.organisation.name in soup.select_one(".app-header__user").get_text()


def test_wrong_password_gives_a_generic_message_and_is_audited(client, factories):
    factories.user(email="officer@example.org")
    soup = check_page(client.sign_in("officer@example.org", "not the password"), title="Error: Sign in")
    assert error_messages(soup) == ["Enter a correct email address and password"]
    unknown = check_page(client.sign_in("nobody@example.org", "whatever"), title="Error: Sign in")
    assert error_messages(unknown) == ["Enter a correct email address and password"]
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["sign_in_failed", "sign_in_failed"]


def test_empty_and_oversized_fields_get_clear_messages(client):
    soup = check_page(client.submit("/sign-in", {"email": "", "password": ""}), title="Error: Sign in")
    assert error_messages(soup) == ["Enter your email address", "Enter your password"]
    soup = check_page(client.submit("/sign-in", {"email": "a" * 300, "password": "x"}), title="Error: Sign in")
    assert "Email address is too long" in error_messages(soup)


def test_request_larger_than_the_limit_gets_a_clear_page(client):
    response = client.submit("/sign-in", {"email": "x" * (2 * 1024 * 1024), "password": "x"})
    soup = check_page(response, status=413)
    assert "larger than the service accepts" in soup.get_text()


def test_lockout_after_five_failures_even_with_the_right_password(app, client, factories, monkeypatch):
    monkeypatch.setitem(app.config, "REQUIRE_TWO_FACTOR", False)
    factories.user(email="officer@example.org")
    for _ in range(4):
        assert "Enter a correct email" in client.sign_in("officer@example.org", "wrong").get_data(as_text=True)
    fifth = check_page(client.sign_in("officer@example.org", "wrong"), title="Error: Sign in")
    assert "locked until" in error_messages(fifth)[0]
    right = check_page(client.sign_in("officer@example.org", DEFAULT_PASSWORD), title="Error: Sign in")
    assert "locked until" in error_messages(right)[0]
    user = db.session.scalar(select(User).where(User.email == "officer@example.org"))
    minutes = (user.locked_until - utcnow()).total_seconds() / 60
    assert 14 < minutes <= 15


def test_lock_expires_and_a_success_resets_the_count(app, client, factories, monkeypatch):
    monkeypatch.setitem(app.config, "REQUIRE_TWO_FACTOR", False)
    user = factories.user(email="officer@example.org")
    user.locked_until = utcnow() - timedelta(seconds=1)
    user.failed_sign_in_count = 4
    db.session.commit()
    assert client.sign_in("officer@example.org").headers["Location"] == "/dashboard"
    user = db.session.get(User, user.id)
    assert user.failed_sign_in_count == 0 and user.locked_until is None


def test_disabled_account_cannot_sign_in(app, client, factories, monkeypatch):
    monkeypatch.setitem(app.config, "REQUIRE_TWO_FACTOR", False)
    user = factories.user(email="officer@example.org")
    user.disabled_at = utcnow()
    db.session.commit()
    soup = check_page(client.sign_in("officer@example.org"), title="Error: Sign in")
    assert error_messages(soup) == ["Enter a correct email address and password"]


def test_sign_in_attempts_are_rate_limited_per_address(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "SIGN_IN_RATE_LIMIT", "3 per minute")
    statuses = [client.submit("/sign-in", {"email": "x@example.org", "password": "y"}).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_second_factor_code_is_required_and_cannot_be_replayed(client, factories):
    secret = pyotp.random_base32()
    factories.user(email="officer@example.org", totp_secret=secret)
    response = client.sign_in("officer@example.org")
    assert response.headers["Location"].startswith("/sign-in/security-code")
    assert client.get("/dashboard").status_code == 302  # not signed in yet
    wrong = check_page(
        client.submit("/sign-in/security-code", {"code": "000000"}), title="Error: Enter your security code"
    )
    assert "not correct" in error_messages(wrong)[0]
    code = totp_code(secret)
    assert client.submit("/sign-in/security-code", {"code": code}).headers["Location"] == "/dashboard"
    client.page("/dashboard", title="Dashboard")

    # The same code again, on a fresh sign-in, is refused: it has been used.
    client.forget_cookies()
    client.sign_in("officer@example.org")
    replay = check_page(
        client.submit("/sign-in/security-code", {"code": code}), title="Error: Enter your security code"
    )
    assert "already been used" in error_messages(replay)[0]


def test_recovery_code_signs_in_once(app, client, factories):
    from casemgmt.access import two_factor

    secret = pyotp.random_base32()
    user = factories.user(email="officer@example.org", totp_secret=secret)
    with app.test_request_context():
        codes = two_factor.replace_recovery_codes(user)
        db.session.commit()
    assert len(codes) == 10 and len(set(codes)) == 10
    client.sign_in("officer@example.org")
    assert client.submit("/sign-in/security-code", {"code": codes[0].upper()}).headers["Location"] == "/dashboard"
    client.forget_cookies()
    client.sign_in("officer@example.org")
    again = check_page(client.submit("/sign-in/security-code", {"code": codes[0]}), status=200)
    assert "not correct" in error_messages(again)[0]
    used = db.session.scalar(
        select(func.count()).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_not(None))
    )
    assert used == 1


def test_wrong_codes_count_towards_lockout(client, factories):
    factories.user(email="officer@example.org", totp_secret=pyotp.random_base32())
    client.sign_in("officer@example.org")
    for _ in range(4):
        client.submit("/sign-in/security-code", {"code": "123456"})
    locked = client.submit("/sign-in/security-code", {"code": "123456"})
    assert locked.status_code == 302 and locked.headers["Location"] == "/sign-in"
    assert "locked until" in client.get("/sign-in").get_data(as_text=True)


def test_pending_second_step_expires(app, client, factories, monkeypatch):
    secret = pyotp.random_base32()
    factories.user(email="officer@example.org", totp_secret=secret)
    client.sign_in("officer@example.org")
    monkeypatch.setitem(app.config, "PENDING_SIGN_IN_TIMEOUT", timedelta(seconds=-1))
    response = client.get("/sign-in/security-code")
    assert response.status_code == 302 and response.headers["Location"] == "/sign-in"


def test_enrolment_by_qr_code_when_two_factor_is_required(client, factories):
    user = factories.user(email="officer@example.org")
    assert client.sign_in("officer@example.org").headers["Location"].startswith("/sign-in/set-up-two-factor")
    soup = client.page("/sign-in/set-up-two-factor", title="Set up two-factor authentication")
    assert soup.select_one("img.app-qr-code")["src"].startswith("data:image/svg+xml")
    secret = soup.select_one("#totp-secret").get_text(strip=True)
    wrong = client.submit("/sign-in/set-up-two-factor", {"code": "111111"})
    assert "not correct" in error_messages(check_page(wrong))[0]
    done = check_page(
        client.submit("/sign-in/set-up-two-factor", {"code": totp_code(secret)}), title="Your recovery codes"
    )
    shown = [item.get_text(strip=True) for item in done.select("#recovery-codes li")]
    assert len(shown) == 10
    client.page("/dashboard", title="Dashboard")
    user = db.session.get(User, user.id)
    assert user.has_two_factor and user.totp_secret == secret


@pytest.mark.parametrize(
    ("next_page", "expected"),
    [
        ("/admin/users?q=x", "/admin/users?q=x"),
        ("//evil.example/x", "/dashboard"),
        ("/%09/evil.example", "/dashboard"),
        ("/%0a/evil.example", "/dashboard"),
        ("/%5C/evil.example", "/dashboard"),
        ("https://evil.example/", "/dashboard"),
        ("/ /evil.example", "/dashboard"),
    ],
)
def test_next_parameter_only_allows_local_paths(app, client, factories, monkeypatch, next_page, expected):
    monkeypatch.setitem(app.config, "REQUIRE_TWO_FACTOR", False)
    factories.user(email="officer@example.org")
    data = {
        "email": "officer@example.org",
        "password": DEFAULT_PASSWORD,
        "csrf_token": csrf_token(client.page("/sign-in")),
    }
    response = client.post(f"/sign-in?next={next_page}", data=data)
    assert response.status_code == 302 and response.headers["Location"] == expected


def test_nul_bytes_get_a_bad_request_page_not_an_error(client):
    response = client.submit("/sign-in", {"email": "ad\x00min@example.org", "password": "x"})
    assert "could not understand that request" in check_page(response, status=400).get_text()
    check_page(client.get("/sign-in?next=%00"), status=400)


def test_simultaneous_wrong_passwords_are_all_counted_and_lock_the_account(app, factories, monkeypatch):
    """Parallel guesses must not slip past the lockout by racing each other."""
    monkeypatch.setitem(app.config, "REQUIRE_TWO_FACTOR", False)
    user = factories.user(email="officer@example.org")
    clients = [PageClient(app.test_client()) for _ in range(12)]
    tokens = [csrf_token(c.page("/sign-in")) for c in clients]

    def attempt(pair):
        c, token = pair
        return c.post("/sign-in", data={"email": user.email, "password": "wrong", "csrf_token": token}).status_code

    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = list(pool.map(attempt, zip(clients, tokens, strict=True)))
    assert statuses == [200] * 12  # each a page with a message, never a server error

    def count(action):
        return db.session.scalar(select(func.count()).where(AuditEvent.action == action))

    # Every attempt is accounted for: counted as a failure, or refused because the account had locked.
    assert count("sign_in_failed") + count("sign_in_refused_locked") == 12
    assert count("sign_in_failed") >= 5 and count("account_locked") >= 1
    db.session.expire_all()
    assert db.session.get(User, user.id).locked_until is not None


def test_the_same_code_sent_twice_at_once_signs_in_only_once(app, factories):
    secret = pyotp.random_base32()
    user = factories.user(email="officer@example.org", totp_secret=secret)
    # Four at once: one may succeed; three wrong ones stay under the lockout threshold of five.
    clients = [PageClient(app.test_client()) for _ in range(4)]
    for c in clients:
        c.sign_in(user.email)
    code = totp_code(secret)
    tokens = [csrf_token(c.page("/sign-in/security-code")) for c in clients]

    def attempt(pair):
        c, token = pair
        return c.post("/sign-in/security-code", data={"code": code, "csrf_token": token}).status_code

    with ThreadPoolExecutor(max_workers=4) as pool:
        statuses = list(pool.map(attempt, zip(clients, tokens, strict=True)))
    assert sorted(statuses) == [200, 200, 200, 302]
    assert db.session.scalar(select(func.count()).select_from(UserSession)) == 1


def test_an_organisation_being_deactivated_signs_its_users_out(app, client, factories, monkeypatch):
    monkeypatch.setitem(app.config, "REQUIRE_TWO_FACTOR", False)
    user = factories.user(email="officer@example.org")
    client.sign_in(user.email)
    assert client.get("/dashboard").status_code == 200
    organisation = db.session.get(User, user.id).organisation
    organisation.is_active = False
    db.session.commit()
    assert client.get("/dashboard").status_code == 302
    assert "Enter a correct email" in client.sign_in(user.email).get_data(as_text=True)


def test_text_typed_into_the_email_box_is_not_kept_unless_it_is_an_email_address(client):
    client.sign_in("my secret password", "x")
    assert db.session.scalar(select(AuditEvent.actor_label)) == "(not an email address)"


def test_signed_out_visitor_is_sent_to_sign_in_with_the_page_to_return_to(client):
    response = client.get("/account")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in?next=")
