"""Optimistic version checks shared by every edit: a stale version becomes an EditConflict, never an overwrite.

Two layers: the version the editor's form carried is compared with the stored one before anything is
changed; and the ORM's version column makes the UPDATE itself fail if another save slipped in between.
"""

from collections.abc import Callable

from sqlalchemy.orm.exc import StaleDataError

from casemgmt.access.models import User
from casemgmt.extensions import db
from casemgmt.service_errors import EditConflict, FieldChange


def differences(saved: dict[str, str], yours: dict[str, str]) -> list[FieldChange]:
    return [FieldChange(label, saved[label], yours[label]) for label in saved if saved[label] != yours.get(label)]


def _editor_name(record) -> str | None:
    user = db.session.get(User, record.updated_by_id) if getattr(record, "updated_by_id", None) else None
    return user.full_name if user is not None else None


def check_version(record, expected_version: int, saved: dict[str, str], yours: dict[str, str]) -> None:
    """Raise EditConflict when the record has moved on since the editor read `expected_version`."""
    if record.version != expected_version:
        raise EditConflict(record, differences(saved, yours), _editor_name(record), record.updated_at)


def commit_edit(record, describe: Callable, yours: dict[str, str]) -> None:
    """Commit an edit already checked by `check_version`; if another save slipped in between, the version
    column makes the UPDATE fail: roll back and raise EditConflict describing what the other editor saved."""
    model, record_id = type(record), record.id
    try:
        db.session.commit()
    except StaleDataError as error:
        db.session.rollback()
        saved = db.session.get(model, record_id)
        raise EditConflict(saved, differences(describe(saved), yours), _editor_name(saved), saved.updated_at) from error
