"""Use cases for cases: open one, link incidents and people, run the action plan, keep the timeline, close.

Every change the case's users should see later also writes a timeline event; every change is audited.
Raises RecordNotFound for a case (or linked record) the actor may not see, ValidationFailed for bad input
and EditConflict for an edit of a stale version.
"""

import uuid
from dataclasses import dataclass, field
from datetime import date

from casemgmt.access import policy
from casemgmt.access.models import Organisation, User
from casemgmt.access.sharing import RecordKind, Sharing
from casemgmt.access.sharing_services import grant_to, owner_team_for, share_new_record
from casemgmt.audit.services import record_event
from casemgmt.db import utcnow
from casemgmt.editing import check_version, commit_edit
from casemgmt.extensions import db
from casemgmt.incidents.case_models import (
    Case,
    CaseAction,
    CaseIncident,
    CaseNote,
    CaseOutcome,
    CasePerson,
    CaseStatus,
    NoteKind,
    RiskLevel,
)
from casemgmt.incidents.models import Incident
from casemgmt.incidents.references import next_reference
from casemgmt.incidents.services import PersonLink
from casemgmt.leases.services import release_lease
from casemgmt.service_errors import RecordNotFound, ValidationFailed


@dataclass
class CaseInput:
    title: str
    summary: str | None = None
    risk_level: RiskLevel = RiskLevel.STANDARD
    lead_officer_id: uuid.UUID | None = None
    incident_ids: list[uuid.UUID] = field(default_factory=list)
    people: list[PersonLink] = field(default_factory=list)


@dataclass
class ActionInput:
    description: str
    owner_organisation_id: uuid.UUID
    due_on: date
    owner_user_id: uuid.UUID | None = None


def find_open_case(actor: User, case_id: uuid.UUID) -> Case:
    """A case that may still change: a closed case keeps its record as closed (notes may still be added)."""
    case = policy.find_visible_case(actor, case_id)
    if case.status == CaseStatus.CLOSED:
        raise ValidationFailed({"case": "This case is closed. Reopen it to change it."})
    return case


def _lead_officer(actor: User, user_id: uuid.UUID | None) -> User | None:
    if user_id is None:
        return None
    officer = db.session.scalar(policy.colleagues(actor).where(User.id == user_id))
    if officer is None:
        raise ValidationFailed({"lead_officer_id": "Choose a lead officer from your own organisation"})
    return officer


def _timeline(case: Case, actor: User | None, text: str, kind: NoteKind = NoteKind.EVENT) -> None:
    note = CaseNote(id=uuid.uuid4(), kind=kind, author_id=actor.id if actor else None, created_at=utcnow())
    note.body = text
    case.notes.append(note)


def open_case(actor: User, data: CaseInput, sharing: Sharing) -> Case:
    """Open a case led by the actor's organisation, grouping visible incidents and people."""
    if not data.title.strip():
        raise ValidationFailed({"title": "Give the case a short title, such as the street and the problem"})
    owner_team = owner_team_for(actor, sharing.owner_team_id)
    officer = _lead_officer(actor, data.lead_officer_id) or actor
    incidents = [
        _visible_or_invalid(policy.find_visible_incident, actor, incident_id, "incident_ids")
        for incident_id in dict.fromkeys(data.incident_ids)
    ]
    case = Case(
        id=uuid.uuid4(),
        version=1,
        reference=_case_reference(),
        title=data.title.strip(),
        risk_level=data.risk_level,
        lead_organisation_id=owner_team.organisation_id,
        lead_officer_id=officer.id,
        status=CaseStatus.OPEN,
        opened_at=utcnow(),
    )
    case.summary = data.summary
    share_new_record(actor, case, RecordKind.CASE, sharing, owner_team)
    case.incidents = [CaseIncident(incident_id=incident.id) for incident in incidents]
    _add_people(actor, case, data.people)
    _timeline(case, actor, f"Case opened by {actor.full_name}")
    db.session.add(case)
    record_event("case_opened", actor=actor, object_type="case", object_id=case.id, detail=case.reference)
    db.session.commit()
    return case


def _case_reference() -> str:
    return next_reference("CASE")


def _visible_or_invalid(finder, actor: User, record_id: uuid.UUID, field_name: str):
    try:
        return finder(actor, record_id)
    except RecordNotFound:
        raise ValidationFailed({field_name: f"No record {record_id}, or you may not see it"}) from None


def _add_people(actor: User, case: Case, links: list[PersonLink]) -> None:
    present = {(link.person_id, link.role) for link in case.people}
    for link in links:
        _visible_or_invalid(policy.find_visible_person, actor, link.person_id, "person_id")
        if (link.person_id, link.role) not in present:
            case.people.append(CasePerson(person_id=link.person_id, role=link.role))
            present.add((link.person_id, link.role))


def add_incident_to_case(actor: User, case_id: uuid.UUID, incident_id: uuid.UUID) -> Case:
    case = find_open_case(actor, case_id)
    incident: Incident = _visible_or_invalid(policy.find_visible_incident, actor, incident_id, "incident_id")
    if all(link.incident_id != incident.id for link in case.incidents):
        case.incidents.append(CaseIncident(incident_id=incident.id))
        _timeline(case, actor, f"Incident {incident.reference} added")
        record_event(
            "case_incident_added", actor=actor, object_type="case", object_id=case.id, detail=incident.reference
        )
        db.session.commit()
    return case


def add_person_to_case(actor: User, case_id: uuid.UUID, link: PersonLink) -> Case:
    case = find_open_case(actor, case_id)
    before = len(case.people)
    _add_people(actor, case, [link])
    if len(case.people) != before:
        _timeline(
            case, actor, f"{policy.find_visible_person(actor, link.person_id).display_name} added as {link.role.label}"
        )
        record_event(
            "case_person_added",
            actor=actor,
            object_type="case",
            object_id=case.id,
            detail=f"person {link.person_id} as {link.role.value}",
        )
        db.session.commit()
    return case


def add_action(actor: User, case_id: uuid.UUID, data: ActionInput) -> CaseAction:
    """Add an action owned by any partner organisation (optionally one of its officers).

    The owner must be able to see the case to act on it, so this grants the owning organisation (or the
    named officer) access when they do not have it yet; the grant is audited like any other.
    """
    case = find_open_case(actor, case_id)
    errors = {}
    if not data.description.strip():
        errors["description"] = "Describe the action"
    organisation = db.session.get(Organisation, data.owner_organisation_id)
    if organisation is None or not organisation.is_active:
        errors["owner_organisation_id"] = "Choose the organisation that owns the action"
    owner = (
        db.session.scalar(policy.members_of(organisation.id).where(User.id == data.owner_user_id))
        if organisation is not None and data.owner_user_id
        else None
    )
    if data.owner_user_id and owner is None:
        errors["owner_user_id"] = "Choose an officer of the owning organisation"
    if errors:
        raise ValidationFailed(errors)
    action = CaseAction(
        id=uuid.uuid4(),
        version=1,
        description=data.description.strip(),
        owner_organisation_id=organisation.id,
        owner_user_id=data.owner_user_id,
        due_on=data.due_on,
        created_by_id=actor.id,
    )
    case.actions.append(action)
    _share_with_action_owner(actor, case, organisation, owner)
    _timeline(case, actor, f"Action for {organisation.name} due {data.due_on:%d/%m/%Y}: {action.description}")
    record_event("case_action_added", actor=actor, object_type="case", object_id=case.id, detail=str(action.id))
    db.session.commit()
    return action


def _share_with_action_owner(actor: User, case: Case, organisation: Organisation, owner: User | None) -> None:
    reason = "Owns an action on the case"
    if owner is not None:
        if db.session.scalar(policy.visible_cases(owner).where(Case.id == case.id)) is None:
            grant_to(actor, case, RecordKind.CASE, user_id=owner.id, reason=reason)
    elif organisation.id != case.owner_organisation_id and not policy.has_organisation_grant(case, organisation):
        grant_to(actor, case, RecordKind.CASE, organisation_id=organisation.id, reason=reason)


def complete_action(actor: User, case_id: uuid.UUID, action_id: uuid.UUID, expected_version: int) -> CaseAction:
    case = find_open_case(actor, case_id)
    action = next((action for action in case.actions if action.id == action_id), None)
    if action is None:
        raise RecordNotFound()
    yours = {"Completed": "Yes"}
    check_version(action, expected_version, {"Completed": "Yes" if action.completed_at else "No"}, yours)
    action.completed_at = utcnow()
    _timeline(case, actor, f"Action completed: {action.description}")
    record_event("case_action_completed", actor=actor, object_type="case", object_id=case.id, detail=str(action.id))
    db.session.commit()
    return action


def add_note(actor: User, case_id: uuid.UUID, text: str) -> CaseNote:
    case = policy.find_visible_case(actor, case_id)
    if not text.strip():
        raise ValidationFailed({"note": "Enter the note"})
    _timeline(case, actor, text.strip(), NoteKind.NOTE)
    record_event("case_note_added", actor=actor, object_type="case", object_id=case.id)
    db.session.commit()
    return case.notes[-1]


@dataclass
class CaseChanges:
    title: str
    summary: str | None
    risk_level: RiskLevel
    lead_officer_id: uuid.UUID | None


def describe_case(case: Case) -> dict[str, str]:
    return {
        "Title": case.title,
        "Summary": case.summary or "",
        "Risk level": case.risk_level.label,
        "Lead officer": case.lead_officer.full_name if case.lead_officer else "",
        "Status": case.status.label,
        "Outcome": case.outcome.label if case.outcome else "",
    }


def update_case(actor: User, case_id: uuid.UUID, expected_version: int, changes: CaseChanges) -> Case:
    case = policy.find_visible_case(actor, case_id)
    if not changes.title.strip():
        raise ValidationFailed({"title": "Give the case a short title"})
    officer = _lead_officer(actor, changes.lead_officer_id) if changes.lead_officer_id else case.lead_officer
    yours = {
        **describe_case(case),
        "Title": changes.title.strip(),
        "Summary": (changes.summary or "").strip(),
        "Risk level": changes.risk_level.label,
        "Lead officer": officer.full_name if officer else "",
    }
    check_version(case, expected_version, describe_case(case), yours)
    case.title, case.summary, case.risk_level = changes.title.strip(), changes.summary, changes.risk_level
    case.lead_officer_id = officer.id if officer else None
    release_lease(actor, RecordKind.CASE, case.id)
    return _save_case(actor, case, "case_updated", yours)


def close_case(
    actor: User, case_id: uuid.UUID, expected_version: int, outcome: CaseOutcome | None, closing_note: str
) -> Case:
    case = policy.find_visible_case(actor, case_id)
    if outcome is None:
        raise ValidationFailed({"outcome": "Choose the outcome of the case"})
    if case.status == CaseStatus.CLOSED:
        raise ValidationFailed({"outcome": "This case is already closed"})
    yours = {**describe_case(case), "Status": CaseStatus.CLOSED.label, "Outcome": outcome.label}
    check_version(case, expected_version, describe_case(case), yours)
    case.status, case.outcome, case.closed_at = CaseStatus.CLOSED, outcome, utcnow()
    text = f"Case closed: {outcome.label}" + (f". {closing_note.strip()}" if closing_note.strip() else "")
    _timeline(case, actor, text)
    return _save_case(actor, case, "case_closed", yours)


def reopen_case(actor: User, case_id: uuid.UUID, expected_version: int) -> Case:
    case = policy.find_visible_case(actor, case_id)
    yours = {**describe_case(case), "Status": CaseStatus.OPEN.label, "Outcome": ""}
    check_version(case, expected_version, describe_case(case), yours)
    case.status, case.outcome, case.closed_at = CaseStatus.OPEN, None, None
    _timeline(case, actor, f"Case reopened by {actor.full_name}")
    return _save_case(actor, case, "case_reopened", yours)


def _save_case(actor: User, case: Case, action: str, yours: dict[str, str]) -> Case:
    case_id = case.id
    case.updated_by_id = actor.id
    record_event(action, actor=actor, object_type="case", object_id=case_id)
    commit_edit(case, describe_case, yours)
    return case
