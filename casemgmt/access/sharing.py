"""Ownership and sharing of protected records (people, incidents, cases).

Every protected record has an owning organisation and team and a sharing scope, chosen by its creator:
its team only (the default), its whole organisation, or its organisation plus named partners. Named
organisations, teams and users are `RecordGrant` rows; later, approved access requests become grants
too, with an expiry. Who may see what is decided only in `casemgmt.access.policy`.
"""

import enum
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ColumnElement, ForeignKey, Index, String, Text, Uuid, and_, or_
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from casemgmt.db import Base, UTCDateTime, UUIDPrimaryKey, enum_column, utcnow


class RecordKind(enum.StrEnum):
    PERSON = "person"
    INCIDENT = "incident"
    CASE = "case"


class SharingScope(enum.StrEnum):
    TEAM = "team"
    ORGANISATION = "organisation"
    PARTNERS = "partners"

    @property
    def label(self) -> str:
        return {
            "team": "My team only",
            "organisation": "My organisation",
            "partners": "My organisation and named partners",
        }[self.value]


class OwnedRecord:
    """Columns every protected record carries: who owns it, who it is shared with, who made it."""

    owner_organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisations.id"), index=True)
    owner_team_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("teams.id"), index=True)
    sharing_scope: Mapped[SharingScope] = mapped_column(
        enum_column(SharingScope, "sharing_scope"), default=SharingScope.TEAM
    )
    # Set when the owner is a police organisation: non-police users also need current vetting to see it.
    police_originated: Mapped[bool] = mapped_column(Boolean, default=False)

    @declared_attr
    def created_by_id(cls) -> Mapped[uuid.UUID | None]:
        return mapped_column(ForeignKey("users.id"))

    @declared_attr
    def updated_by_id(cls) -> Mapped[uuid.UUID | None]:
        return mapped_column(ForeignKey("users.id"))


class RecordGrant(UUIDPrimaryKey, Base):
    """Access to one protected record for exactly one organisation, team or user."""

    __tablename__ = "record_grants"
    __table_args__ = (
        CheckConstraint(
            "(CASE WHEN organisation_id IS NULL THEN 0 ELSE 1 END"
            " + CASE WHEN team_id IS NULL THEN 0 ELSE 1 END"
            " + CASE WHEN user_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_grantee",
        ),
        Index("ix_record_grants_record", "record_id", "record_kind"),
        # "Everything granted to this organisation, team or user", answered from the index alone: how the
        # visibility test runs when a search or list matches many records.
        Index(
            "ix_record_grants_organisation_grants",
            "organisation_id",
            "record_kind",
            "record_id",
            "revoked_at",
            "expires_at",
        ),
        Index("ix_record_grants_team_grants", "team_id", "record_kind", "record_id", "revoked_at", "expires_at"),
        Index("ix_record_grants_user_grants", "user_id", "record_kind", "record_id", "revoked_at", "expires_at"),
    )

    record_kind: Mapped[RecordKind] = mapped_column(enum_column(RecordKind, "record_kind"))
    # Polymorphic: the id of a person, incident or case, so no foreign key.
    record_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    organisation_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("organisations.id"))
    team_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("teams.id"))
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    granted_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reason: Mapped[str | None] = mapped_column(Text)
    # For a person shared outside the owning organisation: "consent" or the lawful basis relied on.
    lawful_basis: Mapped[str | None] = mapped_column(String(200))


def live_grant(now, grant=RecordGrant) -> ColumnElement[bool]:
    """A grant counts until it is revoked or its expiry passes (`grant`: the table or an alias of it; `now`: a
    time, or `db.now_parameter()` in a statement built once)."""
    return and_(grant.revoked_at.is_(None), or_(grant.expires_at.is_(None), grant.expires_at > now))


@dataclass
class Sharing:
    """Who a new record is shared with, as chosen on a form or in the API (`None` team = the creator's)."""

    scope: SharingScope = SharingScope.TEAM
    owner_team_id: uuid.UUID | None = None
    organisation_ids: list[uuid.UUID] = field(default_factory=list)
    team_ids: list[uuid.UUID] = field(default_factory=list)
    user_ids: list[uuid.UUID] = field(default_factory=list)
    # For a person shared outside the owning organisation: a `LawfulBasis` value, and the words for "other".
    lawful_basis: str | None = None
    lawful_basis_detail: str | None = None
