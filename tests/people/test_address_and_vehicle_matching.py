"""Places and vehicles entered again are the ones already held: addresses by normalised first lines placed by
postcode or town (a UPRN decides), vehicles by registration with O/0 and I/1 read alike."""

from sqlalchemy import func, select

from casemgmt.extensions import db
from casemgmt.people.addresses import (
    SAME_DISTRICT,
    SAME_LINES,
    SAME_POSTCODE,
    SAME_TOWN,
    SAME_UPRN,
    find_matching_addresses,
)
from casemgmt.people.models import Address, Vehicle
from casemgmt.people.services import AddressInput, VehicleInput, find_or_create_address, find_or_create_vehicle


def address(**typed) -> Address:
    found = find_or_create_address(AddressInput(**typed))
    db.session.commit()
    return found


def address_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Address))


def test_the_same_address_typed_differently_is_one_row(app):
    first = address(line1="12 High St", postcode="le11 3ab")
    assert address(line1="12, High Street.", postcode="LE11 3AB", town="Loughborough").id == first.id
    assert address(line1="14 High Street", postcode="LE11 3AB").id != first.id  # another house
    assert address(line1="12 High Street", postcode="LE11 3AD").id != first.id  # another postcode
    assert address_count() == 3
    assert first.town == "Loughborough"  # what the second entry added


def test_a_uprn_decides(app):
    first = address(line1="Flat 2, Carlton House", postcode="LE1 5WW", uprn="100012345")
    assert find_matching_addresses("Carlton Hse", None, None, "000100012345")[0].reason == SAME_UPRN
    assert address(line1="Carlton House, flat 2", uprn="100012345").id == first.id  # other words, same UPRN
    other = address(line1="Flat 2, Carlton House", postcode="LE1 5WW", uprn="100099999")
    assert other.id != first.id  # the same words, but another property
    # Known without a UPRN: the first entry with one is matched by its words and gives it the UPRN.
    plain = address(line1="9 Mill Lane", postcode="LE2 1AA")
    assert address(line1="9 Mill Ln", postcode="LE2 1AA", uprn="200000001").id == plain.id
    assert plain.uprn == "200000001"


def test_what_places_two_addresses_together(app):
    with_postcode = address(line1="3 Park Road", town="Melton Mowbray", postcode="LE13 1AA")
    assert find_matching_addresses("3 Park Rd", "Melton Mowbray", None, None)[0].reason == SAME_TOWN
    assert find_matching_addresses("3 Park Rd", None, "LE13", None)[0].reason == SAME_DISTRICT
    assert find_matching_addresses("3 Park Rd", None, "LE13 1AA", None)[0].reason == SAME_POSTCODE
    assert find_matching_addresses("3 Park Rd", "Oakham", None, None) == []  # another town's Park Road
    assert find_matching_addresses("3 Park Rd", None, None, None) == []  # every town has a Park Road
    bare = address(line1="3 Park Road")
    assert bare.id != with_postcode.id
    assert [match.reason for match in find_matching_addresses("3 Park Rd", None, None, None)] == [SAME_LINES]
    # Typed with a town, the one held with its postcode in that town is found; the bare one says nothing of it.
    assert address(line1="3 Park Rd", town="melton mowbray").id == with_postcode.id


def test_a_bare_postcode_is_one_address(app):
    first = address(postcode="LE11 3AB")
    assert address(postcode="le113ab").id == first.id
    assert address(postcode="LE11").id != first.id
    assert address(postcode="LE11").id == address(postcode="le11").id


def test_addresses_entered_for_people_and_incidents_are_reused(partnership, factories):
    person = factories.person(by=partnership.officer, line1="4 Ashby Rd", postcode="LE11 3AB")
    other = factories.person(by=partnership.officer, surname="Other", line1="4 Ashby Road", postcode="le11 3ab")
    incident = factories.incident(by=partnership.officer, line1="4, Ashby Road", postcode="LE11 3AB")
    assert person.current_address.id == other.current_address.id == incident.address_id
    assert address_count() == 1


def test_a_registration_typed_with_0_for_o_is_the_same_vehicle(app):
    first = find_or_create_vehicle(VehicleInput(registration="AB12 COE", make="Ford"))
    db.session.commit()
    again = find_or_create_vehicle(VehicleInput(registration="ab12c0e", colour="Red"))
    db.session.commit()
    assert again.id == first.id
    assert (again.registration, again.make, again.colour) == ("AB12COE", "Ford", "Red")  # as first typed
    assert find_or_create_vehicle(VehicleInput(registration="A812 COE")).id != first.id
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Vehicle)) == 2
