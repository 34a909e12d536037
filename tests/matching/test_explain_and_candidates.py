"""Explanations a person can read, action bands, blocking and the live lookup."""

import numpy as np
import pytest

from casemgmt.matching.blocking import LARGEST_BLOCK, candidate_pairs
from casemgmt.matching.candidates import InMemoryPeopleIndex, blocking_keys, find_candidates
from casemgmt.matching.defaults import DEFAULT_MODEL
from casemgmt.matching.explain import band, explain, strength
from casemgmt.matching.fields import person_fields
from casemgmt.matching.table import PeopleTable

JOHN_SMITH = person_fields(
    id="john", forename="John", surname="Smith", date_of_birth="1990-03-02", postcode="LE11 3AB", phone="0116 496 0000"
)
OTHERS = [
    person_fields(id="mary", forename="Mary", surname="Smith", date_of_birth="1962-07-30", postcode="LE11 3AB"),
    person_fields(id="jon-jones", forename="Jon", surname="Jones", date_of_birth="1990-02-03", postcode="NG7 2RD"),
    person_fields(id="sam", forename="Samir", surname="Patel", date_of_birth="1985-11-11", postcode="LE5 1AA"),
]


def test_jon_smyth_finds_john_smith_and_names_the_swap_and_the_spelling():
    entered = person_fields(forename="Jon", surname="Smyth", date_of_birth="1990-02-03", postcode="LE11 3AB")
    # the four people stand for a partnership of 100,000 (in a tiny one, anyone with the same birthday is likely)
    index = InMemoryPeopleIndex([JOHN_SMITH, *OTHERS], population=100_000)
    candidates = find_candidates(entered, index, DEFAULT_MODEL)
    assert [candidate.person_id for candidate in candidates] == ["john"]
    lines = candidates[0].explanation.lines()
    assert "Forename: 'Jon' is a short form of 'John' — some evidence" in lines
    assert "Surname: similar and sounds the same, 'Smyth' and 'Smith' — some evidence" in lines
    assert "Date of birth: day and month swapped (03/02/1990, 02/03/1990) — strong evidence" in lines
    assert "Postcode: identical — strong evidence" in lines
    assert "Phone: not recorded — no evidence either way" in lines
    assert candidates[0].band in ("Very likely the same person", "Possibly the same person")


def test_a_different_postcode_is_evidence_against():
    other = person_fields(forename="John", surname="Smith", date_of_birth="1990-03-02", postcode="NG7 2RD")
    lines = explain(other, JOHN_SMITH, DEFAULT_MODEL, population=100_000).lines()
    assert "Postcode: different — evidence against" in lines
    assert "Date of birth: identical — strong evidence" in lines


def test_names_the_other_way_round_are_explained():
    other = person_fields(forename="Smith", surname="John", date_of_birth="1990-03-02")
    lines = explain(other, JOHN_SMITH, DEFAULT_MODEL).lines()
    assert lines[0] == "Forename: identical (forename and surname the other way round) — strong evidence"


@pytest.mark.parametrize(
    ("probability", "expected"),
    [
        (0.99, "Very likely the same person"),
        (0.95, "Very likely the same person"),
        (0.94, "Possibly the same person"),
        (0.5, "Possibly the same person"),
        (0.49, "Probably different"),
    ],
)
def test_bands(probability, expected):
    assert band(probability) == expected


def test_strength_words():
    assert [strength(weight) for weight in (8, 2, 0, -2, -9)] == [
        "strong evidence",
        "some evidence",
        "little evidence either way",
        "evidence against",
        "strong evidence against",
    ]


def test_the_person_being_edited_is_not_their_own_candidate():
    assert find_candidates(JOHN_SMITH, InMemoryPeopleIndex([JOHN_SMITH]), DEFAULT_MODEL) == []


def pairs_of(people) -> set[tuple[str, str]]:
    table = PeopleTable(people)
    left, right = candidate_pairs(table)
    return {(table.ids[a], table.ids[b]) for a, b in zip(left.tolist(), right.tolist(), strict=True)}


def test_blocking_brings_together_swaps_nicknames_and_crossed_names():
    people = [
        person_fields(id="1", forename="William", surname="Hughes", date_of_birth="1971-04-09", postcode="LE2 1AA"),
        person_fields(id="2", forename="Bill", surname="Hewes", date_of_birth="1971-09-04", postcode="LE3 9ZZ"),
        person_fields(id="3", forename="Hughes", surname="William"),
        person_fields(id="4", forename="Zara", surname="Quaye", date_of_birth="2001-01-01", postcode="NG1 1AA"),
    ]
    found = pairs_of(people)
    assert ("1", "2") in found  # birth date with day and month either way round
    assert ("1", "3") in found  # both names' sounds, in either order
    assert not any("4" in pair for pair in found)


def test_a_key_shared_by_too_many_people_is_skipped():
    shared = [person_fields(id=str(number), phone="07700 900000") for number in range(LARGEST_BLOCK + 1)]
    assert pairs_of(shared) == set()
    assert len(pairs_of(shared[:3])) == 3


def test_keys_are_the_same_for_the_batch_and_the_live_lookup():
    keys = blocking_keys(JOHN_SMITH)
    assert "birth_date:1990-2-3" in keys
    assert "phone:01164960000" in keys
    index = InMemoryPeopleIndex([JOHN_SMITH])
    assert index.people_with_keys(["birth_date:1990-2-3"]) == [JOHN_SMITH]
    assert np.all([index.people_with_keys([key]) == [JOHN_SMITH] for key in keys])
