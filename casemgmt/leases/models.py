"""One live edit lease per record: unique on (record kind, record id), so two takers cannot both hold one."""

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from casemgmt.access.sharing import RecordKind
from casemgmt.db import Base, UTCDateTime, UUIDPrimaryKey, enum_column, utcnow


class EditLease(UUIDPrimaryKey, Base):
    """A user's claim to be editing a record, until `expires_at`. An expired row is dead and is replaced."""

    __tablename__ = "edit_leases"
    __table_args__ = (UniqueConstraint("record_kind", "record_id", name="uq_edit_leases_record"),)

    record_kind: Mapped[RecordKind] = mapped_column(enum_column(RecordKind, "record_kind"))
    # Polymorphic like a grant's: the id of a person, incident or case, so no foreign key.
    record_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
