"""TOTP second factor (RFC 6238) with replay protection, and one-time recovery codes."""

import hashlib
import hmac
import secrets

import pyotp
import segno
from flask import current_app
from sqlalchemy import delete, func, or_, select, update

from casemgmt.access.models import RecoveryCode, User
from casemgmt.db import utcnow
from casemgmt.extensions import db

RECOVERY_CODE_COUNT = 10
TOTP_INTERVAL = 30
# Accept the previous and next 30-second step too, for clocks a little out.
TOTP_DRIFT_STEPS = 1


def new_totp_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User) -> str:
    return pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.email, issuer_name=current_app.config["TOTP_ISSUER"])


def qr_code_data_uri(uri: str) -> str:
    """The enrolment QR code as an SVG data URI (served inline, so no image route and no external service)."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, dark="#0b0c0c", light="#ffffff", encode_minimal=True)


def verify_totp(user: User, code: str, *, at: float | None = None) -> bool:
    """True for a valid code newer than the last accepted one; records its step so it cannot be reused."""
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6) or not user.totp_secret:
        return False
    totp = pyotp.TOTP(user.totp_secret, interval=TOTP_INTERVAL)
    now_step = int((at if at is not None else utcnow().timestamp()) // TOTP_INTERVAL)
    for step in range(now_step - TOTP_DRIFT_STEPS, now_step + TOTP_DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return _claim_step(user, step)
    return False


def _claim_step(user: User, step: int) -> bool:
    """Record `step` as used unless it (or a later one) already was: one conditional UPDATE, so two
    simultaneous requests with the same code cannot both succeed."""
    claimed = db.session.execute(
        update(User)
        .where(User.id == user.id, or_(User.totp_last_step.is_(None), User.totp_last_step < step))
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    ).rowcount
    return claimed == 1


def _normalise_recovery_code(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


def _hash_recovery_code(code: str) -> str:
    return hashlib.sha256(_normalise_recovery_code(code).encode()).hexdigest()


def replace_recovery_codes(user: User) -> list[str]:
    """Issue a new set of codes (the old ones stop working) and return them for showing once."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(alphabet) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
        db.session.add(RecoveryCode(user_id=user.id, code_hash=_hash_recovery_code(raw)))
    return codes


def use_recovery_code(user: User, code: str) -> bool:
    """Spend an unused recovery code; each works once."""
    if len(_normalise_recovery_code(code)) != 10:
        return False
    # A conditional UPDATE, so two simultaneous requests cannot both spend the same code.
    result = db.session.execute(
        update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _hash_recovery_code(code),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def unused_recovery_code_count(user: User) -> int:
    return db.session.scalar(
        select(func.count()).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    )
