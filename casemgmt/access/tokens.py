"""API bearer tokens: shown once when issued, stored only as a SHA-256 hash."""

import hashlib
import secrets

from sqlalchemy import select

from casemgmt.access.models import ApiToken, User
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
    """The active user behind an unrevoked token, or None."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    record = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _hash(token)))
    if record is None or record.revoked_at is not None or not record.user.is_active:
        return None
    record.last_used_at = utcnow()
    db.session.commit()
    return record.user
