"""Matching's tables: stored versions of the model (each `flask matching train` adds one; the newest is used),
the blocking keys each person is filed under, and possible duplicates kept for triage."""

import enum
import uuid
from datetime import datetime

from sqlalchemy import Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casemgmt.db import Base, UTCDateTime, UUIDPrimaryKey, enum_column, utcnow
from casemgmt.people.models import Person

# Room for the longest key: an address line written out in full with its town, or a name with house numbers.
MATCH_KEY_LENGTH = 600


class MatchModelVersion(UUIDPrimaryKey, Base):
    """One estimated model: its parameters as JSON (see `MatchModel.to_json`) and how many people it saw."""

    __tablename__ = "match_models"

    version: Mapped[int] = mapped_column(Integer, unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    parameters: Mapped[str] = mapped_column(Text)
    trained_on: Mapped[int] = mapped_column(Integer)


class PersonMatchKey(Base):
    """One blocking key a person is filed under (see `blocking.keys_of`): the live lookup reads the people
    sharing a key with the person being typed from here. Kept in step by `key_index.file_person`."""

    __tablename__ = "person_match_keys"

    key: Mapped[str] = mapped_column(String(MATCH_KEY_LENGTH), primary_key=True)
    person_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    # Only so that a new person's keys are written after the person: the unit of work orders rows by relationships.
    person: Mapped["Person"] = relationship(lazy="raise")


class CandidateStatus(enum.StrEnum):
    OPEN = "open"  # waiting for someone to look at it
    LINKED = "linked"  # the two records were found to be one person and linked or merged
    DISMISSED = "dismissed"  # someone decided they are different people


class PersonMatchCandidate(UUIDPrimaryKey, Base):
    """A possible duplicate found when a person was recorded without a person at the keyboard to check (the
    API), kept for triage: `person_id` is the record made, `candidate_person_id` the one already held."""

    __tablename__ = "person_match_candidates"
    __table_args__ = (UniqueConstraint("person_id", "candidate_person_id", name="uq_person_match_candidates_pair"),)

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    candidate_person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    probability: Mapped[float] = mapped_column(Float)
    band: Mapped[str] = mapped_column(String(40))
    model_version: Mapped[str] = mapped_column(String(40))
    found_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[CandidateStatus] = mapped_column(
        enum_column(CandidateStatus, "match_candidate_status"), default=CandidateStatus.OPEN
    )
