"""Reads for the people pages. Every query starts from the policy's visible_* scopes and none commits.

A person's page costs a fixed number of queries however many incidents and cases they appear in: the
incidents are paged, and their roles, types and places come in the same few round trips.
"""

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from casemgmt.access import policy
from casemgmt.access.models import User
from casemgmt.access.sharing import RecordKind, SharingScope
from casemgmt.access.sharing_queries import owner_and_live_grants
from casemgmt.access.stubs import LinkedRecords, RecordStub
from casemgmt.extensions import db
from casemgmt.incidents.case_models import Case, CasePerson
from casemgmt.incidents.models import Incident, IncidentPerson, IncidentRole
from casemgmt.pagination import Page, paginate_ids, records_by_id
from casemgmt.people.models import Person
from casemgmt.search.queries import SearchResult, search

INCIDENTS_PER_PAGE = 25
# How many people a "find a person" box offers; more means the name needs more detail.
FIND_LIMIT = 20


# A person has a few of each, so they come joined in the person's own query: one round trip, not four. Made once,
# so the policy builds the statement once per user's access condition.
PERSON_DETAILS = policy.LoaderOptions(
    joinedload(Person.aliases), joinedload(Person.addresses), joinedload(Person.vulnerabilities)
)


def visible_person(user: User, person_id: uuid.UUID, *, with_details: bool = False) -> Person:
    """The person, if the user may see them; else RecordNotFound (hidden and missing look alike)."""
    if with_details:
        return policy.find_visible_person(user, person_id, PERSON_DETAILS)
    return policy.find_visible_person(user, person_id)


@dataclass
class IncidentForPerson:
    """One incident the person appears in: in full with their roles there, or a stub (`incident` None)."""

    incident: Incident | None
    roles: list[IncidentRole]
    stub: RecordStub | None = None


def incidents_of_person(user: User, person_id: uuid.UUID, page_number: int | None) -> Page:
    """One page (newest first) of every incident the person appears in: each the user may see with the person's
    roles there, each other one as a stub (its roles belong to it, so are not shown). Four queries at most."""
    appears_in = select(IncidentPerson.incident_id).where(IncidentPerson.person_id == person_id)
    every = policy.partnership_records(RecordKind.INCIDENT).where(Incident.id.in_(appears_in))
    page = paginate_ids(every.order_by(Incident.occurred_at.desc(), Incident.id), page_number, INCIDENTS_PER_PAGE)
    visible = records_by_id(policy.visible_incidents(user), page.items)
    stubs = policy.hidden_record_stubs(
        user, RecordKind.INCIDENT, [incident_id for incident_id in page.items if incident_id not in visible]
    )
    roles: dict[uuid.UUID, list[IncidentRole]] = {}
    if visible:
        links = db.session.execute(
            select(IncidentPerson.incident_id, IncidentPerson.role).where(
                IncidentPerson.person_id == person_id, IncidentPerson.incident_id.in_(list(visible))
            )
        )
        for incident_id, role in links:
            roles.setdefault(incident_id, []).append(role)
    order = list(IncidentRole)
    page.items = [
        IncidentForPerson(visible[incident_id], sorted(roles.get(incident_id, []), key=order.index))
        if incident_id in visible
        else IncidentForPerson(None, [], stubs[incident_id])
        for incident_id in page.items
        if incident_id in visible or incident_id in stubs
    ]
    return page


def cases_of_person(user: User, person_id: uuid.UUID) -> LinkedRecords:
    """The visible cases that name the person, newest first, and stubs of the others, by reference."""
    # Most people are in no case, so the ids are read first: the cases and stubs are asked for only if there are some.
    return linked_cases(
        user, list(db.session.scalars(select(CasePerson.case_id).where(CasePerson.person_id == person_id)))
    )


def linked_cases(user: User, ids: list[uuid.UUID]) -> LinkedRecords:
    """The cases among `ids`: those the user may see, newest first, and stubs of the rest (the cases asked for
    only when there are some, the stubs only when some are hidden)."""
    if not ids:
        return LinkedRecords([], [])
    cases = list(
        db.session.scalars(
            policy.visible_cases(user).where(Case.id.in_(ids)).order_by(Case.opened_at.desc(), Case.id)
        ).unique()
    )
    seen = {case.id for case in cases}
    stubs = policy.hidden_record_stubs(user, RecordKind.CASE, [case_id for case_id in ids if case_id not in seen])
    return LinkedRecords(cases, list(stubs.values()))


def people_by_id(user: User, person_ids: list[uuid.UUID]) -> dict[uuid.UUID, Person]:
    """The visible people among `person_ids` (hidden or unknown ones are simply absent)."""
    found = policy.visible_among(user, RecordKind.PERSON, set(person_ids))
    return {person.id: person for person in found}


def find_people(user: User, words: str) -> list[SearchResult]:
    """People the user may see matching a name, postcode, phone number or email, through the search."""
    if not (words or "").strip():
        return []
    page = search(user, words, 1, FIND_LIMIT, partnership_wide=False)
    return [result for result in page.results if result.kind == "person"]


# The sharing scope as a reader of the record (not its creator) would put it.
SCOPE_DESCRIPTIONS = {
    SharingScope.TEAM: "The owning team only",
    SharingScope.ORGANISATION: "Everyone in the owning organisation",
    SharingScope.PARTNERS: "The owning organisation and named partners",
}


@dataclass
class RecordSharing:
    owner_team: str
    owner_organisation: str
    scope_label: str
    shared_with: list[str]


def sharing_of(record, kind: RecordKind) -> RecordSharing:
    """Who owns a person, incident or case the user is looking at, and who else it is shared with now."""
    owner_team, owner_organisation, grants = owner_and_live_grants(record, kind)
    shared_with = list(dict.fromkeys(grant.grantee for grant in grants))
    return RecordSharing(owner_team, owner_organisation, SCOPE_DESCRIPTIONS[record.sharing_scope], shared_with)
