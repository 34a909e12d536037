"""Records as the API's JSON: what the OpenAPI document's response schemas describe, field for field.

A record the caller may see can mention others they may not (a victim on a visible incident owned by
another team, an incident added to a shared case): those appear only as `{"restricted": true, ...}` with
their role, never with an id or a name.
"""

import uuid
from datetime import UTC, date, datetime

from flask import url_for
from sqlalchemy import select

from casemgmt.access import policy
from casemgmt.access.models import Organisation, User
from casemgmt.access.stubs import RecordStub
from casemgmt.extensions import db
from casemgmt.incidents.case_models import Case, CaseAction, CaseNote, NoteKind
from casemgmt.incidents.models import Incident, IncidentType
from casemgmt.matching.lookup import PossibleDuplicate
from casemgmt.people.models import Address, Person
from casemgmt.search.queries import SearchPage, SearchResult


def _iso(value: date | datetime | None) -> str | None:
    """Dates as YYYY-MM-DD; times always in UTC, however they were sent."""
    if isinstance(value, datetime):
        value = value.astimezone(UTC)
    return value.isoformat() if value is not None else None


def _organisation_code(organisation_id: uuid.UUID) -> str:
    return db.session.get(Organisation, organisation_id).code


def _visible_person_names(viewer: User, person_ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not person_ids:
        return {}
    people = db.session.scalars(policy.visible_people(viewer).where(Person.id.in_(person_ids)))
    return {person.id: person.display_name for person in people}


def _person_links(viewer: User, links) -> list[dict]:
    """People in roles on an incident or case: named when the viewer may see them, otherwise restricted."""
    names = _visible_person_names(viewer, list({link.person_id for link in links}))
    listed = []
    for link in sorted(links, key=lambda link: (link.role.value, names.get(link.person_id, "~"), str(link.person_id))):
        if link.person_id in names:
            listed.append({"person_id": str(link.person_id), "display": names[link.person_id], "role": link.role.value})
        else:
            listed.append({"restricted": True, "role": link.role.value})
    return listed


def address_json(address: Address | None) -> dict | None:
    if address is None:
        return None
    return {
        "line1": address.line1,
        "line2": address.line2,
        "town": address.town,
        "postcode": address.postcode,
        "uprn": address.uprn,
        "display": address.display,
    }


def person_json(person: Person) -> dict:
    return {
        "id": str(person.id),
        "forename": person.forename,
        "surname": person.surname,
        "date_of_birth": _iso(person.date_of_birth),
        "phone": person.phone,
        "email": person.email,
        "address": address_json(person.current_address),
        "aliases": [{"forename": alias.forename, "surname": alias.surname} for alias in person.aliases],
        "vulnerabilities": [item.marker.value for item in person.vulnerabilities],
        "consent_to_share": person.consent_to_share.value,
        "owner_organisation": _organisation_code(person.owner_organisation_id),
        "sharing_scope": person.sharing_scope.value,
        "version": person.version,
    }


def _location_json(incident: Incident) -> dict:
    address = incident.address
    return {
        "address": None
        if address is None or not (address.line1 or address.line2 or address.town or address.uprn)
        else {"line1": address.line1, "line2": address.line2, "town": address.town, "uprn": address.uprn},
        "postcode": (address.postcode or address.outcode) if address is not None else None,
        "description": incident.location_description,
        "display": incident.location_display,
        "lat": incident.latitude,
        "lon": incident.longitude,
        "precision": incident.location_precision.value,
        "district_code": incident.district_code,
    }


def incident_json(viewer: User, incident: Incident) -> dict:
    return {
        "id": str(incident.id),
        "reference": incident.reference,
        "occurred_at": _iso(incident.occurred_at),
        "reported_at": _iso(incident.reported_at),
        "category": incident.category.value,
        "type": incident.incident_type.code,
        "type_label": incident.incident_type.label,
        "hate_motivated": incident.hate_motivated,
        "description": incident.narrative,
        "location": _location_json(incident),
        "people": _person_links(viewer, incident.people),
        "vehicles": [
            {
                "registration": link.vehicle.registration,
                "make": link.vehicle.make,
                "model": link.vehicle.model,
                "colour": link.vehicle.colour,
            }
            for link in sorted(incident.vehicles, key=lambda link: link.vehicle.registration)
        ],
        "status": incident.status.value,
        "source": incident.source.value,
        "owner_organisation": _organisation_code(incident.owner_organisation_id),
        "sharing_scope": incident.sharing_scope.value,
        "version": incident.version,
    }


def _officer_json(user: User | None) -> dict | None:
    return {"email": user.email, "name": user.full_name} if user is not None else None


def _organisation_summary(organisation: Organisation) -> dict:
    return {"code": organisation.code, "name": organisation.name}


def action_json(action: CaseAction) -> dict:
    return {
        "id": str(action.id),
        "description": action.description,
        "owner_organisation": _organisation_summary(action.owner_organisation),
        "owner_user": _officer_json(action.owner_user),
        "due_on": _iso(action.due_on),
        "completed_at": _iso(action.completed_at),
        "version": action.version,
    }


def _case_incidents(viewer: User, case: Case) -> list[dict]:
    incident_ids = [link.incident_id for link in case.incidents]
    visible = {
        incident.id: incident
        for incident in db.session.scalars(policy.visible_incidents(viewer).where(Incident.id.in_(incident_ids)))
    }
    listed = [
        {"incident_id": str(incident.id), "reference": incident.reference}
        for incident in sorted(visible.values(), key=lambda incident: incident.reference)
    ]
    return listed + [{"restricted": True} for incident_id in incident_ids if incident_id not in visible]


def _note_json(note: CaseNote) -> dict:
    return {
        "at": _iso(note.created_at),
        "author": note.author.full_name if note.author is not None else None,
        "text": note.body,
    }


def case_json(viewer: User, case: Case) -> dict:
    return {
        "id": str(case.id),
        "reference": case.reference,
        "title": case.title,
        "summary": case.summary,
        "status": case.status.value,
        "risk_level": case.risk_level.value,
        "outcome": case.outcome.value if case.outcome else None,
        "opened_at": _iso(case.opened_at),
        "closed_at": _iso(case.closed_at),
        "lead_organisation": _organisation_summary(case.lead_organisation),
        "lead_officer": _officer_json(case.lead_officer),
        "incidents": _case_incidents(viewer, case),
        "people": _person_links(viewer, case.people),
        "actions": [action_json(action) for action in case.actions],
        # Officers' notes only: the timeline events the system writes name the people and incidents added,
        # whether or not this reader may see them, so the API leaves them out.
        "notes": [_note_json(note) for note in case.notes if note.kind == NoteKind.NOTE],
        "owner_organisation": _organisation_code(case.owner_organisation_id),
        "sharing_scope": case.sharing_scope.value,
        "version": case.version,
    }


def search_json(page: SearchPage) -> dict:
    return {
        "results": [_search_result_json(result) for result in page.results],
        "page": page.number,
        "page_size": page.size,
        "pages": page.count,
        "total": page.total,
        "total_is_capped": page.total_is_capped,
    }


def _search_result_json(result: SearchResult | RecordStub) -> dict:
    if result.restricted:
        return stub_json(result)
    return {
        "kind": result.kind,
        "id": str(result.id),
        "display": result.display,
        "detail": result.detail,
        "restricted": False,
    }


def stub_json(stub: RecordStub) -> dict:
    """A record the caller may not open: no id, only what a stub shows and where to ask for access."""
    return {
        "kind": stub.kind.value,
        "display": stub.display,
        "restricted": True,
        "organisations": list(stub.organisations),
        "needs_police_vetting": stub.needs_police_vetting,
        "request_access": None
        if stub.needs_police_vetting
        else url_for("access_requests.request_access", record=stub.request_token, _external=True),
    }


def possible_duplicate_json(duplicate: PossibleDuplicate, *, page_links: bool = False) -> dict:
    """A possible duplicate: the person (id, name, what they are shown by, and why they may be the same) when
    the caller may see them, else a stub with no id that says only which details agree. `page_links` adds the
    person's page, for the pages' own script."""
    common = {"band": duplicate.band, "agreeing": duplicate.agreeing}
    if duplicate.restricted:
        return {**stub_json(duplicate.stub), **common}
    person = duplicate.person
    shown = {
        "restricted": False,
        "person_id": str(person.id),
        "display": person.display,
        "detail": person.detail,
        **common,
        "explanation": list(duplicate.explanation),
    }
    return {**shown, "url": url_for("people.view_person", person_id=person.id)} if page_links else shown


def organisations_json() -> dict:
    """Every active partner organisation with its teams: the codes and ids `sharing` and actions name."""
    organisations = db.session.scalars(
        select(Organisation).where(Organisation.is_active.is_(True)).order_by(Organisation.name)
    )
    return {
        "organisations": [
            {
                "code": organisation.code,
                "name": organisation.name,
                "kind": organisation.kind.value,
                "teams": [{"id": str(team.id), "name": team.name} for team in organisation.teams],
            }
            for organisation in organisations
        ]
    }


def incident_types_json(types: list[IncidentType]) -> dict:
    listed = [{"code": kind.code, "label": kind.label, "category": kind.category.value} for kind in types]
    return {"incident_types": listed}
