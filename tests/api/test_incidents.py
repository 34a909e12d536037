"""POST /incidents and GET /incidents/{id}: logged with source 'api', people the caller may not see stay hidden."""

import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from casemgmt.access.sharing import SharingScope
from casemgmt.extensions import db
from casemgmt.incidents.models import Incident, IncidentRole
from casemgmt.people.models import LocationPrecision
from tests.api.conftest import field_errors, problem

# 22:40 British Summer Time is 21:40 UTC.
OCCURRED = "2025-06-14T22:40:00+01:00"
OCCURRED_UTC = datetime(2025, 6, 14, 21, 40, tzinfo=UTC)
CHARNWOOD = "E07000130"  # Loughborough (LE11) is in Charnwood


def _incident(**changes) -> dict:
    body = {
        "occurred_at": OCCURRED,
        "category": "nuisance",
        "type": "noise",
        "description": "Loud music from the flat above until 3am, third night this week.",
        "location": {"postcode": "le11 3ep", "address": {"line1": "14 Market Street", "town": "Loughborough"}},
    }
    return {**body, **changes}


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Incident))


def test_log_an_incident_with_people_place_and_vehicles(api, partnership, factories):
    victim = factories.person(by=partnership.officer, forename="Vera", surname="Victim")
    suspect = factories.person(by=partnership.officer, forename="Sam", surname="Suspect")
    body = _incident(
        people=[
            {"person_id": str(victim.id), "role": "victim"},
            {"person_id": str(suspect.id), "role": "perpetrator"},
        ],
        vehicles=[{"registration": "ab12 cde", "make": "Ford", "model": "Fiesta", "colour": "Red"}],
        hate_motivated=True,
        sharing={"scope": "organisation"},
    )
    response = api.post("/api/v1/incidents", json=body, token=partnership.officer_token)
    assert response.status_code == 201, response.get_json()
    created = response.get_json()
    incident_id = uuid.UUID(created["id"])
    assert response.headers["Location"] == f"/api/v1/incidents/{incident_id}"
    assert re.fullmatch(rf"ASB-{datetime.now(UTC).year}-\d{{6}}", created["reference"])

    incident = db.session.get(Incident, incident_id)
    assert incident.reference == created["reference"]
    assert incident.occurred_at == OCCURRED_UTC
    assert incident.source.value == "api" and incident.status.value == "open"
    assert incident.category.value == "nuisance" and incident.incident_type.code == "noise"
    assert incident.hate_motivated is True
    assert incident.narrative == body["description"]
    ciphertext = db.session.scalar(select(Incident.narrative_ciphertext).where(Incident.id == incident_id))
    assert "Loud music" not in ciphertext
    assert incident.address.postcode == "LE11 3EP" and incident.address.line1 == "14 Market Street"
    assert incident.district_code == CHARNWOOD and incident.location_precision == LocationPrecision.OUTCODE
    assert {(link.person_id, link.role) for link in incident.people} == {
        (victim.id, IncidentRole.VICTIM),
        (suspect.id, IncidentRole.PERPETRATOR),
    }
    assert [link.vehicle.registration for link in incident.vehicles] == ["AB12CDE"]
    assert incident.owner_team_id == partnership.asb_team.id and incident.sharing_scope == SharingScope.ORGANISATION

    assert created["occurred_at"] == "2025-06-14T21:40:00+00:00"
    assert created["source"] == "api" and created["type"] == "noise" and created["hate_motivated"] is True
    assert created["location"]["postcode"] == "LE11 3EP"
    assert created["location"]["district_code"] == CHARNWOOD and created["location"]["precision"] == "outcode"
    assert created["people"] == [
        {"person_id": str(suspect.id), "display": "Sam Suspect", "role": "perpetrator"},
        {"person_id": str(victim.id), "display": "Vera Victim", "role": "victim"},
    ]
    assert created["vehicles"] == [{"registration": "AB12CDE", "make": "Ford", "model": "Fiesta", "colour": "Red"}]

    read = api.get(response.headers["Location"], token=partnership.colleague_token)
    assert read.status_code == 200 and read.get_json()["reference"] == created["reference"]


def test_an_incident_placed_by_a_point_is_exact_and_attributed_to_its_district(api, partnership):
    # The centre of Loughborough.
    body = _incident(location={"lat": 52.7721, "lon": -1.2062, "description": "Outside the town hall"})
    created = api.post("/api/v1/incidents", json=body, token=partnership.officer_token).get_json()
    assert created["location"] == {
        "address": None,
        "postcode": None,
        "description": "Outside the town hall",
        "display": "Outside the town hall",
        "lat": 52.7721,
        "lon": -1.2062,
        "precision": "exact",
        "district_code": CHARNWOOD,
    }


def test_people_the_reader_may_not_see_are_listed_as_restricted_without_id_or_name(api, partnership, factories):
    # The victim is the ASB team's alone; the incident is shared with the whole council.
    victim = factories.person(by=partnership.officer, forename="Hidden", surname="Victimname")
    witness = factories.person(
        by=partnership.officer, forename="Open", surname="Witness", scope=SharingScope.ORGANISATION
    )
    body = _incident(
        people=[{"person_id": str(victim.id), "role": "victim"}, {"person_id": str(witness.id), "role": "witness"}],
        sharing={"scope": "organisation"},
    )
    location = api.post("/api/v1/incidents", json=body, token=partnership.officer_token).headers["Location"]
    response = api.get(location, token=partnership.colleague_token)
    assert response.status_code == 200
    assert response.get_json()["people"] == [
        {"restricted": True, "role": "victim"},
        {"person_id": str(witness.id), "display": "Open Witness", "role": "witness"},
    ]
    assert b"Victimname" not in response.data and str(victim.id).encode() not in response.data
    owner_view = api.get(location, token=partnership.officer_token).get_json()
    assert {"person_id": str(victim.id), "display": "Hidden Victimname", "role": "victim"} in owner_view["people"]


def test_unknown_and_hidden_incidents_give_byte_identical_404s(api, partnership, factories):
    hidden_id = factories.incident(by=partnership.pc).id
    unknown = api.get(f"/api/v1/incidents/{uuid.uuid4()}", token=partnership.officer_token)
    not_yours = api.get(f"/api/v1/incidents/{hidden_id}", token=partnership.officer_token)
    problem(unknown, 404)
    assert not_yours.status_code == 404 and not_yours.data == unknown.data
    assert api.get(f"/api/v1/incidents/{hidden_id}", token=partnership.pc_token).status_code == 200


def _future() -> str:
    return (datetime.now(UTC) + timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"occurred_at": "2025-06-14 22:40"}, {"occurred_at": "time zone"}),
        ({"occurred_at": "2025-06-14T22:40:00"}, {"occurred_at": "time zone"}),
        ({"occurred_at": "2025-13-14T22:40:00Z"}, {"occurred_at": "time zone"}),
        ({"occurred_at": 1749937200}, {"occurred_at": "Must be a string"}),
        ({"occurred_at": None}, {"occurred_at": "required"}),
        ({"category": "loud"}, {"category": "'nuisance'"}),
        ({"category": "environmental"}, {"type": "'Noise' is a nuisance type, not environmental"}),
        ({"type": "shouting"}, {"type": "Choose a type of incident from the list"}),
        ({"type": ["noise"]}, {"type": "Must be a string"}),
        ({"description": "   "}, {"description": "Describe what happened"}),
        ({"description": None}, {"description": "required"}),
        ({"hate_motivated": "yes"}, {"hate_motivated": "true or false"}),
        ({"location": None}, {"location": "required"}),
        ({"location": ["LE11 3EP"]}, {"location": "Must be a JSON object"}),
        ({"location": {}}, {"location": "Say where it happened"}),
        ({"location": {"lat": 52.77}}, {"location": "both latitude and longitude"}),
        ({"location": {"lat": "52.77", "lon": "-1.2"}}, {"location.lat": "number", "location.lon": "number"}),
        ({"location": {"lat": True, "lon": -1.2}}, {"location.lat": "Must be a number"}),
        ({"location": {"lat": 152.7, "lon": -1.2}}, {"location": "between -90 and 90"}),
        ({"location": {"postcode": "nowhere"}}, {"location.postcode": "Enter a UK postcode"}),
        ({"location": {"address": {"postcode": "LE11 3EP"}}}, {"location.address.postcode": "location.postcode"}),
        ({"location": {"postcode": "LE11", "grid": "SK"}}, {"location.grid": "Unknown field"}),
        ({"people": {"person_id": "x"}}, {"people": "Must be a list"}),
        ({"people": ["not-an-object"]}, {"people.0": "Must be a JSON object"}),
        ({"people": [{"person_id": "123", "role": "victim"}]}, {"people.0.person_id": "Must be an id"}),
        (
            {"people": [{"person_id": str(uuid.UUID(int=1)), "role": "bystander"}]},
            {"people.0.role": "'victim'"},
        ),
        (
            {"people": [{"person_id": str(uuid.UUID(int=1)), "role": "victim"}]},
            {"people.0.person_id": "No person with this id, or you may not see them"},
        ),
        ({"vehicles": [{"registration": "A"}]}, {"vehicles.0.registration": "2 to 8 letters"}),
        ({"vehicles": [{"make": "Ford"}]}, {"vehicles.0.registration": "required"}),
        ({"vehicles": [{"registration": "AB12CDE", "wheels": 4}]}, {"vehicles.0.wheels": "Unknown field"}),
        (
            {"sharing": {"scope": "partners", "organisations": ["leics-police", "atlantis"]}},
            {"sharing.organisations": "No organisation code atlantis"},
        ),
        ({"source": "police_system"}, {"source": "Unknown field"}),
    ],
)
def test_each_kind_of_bad_input_is_a_400_naming_the_field(api, partnership, changes, expected):
    errors = field_errors(api.post("/api/v1/incidents", json=_incident(**changes), token=partnership.officer_token))
    assert set(errors) == set(expected), errors
    for field, fragment in expected.items():
        assert fragment in errors[field], (field, errors[field])
    assert _count() == 0


def test_an_incident_in_the_future_is_refused(api, partnership):
    errors = field_errors(
        api.post("/api/v1/incidents", json=_incident(occurred_at=_future()), token=partnership.officer_token)
    )
    assert errors == {"occurred_at": "The date and time the incident happened must be in the past"}


def test_a_person_the_caller_cannot_see_is_refused_by_position(api, partnership, factories):
    mine = factories.person(by=partnership.officer)
    theirs = factories.person(by=partnership.pc)
    body = _incident(
        people=[{"person_id": str(mine.id), "role": "victim"}, {"person_id": str(theirs.id), "role": "perpetrator"}]
    )
    errors = field_errors(api.post("/api/v1/incidents", json=body, token=partnership.officer_token))
    assert errors == {"people.1.person_id": "No person with this id, or you may not see them"}
    assert _count() == 0
