"""Taking, renewing, showing and releasing edit leases.

Opening a record's edit page takes its lease (or renews the editor's own) unless someone else holds a live
one; a successful save releases it; otherwise it simply expires (`EDIT_LEASE_MINUTES`, default 10).
"""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from flask import current_app
from sqlalchemy import ColumnElement, Select, and_, bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from casemgmt.access.models import Organisation, User
from casemgmt.access.sharing import RecordKind
from casemgmt.clock import uk_time
from casemgmt.db import now_parameter, utcnow
from casemgmt.extensions import db
from casemgmt.leases.models import EditLease


@dataclass(frozen=True)
class LeaseHolder:
    """Someone else editing the record, as shown to others: "Being edited by NAME (ORGANISATION) since HH:MM"."""

    name: str
    organisation: str
    since: datetime

    @property
    def since_time(self) -> str:
        return uk_time(self.since).strftime("%H:%M")


def _lease_on(kind, record_id) -> ColumnElement[bool]:
    return and_(EditLease.record_kind == kind, EditLease.record_id == record_id)


def take_lease(actor: User, kind: RecordKind, record_id: uuid.UUID) -> LeaseHolder | None:
    """Take the record's edit lease for the actor, or renew their own, unless someone else holds a live one.

    Returns None when the actor holds the lease afterwards, else who does. Atomic: the expired lease is
    deleted and the new one inserted in one transaction, and the unique (kind, record id) makes the second of
    two simultaneous takers fail with IntegrityError, answered by rolling back and reading who won. Commits
    (or rolls back) the session's transaction, so call it before changing anything else.
    """
    now = utcnow()
    expires_at = now + timedelta(minutes=current_app.config["EDIT_LEASE_MINUTES"])
    try:
        db.session.execute(delete(EditLease).where(_lease_on(kind, record_id), EditLease.expires_at <= now))
        renewed = db.session.execute(
            update(EditLease)
            .where(_lease_on(kind, record_id), EditLease.user_id == actor.id)
            .values(expires_at=expires_at)
        ).rowcount
        if not renewed:
            db.session.execute(
                insert(EditLease).values(
                    id=uuid.uuid4(),
                    record_kind=kind,
                    record_id=record_id,
                    user_id=actor.id,
                    taken_at=now,
                    expires_at=expires_at,
                )
            )
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return lease_held_by_other(actor, kind, record_id)
    return None


@cache
def _live_lease_of_another() -> Select:
    # Every record page asks this: built once, run with the record and viewer as parameters.
    return (
        select(User.full_name, Organisation.name, EditLease.taken_at)
        .select_from(EditLease)
        .join(User, User.id == EditLease.user_id)
        .join(Organisation, Organisation.id == User.organisation_id)
        .where(
            _lease_on(bindparam("kind"), bindparam("record_id")),
            EditLease.expires_at > now_parameter(),
            EditLease.user_id != bindparam("viewer_id"),
        )
    )


def lease_held_by_other(viewer: User, kind: RecordKind, record_id: uuid.UUID) -> LeaseHolder | None:
    """Who else holds a live lease on the record (one query), or None."""
    parameters = {"kind": kind, "record_id": record_id, "viewer_id": viewer.id}
    row = db.session.execute(_live_lease_of_another(), parameters).first()
    return LeaseHolder(*row) if row is not None else None


def lease_for_edit_page(actor: User, kind: RecordKind, record_id: uuid.UUID, *, opening: bool) -> LeaseHolder | None:
    """For an edit page: take or renew the lease when the page is opened (`opening`), else only read who holds
    it (a form shown again with errors). Returns who else holds it, or None."""
    if opening:
        return take_lease(actor, kind, record_id)
    return lease_held_by_other(actor, kind, record_id)


def release_lease(actor: User, kind: RecordKind, record_id: uuid.UUID) -> None:
    """Give up the actor's lease on a record as part of the caller's transaction (a save); not committed here.

    Nothing is flushed first, so a stale edit still fails where the save expects it (at its commit), and
    the lease is then kept, as the save did not happen."""
    with db.session.no_autoflush:
        db.session.execute(delete(EditLease).where(_lease_on(kind, record_id), EditLease.user_id == actor.id))
