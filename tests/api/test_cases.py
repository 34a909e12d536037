"""Cases through the API: open one, add incidents, people and actions; hidden cases and records stay hidden."""

import re
import uuid
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from casemgmt.access.sharing import RecordGrant, SharingScope
from casemgmt.extensions import db
from casemgmt.incidents.case_models import Case, CaseAction, CaseIncident, CasePerson
from casemgmt.incidents.models import IncidentRole
from tests.api.conftest import field_errors, problem


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_open_a_case_grouping_incidents_and_people(api, partnership, factories):
    first = factories.incident(by=partnership.officer)
    second = factories.incident(by=partnership.officer, type_code="graffiti")
    victim = factories.person(by=partnership.officer, forename="Vera", surname="Victim")
    body = {
        "title": "Noise from 14 Market Street",
        "summary": "Repeated late-night noise reported by the neighbour below.",
        "risk_level": "medium",
        "lead_officer": partnership.colleague.email.upper(),
        "incidents": [str(first.id), str(second.id)],
        "people": [{"person_id": str(victim.id), "role": "victim"}],
        "sharing": {"scope": "organisation"},
    }
    response = api.post("/api/v1/cases", json=body, token=partnership.officer_token)
    assert response.status_code == 201, response.get_json()
    created = response.get_json()
    case_id = uuid.UUID(created["id"])
    assert response.headers["Location"] == f"/api/v1/cases/{case_id}"
    assert re.fullmatch(rf"CASE-{datetime.now(UTC).year}-\d{{5}}", created["reference"])

    case = db.session.get(Case, case_id)
    assert (case.title, case.summary, case.risk_level.value) == (body["title"], body["summary"], "medium")
    assert case.lead_officer_id == partnership.colleague.id
    assert case.lead_organisation_id == partnership.council.id and case.owner_team_id == partnership.asb_team.id
    assert {link.incident_id for link in case.incidents} == {first.id, second.id}
    assert [(link.person_id, link.role) for link in case.people] == [(victim.id, IncidentRole.VICTIM)]

    assert created["lead_officer"] == {"email": partnership.colleague.email, "name": partnership.colleague.full_name}
    assert created["lead_organisation"] == {"code": "charnwood", "name": "Charnwood Borough Council"}
    assert sorted(item["incident_id"] for item in created["incidents"]) == sorted([str(first.id), str(second.id)])
    assert created["people"] == [{"person_id": str(victim.id), "display": "Vera Victim", "role": "victim"}]
    assert created["status"] == "open" and created["actions"] == [] and created["notes"] == []
    assert api.get(response.headers["Location"], token=partnership.officer_token).get_json() == created
    # The lead officer sees the case (shared with the council) but not the ASB team's own incidents and people.
    as_lead = api.get(response.headers["Location"], token=partnership.colleague_token).get_json()
    assert as_lead["incidents"] == [{"restricted": True}] * 2
    assert as_lead["people"] == [{"restricted": True, "role": "victim"}]


def test_the_lead_officer_defaults_to_the_caller(api, partnership):
    created = api.post("/api/v1/cases", json={"title": "Fly-tipping behind the shops"}, token=partnership.officer_token)
    assert created.status_code == 201
    assert created.get_json()["lead_officer"]["email"] == partnership.officer.email
    assert created.get_json()["sharing_scope"] == "team"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({}, {"title": "required"}),
        ({"title": "  "}, {"title": "short title"}),
        ({"title": "T", "risk_level": "extreme"}, {"risk_level": "'high'"}),
        ({"title": "T", "lead_officer": "nobody@example.org"}, {"lead_officer": "No user with the email"}),
        ({"title": "T", "lead_officer": "pc@police.example"}, {"lead_officer": "your own organisation"}),
        ({"title": "T", "incidents": ["not-a-uuid"]}, {"incidents.0": "Must be an id"}),
        ({"title": "T", "incidents": [str(uuid.UUID(int=5))]}, {"incidents.0": "No incident with this id"}),
        ({"title": "T", "incidents": str(uuid.UUID(int=5))}, {"incidents": "Must be a list"}),
        ({"title": "T", "people": [{"person_id": str(uuid.UUID(int=5))}]}, {"people.0.role": "required"}),
        (
            {"title": "T", "people": [{"person_id": str(uuid.UUID(int=5)), "role": "victim"}]},
            {"people.0.person_id": "No person with this id"},
        ),
        ({"title": "T", "status": "open"}, {"status": "Unknown field"}),
    ],
)
def test_bad_cases_are_400s_naming_the_field(api, partnership, body, expected):
    errors = field_errors(api.post("/api/v1/cases", json=body, token=partnership.officer_token))
    assert set(errors) == set(expected), errors
    for field, fragment in expected.items():
        assert fragment in errors[field], (field, errors[field])
    assert _count(Case) == 0


def test_incidents_and_people_the_caller_cannot_see_are_refused_by_position(api, partnership, factories):
    mine = factories.incident(by=partnership.officer)
    theirs = factories.incident(by=partnership.pc)
    hidden_person = factories.person(by=partnership.pc)
    body = {
        "title": "T",
        "incidents": [str(mine.id), str(theirs.id)],
        "people": [{"person_id": str(hidden_person.id), "role": "perpetrator"}],
    }
    errors = field_errors(api.post("/api/v1/cases", json=body, token=partnership.officer_token))
    assert set(errors) == {"incidents.1", "people.0.person_id"}
    assert _count(Case) == 0


def _case(api, partnership, **body) -> dict:
    response = api.post("/api/v1/cases", json={"title": "A case", **body}, token=partnership.officer_token)
    assert response.status_code == 201
    return response.get_json()


def test_add_an_incident_and_a_person_to_a_case(api, partnership, factories):
    case = _case(api, partnership)
    incident = factories.incident(by=partnership.officer)
    person = factories.person(by=partnership.officer, forename="Sam", surname="Suspect")
    url = f"/api/v1/cases/{case['id']}"

    added = api.post(f"{url}/incidents", json={"incident_id": str(incident.id)}, token=partnership.officer_token)
    assert added.status_code == 200
    assert added.get_json()["incidents"] == [{"incident_id": str(incident.id), "reference": incident.reference}]
    again = api.post(f"{url}/incidents", json={"incident_id": str(incident.id)}, token=partnership.officer_token)
    assert again.status_code == 200 and len(again.get_json()["incidents"]) == 1

    link = {"person_id": str(person.id), "role": "perpetrator"}
    with_person = api.post(f"{url}/people", json=link, token=partnership.officer_token)
    assert with_person.status_code == 200
    assert with_person.get_json()["people"] == [{**link, "display": "Sam Suspect"}]

    case_id = uuid.UUID(case["id"])
    assert db.session.scalars(select(CaseIncident.incident_id).where(CaseIncident.case_id == case_id)).all() == [
        incident.id
    ]
    assert db.session.scalars(select(CasePerson.role).where(CasePerson.case_id == case_id)).all() == [
        IncidentRole.PERPETRATOR
    ]


def test_adding_records_the_caller_cannot_see_is_refused(api, partnership, factories):
    url = f"/api/v1/cases/{_case(api, partnership)['id']}"
    hidden_incident = factories.incident(by=partnership.pc)
    hidden_person = factories.person(by=partnership.pc)
    errors = field_errors(
        api.post(f"{url}/incidents", json={"incident_id": str(hidden_incident.id)}, token=partnership.officer_token)
    )
    assert list(errors) == ["incident_id"] and "may not see it" in errors["incident_id"]
    errors = field_errors(
        api.post(
            f"{url}/people",
            json={"person_id": str(hidden_person.id), "role": "victim"},
            token=partnership.officer_token,
        )
    )
    assert list(errors) == ["person_id"] and "may not see it" in errors["person_id"]
    assert field_errors(api.post(f"{url}/incidents", json={}, token=partnership.officer_token)) == {
        "incident_id": "This field is required"
    }
    assert _count(CaseIncident) == 0 and _count(CasePerson) == 0


def test_add_an_action_owned_by_a_partner_gives_the_partner_access(api, partnership):
    case = _case(api, partnership)
    url = f"/api/v1/cases/{case['id']}"
    problem(api.get(url, token=partnership.pc_token), 404)
    body = {
        "description": "Check police logs for calls to the address",
        "owner_organisation": "LEICS-POLICE",
        "owner_user": partnership.pc.email,
        "due_on": "2026-04-30",
    }
    response = api.post(f"{url}/actions", json=body, token=partnership.officer_token)
    assert response.status_code == 201, response.get_json()
    action = response.get_json()
    assert response.headers["Location"] == f"{url}/actions/{action['id']}"
    assert action == {
        "id": action["id"],
        "description": body["description"],
        "owner_organisation": {"code": "leics-police", "name": "Leicestershire Police"},
        "owner_user": {"email": partnership.pc.email, "name": partnership.pc.full_name},
        "due_on": "2026-04-30",
        "completed_at": None,
        "version": 1,
    }
    stored = db.session.get(CaseAction, uuid.UUID(action["id"]))
    assert (stored.owner_organisation_id, stored.owner_user_id) == (partnership.police.id, partnership.pc.id)
    assert stored.due_on == date(2026, 4, 30)
    assert db.session.scalar(select(RecordGrant.user_id).where(RecordGrant.record_id == stored.case_id)) == (
        partnership.pc.id
    )
    assert api.get(response.headers["Location"], token=partnership.officer_token).get_json() == action
    as_owner = api.get(url, token=partnership.pc_token)
    assert as_owner.status_code == 200 and as_owner.get_json()["actions"] == [action]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"owner_organisation": "atlantis"}, {"owner_organisation": "No organisation with the code atlantis"}),
        ({"owner_user": "officer@housing.example"}, {"owner_user": "officer of the owning organisation"}),
        ({"owner_user": "nobody@example.org"}, {"owner_user": "No user with the email"}),
        ({"due_on": "30/04/2026"}, {"due_on": "YYYY-MM-DD"}),
        ({"due_on": None}, {"due_on": "required"}),
        ({"description": " "}, {"description": "Describe the action"}),
        ({"description": "x" * 501}, {"description": "500 characters or fewer"}),
    ],
)
def test_bad_actions_are_400s_naming_the_field(api, partnership, changes, expected):
    url = f"/api/v1/cases/{_case(api, partnership)['id']}/actions"
    body = {"description": "Visit", "owner_organisation": "leics-police", "due_on": "2026-04-30", **changes}
    errors = field_errors(api.post(url, json=body, token=partnership.officer_token))
    assert set(errors) == set(expected), errors
    for field, fragment in expected.items():
        assert fragment in errors[field], (field, errors[field])
    assert _count(CaseAction) == 0


def test_hidden_and_unknown_cases_are_identical_404s_on_every_route(api, partnership, factories):
    hidden_id = factories.case(by=partnership.pc).id
    bodies = {"": None, "/incidents": {"incident_id": "x"}, "/people": {}, "/actions": {"description": "x"}}
    for suffix, body in bodies.items():
        method = api.get if body is None else api.post
        unknown = method(f"/api/v1/cases/{uuid.uuid4()}{suffix}", json=body, token=partnership.officer_token)
        hidden = method(f"/api/v1/cases/{hidden_id}{suffix}", json=body, token=partnership.officer_token)
        problem(unknown, 404)
        assert hidden.status_code == 404 and hidden.data == unknown.data, suffix
    action_url = f"/api/v1/cases/{hidden_id}/actions/{uuid.uuid4()}"
    problem(api.get(action_url, token=partnership.pc_token), 404)


def test_incidents_and_people_on_a_visible_case_that_the_reader_may_not_see_are_restricted(api, partnership, factories):
    team_incident = factories.incident(by=partnership.officer, narrative="Team only")
    team_person = factories.person(by=partnership.officer, forename="Secret", surname="Person")
    case = _case(
        api,
        partnership,
        incidents=[str(team_incident.id)],
        people=[{"person_id": str(team_person.id), "role": "victim"}],
        sharing={"scope": "organisation"},
    )
    response = api.get(f"/api/v1/cases/{case['id']}", token=partnership.colleague_token)
    assert response.status_code == 200
    assert response.get_json()["incidents"] == [{"restricted": True}]
    assert response.get_json()["people"] == [{"restricted": True, "role": "victim"}]
    for secret in (team_incident.reference, str(team_incident.id), "Secret", str(team_person.id)):
        assert secret.encode() not in response.data


def test_case_scope_defaults_to_the_team(api, partnership):
    case = _case(api, partnership)
    problem(api.get(f"/api/v1/cases/{case['id']}", token=partnership.colleague_token), 404)
    assert db.session.get(Case, uuid.UUID(case["id"])).sharing_scope == SharingScope.TEAM
