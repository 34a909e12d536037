"""Reads for the case pages. Every query starts from the policy's visible_* scopes and none commits.

The case page loads the case and its action plan and timeline in a fixed number of queries, whatever the
number of rows; the incidents and people on it are read through their own scopes, so a case shared with a
partner never shows that partner an incident or person it may not see (only how many are left out).
"""

import enum
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from casemgmt.access import policy
from casemgmt.access.models import Organisation, User
from casemgmt.access.sharing import RecordKind
from casemgmt.access.stubs import RecordStub
from casemgmt.clock import uk_time
from casemgmt.extensions import db
from casemgmt.incidents.case_models import Case, CaseIncident, CasePerson, CaseStatus, NoteKind
from casemgmt.incidents.models import Incident, IncidentPerson, IncidentRole
from casemgmt.people.models import Person
from casemgmt.search.queries import search_sources
from casemgmt.service_errors import RecordNotFound

ROLE_ORDER = {role: number for number, role in enumerate(IncidentRole)}
# How many matches the add-incident and add-person searches offer; more means the words are too broad.
MATCH_LIMIT = 20


class CaseListView(enum.StrEnum):
    LEAD = "lead"
    TEAM = "team"
    ALL = "all"

    @property
    def label(self) -> str:
        return {"lead": "Cases I lead", "team": "My team’s cases", "all": "All cases I can see"}[self.value]


class StatusFilter(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    ANY = "any"

    @property
    def label(self) -> str:
        return {"open": "Open", "closed": "Closed", "any": "Open or closed"}[self.value]


def cases_to_list(user: User, view: CaseListView, status: StatusFilter) -> Select:
    """Visible cases for one tab of the case list, newest first."""
    query = policy.visible_cases(user)
    if view == CaseListView.LEAD:
        query = query.where(Case.lead_officer_id == user.id)
    elif view == CaseListView.TEAM:
        query = query.where(Case.owner_team_id.in_([team.id for team in user.teams]))
    if status != StatusFilter.ANY:
        query = query.where(Case.status == CaseStatus(status.value))
    return query.order_by(Case.opened_at.desc(), Case.id)


CASE_EXPORT_COLUMNS = (
    "reference",
    "title",
    "status",
    "risk level",
    "lead agency",
    "lead officer",
    "opened",
    "closed",
    "outcome",
)


def case_export_rows(user: User, view: CaseListView, status: StatusFilter) -> Iterator[tuple]:
    """The rows of the case list's CSV: the same visible cases as the list shows, read in batches as sent."""
    for case in db.session.scalars(cases_to_list(user, view, status).execution_options(yield_per=500)):
        yield (
            case.reference,
            case.title,
            case.status.label,
            case.risk_level.label,
            case.lead_organisation.name,
            case.lead_officer.full_name if case.lead_officer else "",
            f"{uk_time(case.opened_at):%Y-%m-%d %H:%M}",
            f"{uk_time(case.closed_at):%Y-%m-%d %H:%M}" if case.closed_at else "",
            case.outcome.label if case.outcome else "",
        )


@dataclass
class PersonInCase:
    """Someone named in the case with their roles in it: `person` when the user may see them, else a `stub`."""

    person: Person | None
    roles: list[IncidentRole]
    stub: RecordStub | None = None


@dataclass
class CasePage:
    case: Case
    incidents: list[Incident]
    hidden_incidents: list[RecordStub]
    people: list[PersonInCase]
    hidden_people: list[PersonInCase]

    @property
    def open_actions(self) -> list:
        return [action for action in self.case.actions if action.completed_at is None]

    @property
    def timeline(self) -> list:
        """The case's notes, and the updates the system wrote unless the reader may not see some of the
        incidents or people on the case: those updates name what was added (as the API leaves them out)."""
        if self.hidden_incidents or self.hidden_people:
            return [note for note in self.case.notes if note.kind == NoteKind.NOTE]
        return list(self.case.notes)

    @property
    def updates_left_out(self) -> bool:
        return len(self.timeline) < len(self.case.notes)


def case_page(user: User, case_id: uuid.UUID) -> CasePage:
    """Everything the case page shows, in a fixed number of queries (no query per row)."""
    case = db.session.scalar(
        policy.visible_cases(user)
        .where(Case.id == case_id)
        .options(
            selectinload(Case.incidents),
            selectinload(Case.people),
            selectinload(Case.actions),
            selectinload(Case.notes),
        )
    )
    if case is None:
        raise RecordNotFound()
    incidents = list(
        db.session.scalars(
            policy.visible_incidents(user)
            .where(Incident.id.in_(select(CaseIncident.incident_id).where(CaseIncident.case_id == case.id)))
            .order_by(Incident.occurred_at.desc(), Incident.id)
        )
    )
    people = list(
        db.session.scalars(
            policy.visible_people(user)
            .where(Person.id.in_(select(CasePerson.person_id).where(CasePerson.case_id == case.id)))
            .order_by(Person.surname_key, Person.forename_key, Person.id)
        )
    )
    roles: dict[uuid.UUID, list[IncidentRole]] = {}
    for link in sorted(case.people, key=lambda link: ROLE_ORDER[link.role]):
        roles.setdefault(link.person_id, []).append(link.role)
    # Incidents and people on a case the user may see can still be records they may not see: stubs (roles in
    # the case are the case's, so they are shown). No query when there are none.
    shown_incidents = {incident.id for incident in incidents}
    hidden_incidents = [link.incident_id for link in case.incidents if link.incident_id not in shown_incidents]
    shown_people = {person.id for person in people}
    person_stubs = policy.hidden_record_stubs(
        user, RecordKind.PERSON, [person_id for person_id in roles if person_id not in shown_people]
    )
    return CasePage(
        case=case,
        incidents=incidents,
        hidden_incidents=list(policy.hidden_record_stubs(user, RecordKind.INCIDENT, hidden_incidents).values()),
        people=[PersonInCase(person, roles.get(person.id, [])) for person in people],
        hidden_people=[PersonInCase(None, roles[person_id], stub) for person_id, stub in person_stubs.items()],
    )


def incidents_for_new_case(user: User, incident_ids: list[uuid.UUID]) -> list[Incident]:
    """The visible incidents among `incident_ids`, in the order given (hidden or unknown ones left out)."""
    if not incident_ids:
        return []
    found = {
        incident.id: incident
        for incident in db.session.scalars(policy.visible_incidents(user).where(Incident.id.in_(incident_ids)))
    }
    return [found[incident_id] for incident_id in dict.fromkeys(incident_ids) if incident_id in found]


def people_in_incidents(user: User, incident_ids: list[uuid.UUID]) -> list[tuple[Person, IncidentRole]]:
    """Each visible person in the incidents with each role they hold there, once per (person, role)."""
    if not incident_ids:
        return []
    rows = db.session.execute(
        policy.visible_people(user)
        .add_columns(IncidentPerson.role)
        .join(IncidentPerson, IncidentPerson.person_id == Person.id)
        .where(IncidentPerson.incident_id.in_(incident_ids))
        .order_by(Person.surname_key, Person.forename_key, Person.id)
    ).all()
    # One entry per (person, role), people in name order as the query gave them, roles in the usual order.
    pairs = dict.fromkeys((person, role) for person, role in rows)
    position = {person: number for number, (person, _) in enumerate(pairs)}
    return sorted(pairs, key=lambda pair: (position[pair[0]], ROLE_ORDER[pair[1]]))


def _matching(user: User, words: str, model) -> list:
    """Partnership search limited to one kind of record (people or incidents), at most MATCH_LIMIT of them."""
    found: dict[uuid.UUID, object] = {}
    for source in search_sources(user, words):
        if source.column_descriptions[0]["entity"] is not model:
            continue
        if model is Person:
            source = source.options(selectinload(Person.addresses))
        for record in db.session.scalars(source.limit(MATCH_LIMIT + 1)).unique():
            found.setdefault(record.id, record)
    return list(found.values())[: MATCH_LIMIT + 1]


def matching_incidents(user: User, words: str) -> list[Incident]:
    """Incidents the user may see matching a reference, postcode or registration (MATCH_LIMIT + 1 at most)."""
    return _matching(user, words, Incident)


def matching_people(user: User, words: str) -> list[Person]:
    """People the user may see matching a name, email or phone number (MATCH_LIMIT + 1 at most)."""
    return _matching(user, words, Person)


def active_organisations() -> list[Organisation]:
    """Every active partner organisation: any of them may own an action on a case."""
    return list(
        db.session.scalars(select(Organisation).where(Organisation.is_active.is_(True)).order_by(Organisation.name))
    )


def officer_by_email(organisation_id: uuid.UUID, email: str) -> User | None:
    """An active officer of the organisation with this email address, if there is one."""
    return db.session.scalar(policy.members_of(organisation_id).where(func.lower(User.email) == email.strip().lower()))


def lead_officer_choices(user: User) -> list[User]:
    return list(db.session.scalars(policy.colleagues(user)))
