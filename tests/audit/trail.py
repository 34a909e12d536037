"""Reading the audit trail back in tests, independently of the app's own queries."""

from sqlalchemy import select

from casemgmt.audit.models import AuditEvent
from casemgmt.extensions import db


def events_after(last_id: int, action: str | None = None) -> list[tuple]:
    """(action, actor id, object type, object id, detail) of each event written after `last_id`, oldest first."""
    db.session.remove()
    query = select(
        AuditEvent.action, AuditEvent.actor_user_id, AuditEvent.object_type, AuditEvent.object_id, AuditEvent.detail
    ).where(AuditEvent.id > last_id)
    if action:
        query = query.where(AuditEvent.action == action)
    return list(db.session.execute(query.order_by(AuditEvent.id)))


def last_event_id() -> int:
    db.session.remove()
    return db.session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1)) or 0
