"""Partnership accounts: organisations, teams, users, their sessions, second factors and API tokens."""

import enum
import re
import uuid
from datetime import date, datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, Column, Date, ForeignKey, Integer, String, Table, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casemgmt.db import Base, Timestamps, UTCDateTime, UUIDPrimaryKey, Versioned, enum_column, utcnow
from casemgmt.encryption import EncryptedField


class OrganisationKind(enum.StrEnum):
    POLICE = "police"
    LOCAL_AUTHORITY = "local_authority"
    HOUSING = "housing"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {"police": "Police", "local_authority": "Local authority", "housing": "Housing provider"}.get(
            self.value, "Other agency"
        )


class Role(enum.StrEnum):
    OFFICER = "officer"
    SUPERVISOR = "supervisor"
    ANALYST = "analyst"
    ORG_ADMIN = "org_admin"
    PARTNERSHIP_ADMIN = "partnership_admin"

    @property
    def label(self) -> str:
        return {
            "officer": "Officer",
            "supervisor": "Supervisor",
            "analyst": "Analyst",
            "org_admin": "Organisation administrator",
            "partnership_admin": "Partnership administrator",
        }[self.value]


class Organisation(UUIDPrimaryKey, Timestamps, Base):
    __tablename__ = "organisations"

    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[OrganisationKind] = mapped_column(enum_column(OrganisationKind, "organisation_kind"))
    # ONS code of the district this authority serves, where it serves one; used for routing later.
    district_code: Mapped[str | None] = mapped_column(String(9))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)

    teams: Mapped[list["Team"]] = relationship(back_populates="organisation", order_by="Team.name")

    @property
    def is_police(self) -> bool:
        return self.kind == OrganisationKind.POLICE


team_memberships = Table(
    "team_memberships",
    Base.metadata,
    Column("team_id", Uuid, ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


class Team(UUIDPrimaryKey, Timestamps, Base):
    __tablename__ = "teams"
    __table_args__ = (UniqueConstraint("organisation_id", "name", name="uq_teams_organisation_id_name"),)

    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))

    organisation: Mapped[Organisation] = relationship(back_populates="teams")
    members: Mapped[list["User"]] = relationship(secondary=team_memberships, back_populates="teams")


def normalise_phone(value: str) -> str:
    """UK numbers compare equal however they were typed: digits only, +44 written as a leading 0."""
    digits = re.sub(r"\D", "", value.replace("(0)", ""))
    if digits.startswith("44") and len(digits) > 10:
        digits = "0" + digits[2:]
    return digits


class User(UserMixin, UUIDPrimaryKey, Timestamps, Versioned, Base):
    __tablename__ = "users"

    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"), index=True)
    role: Mapped[Role] = mapped_column(enum_column(Role, "user_role"))
    password_hash: Mapped[str] = mapped_column(String(255))
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    phone_ciphertext: Mapped[str | None] = mapped_column(Text)
    phone_index: Mapped[str | None] = mapped_column(String(64), index=True)
    phone = EncryptedField("phone_ciphertext", blind_index_column="phone_index", normalise=normalise_phone)

    # NPPV (non-police personnel vetting) level 1-3 and its expiry; not used for police staff.
    vetting_level: Mapped[int | None] = mapped_column(Integer)
    vetting_expires_on: Mapped[date | None] = mapped_column(Date)

    failed_sign_in_count: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)

    totp_secret_ciphertext: Mapped[str | None] = mapped_column(Text)
    totp_secret = EncryptedField("totp_secret_ciphertext")
    totp_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Last accepted TOTP time step: a code is refused unless it is newer, so a seen code cannot be replayed.
    totp_last_step: Mapped[int | None] = mapped_column(Integer)

    organisation: Mapped[Organisation] = relationship(lazy="joined")
    teams: Mapped[list[Team]] = relationship(secondary=team_memberships, back_populates="members", order_by=Team.name)

    @property
    def is_active(self) -> bool:
        """Flask-Login: a disabled account, or one of a deactivated organisation, cannot sign in or stay signed in."""
        return self.disabled_at is None and self.organisation.is_active

    @property
    def has_two_factor(self) -> bool:
        return self.totp_confirmed_at is not None

    def vetting_is_current(self, today: date) -> bool:
        return (
            self.vetting_level is not None and self.vetting_expires_on is not None and self.vetting_expires_on >= today
        )


class UserSession(UUIDPrimaryKey, Base):
    """A server-side record of each signed-in browser session, so a cookie can be refused once revoked."""

    __tablename__ = "user_sessions"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_reason: Mapped[str | None] = mapped_column(String(64))
    ip_address: Mapped[str | None] = mapped_column(String(45))
    user_agent: Mapped[str | None] = mapped_column(String(255))

    user: Mapped[User] = relationship()


class RecoveryCode(UUIDPrimaryKey, Base):
    __tablename__ = "recovery_codes"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ApiToken(UUIDPrimaryKey, Base):
    """A bearer token for partner systems; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
