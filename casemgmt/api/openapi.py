"""The OpenAPI 3.1 document of API v1, built as Python data (served at /api/v1/openapi.json).

A test checks that every route under /api/v1 is documented here with each of its methods, that every
documented path exists, that the document is valid OpenAPI, and that real responses match its schemas.
"""

from casemgmt.api.openapi_schemas import SCHEMAS, UUID, ref

PROBLEM_JSON = "application/problem+json"

EXAMPLE_PERSON = {
    "forename": "Jordan",
    "surname": "Smith",
    "date_of_birth": "1994-07-21",
    "address": {"line1": "12 Market Street", "town": "Loughborough", "postcode": "LE11 3EP"},
    "phone": "07700 900123",
    "email": "jordan.smith@example.com",
    "sharing": {"scope": "partners", "organisations": ["leics-police"], "lawful_basis": "crime_and_disorder_act_s115"},
}
EXAMPLE_INCIDENT = {
    "occurred_at": "2026-03-14T22:40:00Z",
    "category": "nuisance",
    "type": "noise",
    "description": "Loud music from the flat above until 3am, third night this week.",
    "location": {"postcode": "LE11 3EP", "address": {"line1": "14 Market Street"}},
    "people": [{"person_id": "0b6f4a7e-3c55-4a8e-9d0c-5b7e8f2a1c3d", "role": "victim"}],
    "vehicles": [{"registration": "AB12 CDE", "make": "Ford", "model": "Fiesta", "colour": "Red"}],
    "hate_motivated": False,
}
EXAMPLE_CASE = {
    "title": "Noise from 14 Market Street",
    "risk_level": "medium",
    "incidents": ["5d1e7c1a-8f0b-4b44-9a55-2f1d6c7b8e90"],
    "people": [{"person_id": "0b6f4a7e-3c55-4a8e-9d0c-5b7e8f2a1c3d", "role": "victim"}],
    "sharing": {"scope": "organisation"},
}
EXAMPLE_ACTION = {
    "description": "Visit the victim and complete a risk assessment",
    "owner_organisation": "charnwood",
    "owner_user": "asb.officer@charnwood.example",
    "due_on": "2026-03-21",
}
EXAMPLE_VALIDATION_PROBLEM = {
    "type": "about:blank",
    "title": "Bad Request",
    "status": 400,
    "detail": "Some of what was sent is missing or not valid; see errors.",
    "errors": [
        {"field": "people.0.person_id", "message": "No person with this id, or you may not see them"},
        {"field": "location", "message": "Give both latitude and longitude, or neither"},
    ],
}
EXAMPLE_REASON_REQUIRED = {
    "type": "about:blank",
    "title": "Precondition Required",
    "status": 428,
    "detail": "This record came from the police: say why you are reading it in the header 'X-Access-Reason: <why>' "
    "(kept in the audit trail, Data Protection Act 2018 s.62).",
}
EXAMPLE_NOT_FOUND = {
    "type": "about:blank",
    "title": "Not Found",
    "status": 404,
    "detail": "There is no record with this id, or you may not see it.",
}


def _problem_response(description: str, schema: str = "Problem", example: dict | None = None) -> dict:
    media = {"schema": ref(schema)}
    if example:
        media["example"] = example
    return {"description": description, "content": {PROBLEM_JSON: media}}


RESPONSES = {
    "BadRequest": _problem_response(
        "The body or a parameter is missing, malformed or breaks a rule; `errors` lists every problem",
        "ValidationProblem",
        EXAMPLE_VALIDATION_PROBLEM,
    ),
    "Unauthorized": {
        **_problem_response("No token, or one that is unknown, revoked, or of a disabled account"),
        "headers": {"WWW-Authenticate": {"schema": {"type": "string"}, "description": "Bearer"}},
    },
    "NotFound": _problem_response(
        "No such record, or the caller may not see it (the two are indistinguishable)", example=EXAMPLE_NOT_FOUND
    ),
    "ReasonRequired": _problem_response(
        "A police-originated record, read by a caller outside the police without an X-Access-Reason header",
        example=EXAMPLE_REASON_REQUIRED,
    ),
}
ERRORS = {"401": {"$ref": "#/components/responses/Unauthorized"}}
ERRORS_WITH_BODY = {"400": {"$ref": "#/components/responses/BadRequest"}, **ERRORS}
NOT_FOUND = {"404": {"$ref": "#/components/responses/NotFound"}}
MERGED = {
    "301": {
        "description": "The person was merged into another record: `Location` (and `location`) is the record "
        "kept, `merged_into` its id",
        "headers": {"Location": {"schema": {"type": "string"}}},
        "content": {"application/json": {"schema": ref("Merged")}},
    }
}
REASON_REQUIRED = {"428": {"$ref": "#/components/responses/ReasonRequired"}}
ACCESS_REASON = {
    "name": "X-Access-Reason",
    "in": "header",
    "required": False,
    "schema": {"type": "string", "maxLength": 500},
    "description": "Why you are reading this record, kept in the audit trail. Needed from callers outside the "
    "police for a police-originated record (otherwise 428); ignored for other records.",
}


def _json(schema: str, description: str, example: dict | None = None) -> dict:
    media = {"schema": ref(schema)}
    if example is not None:
        media["example"] = example
    return {"description": description, "content": {"application/json": media}}


def _created(schema: str, description: str) -> dict:
    return {
        **_json(schema, description),
        "headers": {"Location": {"schema": {"type": "string"}, "description": "Where to read the new record"}},
    }


def _body(schema: str, example: dict) -> dict:
    return {"required": True, "content": {"application/json": {"schema": ref(schema), "example": example}}}


def _id(name: str, noun: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": UUID, "description": f"The {noun}'s id"}


def _operation(operation_id: str, tag: str, summary: str, responses: dict, **extra) -> dict:
    return {"operationId": operation_id, "tags": [tag], "summary": summary, "responses": responses, **extra}


def _create(
    operation_id: str, tag: str, summary: str, body: str, example: dict, result: str, created: str = "", **extra
) -> dict:
    responses = {"201": _created(result, created or f"The new {result.lower()}"), **ERRORS_WITH_BODY}
    return _operation(operation_id, tag, summary, responses, requestBody=_body(body, example), **extra)


CASE_ID = _id("case_id", "case")

PATHS = {
    "/persons": {
        "post": _create(
            "create_person_record",
            "People",
            "Record a person, and find who across the partnership may already be them (kept for triage)",
            "PersonCreate",
            EXAMPLE_PERSON,
            "PersonCreated",
            "The new person, with their possible duplicates",
        ),
    },
    "/persons/{person_id}": {
        "get": _operation(
            "get_person",
            "People",
            "Read a person",
            {"200": _json("Person", "The person"), **MERGED, **ERRORS, **NOT_FOUND, **REASON_REQUIRED},
            parameters=[_id("person_id", "person"), ACCESS_REASON],
        ),
    },
    "/incidents": {
        "post": _create(
            "create_incident_record",
            "Incidents",
            "Log an incident (its source is recorded as 'api')",
            "IncidentCreate",
            EXAMPLE_INCIDENT,
            "Incident",
        ),
    },
    "/incidents/{incident_id}": {
        "get": _operation(
            "get_incident",
            "Incidents",
            "Read an incident",
            {"200": _json("Incident", "The incident"), **ERRORS, **NOT_FOUND, **REASON_REQUIRED},
            parameters=[_id("incident_id", "incident"), ACCESS_REASON],
        ),
    },
    "/cases": {
        "post": _create("create_case_record", "Cases", "Open a case", "CaseCreate", EXAMPLE_CASE, "Case"),
    },
    "/cases/{case_id}": {
        "get": _operation(
            "get_case",
            "Cases",
            "Read a case",
            {"200": _json("Case", "The case"), **ERRORS, **NOT_FOUND, **REASON_REQUIRED},
            parameters=[CASE_ID, ACCESS_REASON],
        ),
    },
    "/cases/{case_id}/incidents": {
        "post": _operation(
            "add_case_incident",
            "Cases",
            "Add an incident to a case (adding one already there changes nothing)",
            {"200": _json("Case", "The case"), **ERRORS_WITH_BODY, **NOT_FOUND},
            parameters=[CASE_ID],
            requestBody=_body("CaseIncidentAdd", {"incident_id": "5d1e7c1a-8f0b-4b44-9a55-2f1d6c7b8e90"}),
        ),
    },
    "/cases/{case_id}/people": {
        "post": _operation(
            "add_case_person",
            "Cases",
            "Add a person to a case in a role (adding one already there changes nothing)",
            {"200": _json("Case", "The case"), **ERRORS_WITH_BODY, **NOT_FOUND},
            parameters=[CASE_ID],
            requestBody=_body(
                "PersonLinkInput", {"person_id": "0b6f4a7e-3c55-4a8e-9d0c-5b7e8f2a1c3d", "role": "perpetrator"}
            ),
        ),
    },
    "/cases/{case_id}/actions": {
        "post": {
            **_create(
                "add_case_action",
                "Cases",
                "Add an action, owned by any partner organisation, to a case's plan (the owner gets access)",
                "ActionCreate",
                EXAMPLE_ACTION,
                "Action",
                parameters=[CASE_ID],
            ),
        },
    },
    "/cases/{case_id}/actions/{action_id}": {
        "get": _operation(
            "get_case_action",
            "Cases",
            "Read one action of a case",
            {"200": _json("Action", "The action"), **ERRORS, **NOT_FOUND},
            parameters=[CASE_ID, _id("action_id", "action")],
        ),
    },
    "/search": {
        "get": _operation(
            "search_records",
            "Search",
            "Search people, incidents and cases across the partnership (stubs for those the caller may not see)",
            {"200": _json("SearchResults", "People, then incidents, then cases"), **ERRORS_WITH_BODY},
            parameters=[
                {
                    "name": "q",
                    "in": "query",
                    "required": True,
                    "schema": {"type": "string", "maxLength": 200},
                    "description": "A name, reference, postcode, registration, phone number or email",
                },
                {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
            ],
        ),
    },
    "/organisations": {
        "get": _operation(
            "list_organisations",
            "Reference",
            "Partner organisations and their teams (the codes and ids that sharing and actions name)",
            {"200": _json("Organisations", "Active organisations by name"), **ERRORS},
        ),
    },
    "/incident-types": {
        "get": _operation(
            "list_incident_types",
            "Reference",
            "Incident types in use, each within one category",
            {"200": _json("IncidentTypes", "Active types by category"), **ERRORS},
        ),
    },
    "/openapi.json": {
        "get": _operation(
            "openapi_json",
            "Reference",
            "This document",
            {"200": {"description": "The OpenAPI document", "content": {"application/json": {"schema": {}}}}},
            security=[],
        ),
    },
}

DESCRIPTION = """\
For partner systems (police and council case systems) to record and read people, incidents and cases
under the same validation and record-level access rules as the pages.

Authenticate every call with `Authorization: Bearer <token>`; an administrator issues tokens with
`flask users token --email <address>`. A session cookie never authenticates an API call.

A record the caller may not see is a 404 identical to one that does not exist. People and incidents
linked to a visible record but not visible themselves appear as `{"restricted": true}`. Search looks
across the partnership: a record the caller may not see comes back as a stub (`"restricted": true`, its
kind, display name, the organisations involved and a `request_access` page) with no `id`.

Recording a person looks across the partnership for people already held who may be them: the answer
lists them as `possible_duplicates`, each with an action band and which details agree (a stub, with no id
and no values, for one the caller may not see), and they are kept for triage on both people's pages.

Reading a police-originated person, incident or case from outside the police needs the caller's
current vetting and a reason in the header `X-Access-Reason: <why>`, kept in the audit trail; without
it the answer is 428 Precondition Required.

Errors are RFC 9457 problem details (`application/problem+json`); a 400 lists every problem with the
request in `errors`, each naming its field by a dotted path such as `people.0.person_id`.
"""


def openapi_document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {"title": "ASB case management API", "version": "1.0.0", "description": DESCRIPTION},
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearerAuth": []}],
        "tags": [{"name": name} for name in ("People", "Incidents", "Cases", "Search", "Reference")],
        "paths": PATHS,
        "components": {
            "securitySchemes": {
                "bearerAuth": {"type": "http", "scheme": "bearer", "description": "An API token from `users token`"}
            },
            "schemas": SCHEMAS,
            "responses": RESPONSES,
        },
    }
