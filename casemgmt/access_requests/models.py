"""A request for access to one person, incident or case, and its decision."""

import enum
import uuid
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Text, Uuid, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casemgmt.access.models import User
from casemgmt.access.sharing import RecordKind
from casemgmt.db import Base, UTCDateTime, UUIDPrimaryKey, enum_column, utcnow


class AccessRequestStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return {"pending": "Waiting for a decision", "approved": "Approved", "refused": "Refused"}.get(
            self.value, "Withdrawn"
        )


PENDING_ONLY = text("status = 'pending'")


class AccessRequest(UUIDPrimaryKey, Base):
    __tablename__ = "access_requests"
    __table_args__ = (
        Index("ix_access_requests_record", "record_kind", "record_id", "status"),
        # One undecided request per user and record, even when two arrive at once.
        Index(
            "uq_access_requests_one_pending",
            "requester_id",
            "record_kind",
            "record_id",
            unique=True,
            sqlite_where=PENDING_ONLY,
            postgresql_where=PENDING_ONLY,
        ),
    )

    record_kind: Mapped[RecordKind] = mapped_column(enum_column(RecordKind, "record_kind"))
    # Polymorphic, like a grant's: the id of a person, incident or case, so no foreign key.
    record_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    requester_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[AccessRequestStatus] = mapped_column(
        enum_column(AccessRequestStatus, "access_request_status"), default=AccessRequestStatus.PENDING
    )
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The last day the requester asked to have access, if they said.
    wanted_until: Mapped[date | None] = mapped_column(Date)
    decided_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_note: Mapped[str | None] = mapped_column(Text)
    # When the approved access ends (None: approved with no end date, or not approved).
    granted_until: Mapped[datetime | None] = mapped_column(UTCDateTime)

    requester: Mapped[User] = relationship(foreign_keys=[requester_id], lazy="joined")
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
