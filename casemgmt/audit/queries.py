"""Reading the audit trail: one record's history, and the partnership administrators' search and export.

Nothing here commits. Who may read what is decided by the policy (`find_record_for_history`,
`searchable_audit_events`); these functions only narrow and order.
"""

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, and_, or_, select

from casemgmt.access import policy
from casemgmt.access.models import Organisation, User
from casemgmt.access.sharing import RecordKind
from casemgmt.audit.models import AuditEvent
from casemgmt.clock import UK_TIME
from casemgmt.extensions import db
from casemgmt.pagination import Page, paginate

EVENTS_PER_PAGE = 50
# Rows fetched from the database at a time while a download streams.
EXPORT_BATCH = 500


def record_history(kind: RecordKind, record_id: uuid.UUID, page_number: int | None) -> Page:
    """One page of the events about one person, incident or case, newest first, each with who did it.

    The caller has already checked (with `policy.find_record_for_history`) that the user may see this.
    """
    query = (
        select(AuditEvent)
        .where(AuditEvent.object_type == kind.value, AuditEvent.object_id == str(record_id))
        .order_by(AuditEvent.id.desc())
    )
    return paginate(query, page_number, EVENTS_PER_PAGE)


@dataclass(frozen=True)
class AuditFilters:
    """What a partnership administrator narrows the audit trail by; None means "any"."""

    email: str | None = None
    action: str | None = None
    record_id: uuid.UUID | None = None
    occurred_from: date | None = None
    occurred_to: date | None = None

    def describe(self) -> str:
        """The filters in words, as the audit event for a download records them."""
        parts = [
            f"{name}={value}"
            for name, value in (
                ("email", self.email),
                ("action", self.action),
                ("record_id", self.record_id),
                ("from", self.occurred_from),
                ("to", self.occurred_to),
            )
            if value is not None
        ]
        return "; ".join(parts) or "all events"


def _start_of_uk_day(day: date) -> datetime:
    """The moment a day begins in the UK (midnight GMT or BST), as an aware timestamp."""
    return datetime.combine(day, time(), tzinfo=UK_TIME)


def _narrowed(query: Select, filters: AuditFilters) -> Select:
    conditions = []
    if filters.email:
        email = filters.email.strip().lower()
        # The account's events whatever it was called then, and attempts under that name by no known account.
        accounts = select(User.id).where(User.email == email)
        conditions.append(
            or_(
                AuditEvent.actor_user_id.in_(accounts),
                and_(AuditEvent.actor_user_id.is_(None), AuditEvent.actor_label == email),
            )
        )
    if filters.action:
        conditions.append(AuditEvent.action == filters.action)
    if filters.record_id:
        conditions.append(AuditEvent.object_id == str(filters.record_id))
    if filters.occurred_from:
        conditions.append(AuditEvent.occurred_at >= _start_of_uk_day(filters.occurred_from))
    if filters.occurred_to:
        conditions.append(AuditEvent.occurred_at < _start_of_uk_day(filters.occurred_to + timedelta(days=1)))
    return query.where(*conditions)


def search_audit_events(user: User, filters: AuditFilters, page_number: int | None) -> Page:
    """One page of the events matching `filters` that the user may search, newest first."""
    query = _narrowed(policy.searchable_audit_events(user), filters).order_by(AuditEvent.id.desc())
    return paginate(query, page_number, EVENTS_PER_PAGE)


EXPORT_COLUMNS = (
    "occurred_at_utc",
    "actor",
    "actor_organisation",
    "action",
    "object_type",
    "object_id",
    "reason",
    "detail",
    "ip_address",
)


def export_audit_events(user: User, filters: AuditFilters) -> Iterator[tuple]:
    """Every event matching `filters` that the user may search, newest first, as rows of EXPORT_COLUMNS.

    Rows are fetched in batches as they are consumed (a server-side cursor on PostgreSQL), so a large
    download never sits in memory whole.
    """
    query = (
        _narrowed(policy.searchable_audit_events(user), filters)
        .with_only_columns(
            AuditEvent.occurred_at,
            AuditEvent.actor_label,
            Organisation.name,
            AuditEvent.action,
            AuditEvent.object_type,
            AuditEvent.object_id,
            AuditEvent.reason,
            AuditEvent.detail,
            AuditEvent.ip_address,
            maintain_column_froms=True,
        )
        .outerjoin(User, User.id == AuditEvent.actor_user_id)
        .outerjoin(Organisation, Organisation.id == User.organisation_id)
        .order_by(AuditEvent.id.desc())
        .execution_options(yield_per=EXPORT_BATCH)
    )
    for occurred_at, *rest in db.session.execute(query):
        yield (occurred_at.isoformat(timespec="seconds"), *rest)
