"""Applying a creator's sharing choice to a new record: ownership, scope and grants, all audited."""

import uuid
from datetime import datetime

from sqlalchemy import select

from casemgmt.access.lawful_basis import lawful_basis_text
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


def outside_grantees(owner_organisation_id: uuid.UUID, sharing: Sharing) -> set[uuid.UUID]:
    """The named organisations, teams and users (their ids) that are not of the owning organisation."""
    outside = {
        organisation_id for organisation_id in sharing.organisation_ids if organisation_id != owner_organisation_id
    }
    if sharing.team_ids:
        outside |= set(
            db.session.scalars(
                select(Team.id).where(Team.id.in_(sharing.team_ids), Team.organisation_id != owner_organisation_id)
            )
        )
    if sharing.user_ids:
        outside |= set(
            db.session.scalars(
                select(User.id).where(User.id.in_(sharing.user_ids), User.organisation_id != owner_organisation_id)
            )
        )
    return outside


def lawful_basis_for_person(sharing: Sharing, owner_organisation_id: uuid.UUID, *, consented: bool) -> str | None:
    """What a new person's grants to other organisations record: their consent or the lawful basis relied on
    (None when nobody outside the owning organisation is named). Raises ValidationFailed on
    `sharing.lawful_basis` or `sharing.lawful_basis_detail` when it is missing or wrong."""
    if not outside_grantees(owner_organisation_id, sharing):
        return None
    return lawful_basis_text(
        sharing.lawful_basis,
        sharing.lawful_basis_detail,
        consented=consented,
        field="sharing.lawful_basis",
        detail_field="sharing.lawful_basis_detail",
    )


def share_new_record(
    actor: User, record, kind: RecordKind, sharing: Sharing, owner_team: Team, *, lawful_basis: str | None = None
) -> None:
    """Set the owner and scope of a record being created and add a grant for each named partner; grants to
    other organisations carry `lawful_basis` (see `lawful_basis_for_person`)."""
    record.owner_organisation_id = owner_team.organisation_id
    record.owner_team_id = owner_team.id
    record.police_originated = owner_team.organisation.is_police
    record.sharing_scope = sharing.scope
    record.created_by_id = actor.id
    record.updated_by_id = actor.id
    grant_all(actor, record, kind, sharing, reason="Shared when the record was created", lawful_basis=lawful_basis)


def grant_all(
    actor: User,
    record,
    kind: RecordKind,
    sharing: Sharing,
    *,
    reason: str,
    lawful_basis: str | None = None,
    expires_at: datetime | None = None,
) -> None:
    """Add (not commit) a grant for each organisation, team and user named in `sharing`, audited; those to
    other organisations than the owner's carry `lawful_basis`."""
    outside = outside_grantees(record.owner_organisation_id, sharing) if lawful_basis else set()
    for field, ids in (
        ("organisation_id", sharing.organisation_ids),
        ("team_id", sharing.team_ids),
        ("user_id", sharing.user_ids),
    ):
        for grantee_id in ids:
            grant_to(
                actor,
                record,
                kind,
                **{field: grantee_id},
                reason=reason,
                lawful_basis=lawful_basis if grantee_id in outside else None,
                expires_at=expires_at,
            )


def grant_to(
    actor: User,
    record,
    kind: RecordKind,
    *,
    reason: str,
    lawful_basis: str | None = None,
    expires_at: datetime | None = None,
    **grantee,
) -> RecordGrant:
    """Add (not commit) a grant on `record` for one organisation, team or user, and audit it (with the reason,
    and the lawful basis when there is one)."""
    grant = RecordGrant(
        record_kind=kind,
        record_id=record.id,
        granted_by_id=actor.id,
        reason=reason,
        lawful_basis=lawful_basis,
        expires_at=expires_at,
        **grantee,
    )
    db.session.add(grant)
    ((field, grantee_id),) = grantee.items()
    record_event(
        "access_granted",
        actor=actor,
        object_type=kind.value,
        object_id=record.id,
        reason=reason,
        detail=f"{field.removesuffix('_id')} {_grantee_name(field, grantee_id)} ({grantee_id})"
        + (f"; lawful basis: {lawful_basis}" if lawful_basis else ""),
    )
    return grant


def _grantee_name(field: str, grantee_id) -> str:
    """How a record's history names who was given access ("ASB team, Melton Borough Council"); the id follows it
    in the audit detail, so the event stays exact if the name changes later."""
    if field == "organisation_id":
        return db.session.get(Organisation, grantee_id).name
    holder = db.session.get(Team if field == "team_id" else User, grantee_id)
    name = holder.name if field == "team_id" else holder.full_name
    return f"{name}, {holder.organisation.name}"
