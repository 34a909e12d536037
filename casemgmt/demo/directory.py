"""Who's who for generated records: the partnership's agencies, their teams and officers, and incident types.

Read once from the database, so generated records belong to the same organisations and teams the demo
sign-ins use, and the officers find records they created and cases they lead on their dashboards. The
ownership rules here mirror what officers do: a district's council or the police owns a record, shares it
with its team, its organisation or named partners, and partners get a grant each.
"""

import random
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.engine import Connection

from casemgmt.access.lawful_basis import LawfulBasis
from casemgmt.access.models import Organisation, OrganisationKind, Role, Team, User, team_memberships
from casemgmt.access.sharing import RecordKind, SharingScope
from casemgmt.demo.partnership import ASB_TEAM
from casemgmt.demo.weighted import Weighted
from casemgmt.incidents.models import IncidentType
from casemgmt.maps.reference_data import DISTRICT_NAMES

# Roughly two in five ASB incidents reach the partnership through the police.
POLICE_SHARE = 0.4
SCOPES = Weighted([SharingScope.TEAM, SharingScope.ORGANISATION, SharingScope.PARTNERS], [40, 35, 25])
CASEWORK_ROLES = {Role.OFFICER, Role.SUPERVISOR}
# Sharing a person outside the owning organisation needs a lawful basis; this is the one ASB partnerships use.
PERSON_LAWFUL_BASIS = LawfulBasis.CRIME_AND_DISORDER_ACT_S115.label


@dataclass
class Agency:
    id: uuid.UUID
    code: str
    name: str
    kind: OrganisationKind
    district_code: str | None
    team_ids: dict[str, uuid.UUID] = field(default_factory=dict)
    # Demo officers and supervisors with the team each works in; records they create are owned by that team.
    officers: list[tuple[uuid.UUID, uuid.UUID]] = field(default_factory=list)
    officer_names: dict[uuid.UUID, str] = field(default_factory=dict)

    @property
    def is_police(self) -> bool:
        return self.kind == OrganisationKind.POLICE

    def main_team(self) -> uuid.UUID:
        return self.team_ids.get(ASB_TEAM) or next(iter(self.team_ids.values()))


@dataclass(frozen=True)
class IncidentKind:
    id: uuid.UUID
    code: str
    label: str
    category: str


@dataclass
class Ownership:
    agency: Agency
    team_id: uuid.UUID
    creator_id: uuid.UUID | None
    scope: SharingScope
    partners: list[Agency]


@dataclass
class Directory:
    agencies: list[Agency]
    incident_kinds: list[IncidentKind]
    police: Agency | None = field(init=False)
    councils: dict[str, Agency] = field(init=False)

    def __post_init__(self) -> None:
        self._partners: dict[tuple, list[Agency]] = {}
        self.agencies = [agency for agency in self.agencies if agency.team_ids]
        self.police = next((agency for agency in self.agencies if agency.is_police), None)
        # District and unitary councils; the county council works county-wide, as a partner.
        self.councils = {
            agency.district_code: agency
            for agency in self.agencies
            if agency.kind == OrganisationKind.LOCAL_AUTHORITY and agency.district_code in DISTRICT_NAMES
        }

    def owner_agency(self, rng: random.Random, district_code: str) -> Agency:
        """The police for a share of records, otherwise the district's council (or any agency there is)."""
        council = self.councils.get(district_code)
        if self.police is not None and (council is None or rng.random() < POLICE_SHARE):
            return self.police
        return council or self.agencies[0]

    def ownership(
        self, rng: random.Random, agency: Agency, district_code: str, *, by_officer: float = 0.7
    ) -> Ownership:
        """Who owns and sees a new record of `agency`: often a demo officer's team, shared as officers choose."""
        if agency.officers and rng.random() < by_officer:
            creator_id, team_id = rng.choice(agency.officers)
        elif rng.random() < 0.7:
            creator_id, team_id = None, agency.main_team()
        else:
            creator_id, team_id = None, rng.choice(list(agency.team_ids.values()))
        scope = SCOPES.pick(rng)
        partners = []
        if scope == SharingScope.PARTNERS:
            candidates = self.partners_of(agency, district_code)
            partners = rng.sample(candidates, k=min(len(candidates), rng.randint(1, 3)))
            if not partners:  # "named partners" with nobody named is not a choice the app allows
                scope = SharingScope.ORGANISATION
        return Ownership(agency, team_id, creator_id, scope, partners)

    def partners_of(self, agency: Agency, district_code: str) -> list[Agency]:
        """Who a record is shared with: the police and the district's council with each other, and the
        county-wide and housing partners with both."""
        key = (agency.id, district_code)
        if key not in self._partners:
            self._partners[key] = self._find_partners(agency, district_code)
        return self._partners[key]

    def _find_partners(self, agency: Agency, district_code: str) -> list[Agency]:
        councils = {council.id for council in self.councils.values()}
        candidates = [self.police] if self.police is not None and not agency.is_police else []
        if agency.is_police and district_code in self.councils:
            candidates.append(self.councils[district_code])
        candidates += [
            other
            for other in self.agencies
            if other.id != agency.id and not other.is_police and other.id not in councils
        ]
        return candidates


def read_directory(connection: Connection) -> Directory:
    """The active organisations with their teams and case-working users, and the active incident types."""
    organisations = connection.execute(
        select(Organisation.id, Organisation.code, Organisation.name, Organisation.kind, Organisation.district_code)
        .where(Organisation.is_active.is_(True))
        .order_by(Organisation.code)
    ).all()
    agencies = {row.id: Agency(*row) for row in organisations}
    for team in connection.execute(select(Team.id, Team.organisation_id, Team.name).order_by(Team.name)):
        if team.organisation_id in agencies:
            agencies[team.organisation_id].team_ids[team.name] = team.id
    members = connection.execute(
        select(User.id, User.organisation_id, User.full_name, team_memberships.c.team_id)
        .join(team_memberships, team_memberships.c.user_id == User.id)
        .where(User.disabled_at.is_(None), User.role.in_(CASEWORK_ROLES))
        .order_by(User.email, team_memberships.c.team_id)
    ).all()
    placed: set[uuid.UUID] = set()
    for member in members:
        if member.organisation_id in agencies and member.id not in placed:
            placed.add(member.id)
            agencies[member.organisation_id].officers.append((member.id, member.team_id))
            agencies[member.organisation_id].officer_names[member.id] = member.full_name
    kinds = connection.execute(
        select(IncidentType.id, IncidentType.code, IncidentType.label, IncidentType.category)
        .where(IncidentType.is_active.is_(True))
        .order_by(IncidentType.position, IncidentType.code)
    ).all()
    return Directory(list(agencies.values()), [IncidentKind(*kind) for kind in kinds])


def owner_columns(ownership: Ownership, created_at: datetime) -> dict:
    """The `OwnedRecord` columns, `Timestamps` and `Versioned` columns of a new protected record."""
    return {
        "owner_organisation_id": ownership.agency.id,
        "owner_team_id": ownership.team_id,
        "sharing_scope": ownership.scope,
        "police_originated": ownership.agency.is_police,
        "created_by_id": ownership.creator_id,
        "updated_by_id": ownership.creator_id,
        "created_at": created_at,
        "updated_at": created_at,
        "version": 1,
    }


def grant_rows(ids, kind: RecordKind, record_id: uuid.UUID, ownership: Ownership, created_at: datetime) -> list[dict]:
    """A `RecordGrant` for each partner the record was shared with when it was created, as the app writes them."""
    lawful_basis = PERSON_LAWFUL_BASIS if kind == RecordKind.PERSON else None
    return [
        {
            "id": ids.new("grant")[1],
            "record_kind": kind,
            "record_id": record_id,
            "organisation_id": partner.id,
            "team_id": None,
            "user_id": None,
            "granted_by_id": ownership.creator_id,
            "created_at": created_at,
            "expires_at": None,
            "revoked_at": None,
            "reason": "Shared when the record was created",
            "lawful_basis": lawful_basis,
        }
        for partner in ownership.partners
    ]
