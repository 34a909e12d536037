"""The OpenAPI document: valid OpenAPI, covering exactly the routes that exist, and true to real responses."""

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from casemgmt.access.sharing import SharingScope
from casemgmt.api.openapi import openapi_document

PREFIX = "/api/v1"
IGNORED_METHODS = {"HEAD", "OPTIONS"}


@pytest.fixture
def document(api):
    response = api.get(f"{PREFIX}/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def test_the_served_document_is_valid_openapi(document):
    validate(document)
    assert document == openapi_document()


def _documented_path(rule: str) -> str:
    """/api/v1/cases/<uuid:case_id> -> /cases/{case_id}"""
    path = rule.removeprefix(PREFIX)
    while "<" in path:
        start, end = path.index("<"), path.index(">")
        name = path[start + 1 : end].split(":")[-1]
        path = f"{path[:start]}{{{name}}}{path[end + 1 :]}"
    return path


def test_every_route_and_method_is_documented_and_every_documented_one_exists(app, document):
    routes = {
        (_documented_path(rule.rule), method.lower())
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith(PREFIX + "/")
        for method in rule.methods - IGNORED_METHODS
    }
    documented = {(path, method) for path, operations in document["paths"].items() for method in operations}
    assert routes - documented == set(), "routes missing from the OpenAPI document"
    assert documented - routes == set(), "documented operations with no route"
    assert len(routes) == 14


def test_path_rewriting_for_the_comparison():
    assert _documented_path("/api/v1/cases/<uuid:case_id>/actions/<uuid:action_id>") == (
        "/cases/{case_id}/actions/{action_id}"
    )


def test_every_operation_has_an_id_and_secured_ones_document_401(document):
    operation_ids = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            operation_ids.append(operation["operationId"])
            if operation.get("security") != []:
                assert "401" in operation["responses"], (path, method)
            if method == "post":
                assert "400" in operation["responses"], (path, method)
    assert len(operation_ids) == len(set(operation_ids))


def _validator(document: dict, schema: dict) -> Draft202012Validator:
    root = {**schema, "components": document["components"]}
    return Draft202012Validator(root, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _resolve(document: dict, item: dict) -> dict:
    if "$ref" in item:
        *_, section, name = item["$ref"].split("/")
        return document["components"][section][name]
    return item


def test_every_example_matches_its_schema(document):
    checked = 0
    for operations in document["paths"].values():
        for operation in operations.values():
            media = [*operation.get("requestBody", {}).get("content", {}).values()]
            for response in operation["responses"].values():
                media += _resolve(document, response).get("content", {}).values()
            for item in media:
                if "example" in item:
                    _validator(document, item["schema"]).validate(item["example"])
                    checked += 1
    assert checked >= 8


class ResponseChecker:
    """Checks real responses against the documented schema for their path, method, status and content type."""

    def __init__(self, document: dict):
        self.document = document
        self.seen: set[tuple[str, str, str]] = set()

    def check(self, path: str, method: str, response) -> dict:
        operation = self.document["paths"][path][method]
        documented = operation["responses"].get(str(response.status_code))
        assert documented is not None, f"{method} {path} answered an undocumented {response.status_code}"
        content = _resolve(self.document, documented)["content"]
        assert response.mimetype in content, (response.mimetype, list(content))
        body = response.get_json(force=True)
        errors = sorted(_validator(self.document, content[response.mimetype]["schema"]).iter_errors(body), key=str)
        assert not errors, f"{method} {path} {response.status_code}: " + "; ".join(e.message for e in errors[:5])
        self.seen.add((path, method, str(response.status_code)))
        return body


def test_real_responses_match_the_documented_schemas(api, document, partnership, factories):
    checker = ResponseChecker(document)
    officer, colleague = partnership.officer_token, partnership.colleague_token
    hidden_person = factories.person(by=partnership.officer, forename="Hidden", surname="Person")

    person = checker.check(
        "/persons",
        "post",
        api.post(
            f"{PREFIX}/persons",
            json={
                "forename": "Jordan",
                "surname": "Smith",
                "date_of_birth": "1994-07-21",
                "address": {"line1": "12 Market Street", "postcode": "LE11 3EP"},
                "phone": "07700 900123",
                "email": "jordan@example.com",
                "vulnerabilities": ["child"],
                "sharing": {"scope": "organisation"},
            },
            token=officer,
        ),
    )
    checker.check("/persons/{person_id}", "get", api.get(f"{PREFIX}/persons/{person['id']}", token=colleague))
    checker.check("/persons/{person_id}", "get", api.get(f"{PREFIX}/persons/{hidden_person.id}", token=colleague))
    checker.check("/persons", "post", api.post(f"{PREFIX}/persons", json={"forename": 1}, token=officer))
    checker.check("/persons", "post", api.post(f"{PREFIX}/persons", json={}, token="cm_wrong"))

    incident = checker.check(
        "/incidents",
        "post",
        api.post(
            f"{PREFIX}/incidents",
            json={
                "occurred_at": "2025-06-14T22:40:00Z",
                "category": "nuisance",
                "type": "noise",
                "description": "Loud music",
                "location": {"postcode": "LE11 3EP", "address": {"line1": "14 Market Street"}},
                "people": [
                    {"person_id": person["id"], "role": "victim"},
                    {"person_id": str(hidden_person.id), "role": "perpetrator"},
                ],
                "vehicles": [{"registration": "AB12CDE"}],
                "sharing": {"scope": "organisation"},
            },
            token=officer,
        ),
    )
    as_colleague = checker.check(
        "/incidents/{incident_id}", "get", api.get(f"{PREFIX}/incidents/{incident['id']}", token=colleague)
    )
    assert {"restricted": True, "role": "perpetrator"} in as_colleague["people"]
    point = {"occurred_at": "2025-06-14T22:40:00Z", "category": "environmental", "type": "graffiti"}
    point |= {"description": "Tags", "location": {"lat": 52.77, "lon": -1.2}}
    checker.check("/incidents", "post", api.post(f"{PREFIX}/incidents", json=point, token=officer))

    team_incident = factories.incident(by=partnership.officer)
    case = checker.check(
        "/cases",
        "post",
        api.post(
            f"{PREFIX}/cases",
            json={
                "title": "Noise",
                "incidents": [incident["id"], str(team_incident.id)],
                "sharing": {"scope": "organisation"},
            },
            token=officer,
        ),
    )
    case_url = f"{PREFIX}/cases/{case['id']}"
    checker.check(
        "/cases/{case_id}/people",
        "post",
        api.post(f"{case_url}/people", json={"person_id": str(hidden_person.id), "role": "perpetrator"}, token=officer),
    )
    checker.check(
        "/cases/{case_id}/incidents",
        "post",
        api.post(f"{case_url}/incidents", json={"incident_id": incident["id"]}, token=officer),
    )
    action = checker.check(
        "/cases/{case_id}/actions",
        "post",
        api.post(
            f"{case_url}/actions",
            json={"description": "Visit", "owner_organisation": "housing", "due_on": "2026-04-30"},
            token=officer,
        ),
    )
    checker.check(
        "/cases/{case_id}/actions/{action_id}", "get", api.get(f"{case_url}/actions/{action['id']}", token=officer)
    )
    as_lead = checker.check("/cases/{case_id}", "get", api.get(case_url, token=colleague))
    assert {"restricted": True} in as_lead["incidents"] and {"restricted": True, "role": "perpetrator"} in as_lead[
        "people"
    ]

    checker.check("/search", "get", api.get(f"{PREFIX}/search?q=smith", token=officer))
    stubbed = checker.check("/search", "get", api.get(f"{PREFIX}/search?q=hidden+person", token=colleague))
    assert [result["restricted"] for result in stubbed["results"]] == [True]
    checker.check("/search", "get", api.get(f"{PREFIX}/search", token=officer))
    checker.check("/organisations", "get", api.get(f"{PREFIX}/organisations", token=officer))
    checker.check("/incident-types", "get", api.get(f"{PREFIX}/incident-types", token=officer))

    operations = {(path, method) for path, method, _ in checker.seen}
    documented = {(path, method) for path, ops in document["paths"].items() for method in ops}
    assert documented - operations == {("/openapi.json", "get")}
    assert {status for *_, status in checker.seen} >= {"200", "201", "400", "401", "404"}
    assert SharingScope.ORGANISATION.value == as_lead["sharing_scope"]
