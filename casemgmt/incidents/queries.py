"""Reads for the incident pages. Every query starts from the policy's visible_* scopes and none commits.

The incident page loads the incident, its people, vehicles, cases, sharing and the incidents that may be the
same problem in a fixed number of queries, however many people or cases it has.
"""

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from casemgmt.access import policy
from casemgmt.access.models import User
from casemgmt.access.sharing import RecordKind
from casemgmt.access.stubs import LinkedRecords, RecordStub
from casemgmt.extensions import db
from casemgmt.incidents.models import Category, Incident, IncidentRole, IncidentType
from casemgmt.incidents.services import incident_types
from casemgmt.incidents.similarity import PossiblySameProblem, possibly_same_problem
from casemgmt.maps.reference_data import DISTRICT_NAMES
from casemgmt.people.models import Person, Vehicle
from casemgmt.people.queries import RecordSharing, linked_cases, people_by_id, sharing_of


@dataclass
class PersonInIncident:
    """One person's part in the incident: `person` when the user may see their record, else its `stub`."""

    person_id: uuid.UUID
    role: IncidentRole
    person: Person | None
    stub: RecordStub | None = None


@dataclass
class IncidentPage:
    incident: Incident
    people: list[PersonInIncident]
    vehicles: list[Vehicle]
    cases: LinkedRecords
    sharing: RecordSharing
    same_problem: PossiblySameProblem  # other incidents that may be the same problem, nearest first

    @property
    def district_name(self) -> str | None:
        return DISTRICT_NAMES.get(self.incident.district_code or "")

    @property
    def hidden_people_count(self) -> int:
        return sum(1 for link in self.people if link.person is None)


# An incident has a few people, vehicles and cases, so they come joined in its own query (one round trip).
INCIDENT_PAGE_DETAILS = policy.LoaderOptions(
    joinedload(Incident.people), joinedload(Incident.vehicles), joinedload(Incident.case_links)
)


def incident_page(user: User, incident_id: uuid.UUID) -> IncidentPage:
    """Everything the incident page shows, in a fixed number of queries (none per person, vehicle or case)."""
    incident = policy.find_visible_incident(user, incident_id, INCIDENT_PAGE_DETAILS)
    # People attached to an incident the user may see can still be records they may not see.
    visible = people_by_id(user, [link.person_id for link in incident.people])
    hidden = [link.person_id for link in incident.people if link.person_id not in visible]
    stubs = policy.hidden_record_stubs(user, RecordKind.PERSON, hidden)
    order = list(IncidentRole)
    people = sorted(
        (
            PersonInIncident(link.person_id, link.role, visible.get(link.person_id), stubs.get(link.person_id))
            for link in incident.people
            if link.person_id in visible or link.person_id in stubs
        ),
        key=lambda item: (order.index(item.role), item.person is None, item.person.surname_key if item.person else ""),
    )
    cases = linked_cases(user, [link.case_id for link in incident.case_links])
    vehicles = sorted((link.vehicle for link in incident.vehicles), key=lambda vehicle: vehicle.registration)
    same_problem = possibly_same_problem(user, incident)
    return IncidentPage(incident, people, vehicles, cases, sharing_of(incident, RecordKind.INCIDENT), same_problem)


def type_groups(*, include_code: str | None = None) -> dict[str, list[tuple[str, str]]]:
    """Active incident types as select choices grouped by category label (plus `include_code` if retired)."""
    types = incident_types()
    if include_code and all(incident_type.code != include_code for incident_type in types):
        retired = db.session.scalar(select(IncidentType).where(IncidentType.code == include_code))
        types = types + ([retired] if retired else [])
    groups: dict[str, list[tuple[str, str]]] = {category.label: [] for category in Category}
    for incident_type in types:
        groups[incident_type.category.label].append((incident_type.code, incident_type.label))
    return {label: choices for label, choices in groups.items() if choices}
