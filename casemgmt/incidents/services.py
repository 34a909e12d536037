"""Use cases for incidents: log one (with its people, place and vehicles in one go), edit it, link people.

Each takes the acting user, enforces the rules, audits and commits. Rule breaches raise ValidationFailed
with field names as dotted paths of the input (`people.0.person_id`), so pages and the API can both
place the message next to the right field.
"""

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select

from casemgmt.access import policy
from casemgmt.access.models import User
from casemgmt.access.sharing import RecordKind, Sharing
from casemgmt.access.sharing_services import lawful_basis_for_person, owner_team_for, share_new_record
from casemgmt.audit.services import record_event
from casemgmt.clock import uk_time
from casemgmt.db import utcnow
from casemgmt.editing import check_version, commit_edit
from casemgmt.extensions import db
from casemgmt.incidents.models import (
    Category,
    Incident,
    IncidentPerson,
    IncidentRole,
    IncidentSource,
    IncidentStatus,
    IncidentType,
    IncidentVehicle,
)
from casemgmt.incidents.references import next_reference
from casemgmt.leases.services import release_lease
from casemgmt.maps.geocoding import locate
from casemgmt.people.models import ConsentToShare, Person
from casemgmt.people.normalise import normalise_outcode, normalise_postcode
from casemgmt.people.queries import people_by_id
from casemgmt.people.services import (
    AddressInput,
    PersonInput,
    VehicleInput,
    create_person,
    find_or_create_address,
    find_or_create_vehicle,
    validate_person,
)
from casemgmt.service_errors import ValidationFailed

# Clocks differ a little between devices; an incident "now" on a phone must not be refused.
CLOCK_SKEW = timedelta(minutes=10)


@dataclass
class LocationInput:
    address: AddressInput | None = None
    latitude: float | None = None
    longitude: float | None = None
    description: str | None = None


@dataclass
class PersonLink:
    person_id: uuid.UUID
    role: IncidentRole


@dataclass
class NewPersonLink:
    person: PersonInput
    role: IncidentRole


@dataclass
class IncidentInput:
    occurred_at: datetime
    category: Category
    type_code: str
    narrative: str
    location: LocationInput
    hate_motivated: bool = False
    people: list[PersonLink] = field(default_factory=list)
    new_people: list[NewPersonLink] = field(default_factory=list)
    vehicles: list[VehicleInput] = field(default_factory=list)
    source: IncidentSource = IncidentSource.OFFICER


def incident_types(*, active_only: bool = True) -> list[IncidentType]:
    query = select(IncidentType).order_by(IncidentType.category, IncidentType.position)
    if active_only:
        query = query.where(IncidentType.is_active.is_(True))
    return list(db.session.scalars(query))


def _validate(actor: User, data: IncidentInput) -> tuple[IncidentType, dict[uuid.UUID, Person]]:
    errors: dict[str, str] = {}
    if data.occurred_at > utcnow() + CLOCK_SKEW:
        errors["occurred_at"] = "The date and time the incident happened must be in the past"
    incident_type = db.session.scalar(select(IncidentType).where(IncidentType.code == data.type_code))
    errors.update(_type_errors(incident_type, data.category))
    if not (data.narrative or "").strip():
        errors["description"] = "Describe what happened"
    errors.update(_location_errors(data.location))
    people = people_by_id(actor, [link.person_id for link in data.people])
    for number, link in enumerate(data.people):
        if link.person_id not in people:
            errors[f"people.{number}.person_id"] = "No person with this id, or you may not see them"
    for number, link in enumerate(data.new_people):
        try:
            validate_person(link.person, prefix=f"new_people.{number}.")
        except ValidationFailed as failure:
            errors.update(failure.errors)
    for number, vehicle in enumerate(data.vehicles):
        if not 2 <= len("".join(ch for ch in vehicle.registration.upper() if ch.isalnum())) <= 8:
            errors[f"vehicles.{number}.registration"] = "Enter a registration of 2 to 8 letters and numbers"
    if errors:
        raise ValidationFailed(errors)
    return incident_type, people


def _type_errors(incident_type: IncidentType | None, category: Category) -> dict[str, str]:
    if incident_type is None or not incident_type.is_active:
        return {"type": "Choose a type of incident from the list"}
    if incident_type.category != category:
        label = incident_type.category.label.lower()
        article = "an" if label[0] in "aeiou" else "a"
        return {"type": f"'{incident_type.label}' is {article} {label} type, not {category.label.lower()}"}
    return {}


def _location_errors(location: LocationInput) -> dict[str, str]:
    has_point = location.latitude is not None or location.longitude is not None
    if has_point and (location.latitude is None or location.longitude is None):
        return {"location": "Give both latitude and longitude, or neither"}
    if has_point and not (-90 <= location.latitude <= 90 and -180 <= location.longitude <= 180):
        return {"location": "Latitude must be between -90 and 90 and longitude between -180 and 180"}
    address = location.address
    postcode = address.postcode if address else None
    if postcode and normalise_postcode(postcode) is None and normalise_outcode(postcode) is None:
        return {"location.postcode": "Enter a UK postcode, like LE1 5WW, or a postcode district, like LE1"}
    if not has_point and (address is None or address.is_blank()) and not (location.description or "").strip():
        return {"location": "Say where it happened: an address, a postcode or a point on the map"}
    return {}


def _place_incident(incident: Incident, location: LocationInput) -> None:
    address = location.address
    incident.location_description = (location.description or "").strip() or None
    incident.address = find_or_create_address(address) if address else None
    if location.latitude is not None:
        placed = locate(latitude=location.latitude, longitude=location.longitude)
    elif incident.address is not None:
        placed = locate(postcode=incident.address.postcode or incident.address.outcode, town=incident.address.town)
    else:
        placed = None
    if placed is not None:
        incident.latitude, incident.longitude = placed.latitude, placed.longitude
        incident.location_precision, incident.district_code = placed.precision, placed.district_code


def create_incident(actor: User, data: IncidentInput, sharing: Sharing) -> Incident:
    """Log an incident with its people (existing or new, shared like the incident), place and vehicles.

    Raises ValidationFailed; nothing is written unless everything is valid.
    """
    incident_type, people = _validate(actor, data)
    owner_team = owner_team_for(actor, sharing.owner_team_id)
    for link in data.new_people:  # checked before anything is built: new people are shared like the incident
        consented = link.person.consent_to_share == ConsentToShare.GIVEN
        lawful_basis_for_person(sharing, owner_team.organisation_id, consented=consented)
    incident = Incident(
        id=uuid.uuid4(),
        version=1,
        reference=next_reference("ASB"),
        occurred_at=data.occurred_at,
        reported_at=utcnow(),
        category=data.category,
        incident_type=incident_type,
        hate_motivated=data.hate_motivated,
        source=data.source,
        reporting_organisation_id=owner_team.organisation_id,
        status=IncidentStatus.OPEN,
    )
    incident.narrative = data.narrative.strip()
    _place_incident(incident, data.location)
    share_new_record(actor, incident, RecordKind.INCIDENT, sharing, owner_team)
    links = {(link.person_id, link.role) for link in data.people}
    for link in data.new_people:
        person = create_person(actor, link.person, sharing, commit=False)
        links.add((person.id, link.role))
    incident.people = [IncidentPerson(person_id=person_id, role=role) for person_id, role in sorted(links, key=str)]
    vehicles = {find_or_create_vehicle(vehicle).id: None for vehicle in data.vehicles}
    incident.vehicles = [IncidentVehicle(vehicle_id=vehicle_id) for vehicle_id in vehicles]
    db.session.add(incident)
    record_event(
        "incident_created", actor=actor, object_type="incident", object_id=incident.id, detail=incident.reference
    )
    db.session.commit()
    return incident


def describe_incident(incident: Incident) -> dict[str, str]:
    return {
        "When": uk_time(incident.occurred_at).strftime("%d/%m/%Y %H:%M"),
        "Type": incident.incident_type.label,
        "Hate-motivated": "Yes" if incident.hate_motivated else "No",
        "Description": incident.narrative or "",
        "Status": incident.status.label,
    }


@dataclass
class IncidentChanges:
    occurred_at: datetime
    type_code: str
    hate_motivated: bool
    narrative: str
    status: IncidentStatus


def update_incident(actor: User, incident_id: uuid.UUID, expected_version: int, changes: IncidentChanges) -> Incident:
    """Edit the incident's core details over the version the editor read.

    Raises RecordNotFound, ValidationFailed or EditConflict (nothing written).
    """
    incident = policy.find_visible_incident(actor, incident_id)
    incident_type = db.session.scalar(select(IncidentType).where(IncidentType.code == changes.type_code))
    if incident_type is None:
        raise ValidationFailed({"type": "Choose a type of incident from the list"})
    if not changes.narrative.strip():
        raise ValidationFailed({"description": "Describe what happened"})
    if changes.occurred_at > utcnow() + CLOCK_SKEW:
        raise ValidationFailed({"occurred_at": "The date and time the incident happened must be in the past"})
    yours = {
        "When": uk_time(changes.occurred_at).strftime("%d/%m/%Y %H:%M"),
        "Type": incident_type.label,
        "Hate-motivated": "Yes" if changes.hate_motivated else "No",
        "Description": changes.narrative.strip(),
        "Status": changes.status.label,
    }
    check_version(incident, expected_version, describe_incident(incident), yours)
    incident.occurred_at, incident.incident_type = changes.occurred_at, incident_type
    incident.category, incident.hate_motivated = incident_type.category, changes.hate_motivated
    incident.narrative, incident.status = changes.narrative.strip(), changes.status
    incident.updated_by_id = actor.id
    record_event("incident_updated", actor=actor, object_type="incident", object_id=incident.id)
    release_lease(actor, RecordKind.INCIDENT, incident.id)
    commit_edit(incident, describe_incident, yours)
    return incident


def link_person_to_incident(actor: User, incident_id: uuid.UUID, link: PersonLink) -> None:
    """Add a known person to an incident in a role (doing nothing if they already hold it)."""
    incident = policy.find_visible_incident(actor, incident_id)
    if link.person_id not in people_by_id(actor, [link.person_id]):
        raise ValidationFailed({"person_id": "No person with this id, or you may not see them"})
    if any(p.person_id == link.person_id and p.role == link.role for p in incident.people):
        return
    incident.people.append(IncidentPerson(person_id=link.person_id, role=link.role))
    record_event(
        "incident_person_linked",
        actor=actor,
        object_type="incident",
        object_id=incident.id,
        detail=f"person {link.person_id} as {link.role.value}",
    )
    db.session.commit()
