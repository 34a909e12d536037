"""Incidents, the people and vehicles involved, and the configurable list of incident types."""

import enum
import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casemgmt.access.models import Organisation
from casemgmt.access.sharing import OwnedRecord
from casemgmt.db import Base, Timestamps, UTCDateTime, UUIDPrimaryKey, Versioned, enum_column, utcnow
from casemgmt.encryption import EncryptedField
from casemgmt.people.models import Address, LocationPrecision, Person, Vehicle

if TYPE_CHECKING:  # cases import incidents, so only the type checker reads this one the other way round
    from casemgmt.incidents.case_models import CaseIncident


class Category(enum.StrEnum):
    """The three national ASB categories (National Standard for Incident Recording)."""

    PERSONAL = "personal"
    NUISANCE = "nuisance"
    ENVIRONMENTAL = "environmental"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class IncidentRole(enum.StrEnum):
    VICTIM = "victim"
    PERPETRATOR = "perpetrator"
    WITNESS = "witness"
    REPORTER = "reporter"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class IncidentSource(enum.StrEnum):
    OFFICER = "officer"
    PUBLIC_FORM = "public_form"
    POLICE_SYSTEM = "police_system"
    API = "api"
    IMPORT = "import"

    @property
    def label(self) -> str:
        return {
            "officer": "Officer",
            "public_form": "Public report form",
            "police_system": "Police system",
            "api": "Partner system (API)",
            "import": "Import",
        }[self.value]


class IncidentStatus(enum.StrEnum):
    TRIAGE = "triage"  # awaiting a first look, e.g. from the public form
    OPEN = "open"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {"triage": "Awaiting triage", "open": "Open", "closed": "Closed"}[self.value]


class IncidentType(UUIDPrimaryKey, Base):
    """An entry in the partnership's configurable list of incident types, each within one category."""

    __tablename__ = "incident_types"

    code: Mapped[str] = mapped_column(String(40), unique=True)
    label: Mapped[str] = mapped_column(String(100))
    category: Mapped[Category] = mapped_column(enum_column(Category, "incident_category"))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class ReferenceCounter(Base):
    """The last number handed out per reference series (e.g. "ASB-2026"), incremented atomically."""

    __tablename__ = "reference_counters"

    series: Mapped[str] = mapped_column(String(20), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


class Incident(UUIDPrimaryKey, Timestamps, Versioned, OwnedRecord, Base):
    __tablename__ = "incidents"
    __table_args__ = (
        Index("ix_incidents_owner_team_id_occurred_at", "owner_team_id", "occurred_at"),
        Index("ix_incidents_address_id_occurred_at", "address_id", "occurred_at"),
        # "Is this the same problem?" looks for one category in a small box of latitude and longitude and a period
        # (incidents/similarity.py): all four are answered from this index.
        Index(
            "ix_incidents_category_latitude_longitude_occurred_at", "category", "latitude", "longitude", "occurred_at"
        ),
    )

    reference: Mapped[str] = mapped_column(String(20), unique=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    category: Mapped[Category] = mapped_column(enum_column(Category, "incident_category"))
    incident_type_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("incident_types.id"))
    hate_motivated: Mapped[bool] = mapped_column(Boolean, default=False)
    narrative_ciphertext: Mapped[str | None] = mapped_column(Text)
    narrative = EncryptedField("narrative_ciphertext")

    address_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("addresses.id"))
    location_description: Mapped[str | None] = mapped_column(String(200))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    location_precision: Mapped[LocationPrecision] = mapped_column(
        enum_column(LocationPrecision, "location_precision"), default=LocationPrecision.NONE
    )
    district_code: Mapped[str | None] = mapped_column(String(9), index=True)

    source: Mapped[IncidentSource] = mapped_column(enum_column(IncidentSource, "incident_source"))
    reporting_organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"))
    status: Mapped[IncidentStatus] = mapped_column(
        enum_column(IncidentStatus, "incident_status"), default=IncidentStatus.OPEN
    )

    incident_type: Mapped[IncidentType] = relationship(lazy="joined")
    address: Mapped[Address | None] = relationship(lazy="joined")
    reporting_organisation: Mapped[Organisation] = relationship(foreign_keys=[reporting_organisation_id])
    people: Mapped[list["IncidentPerson"]] = relationship(
        back_populates="incident", cascade="all, delete-orphan", order_by="IncidentPerson.role"
    )
    vehicles: Mapped[list["IncidentVehicle"]] = relationship(cascade="all, delete-orphan")
    # Which cases hold the incident (read-only here: cases add and remove their incidents).
    case_links: Mapped[list["CaseIncident"]] = relationship(viewonly=True, lazy="raise")

    @property
    def location_display(self) -> str:
        if self.address is not None:
            return self.address.display
        if self.location_description:
            return self.location_description
        if self.latitude is not None and self.longitude is not None:
            return f"{self.latitude:.5f}, {self.longitude:.5f}"
        return "Not recorded"


class IncidentPerson(UUIDPrimaryKey, Base):
    """A person's part in an incident; the same person may hold more than one role."""

    __tablename__ = "incident_people"
    __table_args__ = (
        Index("ix_incident_people_incident_id_person_id_role", "incident_id", "person_id", "role", unique=True),
    )

    incident_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"))
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("persons.id"), index=True)
    role: Mapped[IncidentRole] = mapped_column(enum_column(IncidentRole, "incident_role"))

    incident: Mapped[Incident] = relationship(back_populates="people")
    person: Mapped[Person] = relationship()


class IncidentVehicle(Base):
    __tablename__ = "incident_vehicles"

    incident_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True)
    vehicle_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("vehicles.id"), primary_key=True, index=True)

    vehicle: Mapped[Vehicle] = relationship(lazy="joined")
