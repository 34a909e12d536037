"""Canonical forms: the same name, postcode or registration typed differently compares equal."""

import pytest

from casemgmt.people.normalise import name_key, normalise_outcode, normalise_postcode, normalise_registration


@pytest.mark.parametrize(
    ("typed", "key"),
    [("O'Brien", "obrien"), ("  Zoë  Smith-Jones ", "zoe smith jones"), ("MCDONALD", "mcdonald"), ("", "")],
)
def test_name_keys(typed, key):
    assert name_key(typed) == key


@pytest.mark.parametrize(
    ("typed", "postcode"),
    [("le113ab", "LE11 3AB"), (" LE1  5WW ", "LE1 5WW"), ("SW1A1AA", "SW1A 1AA"), ("LE11", None), ("12345", None)],
)
def test_postcodes(typed, postcode):
    assert normalise_postcode(typed) == postcode


def test_outcodes():
    assert normalise_outcode("le11") == "LE11"
    assert normalise_outcode("LE11 3AB") is None


def test_registrations():
    assert normalise_registration("ab12 cde") == "AB12CDE"
    assert normalise_registration(" AB-12-CDE ") == "AB12CDE"
