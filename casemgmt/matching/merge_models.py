"""Merges of two person records, kept so each can be undone exactly.

A `PersonMerge` says who merged which record (`merged_id`) into which (`survivor_id`), when and why, and, once
undone, who undid it and why. Its `PersonMergeRow`s are the merge's own undo log: every row of a table that the
merge moved, removed or created, as it was before (`before`) and where it is after (`after_key`), so an undo
puts each back exactly and deletes what the merge made.
"""

import enum
import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casemgmt.db import Base, UTCDateTime, UUIDPrimaryKey, enum_column, utcnow


class MergeChange(enum.StrEnum):
    MOVED = "moved"  # a link of the merged record, now the survivor's
    REMOVED = "removed"  # a link the survivor already had the same of: deleted, put back by an undo
    CREATED = "created"  # made by the merge (the merged record's name as an alias): deleted by an undo
    CHANGED = "changed"  # changed in place (a possible-duplicate pair of the two, now resolved)


class PersonMerge(UUIDPrimaryKey, Base):
    __tablename__ = "person_merges"

    survivor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("persons.id"), index=True)
    merged_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("persons.id"), index=True)
    merged_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    merged_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reason: Mapped[str] = mapped_column(Text)
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    undone_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    undo_reason: Mapped[str | None] = mapped_column(Text)

    rows: Mapped[list["PersonMergeRow"]] = relationship(
        cascade="all, delete-orphan", order_by="PersonMergeRow.position", lazy="raise"
    )


class PersonMergeRow(UUIDPrimaryKey, Base):
    """One row the merge changed: `before` is the row as it was (JSON of its columns; none for a row the merge
    created) and `after_key` its primary key after the merge (JSON; none for a row the merge removed)."""

    __tablename__ = "person_merge_rows"

    merge_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person_merges.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    table_name: Mapped[str] = mapped_column(String(60))
    change: Mapped[MergeChange] = mapped_column(enum_column(MergeChange, "merge_change"))
    before: Mapped[str | None] = mapped_column(Text)
    after_key: Mapped[str | None] = mapped_column(Text)
