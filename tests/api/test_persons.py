"""POST /persons and GET /persons/{id}: the services' rules, strict bodies, and 404 for what the caller may not see."""

import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from casemgmt.access.models import User
from casemgmt.access.sharing import RecordGrant, SharingScope
from casemgmt.audit.models import AuditEvent
from casemgmt.extensions import db
from casemgmt.people.models import Person
from tests.api.conftest import field_errors, problem
from tests.matching.merging import merge

FULL_PERSON = {
    "forename": "Jordan",
    "surname": "Smith",
    "date_of_birth": "1994-07-21",
    "address": {"line1": "12 Market Street", "town": "Loughborough", "postcode": "le113ep"},
    "phone": "07700 900123",
    "email": "Jordan.Smith@example.com",
    "vulnerabilities": ["mental_health"],
    "consent_to_share": "given",
    "sharing": {"scope": "partners", "organisations": ["leics-police"]},
}


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_create_a_person_stores_what_was_sent_and_answers_201_with_the_record(api, partnership):
    response = api.post("/api/v1/persons", json=FULL_PERSON, token=partnership.officer_token)
    assert response.status_code == 201 and response.mimetype == "application/json"
    body = response.get_json()
    person_id = uuid.UUID(body["id"])
    assert response.headers["Location"] == f"/api/v1/persons/{person_id}"

    db.session.expire_all()
    person = db.session.get(Person, person_id)
    assert (person.forename, person.surname, person.date_of_birth) == ("Jordan", "Smith", date(1994, 7, 21))
    assert person.phone == "07700 900123" and person.email == "Jordan.Smith@example.com"
    ciphertext = db.session.scalar(select(Person.phone_ciphertext).where(Person.id == person_id))
    assert "900123" not in ciphertext and "07700" not in ciphertext
    assert person.current_address.postcode == "LE11 3EP" and person.current_address.line1 == "12 Market Street"
    assert [item.marker.value for item in person.vulnerabilities] == ["mental_health"]
    assert person.owner_team_id == partnership.asb_team.id and person.created_by_id == partnership.officer.id
    assert person.sharing_scope == SharingScope.PARTNERS
    grants = db.session.scalars(select(RecordGrant.organisation_id).where(RecordGrant.record_id == person_id)).all()
    assert grants == [partnership.police.id]
    assert db.session.scalar(select(AuditEvent.actor_user_id).where(AuditEvent.action == "person_created")) == (
        partnership.officer.id
    )

    assert body == {
        "id": str(person_id),
        "forename": "Jordan",
        "surname": "Smith",
        "date_of_birth": "1994-07-21",
        "phone": "07700 900123",
        "email": "Jordan.Smith@example.com",
        "address": {
            "line1": "12 Market Street",
            "line2": None,
            "town": "Loughborough",
            "postcode": "LE11 3EP",
            "uprn": None,
            "display": "12 Market Street, Loughborough, LE11 3EP",
        },
        "aliases": [],
        "vulnerabilities": ["mental_health"],
        "consent_to_share": "given",
        "owner_organisation": "charnwood",
        "sharing_scope": "partners",
        "version": 1,
        "possible_duplicates": [],
    }


def test_read_a_person_returns_the_same_record_and_audits_the_view(api, partnership):
    created = api.post("/api/v1/persons", json=FULL_PERSON, token=partnership.officer_token)
    read = api.get(created.headers["Location"], token=partnership.officer_token)
    created_body = created.get_json()
    assert created_body.pop("possible_duplicates") == []
    assert read.status_code == 200 and read.get_json() == created_body
    shared_with_police = api.get(created.headers["Location"], token=partnership.pc_token)
    assert shared_with_police.status_code == 200
    views = db.session.execute(
        select(AuditEvent.actor_user_id, AuditEvent.object_type, AuditEvent.object_id, AuditEvent.detail).where(
            AuditEvent.action == "viewed"
        )
    ).all()
    person_id = created.get_json()["id"]
    assert sorted(views) == sorted(
        [(viewer.id, "person", person_id, "api") for viewer in (partnership.officer, partnership.pc)]
    )


def test_a_person_is_shared_with_the_callers_team_only_unless_they_choose_otherwise(api, partnership):
    minimal = api.post("/api/v1/persons", json={"forename": "A", "surname": "B"}, token=partnership.officer_token)
    assert minimal.get_json()["sharing_scope"] == "team"
    location = minimal.headers["Location"]
    assert api.get(location, token=partnership.officer_token).status_code == 200
    problem(api.get(location, token=partnership.colleague_token), 404)  # same organisation, other team

    organisation_wide = api.post(
        "/api/v1/persons",
        json={"forename": "C", "surname": "D", "sharing": {"scope": "organisation"}},
        token=partnership.officer_token,
    )
    assert api.get(organisation_wide.headers["Location"], token=partnership.colleague_token).status_code == 200
    problem(api.get(organisation_wide.headers["Location"], token=partnership.pc_token), 404)


def test_unknown_and_hidden_people_give_byte_identical_404s(api, partnership, factories):
    hidden = factories.person(by=partnership.pc)
    unknown = api.get(f"/api/v1/persons/{uuid.uuid4()}", token=partnership.officer_token)
    not_yours = api.get(f"/api/v1/persons/{hidden.id}", token=partnership.officer_token)
    problem(unknown, 404)
    assert not_yours.status_code == 404 and not_yours.data == unknown.data
    assert not_yours.headers["Content-Type"] == unknown.headers["Content-Type"]
    assert not db.session.scalar(select(func.count()).where(AuditEvent.action == "viewed"))


def test_police_people_need_current_vetting_for_non_police_callers(api, partnership, factories):
    shared = factories.person(by=partnership.pc, scope=SharingScope.PARTNERS, organisation_ids=[partnership.council.id])
    problem(api.get(f"/api/v1/persons/{shared.id}", token=partnership.officer_token), 404)
    officer = db.session.get(User, partnership.officer.id)
    officer.vetting_level, officer.vetting_expires_on = 2, date.today() + timedelta(days=30)
    db.session.commit()
    problem(api.get(f"/api/v1/persons/{shared.id}", token=partnership.officer_token), 428)  # and say why
    reason = {"X-Access-Reason": "Joint visit"}
    assert api.get(f"/api/v1/persons/{shared.id}", token=partnership.officer_token, headers=reason).status_code == 200


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"forename": 7, "surname": "Smith"}, {"forename": "Must be a string"}),
        ({"forename": "Jo"}, {"surname": "This field is required"}),
        ({"forename": "Jo", "surname": None}, {"surname": "This field is required"}),
        ({"forename": "Jo", "surname": ["Smith"]}, {"surname": "Must be a string"}),
        ({**FULL_PERSON, "date_of_birth": "21/07/1994"}, {"date_of_birth": "YYYY-MM-DD"}),
        ({**FULL_PERSON, "date_of_birth": "1994-02-30"}, {"date_of_birth": "YYYY-MM-DD"}),
        ({**FULL_PERSON, "date_of_birth": 19940721}, {"date_of_birth": "Must be a string"}),
        ({**FULL_PERSON, "address": ["12 Market Street"]}, {"address": "Must be a JSON object"}),
        ({**FULL_PERSON, "address": {"postcode": 11}}, {"address.postcode": "Must be a string"}),
        ({**FULL_PERSON, "address": {"house": "12"}}, {"address.house": "Unknown field"}),
        ({**FULL_PERSON, "phone": 7700900123}, {"phone": "Must be a string"}),
        ({**FULL_PERSON, "email": "not an email"}, {"email": "correct format"}),
        ({**FULL_PERSON, "vulnerabilities": ["tall"]}, {"vulnerabilities.0": "Must be one of"}),
        ({**FULL_PERSON, "vulnerabilities": "child"}, {"vulnerabilities": "Must be a list"}),
        ({**FULL_PERSON, "consent_to_share": "yes"}, {"consent_to_share": "'given'"}),
        ({**FULL_PERSON, "nickname": "JJ"}, {"nickname": "Unknown field"}),
        ({**FULL_PERSON, "forename": "x" * 101}, {"forename": "100 characters or fewer"}),
        ({**FULL_PERSON, "forename": "Jo\u0000"}, {"forename": "NUL"}),
        ({**FULL_PERSON, "sharing": "partners"}, {"sharing": "Must be a JSON object"}),
        ({**FULL_PERSON, "sharing": {"scope": "everyone"}}, {"sharing.scope": "'partners'"}),
        (
            {**FULL_PERSON, "sharing": {"scope": "partners", "organisations": ["nowhere"]}},
            {"sharing.organisations": "No organisation code nowhere"},
        ),
        (
            {**FULL_PERSON, "sharing": {"scope": "partners", "users": ["nobody@example.org"]}},
            {"sharing.users": "No user nobody@example.org"},
        ),
        (
            {**FULL_PERSON, "sharing": {"scope": "partners", "teams": ["not-a-uuid"]}},
            {"sharing.teams": "not a team id"},
        ),
        ({**FULL_PERSON, "sharing": {"scope": "partners"}}, {"sharing.organisations": "at least one"}),
        (
            {**FULL_PERSON, "sharing": {"scope": "team", "organisations": ["leics-police"]}},
            {"sharing.scope": "'partners'"},
        ),
        ({**FULL_PERSON, "sharing": {"owner_team": str(uuid.uuid4())}}, {"sharing.owner_team": "your own teams"}),
        # Rules the service applies once the body is well formed:
        ({**FULL_PERSON, "forename": "  "}, {"forename": "Enter a first name"}),
        ({**FULL_PERSON, "date_of_birth": (date.today() + timedelta(days=1)).isoformat()}, {"date_of_birth": "past"}),
        ({**FULL_PERSON, "address": {"postcode": "LE99 XYZ1"}}, {"address.postcode": "full UK postcode"}),
    ],
)
def test_each_kind_of_bad_input_is_a_400_naming_the_field(api, partnership, body, expected):
    errors = field_errors(api.post("/api/v1/persons", json=body, token=partnership.officer_token))
    assert set(errors) == set(expected), errors
    for field, fragment in expected.items():
        assert fragment in errors[field], (field, errors[field])
    assert _count(Person) == 0


@pytest.mark.parametrize(
    ("data", "content_type", "message"),
    [
        ("[]", "application/json", "Must be a JSON object"),
        ('"Jordan"', "application/json", "Must be a JSON object"),
        ("null", "application/json", "Must be a JSON object"),
        ('{"forename": "Jo", "surname": "Smith",', "application/json", "not valid JSON"),
        ('{"forename": "Jo", "surname": "Smith", "lat": NaN}', "application/json", "not valid JSON"),
        ('{"forename": "Jo", "forename": "Al", "surname": "S"}', "application/json", "'forename' appears more"),
        (b"\xff\xfe{", "application/json", "not valid JSON"),
        ("forename=Jo&surname=Smith", "application/x-www-form-urlencoded", "Content-Type: application/json"),
        ('{"forename": "Jo", "surname": "Smith"}', "text/plain", "Content-Type: application/json"),
    ],
    ids=["list", "string", "null", "truncated", "NaN", "duplicate key", "not UTF-8", "form", "text/plain"],
)
def test_a_body_that_is_not_a_json_object_is_a_400_about_the_body(api, partnership, data, content_type, message):
    response = api.post("/api/v1/persons", data=data, content_type=content_type, token=partnership.officer_token)
    errors = field_errors(response)
    assert list(errors) == [""] and message in errors[""]
    assert _count(Person) == 0


def test_every_problem_in_a_body_is_reported_at_once(api, partnership):
    body = {
        "forename": 1,
        "date_of_birth": "tomorrow",
        "address": {"line1": ["x"], "postcode": "LE1 5WW", "flat": "2"},
        "email": "@",
        "sharing": {"scope": "partners", "organisations": ["nowhere"]},
        "extra": True,
    }
    errors = field_errors(api.post("/api/v1/persons", json=body, token=partnership.officer_token))
    assert set(errors) == {
        "forename",
        "surname",
        "date_of_birth",
        "address.line1",
        "address.flat",
        "email",
        "sharing.organisations",
        "extra",
    }


def test_other_names_are_stored_and_returned(api, partnership):
    body = {
        "forename": "Jonathan",
        "surname": "Smith",
        "aliases": [{"forename": "Jonny", "surname": "Smyth"}, {"surname": "Smithers"}],
    }
    response = api.post("/api/v1/persons", json=body, token=partnership.officer_token)
    assert response.status_code == 201
    assert sorted(response.get_json()["aliases"], key=lambda alias: alias["surname"]) == [
        {"forename": None, "surname": "Smithers"},
        {"forename": "Jonny", "surname": "Smyth"},
    ]
    bad = api.post(
        "/api/v1/persons", json={**body, "aliases": [{"forename": "No surname"}]}, token=partnership.officer_token
    )
    assert bad.status_code == 400
    assert {"field": "aliases.0.surname", "message": bad.get_json()["errors"][0]["message"]} in bad.get_json()["errors"]


def test_a_merged_person_leads_on_to_the_record_kept_and_only_for_those_who_could_see_it(api, partnership, factories):
    kept = factories.person(by=partnership.officer, forename="John", surname="Smith")
    gone = factories.person(by=partnership.officer, forename="Jon", surname="Smith")
    merge(partnership.officer, kept, gone)

    answer = api.get(f"/api/v1/persons/{gone.id}", token=partnership.officer_token)
    assert answer.status_code == 301
    assert answer.headers["Location"] == f"/api/v1/persons/{kept.id}"
    assert answer.get_json() == {"merged_into": str(kept.id), "location": f"/api/v1/persons/{kept.id}"}

    # Someone who could not see the merged record learns nothing of it, or of where it went.
    police_records = factories.person(by=partnership.pc), factories.person(by=partnership.pc)
    merge(partnership.pc, *police_records)
    hidden = api.get(f"/api/v1/persons/{police_records[1].id}", token=partnership.officer_token)
    unknown = api.get(f"/api/v1/persons/{uuid.uuid4()}", token=partnership.officer_token)
    assert hidden.status_code == 404 and hidden.data == unknown.data
