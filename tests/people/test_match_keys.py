"""Match keys: the first lines of an address, a UPRN and a registration as they are compared, and search by
registration reading O as 0 and I as 1."""

import pytest

from casemgmt.people.normalise import address_line_key, normalise_uprn, registration_key


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("12 High St", "12 high street"),
        ("12, High Street.", "12 high street"),
        ("No. 12 High Street", "12 high street"),
        ("12 St Mary's St", "12 saint marys street"),  # "St" ending a part is Street, anywhere else Saint
        ("St Peter's Rd", "saint peters road"),
        ("12A Ashby Rd", "12a ashby road"),
        ("12 a Ashby Road", "12a ashby road"),
        ("Flat 3, 12 Church Ln", "flat 3 12 church lane"),
        ("4 The Gdns", "4 the gardens"),
        ("7 Meadow Cl", "7 meadow close"),
        ("", ""),
    ],
)
def test_address_line_keys(typed, key):
    assert address_line_key(typed) == key


def test_line_two_is_read_with_line_one():
    assert address_line_key("Flat 3", "12 Church Lane") == address_line_key("Flat 3, 12 Church Ln")
    assert address_line_key("12 High Street") != address_line_key("14 High Street")


@pytest.mark.parametrize(
    ("typed", "uprn"), [("000100012345", "100012345"), (" 1000 1234 5 ", "100012345"), ("", None), (None, None)]
)
def test_uprns(typed, uprn):
    assert normalise_uprn(typed) == uprn


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("ab12 coe", "AB12C0E"),
        ("AB12 C0E", "AB12C0E"),
        ("AI12 CDE", "A112CDE"),
        ("A112CDE", "A112CDE"),
        ("A812 CDE", "A812CDE"),  # B and 8 are not folded: A812CDE is not AB12CDE
        ("AB12CDE", "AB12CDE"),
    ],
)
def test_registration_keys(typed, key):
    assert registration_key(typed) == key


def test_search_by_registration_reads_o_as_0_and_i_as_1(officer_client, partnership, factories):
    incident = factories.incident(by=partnership.officer, vehicles=["AB12 COE"])
    other = factories.incident(by=partnership.officer, vehicles=["A812 CDE"])

    def found(words):
        page = officer_client.page(f"/search?q={words}")
        return {link["href"] for link in page.select("main a[href^='/incidents/']")}

    assert found("AB12C0E") == found("ab12coe") == {f"/incidents/{incident.id}"}
    assert found("AB12CDE") == set()  # B and 8 are not confused
    assert found("A812CDE") == {f"/incidents/{other.id}"}
