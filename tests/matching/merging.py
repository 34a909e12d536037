"""Helpers for the merge tests: a snapshot of every row a merge can touch, and a merge as the officer saw it."""

from datetime import date

import pytest
from sqlalchemy import select

from casemgmt.db import Base
from casemgmt.extensions import db
from casemgmt.incidents.case_services import add_person_to_case
from casemgmt.incidents.models import IncidentRole
from casemgmt.incidents.services import PersonLink
from casemgmt.matching.merge_models import PersonMerge
from casemgmt.matching.merges import merge_people
from casemgmt.matching.models import CandidateStatus, PersonMatchCandidate
from casemgmt.people.models import Person, Vulnerability
from casemgmt.people.services import AddressInput, PersonInput, update_person

# What an undo must put back: every table a merge can touch, and the people themselves. A person's version,
# update time and last editor move on with each save (so a form opened before a merge or an undo is refused).
SNAPSHOT_TABLES = (
    "persons",
    "incident_people",
    "case_people",
    "person_addresses",
    "person_aliases",
    "person_vulnerabilities",
    "person_match_candidates",
    "person_match_keys",
    "addresses",
    "record_grants",
)
MOVES_ON_EACH_SAVE = {"version", "updated_at", "updated_by_id"}


def snapshot() -> dict[str, list[tuple]]:
    db.session.expire_all()
    tables = {}
    for name in SNAPSHOT_TABLES:
        table = Base.metadata.tables[name]
        columns = [column for column in table.columns if column.name not in MOVES_ON_EACH_SAVE]
        rows = db.session.execute(select(*columns)).all()
        tables[name] = sorted(tuple(str(value) for value in row) for row in rows)
    return tables


def address_input(line1: str, postcode: str) -> AddressInput:
    return AddressInput(line1=line1, postcode=postcode)


def candidate(person, other, status=CandidateStatus.OPEN) -> PersonMatchCandidate:
    row = PersonMatchCandidate(
        person_id=person.id,
        candidate_person_id=other.id,
        probability=0.9,
        band="possibly the same person",
        model_version="default",
        status=status,
    )
    db.session.add(row)
    return row


def merge(officer, survivor, merged, reason="Same date of birth and address") -> PersonMerge:
    return merge_people(
        officer, survivor.id, merged.id, {survivor.id: survivor.version, merged.id: merged.version}, reason
    )


@pytest.fixture
def two_records(partnership, factories):
    """Two records of Rita: the survivor (S) and the one merged into it (M), with links of every kind, some the
    same on both (which the merge removes from M) and some M's alone (which it moves)."""
    officer = partnership.officer
    survivor = factories.person(
        by=officer, forename="Rita", surname="Repeat", line1="1 Old Street", postcode="LE11 3AB"
    )
    merged = factories.person(by=officer, forename="Reeta", surname="Repeats", date_of_birth=date(1950, 1, 2))
    update_person(
        officer,
        survivor.id,
        survivor.version,
        PersonInput(
            forename="Rita",
            surname="Repeat",
            address=address_input("1 Old Street", "LE11 3AB"),
            aliases=[("Rita", "Smith")],
            vulnerabilities=[Vulnerability.MENTAL_HEALTH],
        ),
    )
    # M lived at S's address (now a previous one), then moved; one other name is S's too, one is M's alone.
    for address in (address_input("1 Old Street", "LE11 3AB"), address_input("2 New Road", "LE1 5WW")):
        update_person(
            officer,
            merged.id,
            db.session.get(Person, merged.id).version,
            PersonInput(
                forename="Reeta",
                surname="Repeats",
                date_of_birth=date(1950, 1, 2),
                address=address,
                aliases=[("Rita", "Smith"), ("R", "Jones")],
                vulnerabilities=[Vulnerability.MENTAL_HEALTH, Vulnerability.OLDER_PERSON],
            ),
        )
    shared = factories.incident(
        by=officer,
        people=[(survivor, IncidentRole.VICTIM), (merged, IncidentRole.VICTIM), (merged, IncidentRole.WITNESS)],
    )
    own = factories.incident(by=officer, people=[(merged, IncidentRole.PERPETRATOR)], type_code="graffiti")
    both_case = factories.case(by=officer, title="Both")
    own_case = factories.case(by=officer, title="M only")
    for case, person in ((both_case, survivor), (both_case, merged), (own_case, merged)):
        add_person_to_case(officer, case.id, PersonLink(person.id, IncidentRole.VICTIM))
    others = [factories.person(by=officer, forename="Other", surname=f"Person{n}") for n in range(3)]
    candidate(merged, survivor)  # the pair this merge settles
    candidate(merged, others[0])  # open: moves to S
    candidate(others[1], merged)  # S already has a pair with others[1]: removed
    candidate(survivor, others[1])
    candidate(merged, others[2], CandidateStatus.DISMISSED)  # settled: stays on M
    db.session.commit()
    return {
        "survivor": db.session.get(Person, survivor.id),
        "merged": db.session.get(Person, merged.id),
        "shared": shared,
        "own": own,
        "both case": both_case,
        "own case": own_case,
        "others": others,
    }
