"""Reads of who a record is shared with: its live grants, named as a reader would name them. None commits."""

import uuid
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import ColumnElement, Select, and_, bindparam, select
from sqlalchemy.orm import aliased

from casemgmt.access.models import Organisation, Team, User
from casemgmt.access.sharing import RecordGrant, RecordKind, live_grant
from casemgmt.db import now_parameter
from casemgmt.extensions import db


@dataclass(frozen=True)
class GrantShown:
    """One live grant: who holds it ("Melton Borough Council", "ASB team, Melton Borough Council" or
    "Sam Smith, Melton Borough Council"), until when, why, and the consent or lawful basis recorded."""

    id: uuid.UUID
    grantee: str
    grantee_kind: str  # "organisation", "team" or "user"
    grantee_id: uuid.UUID
    created_at: datetime
    expires_at: datetime | None
    reason: str | None
    lawful_basis: str | None


# The statements below are read on every record page: each is built once (on first use, as building one at
# import would set up the mappers before every model is imported) and run with the record as parameters.


def _is_live_grant_of_the_record() -> ColumnElement[bool]:
    return and_(
        RecordGrant.record_id == bindparam("record_id"),
        RecordGrant.record_kind == bindparam("kind"),
        live_grant(now_parameter()),
    )


def _with_grantees(query: Select) -> Select:
    """`query` (which selects from record_grants) with each grant's grantee names as five more columns."""
    grant_organisation, team, team_organisation, user_organisation = (
        aliased(Organisation, name="grant_organisation"),
        aliased(Team, name="grant_team"),
        aliased(Organisation, name="grant_team_organisation"),
        aliased(Organisation, name="grant_user_organisation"),
    )
    return (
        query.add_columns(
            grant_organisation.name, team.name, team_organisation.name, User.full_name, user_organisation.name
        )
        .outerjoin(grant_organisation, grant_organisation.id == RecordGrant.organisation_id)
        .outerjoin(team, team.id == RecordGrant.team_id)
        .outerjoin(team_organisation, team_organisation.id == team.organisation_id)
        .outerjoin(User, User.id == RecordGrant.user_id)
        .outerjoin(user_organisation, user_organisation.id == User.organisation_id)
        .order_by(RecordGrant.created_at, RecordGrant.id)
    )


def _shown(grant: RecordGrant, organisation, team_name, team_of, user_name, user_of) -> GrantShown:
    if organisation:
        grantee, grantee_kind = organisation, "organisation"
    elif team_name:
        grantee, grantee_kind = f"{team_name}, {team_of}", "team"
    else:
        grantee, grantee_kind = f"{user_name}, {user_of}", "user"
    grantee_id = grant.organisation_id or grant.team_id or grant.user_id
    return GrantShown(
        grant.id,
        grantee,
        grantee_kind,
        grantee_id,
        grant.created_at,
        grant.expires_at,
        grant.reason,
        grant.lawful_basis,
    )


@cache
def _live_grants() -> Select:
    return _with_grantees(select(RecordGrant).where(_is_live_grant_of_the_record()))


@cache
def _owner_and_live_grants() -> Select:
    owner_organisation = aliased(Organisation, name="owner_organisation")
    return _with_grantees(
        select(Team.name, owner_organisation.name, RecordGrant)
        .join(owner_organisation, owner_organisation.id == Team.organisation_id)
        .outerjoin(RecordGrant, _is_live_grant_of_the_record())
        .where(Team.id == bindparam("owner_team_id"))
    )


def live_grants_of(record_id: uuid.UUID, kind: RecordKind) -> list[GrantShown]:
    """The record's unrevoked, unexpired grants, oldest first, in one query."""
    rows = db.session.execute(_live_grants(), {"record_id": record_id, "kind": kind})
    return [_shown(*row) for row in rows]


def owner_and_live_grants(record, kind: RecordKind) -> tuple[str, str, list[GrantShown]]:
    """The record's owning team and organisation names and its live grants (as `live_grants_of`), in one query:
    the owning team's row, joined to each live grant (or to none)."""
    parameters = {"record_id": record.id, "kind": kind, "owner_team_id": record.owner_team_id}
    rows = db.session.execute(_owner_and_live_grants(), parameters).all()
    team_name, organisation_name = rows[0][:2]
    return team_name, organisation_name, [_shown(*row[2:]) for row in rows if row[2] is not None]


def partner_teams(owner_team_id: uuid.UUID) -> list[tuple[uuid.UUID, str]]:
    """Every team of an active organisation other than the owning team, as (id, "Team, Organisation")."""
    rows = db.session.execute(
        select(Team.id, Team.name, Organisation.name)
        .join(Organisation, Organisation.id == Team.organisation_id)
        .where(Organisation.is_active.is_(True), Team.id != owner_team_id)
        .order_by(Organisation.name, Team.name)
    )
    return [(team_id, f"{team_name}, {organisation_name}") for team_id, team_name, organisation_name in rows]
