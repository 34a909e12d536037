"""Reads for the merge pages and the merge notices on a person's page. None commits.

People come from the policy's scopes; a merge's own rows (who merged what, when and why) are read directly.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import distinct, func, select

from casemgmt.access import policy
from casemgmt.access.models import Team, User
from casemgmt.clock import uk_time
from casemgmt.extensions import db
from casemgmt.incidents.case_models import CasePerson
from casemgmt.incidents.models import IncidentPerson
from casemgmt.matching.merge_models import PersonMerge
from casemgmt.people.models import Person
from casemgmt.people.queries import find_people
from casemgmt.people.services import describe_person
from casemgmt.search.queries import SearchResult


def survivor_of(user: User, person_id: uuid.UUID) -> uuid.UUID:
    """The record a merged person went into, when the user may see the merged record; else RecordNotFound.
    (If that record was merged on in turn, its own page sends the reader on again.)"""
    return policy.find_merged_person(user, person_id).merged_into_id


def merge_choices(user: User, person: Person, words: str) -> list[SearchResult]:
    """People matching `words` whom the user may merge with `person` (visible to them, current, and owned by one
    of their teams), `person` left out."""
    found = [result for result in find_people(user, words) if result.id != person.id]
    if not found:
        return []
    ids = [result.id for result in found]
    mergeable = set(
        db.session.scalars(policy.mergeable_people(user).with_only_columns(Person.id).where(Person.id.in_(ids)))
    )
    return [result for result in found if result.id in mergeable]


@dataclass
class MergeNotice:
    """A merge into the record on the page: "NAME was merged into this record on DATE by WHO"."""

    merge_id: uuid.UUID
    merged_name: str
    merged_at: datetime
    merged_by: str
    reason: str
    may_undo: bool


def merges_into(user: User, person: Person) -> list[MergeNotice]:
    """The merges into `person` still in place, latest first, in one query. Only the latest may be undone (see
    `merges.find_undoable_merge`), and only by someone who may merge both records."""
    rows = db.session.execute(
        select(
            PersonMerge.id,
            Person.forename,
            Person.surname,
            Person.owner_team_id,
            PersonMerge.merged_at,
            User.full_name,
            PersonMerge.reason,
        )
        .join(Person, Person.id == PersonMerge.merged_id)
        .join(User, User.id == PersonMerge.merged_by_id)
        .where(PersonMerge.survivor_id == person.id, PersonMerge.undone_at.is_(None))
        .order_by(PersonMerge.merged_at.desc(), PersonMerge.id)
    ).all()
    may_merge_this = policy.may_merge_person(user, person)
    notices = []
    for row in rows:
        merge_id, forename, surname, _, merged_at, merged_by, reason = row
        latest = not notices
        may_undo = latest and may_merge_this and policy.may_merge_person(user, row)  # the row has owner_team_id
        notices.append(MergeNotice(merge_id, f"{forename} {surname}".strip(), merged_at, merged_by, reason, may_undo))
    return notices


@dataclass
class MergeSide:
    """One of the two records on the confirmation page, described for comparing with the other."""

    person: Person
    details: dict[str, str]


def merge_sides(first: Person, second: Person) -> list[MergeSide]:
    """Both records described side by side: their details, owners, and how many incidents and cases name them."""
    people = (first, second)
    ids = [person.id for person in people]
    incidents = _count_by_person(IncidentPerson.person_id, IncidentPerson.incident_id, ids)
    cases = _count_by_person(CasePerson.person_id, CasePerson.case_id, ids)
    owners = select(Team.id, Team.name).where(Team.id.in_([person.owner_team_id for person in people]))
    teams = dict(db.session.execute(owners).all())
    return [
        MergeSide(
            person,
            {
                **describe_person(person),
                "Owned by": teams.get(person.owner_team_id, ""),
                "Incidents": str(incidents.get(person.id, 0)),
                "Cases": str(cases.get(person.id, 0)),
                "Recorded": uk_time(person.created_at).strftime("%d/%m/%Y"),
            },
        )
        for person in people
    ]


def _count_by_person(person_column, record_column, person_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    """How many different records (incidents, cases) name each person, from a link table."""
    counts = select(person_column, func.count(distinct(record_column))).where(person_column.in_(person_ids))
    return dict(db.session.execute(counts.group_by(person_column)).all())
