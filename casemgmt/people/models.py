"""Persons (protected records), and the addresses and vehicles that incidents and people refer to.

Addresses and vehicles are shared reference records: they carry nothing about a person by themselves and
are only ever reached through a person or incident the user may see.
"""

import enum
import uuid
from datetime import date, datetime

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casemgmt.access.models import normalise_phone
from casemgmt.access.sharing import OwnedRecord
from casemgmt.db import Base, Timestamps, UTCDateTime, UUIDPrimaryKey, Versioned, enum_column, utcnow
from casemgmt.encryption import EncryptedField
from casemgmt.people.normalise import address_line_key, name_key, registration_key


class LocationPrecision(enum.StrEnum):
    EXACT = "exact"  # a map pin or a geocoded full address
    POSTCODE = "postcode"  # a full postcode's centre
    OUTCODE = "outcode"  # a postcode district's centre, 1-3 km out
    PLACE = "place"  # a town or village centre
    NONE = "none"

    @property
    def label(self) -> str:
        return {
            "exact": "Exact point",
            "postcode": "Postcode centre",
            "outcode": "Postcode district centre (approximate)",
            "place": "Town or village centre (approximate)",
            "none": "Not located",
        }[self.value]


class ConsentToShare(enum.StrEnum):
    NOT_ASKED = "not_asked"
    GIVEN = "given"
    REFUSED = "refused"

    @property
    def label(self) -> str:
        return {"not_asked": "Not asked", "given": "Consented", "refused": "Refused"}[self.value]


class Vulnerability(enum.StrEnum):
    CHILD = "child"
    OLDER_PERSON = "older_person"
    PHYSICAL_DISABILITY = "physical_disability"
    LEARNING_DISABILITY = "learning_disability"
    MENTAL_HEALTH = "mental_health"
    SUBSTANCE_MISUSE = "substance_misuse"
    SOCIAL_ISOLATION = "social_isolation"
    DOMESTIC_ABUSE = "domestic_abuse"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


def _key_of_row(key, *columns: str):
    """A column default worked out by `key` from other columns of the row being inserted: a match key is never
    missing, however the row is written."""

    def default(context) -> str:
        values = context.get_current_parameters()
        return key(*(values.get(column) for column in columns))

    return default


class Address(UUIDPrimaryKey, Base):
    __tablename__ = "addresses"

    line1: Mapped[str | None] = mapped_column(String(200))
    line2: Mapped[str | None] = mapped_column(String(200))
    # The first lines as they are matched (`normalise.address_line_key`): "12 High St" and "12 High Street" alike.
    line_key: Mapped[str] = mapped_column(
        String(400), index=True, default=_key_of_row(address_line_key, "line1", "line2")
    )
    town: Mapped[str | None] = mapped_column(String(100))
    postcode: Mapped[str | None] = mapped_column(String(8), index=True)  # normalised "LE11 3AB"
    outcode: Mapped[str | None] = mapped_column(String(4), index=True)
    uprn: Mapped[str | None] = mapped_column(String(12), index=True)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    precision: Mapped[LocationPrecision] = mapped_column(
        enum_column(LocationPrecision, "location_precision"), default=LocationPrecision.NONE
    )
    district_code: Mapped[str | None] = mapped_column(String(9), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def display(self) -> str:
        return ", ".join(part for part in (self.line1, self.line2, self.town, self.postcode) if part) or "No address"


class Vehicle(UUIDPrimaryKey, Base):
    __tablename__ = "vehicles"

    registration: Mapped[str] = mapped_column(String(10), unique=True)  # normalised: "AB12CDE"
    # What registrations are matched and searched by: O read as 0 and I as 1 (`normalise.registration_key`).
    registration_key: Mapped[str] = mapped_column(
        String(10), index=True, default=_key_of_row(registration_key, "registration")
    )
    make: Mapped[str | None] = mapped_column(String(60))
    model: Mapped[str | None] = mapped_column(String(60))
    colour: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def display(self) -> str:
        described = " ".join(part for part in (self.colour, self.make, self.model) if part)
        return f"{self.registration} ({described})" if described else self.registration


class Person(UUIDPrimaryKey, Timestamps, Versioned, OwnedRecord, Base):
    __tablename__ = "persons"
    # Search by name counts and lists current people (not those merged into another) in name order: from this
    # index alone, without reading the table.
    __table_args__ = (
        Index(
            "ix_persons_current_by_name",
            "surname_key",
            "forename_key",
            "id",
            postgresql_where=text("merged_into_id IS NULL"),
            sqlite_where=text("merged_into_id IS NULL"),
        ),
    )

    forename: Mapped[str] = mapped_column(String(100))
    surname: Mapped[str] = mapped_column(String(100))
    forename_key: Mapped[str] = mapped_column(String(100))
    surname_key: Mapped[str] = mapped_column(String(100))
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    consent_to_share: Mapped[ConsentToShare] = mapped_column(
        enum_column(ConsentToShare, "consent_to_share"), default=ConsentToShare.NOT_ASKED
    )

    phone_ciphertext: Mapped[str | None] = mapped_column(Text)
    phone_index: Mapped[str | None] = mapped_column(String(64), index=True)
    phone = EncryptedField("phone_ciphertext", blind_index_column="phone_index", normalise=normalise_phone)
    email_ciphertext: Mapped[str | None] = mapped_column(Text)
    email_index: Mapped[str | None] = mapped_column(String(64), index=True)
    email = EncryptedField("email_ciphertext", blind_index_column="email_index", normalise=lambda v: v.strip().lower())
    # Set when this record was merged into another (the survivor): kept for its history, no longer current.
    merged_into_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("persons.id"), index=True)
    merged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    aliases: Mapped[list["PersonAlias"]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="PersonAlias.surname"
    )
    addresses: Mapped[list["PersonAddress"]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="PersonAddress.is_current.desc()"
    )
    vulnerabilities: Mapped[list["PersonVulnerability"]] = relationship(
        cascade="all, delete-orphan", order_by="PersonVulnerability.marker"
    )

    def set_names(self, forename: str, surname: str) -> None:
        self.forename, self.surname = forename.strip(), surname.strip()
        self.forename_key, self.surname_key = name_key(forename), name_key(surname)

    @property
    def display_name(self) -> str:
        return f"{self.forename} {self.surname}".strip()

    @property
    def current_address(self) -> Address | None:
        return next((link.address for link in self.addresses if link.is_current), None)


class PersonAlias(UUIDPrimaryKey, Base):
    __tablename__ = "person_aliases"

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    forename: Mapped[str | None] = mapped_column(String(100))
    surname: Mapped[str] = mapped_column(String(100))
    surname_key: Mapped[str] = mapped_column(String(100), index=True)

    person: Mapped[Person] = relationship(back_populates="aliases")


class PersonAddress(Base):
    __tablename__ = "person_addresses"

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True)
    address_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("addresses.id"), primary_key=True, index=True)
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)

    person: Mapped[Person] = relationship(back_populates="addresses")
    address: Mapped[Address] = relationship(lazy="joined")


class PersonVulnerability(Base):
    __tablename__ = "person_vulnerabilities"

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True)
    marker: Mapped[Vulnerability] = mapped_column(enum_column(Vulnerability, "vulnerability"), primary_key=True)
