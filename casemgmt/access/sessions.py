"""Server-side sessions: the cookie carries a random token whose hash is a row in user_sessions.

A cookie is honoured only while its row is unrevoked and within the idle and absolute timeouts, so
signing out, changing a password or disabling an account refuses the old cookie on the next request.
"""

import hashlib
import secrets
from datetime import timedelta
from functools import cache

from flask import abort, current_app, flash, g, redirect, request, session, url_for
from flask_login import login_user, logout_user
from sqlalchemy import Select, and_, bindparam, func, select, update
from sqlalchemy.orm import joinedload

from casemgmt.access.models import User, UserSession
from casemgmt.db import utcnow
from casemgmt.extensions import db
from casemgmt.notifications.queries import unread_count_of

SESSION_TOKEN_KEY = "session_token"  # noqa: S105 - a session key name, not a secret
# Requests under this path are API calls: exempt from CSRF, so only a bearer token may authenticate them.
API_PATH_PREFIX = "/api/"
# Refresh last_seen_at at most this often, so every request does not write to the database.
LAST_SEEN_RESOLUTION = timedelta(seconds=60)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(user: User) -> UserSession:
    """Sign the user in on a fresh session (a new cookie, so a planted one is never reused)."""
    session.clear()
    token = secrets.token_urlsafe(32)
    record = UserSession(
        user_id=user.id,
        token_hash=_hash(token),
        ip_address=request.remote_addr,
        user_agent=(request.user_agent.string or "")[:255],
    )
    db.session.add(record)
    db.session.flush()
    login_user(user)
    session[SESSION_TOKEN_KEY] = token
    g.user_session = record
    return record


def is_api_request() -> bool:
    return request.path.startswith(API_PATH_PREFIX)


@cache
def _session_and_user() -> Select:
    # Every page asks for this, so the session, user, organisation and teams, and the header's count of unread
    # notifications, come in one round trip, from a statement built once.
    return (
        select(UserSession, unread_count_of(UserSession.user_id))
        .where(UserSession.token_hash == bindparam("token_hash"))
        .options(joinedload(UserSession.user).joinedload(User.teams))
    )


def load_session_user(user_id: str) -> User | None:
    """Flask-Login's user loader: the user behind a live session token, or None (treated as signed out).

    Never for an API call: those are exempt from CSRF, so a browser's cookie must not authenticate them.
    """
    token = session.get(SESSION_TOKEN_KEY)
    if not token or is_api_request():
        return None
    found = db.session.execute(_session_and_user(), {"token_hash": _hash(token)}).unique().one_or_none()
    if found is None:
        return None
    record, g.unread_notifications = found
    if record.revoked_at is not None or str(record.user_id) != user_id:
        return None
    now = utcnow()
    config = current_app.config
    expired = None
    if now - record.created_at > config["SESSION_ABSOLUTE_TIMEOUT"]:
        expired = "absolute_timeout"
    elif now - record.last_seen_at > config["SESSION_IDLE_TIMEOUT"]:
        expired = "idle_timeout"
    user = record.user
    if expired or user is None or not user.is_active:
        _revoke(record, expired or "account_disabled")
        db.session.commit()
        return None
    if now - record.last_seen_at > LAST_SEEN_RESOLUTION:
        record.last_seen_at = now
        db.session.commit()
    g.user_session = record
    return user


def end_current_session(reason: str = "signed_out") -> None:
    record = g.get("user_session")
    if record is not None:
        _revoke(record, reason)
    logout_user()
    session.clear()


def _live(user: User):
    """Unrevoked and within both timeouts: the sessions a cookie could still use."""
    now = utcnow()
    config = current_app.config
    return and_(
        UserSession.user_id == user.id,
        UserSession.revoked_at.is_(None),
        UserSession.created_at > now - config["SESSION_ABSOLUTE_TIMEOUT"],
        UserSession.last_seen_at > now - config["SESSION_IDLE_TIMEOUT"],
    )


def revoke_all_sessions(user: User, reason: str) -> int:
    """Revoke every unrevoked session of the user (the caller commits). Returns how many were still live."""
    live_count = db.session.scalar(select(func.count()).where(_live(user)))
    db.session.execute(
        update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.revoked_at.is_(None))
        .values(revoked_at=utcnow(), revoked_reason=reason)
        .execution_options(synchronize_session="fetch")
    )
    return live_count


def live_sessions(user: User) -> list[UserSession]:
    return list(db.session.scalars(select(UserSession).where(_live(user)).order_by(UserSession.last_seen_at.desc())))


def _revoke(record: UserSession, reason: str) -> None:
    record.revoked_at = utcnow()
    record.revoked_reason = reason


def redirect_to_sign_in():
    """Flask-Login's unauthorised handler: say why, then send the visitor to sign in and back.

    An API call gets a 401 instead (the API's error handler answers it with a bearer challenge).
    """
    if is_api_request():
        abort(401)
    if session.get(SESSION_TOKEN_KEY):
        session.clear()
        flash("Your session has ended, so you have been signed out. Sign in again to continue.", "info")
    next_page = request.full_path.rstrip("?") if request.method == "GET" else None
    return redirect(url_for("auth.sign_in", next=next_page))
