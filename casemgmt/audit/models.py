"""Audit events. Rows are only ever inserted; the ORM refuses updates and deletes."""

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Integer, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casemgmt.access.models import User
from casemgmt.db import Base, UTCDateTime, utcnow

# How an action reads in a list of events; any other action reads as its name does ("sign_in_failed": "Sign in failed").
ACTION_LABELS = {
    "viewed": "Viewed",
    "searched": "Searched",
    "exported": "Downloaded",
    "sign_in": "Signed in",
    "sign_out": "Signed out",
}


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), index=True)
    # What the actor was known as at the time (an email, or "cli" / "anonymous"), kept even if the user goes.
    actor_label: Mapped[str] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str | None] = mapped_column(String(64))
    object_id: Mapped[str | None] = mapped_column(String(64), index=True)
    reason: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[str | None] = mapped_column(Text)
    ip_address: Mapped[str | None] = mapped_column(String(45))

    # Read-only, and loaded with the event (with the user's organisation): lists show who did it and for which agency.
    actor: Mapped[User | None] = relationship(lazy="joined", viewonly=True)

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action) or self.action.replace("_", " ").capitalize()


class AuditImmutableError(RuntimeError):
    pass


@event.listens_for(AuditEvent, "before_update")
def _refuse_update(_mapper, _connection, target) -> None:
    raise AuditImmutableError("audit events cannot be changed")


@event.listens_for(AuditEvent, "before_delete")
def _refuse_delete(_mapper, _connection, target) -> None:
    raise AuditImmutableError("audit events cannot be deleted")
