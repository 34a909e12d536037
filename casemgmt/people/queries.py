"""Reads for the people pages. Every query starts from the policy's visible_* scopes and none commits.

A person's page costs a fixed number of queries however many incidents and cases they appear in: the
incidents are paged, and their roles, types and places come in the same few round trips.
"""

import uuid
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import aliased, joinedload

from casemgmt.access import policy
from casemgmt.access.models import Organisation, Team, User
from casemgmt.access.sharing import RecordGrant, RecordKind, SharingScope
from casemgmt.db import utcnow
from casemgmt.extensions import db
from casemgmt.incidents.case_models import Case, CasePerson
from casemgmt.incidents.models import Incident, IncidentPerson, IncidentRole
from casemgmt.pagination import Page, paginate
from casemgmt.people.models import Person
from casemgmt.search.queries import SearchResult, search

INCIDENTS_PER_PAGE = 25
# How many people a "find a person" box offers; more means the name needs more detail.
FIND_LIMIT = 20


def visible_person(user: User, person_id: uuid.UUID, *, with_details: bool = False) -> Person:
    """The person, if the user may see them; else RecordNotFound (hidden and missing look alike)."""
    # A person has a few of each, so they come joined in the person's own query: one round trip, not four.
    details = (joinedload(Person.aliases), joinedload(Person.addresses), joinedload(Person.vulnerabilities))
    return policy.find_visible_person(user, person_id, *(details if with_details else ()))


@dataclass
class IncidentForPerson:
    incident: Incident
    roles: list[IncidentRole]


def incidents_of_person(user: User, person_id: uuid.UUID, page_number: int | None) -> Page:
    """One page (newest first) of the visible incidents the person appears in, each with their roles there."""
    appears_in = select(IncidentPerson.incident_id).where(IncidentPerson.person_id == person_id)
    query = (
        policy.visible_incidents(user)
        .where(Incident.id.in_(appears_in))
        .order_by(Incident.occurred_at.desc(), Incident.id)
    )
    page = paginate(query, page_number, INCIDENTS_PER_PAGE)
    roles: dict[uuid.UUID, list[IncidentRole]] = {}
    if page.items:
        links = db.session.execute(
            select(IncidentPerson.incident_id, IncidentPerson.role).where(
                IncidentPerson.person_id == person_id,
                IncidentPerson.incident_id.in_([incident.id for incident in page.items]),
            )
        )
        for incident_id, role in links:
            roles.setdefault(incident_id, []).append(role)
    order = list(IncidentRole)
    page.items = [
        IncidentForPerson(incident, sorted(roles.get(incident.id, []), key=order.index)) for incident in page.items
    ]
    return page


def cases_of_person(user: User, person_id: uuid.UUID) -> list[Case]:
    """The visible cases that name the person, newest first."""
    named_in = select(CasePerson.case_id).where(CasePerson.person_id == person_id)
    return list(
        db.session.scalars(
            policy.visible_cases(user).where(Case.id.in_(named_in)).order_by(Case.opened_at.desc(), Case.id)
        ).unique()
    )


def people_by_id(user: User, person_ids: list[uuid.UUID]) -> dict[uuid.UUID, Person]:
    """The visible people among `person_ids` (hidden or unknown ones are simply absent)."""
    if not person_ids:
        return {}
    found = db.session.scalars(policy.visible_people(user).where(Person.id.in_(set(person_ids))))
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
    owner_team, owner_organisation = db.session.execute(
        select(Team.name, Organisation.name)
        .join(Organisation, Organisation.id == Team.organisation_id)
        .where(Team.id == record.owner_team_id)
    ).one()
    now = utcnow()
    team, team_organisation, user_organisation = aliased(Team), aliased(Organisation), aliased(Organisation)
    grantees = db.session.execute(
        select(Organisation.name, team.name, team_organisation.name, User.full_name, user_organisation.name)
        .select_from(RecordGrant)
        .outerjoin(Organisation, Organisation.id == RecordGrant.organisation_id)
        .outerjoin(team, team.id == RecordGrant.team_id)
        .outerjoin(team_organisation, team_organisation.id == team.organisation_id)
        .outerjoin(User, User.id == RecordGrant.user_id)
        .outerjoin(user_organisation, user_organisation.id == User.organisation_id)
        .where(
            RecordGrant.record_id == record.id,
            RecordGrant.record_kind == kind,
            RecordGrant.revoked_at.is_(None),
            or_(RecordGrant.expires_at.is_(None), RecordGrant.expires_at > now),
        )
        .order_by(RecordGrant.created_at)
    )
    shared_with: list[str] = []
    for organisation, team_name, team_of, user_name, user_of in grantees:
        if organisation:
            name = organisation
        elif team_name:
            name = f"{team_name}, {team_of}"
        else:
            name = f"{user_name}, {user_of}"
        if name not in shared_with:
            shared_with.append(name)
    return RecordSharing(owner_team, owner_organisation, SCOPE_DESCRIPTIONS[record.sharing_scope], shared_with)
