"""The audit trail only grows: the application refuses to change or delete an event."""

import pytest
from sqlalchemy import select

from casemgmt.audit.models import AuditEvent, AuditImmutableError
from casemgmt.audit.services import record_event
from casemgmt.extensions import db


def test_events_are_recorded_and_cannot_be_changed_or_deleted(app):
    record_event("sign_in", actor_label="someone@example.org", detail="password")
    db.session.commit()
    event = db.session.scalar(select(AuditEvent))
    assert (event.action, event.actor_label, event.actor_user_id) == ("sign_in", "someone@example.org", None)

    event.detail = "rewritten"
    with pytest.raises(AuditImmutableError):
        db.session.commit()
    db.session.rollback()

    db.session.delete(db.session.scalar(select(AuditEvent)))
    with pytest.raises(AuditImmutableError):
        db.session.commit()
    db.session.rollback()
    assert db.session.scalar(select(AuditEvent.detail)) == "password"
