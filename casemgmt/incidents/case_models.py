"""Cases: a managed problem grouping incidents and people, with an action plan, a timeline and a closure."""

import enum
import uuid
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casemgmt.access.models import Organisation, User
from casemgmt.access.sharing import OwnedRecord
from casemgmt.db import Base, Timestamps, UTCDateTime, UUIDPrimaryKey, Versioned, enum_column, utcnow
from casemgmt.encryption import EncryptedField
from casemgmt.incidents.models import Incident, IncidentRole
from casemgmt.people.models import Person


class CaseStatus(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class RiskLevel(enum.StrEnum):
    STANDARD = "standard"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class CaseOutcome(enum.StrEnum):
    RESOLVED = "resolved"
    RESOLVED_WITH_TOOLS = "resolved_with_tools"
    NO_FURTHER_ACTION = "no_further_action"
    REFERRED = "referred"
    VICTIM_DISENGAGED = "victim_disengaged"

    @property
    def label(self) -> str:
        return {
            "resolved": "Resolved",
            "resolved_with_tools": "Resolved using ASB tools and powers",
            "no_further_action": "No further action possible",
            "referred": "Referred to another agency",
            "victim_disengaged": "Victim no longer engaging",
        }[self.value]


class NoteKind(enum.StrEnum):
    NOTE = "note"
    EVENT = "event"  # written by the system: opened, incident added, closed, ...


class Case(UUIDPrimaryKey, Timestamps, Versioned, OwnedRecord, Base):
    __tablename__ = "cases"
    __table_args__ = (Index("ix_cases_lead_officer_id_status", "lead_officer_id", "status"),)

    reference: Mapped[str] = mapped_column(String(20), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[CaseStatus] = mapped_column(enum_column(CaseStatus, "case_status"), default=CaseStatus.OPEN)
    risk_level: Mapped[RiskLevel] = mapped_column(enum_column(RiskLevel, "risk_level"), default=RiskLevel.STANDARD)
    lead_organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"))
    lead_officer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[CaseOutcome | None] = mapped_column(enum_column(CaseOutcome, "case_outcome"))
    summary_ciphertext: Mapped[str | None] = mapped_column(Text)
    summary = EncryptedField("summary_ciphertext")

    lead_organisation: Mapped[Organisation] = relationship(foreign_keys=[lead_organisation_id], lazy="joined")
    lead_officer: Mapped[User | None] = relationship(foreign_keys=[lead_officer_id], lazy="joined")
    incidents: Mapped[list["CaseIncident"]] = relationship(cascade="all, delete-orphan")
    people: Mapped[list["CasePerson"]] = relationship(cascade="all, delete-orphan")
    actions: Mapped[list["CaseAction"]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseAction.due_on"
    )
    notes: Mapped[list["CaseNote"]] = relationship(cascade="all, delete-orphan", order_by="CaseNote.created_at.desc()")


class CaseIncident(Base):
    __tablename__ = "case_incidents"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    incident_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("incidents.id"), primary_key=True, index=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    incident: Mapped[Incident] = relationship()


class CasePerson(Base):
    __tablename__ = "case_people"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("persons.id"), primary_key=True, index=True)
    role: Mapped[IncidentRole] = mapped_column(enum_column(IncidentRole, "incident_role"), primary_key=True)

    person: Mapped[Person] = relationship()


class CaseAction(UUIDPrimaryKey, Timestamps, Versioned, Base):
    """One step of a case's action plan, owned by any partner organisation (optionally a named officer)."""

    __tablename__ = "case_actions"
    __table_args__ = (
        Index("ix_case_actions_owner_user_id_completed_at_due_on", "owner_user_id", "completed_at", "due_on"),
    )

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    description: Mapped[str] = mapped_column(String(500))
    owner_organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"))
    owner_user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    due_on: Mapped[date] = mapped_column(Date)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))

    case: Mapped[Case] = relationship(back_populates="actions")
    owner_organisation: Mapped[Organisation] = relationship(foreign_keys=[owner_organisation_id], lazy="joined")
    owner_user: Mapped[User | None] = relationship(foreign_keys=[owner_user_id], lazy="joined")

    def is_overdue(self, today: date) -> bool:
        return self.completed_at is None and self.due_on < today


class CaseNote(UUIDPrimaryKey, Base):
    """An entry on a case's timeline: an officer's note or an event the system wrote."""

    __tablename__ = "case_notes"

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[NoteKind] = mapped_column(enum_column(NoteKind, "note_kind"), default=NoteKind.NOTE)
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    body_ciphertext: Mapped[str] = mapped_column(Text)
    body = EncryptedField("body_ciphertext")

    author: Mapped[User | None] = relationship(lazy="joined")
