"""Use cases for people, addresses and vehicles.

Services take the acting user, check the rules, write audit events and own the transaction (pass
`commit=False` when composing them inside another service, such as logging an incident).
"""

import uuid
from dataclasses import dataclass, field, fields
from datetime import date

from sqlalchemy import select

from casemgmt.access import policy
from casemgmt.access.models import User
from casemgmt.access.sharing import RecordKind, Sharing
from casemgmt.access.sharing_services import lawful_basis_for_person, owner_team_for, share_new_record
from casemgmt.audit.services import record_event
from casemgmt.editing import check_version, commit_edit
from casemgmt.extensions import db
from casemgmt.leases.services import release_lease
from casemgmt.maps.geocoding import locate
from casemgmt.matching.key_index import file_person
from casemgmt.people.addresses import find_matching_addresses
from casemgmt.people.models import (
    Address,
    ConsentToShare,
    LocationPrecision,
    Person,
    PersonAddress,
    PersonAlias,
    PersonVulnerability,
    Vehicle,
    Vulnerability,
)
from casemgmt.people.normalise import (
    address_line_key,
    name_key,
    normalise_postcode,
    normalise_registration,
    normalise_uprn,
    outcode_of,
    registration_key,
)
from casemgmt.service_errors import RecordNotFound, ValidationFailed


@dataclass
class AddressInput:
    line1: str | None = None
    line2: str | None = None
    town: str | None = None
    postcode: str | None = None
    uprn: str | None = None

    def is_blank(self) -> bool:
        return not any(getattr(self, item.name) for item in fields(self))


@dataclass
class PersonInput:
    forename: str
    surname: str
    date_of_birth: date | None = None
    phone: str | None = None
    email: str | None = None
    address: AddressInput | None = None
    vulnerabilities: list[Vulnerability] = field(default_factory=list)
    consent_to_share: ConsentToShare = ConsentToShare.NOT_ASKED
    # Other names they are known by, as (forename, surname); a forename may be blank.
    aliases: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class VehicleInput:
    registration: str
    make: str | None = None
    model: str | None = None
    colour: str | None = None


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def validate_person(data: PersonInput, prefix: str = "") -> None:
    """Raise ValidationFailed naming each problem; `prefix` places the names inside a larger form."""
    errors = {}
    if not name_key(data.forename):
        errors[prefix + "forename"] = "Enter a first name (or 'Unknown')"
    if not name_key(data.surname):
        errors[prefix + "surname"] = "Enter a last name (or 'Unknown')"
    if data.date_of_birth and data.date_of_birth > date.today():
        errors[prefix + "date_of_birth"] = "Date of birth must be in the past"
    if any(not name_key(surname) for _, surname in data.aliases):
        errors[prefix + "aliases"] = "Give each other name a last name"
    if data.address and data.address.postcode and normalise_postcode(data.address.postcode) is None:
        errors[prefix + "address.postcode"] = "Enter a full UK postcode, like LE1 5WW"
    if errors:
        raise ValidationFailed(errors)


def find_or_create_address(data: AddressInput) -> Address | None:
    """The known address this is (`addresses.find_matching_addresses`: the same UPRN, or the same first lines
    placed together by postcode or town), with any blanks it had filled in; else a new, geocoded one.

    A bare postcode or postcode district is an address too (no first line), so incidents located only
    by postcode are still found by a postcode search.
    """
    if data.is_blank():
        return None
    matches = find_matching_addresses(data.line1, data.town, data.postcode, data.uprn, line2=data.line2)
    if matches:
        return _fill_in_blanks(matches[0].address, data)
    postcode = normalise_postcode(data.postcode)
    address = Address(
        id=uuid.uuid4(),
        line1=_clean(data.line1),
        line2=_clean(data.line2),
        line_key=address_line_key(data.line1, data.line2),
        town=_clean(data.town),
        postcode=postcode,
        outcode=outcode_of(data.postcode),
        uprn=normalise_uprn(data.uprn),
    )
    place_address(address)
    db.session.add(address)
    return address


def _fill_in_blanks(address: Address, data: AddressInput) -> Address:
    """What the entered address adds to the one held (its postcode, town or UPRN, if it had none)."""
    postcode = normalise_postcode(data.postcode)
    if postcode and address.postcode is None:
        address.postcode, address.outcode = postcode, outcode_of(postcode)
    address.outcode = address.outcode or outcode_of(data.postcode)
    address.town = address.town or _clean(data.town)
    address.uprn = address.uprn or normalise_uprn(data.uprn)
    if address.precision in (LocationPrecision.NONE, LocationPrecision.PLACE):
        place_address(address)
    return address


def place_address(address: Address) -> None:
    location = locate(postcode=address.postcode, town=address.town)
    if location is not None:
        address.latitude, address.longitude = location.latitude, location.longitude
        address.precision, address.district_code = location.precision, location.district_code


def find_or_create_vehicle(data: VehicleInput) -> Vehicle:
    """One vehicle per registration, matched by `registration_key` ("AB12 C0E" is the known AB12COE); details
    already known are kept, blanks filled in. The registration as first typed is the one shown."""
    registration = normalise_registration(data.registration)
    key = registration_key(registration)
    same = db.session.scalars(select(Vehicle).where(Vehicle.registration_key == key).order_by(Vehicle.created_at))
    known = list(same)
    vehicle = next((item for item in known if item.registration == registration), known[0] if known else None)
    if vehicle is None:
        vehicle = Vehicle(id=uuid.uuid4(), registration=registration, registration_key=key)
        db.session.add(vehicle)
    for name in ("make", "model", "colour"):
        if getattr(vehicle, name) is None:
            setattr(vehicle, name, _clean(getattr(data, name)))
    return vehicle


def create_person(actor: User, data: PersonInput, sharing: Sharing, *, commit: bool = True) -> Person:
    """Create a person owned by the actor's team and shared as chosen; sharing them with another organisation
    records their consent or the lawful basis relied on. Raises ValidationFailed."""
    validate_person(data)
    owner_team = owner_team_for(actor, sharing.owner_team_id)
    consented = data.consent_to_share == ConsentToShare.GIVEN
    lawful_basis = lawful_basis_for_person(sharing, owner_team.organisation_id, consented=consented)
    person = Person(id=uuid.uuid4(), version=1)
    _apply_details(person, data)
    share_new_record(actor, person, RecordKind.PERSON, sharing, owner_team, lawful_basis=lawful_basis)
    db.session.add(person)
    record_event("person_created", actor=actor, object_type="person", object_id=person.id)
    if commit:
        db.session.commit()
    return person


def _apply_details(person: Person, data: PersonInput) -> None:
    person.set_names(data.forename, data.surname)
    person.date_of_birth = data.date_of_birth
    person.phone = _clean(data.phone)
    person.email = _clean(data.email)
    person.consent_to_share = data.consent_to_share
    person.vulnerabilities = [PersonVulnerability(marker=marker) for marker in dict.fromkeys(data.vulnerabilities)]
    person.aliases = [
        PersonAlias(forename=(forename or "").strip() or None, surname=surname.strip(), surname_key=name_key(surname))
        for forename, surname in dict.fromkeys(data.aliases)
    ]
    address = find_or_create_address(data.address) if data.address else None
    if address is not None and address is not person.current_address:
        for link in person.addresses:
            link.is_current = False
        person.addresses.append(PersonAddress(address=address, is_current=True))
    file_person(person)  # the duplicate lookup's keys follow the details


def describe_person(person: Person) -> dict[str, str]:
    """The editable details as a person would read them, for the conflict page."""
    address = person.current_address
    return {
        "Name": person.display_name,
        "Date of birth": person.date_of_birth.strftime("%d/%m/%Y") if person.date_of_birth else "",
        "Phone": person.phone or "",
        "Email": person.email or "",
        "Address": address.display if address else "",
        "Vulnerabilities": ", ".join(v.marker.label for v in person.vulnerabilities),
        "Consent to share": person.consent_to_share.label,
        "Other names": "; ".join(f"{a.forename or ''} {a.surname}".strip() for a in person.aliases),
    }


def update_person(actor: User, person_id: uuid.UUID, expected_version: int, data: PersonInput) -> Person:
    """Save new details over the version the editor read. Raises RecordNotFound, ValidationFailed, EditConflict."""
    person = db.session.scalar(policy.visible_people(actor).where(Person.id == person_id))
    if person is None:
        raise RecordNotFound()
    validate_person(data)
    yours = _preview(data)
    check_version(person, expected_version, describe_person(person), yours)
    _apply_details(person, data)
    person.updated_by_id = actor.id
    record_event("person_updated", actor=actor, object_type="person", object_id=person.id)
    release_lease(actor, RecordKind.PERSON, person.id)
    commit_edit(person, describe_person, yours)
    return person


def _preview(data: PersonInput) -> dict[str, str]:
    """What the editor's values would look like, without touching the stored record."""
    address = data.address
    return {
        "Name": f"{data.forename.strip()} {data.surname.strip()}",
        "Date of birth": data.date_of_birth.strftime("%d/%m/%Y") if data.date_of_birth else "",
        "Phone": (data.phone or "").strip(),
        "Email": (data.email or "").strip(),
        "Address": ", ".join(
            p for p in (address.line1, address.line2, address.town, normalise_postcode(address.postcode)) if p
        )
        if address
        else "",
        "Vulnerabilities": ", ".join(v.label for v in sorted(set(data.vulnerabilities))),
        "Consent to share": data.consent_to_share.label,
        "Other names": "; ".join(f"{forename or ''} {surname}".strip() for forename, surname in data.aliases),
    }
