"""Authentication use cases: password check with lockout, second factor, enrolment, password change.

Each function owns its transaction (commits) and writes the audit events; views only route the result.
"""

import enum
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import func, select, update

from casemgmt.access import sessions, two_factor
from casemgmt.access.models import User
from casemgmt.access.passwords import (
    burn_verification_time,
    hash_password,
    needs_rehash,
    password_problem,
    verify_password,
)
from casemgmt.audit.services import record_event
from casemgmt.db import utcnow
from casemgmt.extensions import db


class Outcome(enum.Enum):
    SIGNED_IN = "signed_in"
    NEEDS_CODE = "needs_code"
    NEEDS_ENROLMENT = "needs_enrolment"
    REFUSED = "refused"
    LOCKED = "locked"


@dataclass
class PasswordCheck:
    outcome: Outcome
    user: User | None = None
    locked_until: datetime | None = None


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def check_password(email: str, password: str) -> PasswordCheck:
    """First step of sign-in. Never says whether the email exists, except that an account is locked."""
    user = find_user_by_email(email)
    if user is None:
        burn_verification_time(password)
        record_event("sign_in_failed", actor_label=_attempted_identity(email), detail="unknown email")
        db.session.commit()
        return PasswordCheck(Outcome.REFUSED)
    now = utcnow()
    if user.locked_until and user.locked_until > now:
        record_event("sign_in_refused_locked", actor=user)
        db.session.commit()
        return PasswordCheck(Outcome.LOCKED, locked_until=user.locked_until)
    if not verify_password(user.password_hash, password) or not user.is_active:
        return _fail(user, "wrong password" if user.is_active else "account disabled")
    if needs_rehash(user.password_hash):
        _set_sign_in_state(user, password_hash=hash_password(password))
        db.session.commit()
    if user.has_two_factor:
        return PasswordCheck(Outcome.NEEDS_CODE, user)
    if current_app.config["REQUIRE_TWO_FACTOR"]:
        return PasswordCheck(Outcome.NEEDS_ENROLMENT, user)
    return complete_sign_in(user, method="password")


def check_second_factor(user: User, code: str) -> PasswordCheck:
    """Second step: a TOTP code, or a recovery code. Failures count towards the same lockout."""
    if user.locked_until and user.locked_until > utcnow():
        return PasswordCheck(Outcome.LOCKED, locked_until=user.locked_until)
    if two_factor.verify_totp(user, code):
        return complete_sign_in(user, method="password+totp")
    if two_factor.use_recovery_code(user, code):
        record_event("recovery_code_used", actor=user, object_type="user", object_id=user.id)
        return complete_sign_in(user, method="password+recovery_code")
    return _fail(user, "wrong second-factor code")


def complete_sign_in(user: User, *, method: str) -> PasswordCheck:
    _set_sign_in_state(user, failed_sign_in_count=0, locked_until=None)
    sessions.start_session(user)
    record_event("sign_in", actor=user, object_type="user", object_id=user.id, detail=method)
    db.session.commit()
    return PasswordCheck(Outcome.SIGNED_IN, user)


def _fail(user: User, why: str) -> PasswordCheck:
    """Count a failure in the database itself, so simultaneous attempts are all counted."""
    config = current_app.config
    db.session.execute(
        update(User)
        .where(User.id == user.id)
        .values(failed_sign_in_count=User.failed_sign_in_count + 1)
        .execution_options(synchronize_session=False)
    )
    record_event("sign_in_failed", actor=user, object_type="user", object_id=user.id, detail=why)
    # Only the attempt that reaches the threshold locks (and resets the count): a conditional update.
    locked_until = utcnow() + config["LOCKOUT_DURATION"]
    locked = db.session.execute(
        update(User)
        .where(User.id == user.id, User.failed_sign_in_count >= config["LOCKOUT_THRESHOLD"])
        .values(failed_sign_in_count=0, locked_until=locked_until)
        .execution_options(synchronize_session=False)
    ).rowcount
    if locked:
        record_event("account_locked", actor=user, object_type="user", object_id=user.id)
    db.session.commit()
    if locked:
        return PasswordCheck(Outcome.LOCKED, user, locked_until=locked_until)
    return PasswordCheck(Outcome.REFUSED, user)


def _set_sign_in_state(user: User, **values) -> None:
    """Sign-in bookkeeping is not an edit of the account, so it bypasses the optimistic version check."""
    db.session.execute(
        update(User).where(User.id == user.id).values(**values).execution_options(synchronize_session=False)
    )


def begin_enrolment(user: User) -> None:
    """Give the user an unconfirmed TOTP secret unless they have one, so reloading the page keeps the QR code."""
    if not user.has_two_factor and not user.totp_secret:
        user.totp_secret = two_factor.new_totp_secret()
        db.session.commit()


def confirm_enrolment(user: User, code: str) -> list[str] | None:
    """Confirm the secret with a first code; returns the recovery codes to show once, or None if wrong."""
    if user.has_two_factor or not two_factor.verify_totp(user, code):
        return None
    user.totp_confirmed_at = utcnow()
    codes = two_factor.replace_recovery_codes(user)
    record_event("two_factor_enrolled", actor=user, object_type="user", object_id=user.id)
    db.session.commit()
    return codes


def regenerate_recovery_codes(user: User) -> list[str]:
    codes = two_factor.replace_recovery_codes(user)
    record_event("recovery_codes_replaced", actor=user, object_type="user", object_id=user.id)
    db.session.commit()
    return codes


def change_password(user: User, current_password: str, new_password: str) -> str | None:
    """Change the password, revoke every session (this one included) and start a fresh one.

    Returns a message for the user when refused, or None on success.
    """
    if not verify_password(user.password_hash, current_password):
        return "Your current password is not correct"
    problem = password_problem(new_password, email=user.email, minimum_length=current_app.config["MIN_PASSWORD_LENGTH"])
    if problem:
        return problem
    if verify_password(user.password_hash, new_password):
        return "Your new password must be different from your current password"
    user.password_hash = hash_password(new_password)
    user.must_change_password = False
    sessions.revoke_all_sessions(user, "password_changed")
    record_event("password_changed", actor=user, object_type="user", object_id=user.id)
    sessions.start_session(user)
    db.session.commit()
    return None


def sign_out(user: User) -> None:
    record_event("sign_out", actor=user, object_type="user", object_id=user.id)
    sessions.end_current_session("signed_out")
    db.session.commit()


def sign_out_everywhere(user: User) -> int:
    count = sessions.revoke_all_sessions(user, "signed_out_everywhere")
    record_event("signed_out_everywhere", actor=user, object_type="user", object_id=user.id, detail=f"{count} sessions")
    sessions.end_current_session("signed_out_everywhere")
    db.session.commit()
    return count


def _attempted_identity(email: str) -> str:
    """What to record for an unknown sign-in name: an email address, never arbitrary typed text.

    People sometimes type their password into the email box; the audit trail must not keep it.
    """
    candidate = email.strip().lower()
    if "@" in candidate and " " not in candidate and len(candidate) <= 254:
        return candidate
    return "(not an email address)"
