"""Each comparison level, with expectations worked out by hand."""

import numpy as np
import pytest
from rapidfuzz.distance import JaroWinkler

from casemgmt.matching.comparisons import similarity
from casemgmt.matching.fields import BirthDate, address_key, postcode_key
from tests.matching.helpers import level, levels_of


def test_jaro_winkler_of_martha_and_marhta():
    # 6 matching letters, one transposition (TH/HT): Jaro = (6/6 + 6/6 + 5/6) / 3 = 0.9444;
    # common prefix MAR (3): 0.9444 + 3 * 0.1 * (1 - 0.9444) = 0.9611.
    assert similarity(np.array(["martha"]), np.array(["marhta"]))[0] == pytest.approx(0.9611, abs=1e-4)


def test_jaro_winkler_of_lampley_and_campley():
    # 6 of 7 letters match in place, no transpositions, no common prefix: (6/7 + 6/7 + 1) / 3 = 0.9048.
    assert JaroWinkler.similarity("lampley", "campley") == pytest.approx(0.9048, abs=1e-4)


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("John", "john ", "exact"),
        ("Jon", "John", "variant"),  # listed as a short form
        ("Peggy", "Margaret", "variant"),
        ("Bill", "William", "variant"),
        ("Dwayne", "Duane", "variant"),  # JW 0.84 alone would say "different"
        ("Martha", "Marhta", "close"),  # JW 0.961, and they sound different (MR0 / MRT)
        ("Lampley", "Campley", "similar"),  # JW 0.905, sounds differ (LMPL / KMPL)
        ("Martha", "Susan", "different"),
        ("", "John", None),
    ],
)
def test_forename_levels(first, second, expected):
    assert level("forename", {"forename": first}, {"forename": second}) == expected


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("O'Brien", "obrien", "exact"),
        ("Smyth", "Smith", "sounds_alike"),  # JW 0.893 < 0.92, both SM0
        ("Thompson", "Thomson", "close"),  # JW 0.975
        ("Lampley", "Campley", "similar"),
        ("Patel", "Jones", "different"),
        ("Patel", "", None),
    ],
)
def test_surname_levels(first, second, expected):
    assert level("surname", {"surname": first}, {"surname": second}) == expected


def test_names_entered_the_wrong_way_round_are_compared_crossed():
    found = levels_of({"forename": "Kaur", "surname": "Harpreet"}, {"forename": "Harpreet", "surname": "Kaur"})
    assert (found["forename"], found["surname"]) == ("exact", "exact")


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("1990-02-03", "1990-02-03", "exact"),
        ("1990-02-03", "1990-03-02", "day_month_swapped"),
        ("1990-03-03", "1990-03-03", "exact"),
        ("1990-02-03", "1991-02-03", "one_part_differs"),  # a typo in the year
        ("1990-02-03", "1990-02-13", "one_part_differs"),
        ("1990", "1990-02-03", "partial"),  # only the year recorded, and it agrees
        ("1990-02", "1990-02-03", "partial"),
        ("1990", "1991-02-03", "different"),
        ("1990-02-03", "1985-07-21", "different"),
        ("1990-02-03", "1991-03-02", "different"),  # swapped but the year differs too: two parts off
        ("", "1990-02-03", None),
    ],
)
def test_date_of_birth_levels(first, second, expected):
    assert level("date_of_birth", {"date_of_birth": first}, {"date_of_birth": second}) == expected


def test_birth_date_keeps_parts_of_an_impossible_date_and_rejects_other_shapes():
    assert BirthDate.parse("19900231") == BirthDate(1990, 2, 31)
    assert BirthDate.parse("1990-02-03").display() == "03/02/1990"
    assert BirthDate.parse("1990").display() == "??/??/1990"
    for bad in ("03/02/1990", "1990-13-01", "1990-02-32", "soon"):
        with pytest.raises(ValueError, match="YYYY-MM-DD"):
            BirthDate.parse(bad)


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("LE11 3AB", "le113ab", "exact"),
        ("LE11 3AB", "LE11 3XY", "same_sector"),
        ("LE11 3AB", "LE11 5QQ", "same_district"),
        ("2615", "2651", "one_character"),  # a transposition in a code that is not a UK postcode
        ("LE11 3AB", "LE1 3AB", "one_character"),
        ("LE11 3AB", "NG7 2RD", "different"),
        ("LE11 3AB", "", None),
    ],
)
def test_postcode_levels(first, second, expected):
    assert level("postcode", {"postcode": first}, {"postcode": second}) == expected


def test_postcode_and_address_normalisation():
    assert postcode_key(" le11 3ab") == "LE11 3AB"
    assert postcode_key("2615 ") == "2615"
    assert address_key("12, Ashby Rd.") == "12 ashby road"


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("12 Ashby Rd", "12 ashby road", "exact"),
        ("12 Ashby Road", "12 Ashbey Road", "close"),
        ("12 Ashby Road", "14 Ashby Road", "similar"),  # a neighbour's home: never "close"
        ("12 Ashby Road", "Flat 3, Granby Court", "different"),
    ],
)
def test_address_levels(first, second, expected):
    assert level("address", {"address_line": first}, {"address_line": second}) == expected


def test_phone_and_email_compare_normalised_and_exactly():
    found = levels_of(
        {"phone": "+44 (0)116 496 0000", "email": "Jo@Example.org "},
        {"phone": "0116 4960000", "email": "jo@example.org"},
    )
    assert (found["phone"], found["email"]) == ("exact", "exact")
    found = levels_of({"phone": "0116 496 0000", "email": ""}, {"phone": "0116 496 0001", "email": "jo@example.org"})
    assert (found["phone"], found["email"]) == ("different", None)
