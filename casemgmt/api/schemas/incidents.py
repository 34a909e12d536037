"""`POST /incidents`: when, what, where, who and which vehicles, read into IncidentInput and Sharing.

Incidents logged through the API get the source `api`.
"""

from typing import Any

from casemgmt.access.sharing import Sharing
from casemgmt.api.schemas.persons import POSTCODE_MAX, read_address
from casemgmt.api.schemas.reader import BODY, ObjectReader, raise_if_any
from casemgmt.api.schemas.sharing import read_sharing
from casemgmt.incidents.models import Category, IncidentRole, IncidentSource
from casemgmt.incidents.services import IncidentInput, LocationInput, PersonLink
from casemgmt.people.services import AddressInput, VehicleInput

NARRATIVE_MAX = 10_000
TYPE_CODE_MAX = 40
LOCATION_DESCRIPTION_MAX = 200
REGISTRATION_MAX = 20
MAKE_MAX = MODEL_MAX = 60
COLOUR_MAX = 40


def read_person_link(reader: ObjectReader) -> PersonLink | None:
    """`{"person_id": ..., "role": ...}`; None (with the problems recorded) when either is missing or bad."""
    person_id = reader.identifier("person_id", required=True)
    role = reader.choice("role", IncidentRole, required=True)
    reader.finish()
    return PersonLink(person_id, role) if person_id and role else None


def _read_location(reader: ObjectReader | None) -> LocationInput:
    if reader is None:
        return LocationInput()
    postcode = reader.text("postcode", max_length=POSTCODE_MAX)
    address_reader = reader.object("address")
    if address_reader is not None and "postcode" in address_reader.data:
        address_reader.text("postcode", max_length=POSTCODE_MAX)
        address_reader.fail("postcode", "Give the postcode as location.postcode")
    address = read_address(address_reader, with_postcode=False)
    location = LocationInput(
        latitude=reader.number("lat"),
        longitude=reader.number("lon"),
        description=reader.text("description", max_length=LOCATION_DESCRIPTION_MAX),
    )
    reader.finish()
    if postcode or address:
        location.address = address or AddressInput()
        location.address.postcode = postcode
    return location


def _read_vehicle(reader: ObjectReader) -> VehicleInput:
    vehicle = VehicleInput(
        registration=reader.text("registration", max_length=REGISTRATION_MAX, required=True) or "",
        make=reader.text("make", max_length=MAKE_MAX),
        model=reader.text("model", max_length=MODEL_MAX),
        colour=reader.text("colour", max_length=COLOUR_MAX),
    )
    reader.finish()
    return vehicle


def read_new_incident(body: Any) -> tuple[IncidentInput, Sharing]:
    """Raises ValidationFailed naming every problem with the body."""
    errors: dict[str, str] = {}
    reader = ObjectReader(body, BODY, errors)
    incident = IncidentInput(
        occurred_at=reader.timestamp("occurred_at", required=True),
        category=reader.choice("category", Category, required=True),
        type_code=reader.text("type", max_length=TYPE_CODE_MAX, required=True) or "",
        narrative=reader.text("description", max_length=NARRATIVE_MAX, required=True) or "",
        hate_motivated=reader.boolean("hate_motivated"),
        location=_read_location(reader.object("location", required=True)),
        people=[read_person_link(ObjectReader(item, name, errors)) for name, item in reader.items("people")],
        vehicles=[_read_vehicle(ObjectReader(item, name, errors)) for name, item in reader.items("vehicles")],
        source=IncidentSource.API,
    )
    sharing = read_sharing(reader)
    reader.finish()
    raise_if_any(errors)
    return incident, sharing
