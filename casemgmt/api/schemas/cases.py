"""`POST /cases` and what can be added to a case (incidents, people, actions), read into the case inputs.

Records are named by id, organisations by code and officers by email; unknown ones are reported against
the field that named them. Incidents and people are checked against what the caller may see (through the
policy) so each message points at the list entry that named it; the services check again.
"""

import uuid
from typing import Any

from sqlalchemy import select

from casemgmt.access import policy
from casemgmt.access.models import Organisation, User
from casemgmt.access.sharing import Sharing
from casemgmt.access.signin import find_user_by_email
from casemgmt.api.schemas.incidents import NARRATIVE_MAX, read_person_link
from casemgmt.api.schemas.reader import BODY, ObjectReader, parse_uuid, raise_if_any
from casemgmt.api.schemas.sharing import read_sharing
from casemgmt.extensions import db
from casemgmt.incidents.case_models import RiskLevel
from casemgmt.incidents.case_services import ActionInput, CaseInput
from casemgmt.incidents.models import Incident
from casemgmt.incidents.services import PersonLink
from casemgmt.people.models import Person

TITLE_MAX = 200
ACTION_MAX = 500
NOT_VISIBLE = "No {kind} with this id, or you may not see it"

# The services' names for fields the API names differently.
CASE_FIELDS = {"lead_officer_id": "lead_officer", "incident_ids": "incidents", "person_id": "people"}
ACTION_FIELDS = {"owner_organisation_id": "owner_organisation", "owner_user_id": "owner_user"}


def _user_id(reader: ObjectReader, key: str) -> uuid.UUID | None:
    email = reader.email(key)
    if not email or not email.strip() or reader.name(key) in reader.errors:
        return None
    user = find_user_by_email(email)
    if user is None:
        reader.fail(key, f"No user with the email {email.strip()}")
        return None
    return user.id


def _incident_ids(reader: ObjectReader) -> list[tuple[str, uuid.UUID]]:
    named = [(name, parse_uuid(item, name, reader.errors)) for name, item in reader.items("incidents")]
    return [(name, incident_id) for name, incident_id in named if incident_id is not None]


def _check_visible(actor: User, named_incidents, named_people, errors: dict[str, str]) -> None:
    incident_ids = [incident_id for _, incident_id in named_incidents]
    person_ids = [person_id for _, person_id in named_people]
    visible_incidents = set(
        db.session.scalars(
            policy.visible_incidents(actor).with_only_columns(Incident.id).where(Incident.id.in_(incident_ids))
        )
    )
    visible_people = set(
        db.session.scalars(policy.visible_people(actor).with_only_columns(Person.id).where(Person.id.in_(person_ids)))
    )
    for name, incident_id in named_incidents:
        if incident_id not in visible_incidents:
            errors.setdefault(name, NOT_VISIBLE.format(kind="incident"))
    for name, person_id in named_people:
        if person_id not in visible_people:
            errors.setdefault(name, NOT_VISIBLE.format(kind="person"))


def read_new_case(actor: User, body: Any) -> tuple[CaseInput, Sharing]:
    """Raises ValidationFailed naming every problem with the body."""
    errors: dict[str, str] = {}
    reader = ObjectReader(body, BODY, errors)
    named_incidents = _incident_ids(reader)
    links = [(name, read_person_link(ObjectReader(item, name, errors))) for name, item in reader.items("people")]
    case = CaseInput(
        title=reader.text("title", max_length=TITLE_MAX, required=True) or "",
        summary=reader.text("summary", max_length=NARRATIVE_MAX),
        risk_level=reader.choice("risk_level", RiskLevel) or RiskLevel.STANDARD,
        lead_officer_id=_user_id(reader, "lead_officer"),
        incident_ids=[incident_id for _, incident_id in named_incidents],
        people=[link for _, link in links if link is not None],
    )
    sharing = read_sharing(reader)
    reader.finish()
    named_people = [(f"{name}.person_id", link.person_id) for name, link in links if link is not None]
    _check_visible(actor, named_incidents, named_people, errors)
    raise_if_any(errors)
    return case, sharing


def read_case_incident(body: Any) -> uuid.UUID:
    errors: dict[str, str] = {}
    reader = ObjectReader(body, BODY, errors)
    incident_id = reader.identifier("incident_id", required=True)
    reader.finish()
    raise_if_any(errors)
    return incident_id


def read_case_person(body: Any) -> PersonLink:
    errors: dict[str, str] = {}
    link = read_person_link(ObjectReader(body, BODY, errors))
    raise_if_any(errors)
    return link


def _organisation_id(reader: ObjectReader, key: str) -> uuid.UUID | None:
    code = reader.text(key, max_length=32, required=True)
    if code is None or reader.name(key) in reader.errors:
        return None
    organisation_id = db.session.scalar(select(Organisation.id).where(Organisation.code == code.strip().lower()))
    if organisation_id is None:
        reader.fail(key, f"No organisation with the code {code.strip()}")
    return organisation_id


def read_new_action(body: Any) -> ActionInput:
    """Raises ValidationFailed naming every problem with the body."""
    errors: dict[str, str] = {}
    reader = ObjectReader(body, BODY, errors)
    action = ActionInput(
        description=reader.text("description", max_length=ACTION_MAX, required=True) or "",
        owner_organisation_id=_organisation_id(reader, "owner_organisation"),
        owner_user_id=_user_id(reader, "owner_user"),
        due_on=reader.date("due_on", required=True),
    )
    reader.finish()
    raise_if_any(errors)
    return action
