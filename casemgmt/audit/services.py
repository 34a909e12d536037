"""Writing audit events. Callers own the transaction: the event commits or rolls back with the change.

Reading a record, searching and exporting change nothing else, so their helpers (`record_view`,
`record_search`, `record_export`) commit their own one-INSERT transaction.
"""

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


def _channel() -> str:
    """How the actor reached the app: through the JSON API or the pages (recorded with reads and searches)."""
    return "api" if has_request_context() and request.blueprint == "api" else "page"


def record_view(actor, kind, record) -> None:
    """Record that `actor` opened `record` (a person, incident or case of RecordKind `kind`), and commit.

    One INSERT and no read: the page or API response that shows the record calls this once it has it.
    """
    record_event("viewed", actor=actor, object_type=kind.value, object_id=record.id, detail=_channel())
    db.session.commit()


def record_search(actor, words: str, result_count: int) -> None:
    """Record a partnership search: the words searched for and how many results it found, and commit.

    An empty search (the search page before anything is typed) searched nothing, and is not recorded.
    """
    if not words:
        return
    noun = "result" if result_count == 1 else "results"
    record_event("searched", actor=actor, detail=f"{words} ({result_count} {noun}, {_channel()})")
    db.session.commit()


def record_export(actor, what: str, description: str) -> None:
    """Record that `actor` downloaded `what` (e.g. "audit_events"), described by the filters used, and commit.

    Call it before streaming the file, so an export that fails part-way through is still on the record.
    """
    record_event("exported", actor=actor, object_type=what, detail=description)
    db.session.commit()
