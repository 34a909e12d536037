"""Applying a creator's sharing choice to a new record: ownership, scope and grants, all audited."""

import uuid

from sqlalchemy import select

from casemgmt.access.models import Organisation, Team, User
from casemgmt.access.sharing import RecordGrant, RecordKind, Sharing, SharingScope
from casemgmt.audit.services import record_event
from casemgmt.extensions import db
from casemgmt.service_errors import ValidationFailed


def owner_team_for(actor: User, requested_team_id: uuid.UUID | None) -> Team:
    """The team that will own the actor's new record: the one asked for (if theirs) or their first team."""
    if not actor.teams:
        raise ValidationFailed({"sharing": "You are not in a team yet. Ask an administrator to add you to one."})
    if requested_team_id is None:
        return actor.teams[0]
    team = next((team for team in actor.teams if team.id == requested_team_id), None)
    if team is None:
        raise ValidationFailed({"sharing.owner_team": "Choose one of your own teams to own the record"})
    return team


def resolve_partners(
    scope: SharingScope, organisation_codes: list[str], team_ids: list[str], user_emails: list[str]
) -> Sharing:
    """Turn codes, team ids and emails (from a form or the API) into a Sharing, naming each unknown one.

    Partners named under the team or organisation scope are refused rather than granted or ignored, so a
    record is never shared against what its creator believed they chose.
    """
    if scope != SharingScope.PARTNERS and (organisation_codes or team_ids or user_emails):
        raise ValidationFailed(
            {
                "sharing.scope": "To share with the partners you named, choose 'partners' "
                f"({SharingScope.PARTNERS.label}), or clear them"
            }
        )
    errors: dict[str, str] = {}
    organisations = _look_up(
        Organisation, Organisation.code, organisation_codes, "organisation code", errors, "sharing.organisations"
    )
    teams = _look_up(Team, Team.id, _as_uuids(team_ids, errors), "team", errors, "sharing.teams")
    users = _look_up(
        User, User.email, [email.strip().lower() for email in user_emails], "user", errors, "sharing.users"
    )
    if scope == SharingScope.PARTNERS and not (organisations or teams or users) and not errors:
        errors["sharing.organisations"] = "Name at least one partner organisation, team or user to share with"
    if errors:
        raise ValidationFailed(errors)
    return Sharing(scope=scope, organisation_ids=organisations, team_ids=teams, user_ids=users)


def _as_uuids(values: list[str], errors: dict[str, str]) -> list[uuid.UUID]:
    parsed = []
    for value in values:
        try:
            parsed.append(uuid.UUID(str(value)))
        except ValueError:
            errors["sharing.teams"] = f"'{value}' is not a team id"
    return parsed


def _look_up(model, column, values: list, noun: str, errors: dict[str, str], field: str) -> list[uuid.UUID]:
    if not values:
        return []
    found = dict(db.session.execute(select(column, model.id).where(column.in_(values))).all())
    unknown = [str(value) for value in values if value not in found]
    if unknown:
        errors[field] = f"No {noun} {', '.join(unknown)}"
    return list(dict.fromkeys(found[value] for value in values if value in found))


def share_new_record(actor: User, record, kind: RecordKind, sharing: Sharing, owner_team: Team) -> None:
    """Set the owner and scope of a record being created and add a grant for each named partner."""
    record.owner_organisation_id = owner_team.organisation_id
    record.owner_team_id = owner_team.id
    record.police_originated = owner_team.organisation.is_police
    record.sharing_scope = sharing.scope
    record.created_by_id = actor.id
    record.updated_by_id = actor.id
    for field, ids in (
        ("organisation_id", sharing.organisation_ids),
        ("team_id", sharing.team_ids),
        ("user_id", sharing.user_ids),
    ):
        for grantee_id in ids:
            grant_to(actor, record, kind, **{field: grantee_id}, reason="Shared when the record was created")


def grant_to(actor: User, record, kind: RecordKind, *, reason: str, **grantee) -> RecordGrant:
    """Add (not commit) a grant on `record` for one organisation, team or user, and audit it."""
    grant = RecordGrant(record_kind=kind, record_id=record.id, granted_by_id=actor.id, reason=reason, **grantee)
    db.session.add(grant)
    ((field, grantee_id),) = grantee.items()
    record_event(
        "access_granted",
        actor=actor,
        object_type=kind.value,
        object_id=record.id,
        reason=reason,
        detail=f"{field.removesuffix('_id')} {grantee_id}",
    )
    return grant
