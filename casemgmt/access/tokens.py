"""API bearer tokens: shown once when issued, stored only as a SHA-256 hash."""

import hashlib
import secrets

from flask import Request
from sqlalchemy import select

from casemgmt.access.models import ApiToken, User
from casemgmt.access.sessions import LAST_SEEN_RESOLUTION, is_api_request
from casemgmt.audit.services import record_event
from casemgmt.db import utcnow
from casemgmt.extensions import db

TOKEN_PREFIX = "cm_"  # noqa: S105 - a public prefix, not a secret


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_api_token(user: User, actor: User | None = None) -> str:
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    record = ApiToken(user_id=user.id, token_hash=_hash(token))
    db.session.add(record)
    db.session.flush()
    record_event("api_token_issued", actor=actor, object_type="user", object_id=user.id, detail=str(record.id))
    db.session.commit()
    return token


def user_for_api_token(token: str) -> User | None:
    """The active user behind an unrevoked token, or None.

    `last_used_at` is refreshed at most once a minute, so a busy partner system does not write on every call.
    """
    if not token.startswith(TOKEN_PREFIX):
        return None
    record = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _hash(token)))
    if record is None or record.revoked_at is not None or not record.user.is_active:
        return None
    now = utcnow()
    if record.last_used_at is None or now - record.last_used_at > LAST_SEEN_RESOLUTION:
        record.last_used_at = now
        db.session.commit()
    return record.user


def load_api_user(request: Request) -> User | None:
    """Flask-Login's request loader: for an API call, the user behind its `Authorization: Bearer` token."""
    if not is_api_request():
        return None
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return user_for_api_token(token.strip())
