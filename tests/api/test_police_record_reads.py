"""Reading a police-originated record through the API from outside the police: vetting and a grant, then a
reason in the X-Access-Reason header on every read (kept in the audit trail), else 428; documented."""

from datetime import date, timedelta

import pytest
from jsonschema import Draft202012Validator
from sqlalchemy import select

from casemgmt.access.models import User
from casemgmt.access.sharing import RecordKind, SharingScope
from casemgmt.api.openapi import openapi_document
from casemgmt.audit.models import AuditEvent
from casemgmt.extensions import db
from tests.api.conftest import problem

PATHS = {RecordKind.PERSON: "persons", RecordKind.INCIDENT: "incidents", RecordKind.CASE: "cases"}
DOCUMENTED = {RecordKind.PERSON: "/persons/{person_id}", RecordKind.INCIDENT: "/incidents/{incident_id}"}
DOCUMENTED[RecordKind.CASE] = "/cases/{case_id}"


def police_record(factories, partnership, kind: RecordKind):
    """Made by the police and shared with the housing provider."""
    sharing = {"scope": SharingScope.PARTNERS, "organisation_ids": [partnership.housing.id]}
    if kind == RecordKind.PERSON:
        return factories.person(by=partnership.pc, **sharing)
    if kind == RecordKind.INCIDENT:
        return factories.incident(by=partnership.pc, **sharing)
    return factories.case(by=partnership.pc, **sharing)


def vet(user: User, level: int, expires_on: date) -> None:
    stored = db.session.get(User, user.id)
    stored.vetting_level, stored.vetting_expires_on = level, expires_on
    db.session.commit()


def justified() -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.action == "police_record_justified").order_by(AuditEvent.id)
    return list(db.session.scalars(query))


@pytest.mark.parametrize("kind", list(RecordKind))
def test_a_vetted_partner_reads_a_police_record_only_with_a_reason(api, partnership, factories, kind):
    record = police_record(factories, partnership, kind)
    vet(partnership.housing_officer, 2, date.today() + timedelta(days=90))
    address = f"/api/v1/{PATHS[kind]}/{record.id}"

    body = problem(api.get(address, token=partnership.housing_token), 428)
    assert "X-Access-Reason" in body["detail"] and body["title"] == "Precondition Required"
    problem(api.get(address, token=partnership.housing_token, headers={"X-Access-Reason": "  "}), 428)
    assert justified() == []

    for _ in range(2):  # every read says why: there is no session to remember it in
        response = api.get(address, token=partnership.housing_token, headers={"X-Access-Reason": "Tenancy review"})
        assert response.status_code == 200 and response.get_json()["id"] == str(record.id)
    events = justified()
    assert [(event.actor_user_id, event.object_type, event.object_id, event.reason) for event in events] == [
        (partnership.housing_officer.id, kind.value, str(record.id), "Tenancy review")
    ] * 2


@pytest.mark.parametrize("kind", list(RecordKind))
def test_without_current_vetting_a_police_record_is_not_found_reason_or_not(api, partnership, factories, kind):
    record = police_record(factories, partnership, kind)
    address = f"/api/v1/{PATHS[kind]}/{record.id}"
    headers = {"X-Access-Reason": "Tenancy review"}
    problem(api.get(address, token=partnership.housing_token, headers=headers), 404)
    vet(partnership.housing_officer, 2, date.today() - timedelta(days=1))  # expired yesterday
    problem(api.get(address, token=partnership.housing_token, headers=headers), 404)
    vet(partnership.housing_officer, 1, date.today() + timedelta(days=90))  # below the default level 2
    problem(api.get(address, token=partnership.housing_token, headers=headers), 404)
    assert justified() == []


def test_police_callers_and_ordinary_records_need_no_reason(api, partnership, factories):
    record = police_record(factories, partnership, RecordKind.INCIDENT)
    assert api.get(f"/api/v1/incidents/{record.id}", token=partnership.pc_token).status_code == 200
    council_incident = factories.incident(
        by=partnership.officer, scope=SharingScope.PARTNERS, organisation_ids=[partnership.housing.id]
    )
    assert api.get(f"/api/v1/incidents/{council_incident.id}", token=partnership.housing_token).status_code == 200
    assert justified() == []


@pytest.mark.parametrize("kind", list(RecordKind))
def test_the_document_describes_the_header_and_the_428(kind):
    document = openapi_document()
    operation = document["paths"][DOCUMENTED[kind]]["get"]
    headers = [parameter for parameter in operation["parameters"] if parameter["in"] == "header"]
    assert [(header["name"], header["required"]) for header in headers] == [("X-Access-Reason", False)]
    assert operation["responses"]["428"] == {"$ref": "#/components/responses/ReasonRequired"}
    assert "X-Access-Reason" in document["info"]["description"]


def test_a_real_428_matches_the_documented_problem(api, partnership, factories):
    record = police_record(factories, partnership, RecordKind.CASE)
    vet(partnership.housing_officer, 3, date.today() + timedelta(days=90))
    body = problem(api.get(f"/api/v1/cases/{record.id}", token=partnership.housing_token), 428)
    document = openapi_document()
    documented = document["components"]["responses"]["ReasonRequired"]["content"]["application/problem+json"]
    schema = {**documented["schema"], "components": document["components"]}
    Draft202012Validator(schema).validate(body)
    assert body == documented["example"]


def test_a_police_stub_for_an_unvetted_caller_offers_no_request_as_documented(api, partnership, factories):
    from tests.api.test_openapi import ResponseChecker

    factories.person(by=partnership.pc, forename="Dean", surname="Walsh")  # not shared with the housing provider
    checker = ResponseChecker(openapi_document())
    found = checker.check("/search", "get", api.get("/api/v1/search?q=Walsh", token=partnership.housing_token))
    [stub] = found["results"]
    assert (stub["restricted"], stub["needs_police_vetting"], stub["request_access"]) == (True, True, None)

    vet(partnership.housing_officer, 2, date.today() + timedelta(days=90))
    found = checker.check("/search", "get", api.get("/api/v1/search?q=Walsh", token=partnership.housing_token))
    [stub] = found["results"]
    assert stub["needs_police_vetting"] is False and stub["request_access"].startswith(
        "http://localhost/access-requests/new/"
    )
