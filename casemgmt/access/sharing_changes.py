"""Changing who may see a record after it was made: its scope, new partners and revoked grants, by its owners.

Only members of the owning team may (`policy.find_owned_record`); everyone else gets RecordNotFound. Each
save carries the record's version like any other edit, needs a reason, and is audited: one
`sharing_changed` event for the save, then `access_granted` or `access_revoked` for each grant, all with
the reason. A revoked grant keeps its row with `revoked_at` set; nothing is deleted.
"""

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from casemgmt.access import policy
from casemgmt.access.models import User
from casemgmt.access.sharing import RecordGrant, RecordKind, Sharing, SharingScope
from casemgmt.access.sharing_queries import GrantShown, live_grants_of
from casemgmt.access.sharing_services import grant_all, lawful_basis_for_person
from casemgmt.audit.services import record_event
from casemgmt.clock import UK_TIME, uk_time
from casemgmt.db import utcnow
from casemgmt.editing import check_version, commit_edit
from casemgmt.extensions import db
from casemgmt.people.models import ConsentToShare
from casemgmt.service_errors import ValidationFailed

REASON_MAX_LENGTH = 1000


@dataclass
class SharingChange:
    """What the owner asked for: the scope, partners to add (`partners`, whose own scope is ignored; with the
    lawful basis for a person), until when they may see it, grants to revoke, and why."""

    scope: SharingScope
    reason: str
    partners: Sharing = field(default_factory=Sharing)
    expires_on: date | None = None
    revoke_grant_ids: list[uuid.UUID] = field(default_factory=list)


def describe_sharing(record, kind: RecordKind) -> dict[str, str]:
    """Who may see the record now, as the conflict page shows it."""
    return {
        "Who may see it": record.sharing_scope.label,
        "Named partners": "; ".join(grant.grantee for grant in live_grants_of(record.id, kind)) or "None",
    }


def _end_of_day(day: date) -> datetime:
    """A grant "until 30 June" lasts to midnight at the end of 30 June, UK time."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=UK_TIME)


def _not_yet_granted(partners: Sharing, live: list[GrantShown]) -> Sharing:
    """The partners named who do not already hold a live grant (naming one twice changes nothing)."""
    holding = {grant.grantee_id for grant in live}
    return Sharing(
        scope=SharingScope.PARTNERS,
        organisation_ids=[grantee for grantee in partners.organisation_ids if grantee not in holding],
        team_ids=[grantee for grantee in partners.team_ids if grantee not in holding],
        user_ids=[grantee for grantee in partners.user_ids if grantee not in holding],
        lawful_basis=partners.lawful_basis,
        lawful_basis_detail=partners.lawful_basis_detail,
    )


def _count(partners: Sharing) -> int:
    return len(partners.organisation_ids) + len(partners.team_ids) + len(partners.user_ids)


def _check(record, change: SharingChange, reason: str, added: Sharing, revoking: list[GrantShown], live) -> None:
    errors: dict[str, str] = {}
    anyone_added = bool(_count(added))
    kept = [grant for grant in live if grant not in revoking]
    if change.scope == record.sharing_scope and not revoking and not anyone_added:
        raise ValidationFailed({"scope": "Nothing was changed: choose who may see it, add a partner or revoke access"})
    if change.expires_on is not None and change.expires_on < uk_time(utcnow()).date():
        errors["expires_on"] = "The date access ends must be today or in the future"
    if change.expires_on is not None and not anyone_added:
        errors["expires_on"] = "A date access ends is only for the partners you are adding: add one, or clear it"
    if change.scope == SharingScope.PARTNERS and not (anyone_added or kept):
        errors["scope"] = (
            "Name at least one partner organisation, team or user to share with, or choose "
            f"‘{SharingScope.ORGANISATION.label}’"
        )
    if not reason:
        errors["reason"] = "Say why you are changing who may see this record"
    elif len(reason) > REASON_MAX_LENGTH:
        errors["reason"] = f"The reason must be {REASON_MAX_LENGTH} characters or fewer"
    if errors:
        raise ValidationFailed(errors)


def change_sharing(actor: User, kind: RecordKind, record_id: uuid.UUID, expected_version: int, change: SharingChange):
    """Apply an owner's change to who may see a record, over the version they read, and return the record.

    A person newly shared with another organisation needs their consent or a lawful basis (as when they were
    created). Raises RecordNotFound (not visible, or the actor is not in the owning team), ValidationFailed
    (fields scope, organisations, teams, users, expires_on, lawful_basis, lawful_basis_detail, reason) or
    EditConflict (someone changed the record since `expected_version`; nothing written).
    """
    record = policy.find_owned_record(actor, kind, record_id)
    reason = " ".join(change.reason.split())
    live = live_grants_of(record.id, kind)
    revoking = [grant for grant in live if grant.id in set(change.revoke_grant_ids)]
    added = _not_yet_granted(change.partners, live)
    _check(record, change, reason, added, revoking, live)
    lawful_basis = None
    if kind == RecordKind.PERSON:
        consented = record.consent_to_share == ConsentToShare.GIVEN
        lawful_basis = lawful_basis_for_person(added, record.owner_organisation_id, consented=consented)
    saved = describe_sharing(record, kind)
    yours = {
        "Who may see it": change.scope.label,
        "Named partners": "; ".join(grant.grantee for grant in live if grant not in revoking) or "None",
    }
    check_version(record, expected_version, saved, yours)
    _apply(actor, record, kind, change.scope, reason, revoking, added, lawful_basis, change.expires_on)
    commit_edit(record, lambda stored: describe_sharing(stored, kind), yours)
    return record


def _apply(actor, record, kind, scope, reason, revoking, added, lawful_basis, expires_on) -> None:
    now = utcnow()
    summary = []
    if scope != record.sharing_scope:
        summary.append(f"scope {record.sharing_scope.value} to {scope.value}")
        record.sharing_scope = scope
    for shown in revoking:
        grant = db.session.get(RecordGrant, shown.id)
        grant.revoked_at = now
        record_event(
            "access_revoked",
            actor=actor,
            object_type=kind.value,
            object_id=record.id,
            reason=reason,
            detail=f"{shown.grantee_kind} {shown.grantee_id}",
        )
    if _count(added):
        summary.append(f"{_count(added)} granted")
    if revoking:
        summary.append(f"{len(revoking)} revoked")
    record_event(
        "sharing_changed",
        actor=actor,
        object_type=kind.value,
        object_id=record.id,
        reason=reason,
        detail="; ".join(summary),
    )
    expires_at = _end_of_day(expires_on) if expires_on else None
    grant_all(actor, record, kind, added, reason=reason, lawful_basis=lawful_basis, expires_at=expires_at)
    # Sharing is part of the record: saving bumps its version, so a stale sharing page cannot overwrite it.
    record.updated_by_id, record.updated_at = actor.id, now
