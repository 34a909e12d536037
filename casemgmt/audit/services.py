"""Writing audit events. Callers own the transaction: the event commits or rolls back with the change."""

from flask import has_request_context, request

from casemgmt.audit.models import AuditEvent
from casemgmt.extensions import db


def record_event(
    action: str,
    *,
    actor=None,
    actor_label: str | None = None,
    object_type: str | None = None,
    object_id=None,
    reason: str | None = None,
    detail: str | None = None,
) -> AuditEvent:
    """Add an audit event to the current session (not committed here)."""
    label = actor_label or (actor.email if actor is not None else ("anonymous" if has_request_context() else "cli"))
    audit_event = AuditEvent(
        action=action,
        actor_user_id=actor.id if actor is not None else None,
        actor_label=label,
        object_type=object_type,
        object_id=str(object_id) if object_id is not None else None,
        reason=reason,
        detail=detail,
        ip_address=request.remote_addr if has_request_context() else None,
    )
    db.session.add(audit_event)
    return audit_event
