"""Reads of who a record is shared with: its live grants, named as a reader would name them. None commits."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import aliased

from casemgmt.access.models import Organisation, Team, User
from casemgmt.access.sharing import RecordGrant, RecordKind
from casemgmt.db import utcnow
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


def live_grants_of(record_id: uuid.UUID, kind: RecordKind) -> list[GrantShown]:
    """The record's unrevoked, unexpired grants, oldest first, in one query."""
    team, team_organisation, user_organisation = aliased(Team), aliased(Organisation), aliased(Organisation)
    rows = db.session.execute(
        select(
            RecordGrant,
            Organisation.name,
            team.name,
            team_organisation.name,
            User.full_name,
            user_organisation.name,
        )
        .outerjoin(Organisation, Organisation.id == RecordGrant.organisation_id)
        .outerjoin(team, team.id == RecordGrant.team_id)
        .outerjoin(team_organisation, team_organisation.id == team.organisation_id)
        .outerjoin(User, User.id == RecordGrant.user_id)
        .outerjoin(user_organisation, user_organisation.id == User.organisation_id)
        .where(
            RecordGrant.record_id == record_id,
            RecordGrant.record_kind == kind,
            RecordGrant.revoked_at.is_(None),
            or_(RecordGrant.expires_at.is_(None), RecordGrant.expires_at > utcnow()),
        )
        .order_by(RecordGrant.created_at, RecordGrant.id)
    )
    shown = []
    for grant, organisation, team_name, team_of, user_name, user_of in rows:
        if organisation:
            grantee, grantee_kind = organisation, "organisation"
        elif team_name:
            grantee, grantee_kind = f"{team_name}, {team_of}", "team"
        else:
            grantee, grantee_kind = f"{user_name}, {user_of}", "user"
        grantee_id = grant.organisation_id or grant.team_id or grant.user_id
        shown.append(
            GrantShown(
                grant.id,
                grantee,
                grantee_kind,
                grantee_id,
                grant.created_at,
                grant.expires_at,
                grant.reason,
                grant.lawful_basis,
            )
        )
    return shown


def partner_teams(owner_team_id: uuid.UUID) -> list[tuple[uuid.UUID, str]]:
    """Every team of an active organisation other than the owning team, as (id, "Team, Organisation")."""
    rows = db.session.execute(
        select(Team.id, Team.name, Organisation.name)
        .join(Organisation, Organisation.id == Team.organisation_id)
        .where(Organisation.is_active.is_(True), Team.id != owner_team_id)
        .order_by(Organisation.name, Team.name)
    )
    return [(team_id, f"{team_name}, {organisation_name}") for team_id, team_name, organisation_name in rows]
