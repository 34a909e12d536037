"""The OpenAPI document's schemas (JSON Schema 2020-12, as OpenAPI 3.1 uses) for every body the API reads or
writes. Enumerations come from the models' enums, so the document cannot drift from what is accepted.

Request bodies refuse unknown fields (as the API does); `null` means "not given" for any optional field.
Response schemas list every field the serialisers write, so the tests catch a field added to one only.
"""

import enum

from casemgmt.access.lawful_basis import OTHER_DETAIL_MAX_LENGTH, LawfulBasis
from casemgmt.access.models import OrganisationKind
from casemgmt.access.sharing import RecordKind, SharingScope
from casemgmt.api.schemas.cases import ACTION_MAX, TITLE_MAX
from casemgmt.api.schemas.incidents import (
    COLOUR_MAX,
    LOCATION_DESCRIPTION_MAX,
    MAKE_MAX,
    MODEL_MAX,
    NARRATIVE_MAX,
    REGISTRATION_MAX,
    TYPE_CODE_MAX,
)
from casemgmt.api.schemas.persons import LINE_MAX, NAME_MAX, PHONE_MAX, POSTCODE_MAX, TOWN_MAX, UPRN_MAX
from casemgmt.incidents.case_models import CaseOutcome, CaseStatus, RiskLevel
from casemgmt.incidents.models import Category, IncidentRole, IncidentSource, IncidentStatus
from casemgmt.matching.explain import POSSIBLY_BAND, VERY_LIKELY_BAND
from casemgmt.people.models import ConsentToShare, LocationPrecision, Vulnerability

UUID = {"type": "string", "format": "uuid"}
DATE = {"type": "string", "format": "date"}
TIMESTAMP = {"type": "string", "format": "date-time"}
STRING = {"type": "string"}
INTEGER = {"type": "integer"}
BOOLEAN = {"type": "boolean"}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: dict) -> dict:
    if "type" in schema and isinstance(schema["type"], str):
        widened = {**schema, "type": [schema["type"], "null"]}
        if "enum" in schema:
            widened["enum"] = [*schema["enum"], None]
        return widened
    return {"anyOf": [schema, {"type": "null"}]}


def text(max_length: int, description: str | None = None) -> dict:
    schema = {"type": "string", "maxLength": max_length}
    return {**schema, "description": description} if description else schema


def choice(enum_class: type[enum.Enum]) -> dict:
    return {"type": "string", "enum": [member.value for member in enum_class]}


def strict(properties: dict, required: tuple[str, ...] = (), description: str | None = None) -> dict:
    """An object with exactly these properties; `required` ones must be present."""
    schema = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = list(required)
    if description:
        schema["description"] = description
    return schema


def output(properties: dict, description: str | None = None) -> dict:
    """A response object: every property is always written."""
    return strict(properties, tuple(properties), description)


def optional(properties: dict) -> dict:
    """Request properties that may be left out or sent as null."""
    return {name: nullable(schema) for name, schema in properties.items()}


def _problem(extra: dict, description: str) -> dict:
    base = {
        "type": {**STRING, "description": "'about:blank': the status code says it all"},
        "title": {**STRING, "description": "The HTTP status phrase"},
        "status": INTEGER,
        "detail": {**STRING, "description": "What went wrong, for a person to read"},
    }
    return output({**base, **extra}, description)


PROBLEMS = {
    "Problem": _problem({}, "RFC 9457 problem details"),
    "FieldError": output(
        {
            "field": {**STRING, "description": "Dotted path in the body (people.0.person_id); empty for the body"},
            "message": STRING,
        }
    ),
    "ValidationProblem": _problem(
        {"errors": {"type": "array", "items": ref("FieldError")}}, "A 400: every problem found, field by field"
    ),
    "ConflictProblem": _problem(
        {"changed_fields": {"type": "array", "items": STRING}, "updated_by": nullable(STRING)},
        "A 409: the record changed after the version sent was read",
    ),
}

ADDRESS_FIELDS = {
    "line1": text(LINE_MAX),
    "line2": text(LINE_MAX),
    "town": text(TOWN_MAX),
    "uprn": text(UPRN_MAX, "Unique Property Reference Number"),
}

REQUESTS = {
    "Sharing": strict(
        optional(
            {
                "scope": {**choice(SharingScope), "default": "team"},
                "organisations": {"type": "array", "items": STRING, "description": "Organisation codes"},
                "teams": {"type": "array", "items": UUID, "description": "Team ids"},
                "users": {"type": "array", "items": {**STRING, "format": "email"}, "description": "User emails"},
                "owner_team": {**UUID, "description": "One of the caller's teams to own the record (default: first)"},
                "lawful_basis": {
                    **choice(LawfulBasis),
                    "description": "For a person shared with another organisation (or its teams or users): the "
                    "person's consent, or the lawful basis relied on. Required unless `consent_to_share` is "
                    "'given'. " + "; ".join(f"'{basis.value}': {basis.label}" for basis in LawfulBasis),
                },
                "lawful_basis_detail": text(
                    OTHER_DETAIL_MAX_LENGTH, "The lawful basis, when `lawful_basis` is 'other'"
                ),
            }
        ),
        description="Who may see the new record. Left out: the caller's team only. Named organisations, teams "
        "and users need the scope 'partners'.",
    ),
    "AddressInput": strict(optional({**ADDRESS_FIELDS, "postcode": text(POSTCODE_MAX, "A full UK postcode")})),
    "Alias": strict({"surname": text(NAME_MAX), **optional({"forename": text(NAME_MAX)})}, ("surname",)),
    "AliasOut": output({"forename": nullable(STRING), "surname": STRING}),
    "PersonCreate": strict(
        {
            "forename": text(NAME_MAX, "'Unknown' when not known"),
            "surname": text(NAME_MAX, "'Unknown' when not known"),
            **optional(
                {
                    "date_of_birth": {**DATE, "description": "YYYY-MM-DD"},
                    "address": ref("AddressInput"),
                    "phone": text(PHONE_MAX),
                    "email": {**STRING, "format": "email", "maxLength": 254},
                    "aliases": {"type": "array", "items": ref("Alias"), "description": "Other names"},
                    "vulnerabilities": {"type": "array", "items": choice(Vulnerability)},
                    "consent_to_share": {**choice(ConsentToShare), "default": "not_asked"},
                    "sharing": ref("Sharing"),
                }
            ),
        },
        ("forename", "surname"),
    ),
    "LocationInput": strict(
        optional(
            {
                "postcode": text(POSTCODE_MAX, "A full UK postcode or a postcode district such as LE11"),
                "address": strict(optional(ADDRESS_FIELDS)),
                "lat": {"type": "number", "minimum": -90, "maximum": 90},
                "lon": {"type": "number", "minimum": -180, "maximum": 180},
                "description": text(LOCATION_DESCRIPTION_MAX, "Where, in words (e.g. 'the play park')"),
            }
        ),
        description="Any of a postcode, an address, a point (lat and lon together) or a description",
    ),
    "PersonLinkInput": strict({"person_id": UUID, "role": choice(IncidentRole)}, ("person_id", "role")),
    "VehicleInput": strict(
        {
            "registration": text(REGISTRATION_MAX),
            **optional({"make": text(MAKE_MAX), "model": text(MODEL_MAX), "colour": text(COLOUR_MAX)}),
        },
        ("registration",),
    ),
    "IncidentCreate": strict(
        {
            "occurred_at": {**TIMESTAMP, "description": "ISO 8601 with a time zone offset"},
            "category": choice(Category),
            "type": text(TYPE_CODE_MAX, "An incident type code of the category (see /incident-types)"),
            "description": text(NARRATIVE_MAX),
            "location": ref("LocationInput"),
            **optional(
                {
                    "hate_motivated": {**BOOLEAN, "default": False},
                    "people": {"type": "array", "items": ref("PersonLinkInput"), "maxItems": 100},
                    "vehicles": {"type": "array", "items": ref("VehicleInput"), "maxItems": 100},
                    "sharing": ref("Sharing"),
                }
            ),
        },
        ("occurred_at", "category", "type", "description", "location"),
    ),
    "CaseCreate": strict(
        {
            "title": text(TITLE_MAX),
            **optional(
                {
                    "summary": text(NARRATIVE_MAX),
                    "risk_level": {**choice(RiskLevel), "default": "standard"},
                    "lead_officer": {**STRING, "format": "email", "description": "A colleague; default: the caller"},
                    "incidents": {"type": "array", "items": UUID, "maxItems": 100},
                    "people": {"type": "array", "items": ref("PersonLinkInput"), "maxItems": 100},
                    "sharing": ref("Sharing"),
                }
            ),
        },
        ("title",),
    ),
    "CaseIncidentAdd": strict({"incident_id": UUID}, ("incident_id",)),
    "ActionCreate": strict(
        {
            "description": text(ACTION_MAX),
            "owner_organisation": {**STRING, "description": "Organisation code"},
            "due_on": DATE,
            **optional({"owner_user": {**STRING, "format": "email", "description": "An officer of that organisation"}}),
        },
        ("description", "owner_organisation", "due_on"),
    ),
}

PERSON_IN_ROLE = {
    "oneOf": [
        output({"person_id": UUID, "display": STRING, "role": choice(IncidentRole)}),
        output(
            {"restricted": {"const": True}, "role": choice(IncidentRole)},
            "Someone the caller may not see: no id, no name",
        ),
    ]
}

PERSON_FIELDS = {
    "id": UUID,
    "forename": STRING,
    "surname": STRING,
    "date_of_birth": nullable(DATE),
    "phone": nullable(STRING),
    "email": nullable(STRING),
    "address": nullable(ref("Address")),
    "aliases": {"type": "array", "items": ref("AliasOut")},
    "vulnerabilities": {"type": "array", "items": choice(Vulnerability)},
    "consent_to_share": choice(ConsentToShare),
    "owner_organisation": {**STRING, "description": "Organisation code"},
    "sharing_scope": choice(SharingScope),
    "version": INTEGER,
}
STUB_FIELDS = {
    "kind": choice(RecordKind),
    "display": {
        **STRING,
        "description": "Name or reference; only the kind ('Restricted person record') when names are hidden",
    },
    "restricted": {"const": True},
    "organisations": {
        "type": "array",
        "items": STRING,
        "description": "Names: the owning organisation first, then those it is shared with",
    },
    "needs_police_vetting": {
        **BOOLEAN,
        "description": "A police record the caller's vetting keeps from them: no access request can show it",
    },
    "request_access": {
        **nullable({**STRING, "format": "uri"}),
        "description": "The page where a user asks for access; null when only police vetting would help",
    },
}
MATCH_FIELDS = {
    "band": {**STRING, "enum": [VERY_LIKELY_BAND, POSSIBLY_BAND], "description": "How likely the same person"},
    "agreeing": {**STRING, "description": "Which details agree, without their values ('name and date of birth')"},
}

RESPONSES = {
    "Address": output({**optional(ADDRESS_FIELDS), "postcode": nullable(STRING), "display": STRING}),
    "Person": output(PERSON_FIELDS),
    "Merged": output(
        {"merged_into": UUID, "location": {**STRING, "format": "uri-reference"}},
        "A person merged into another record: where the record kept is",
    ),
    "PersonCreated": output(
        {
            **PERSON_FIELDS,
            "possible_duplicates": {
                "type": "array",
                "items": ref("PossibleDuplicate"),
                "description": "People already held across the partnership who may be this person, most likely "
                "first, kept for triage on both people's pages",
            },
        }
    ),
    "PossibleDuplicate": {
        "oneOf": [
            output(
                {
                    "restricted": {"const": False},
                    "person_id": UUID,
                    "display": STRING,
                    "detail": {**STRING, "description": "Date of birth and current address"},
                    **MATCH_FIELDS,
                    "explanation": {
                        "type": "array",
                        "items": STRING,
                        "description": "One plain sentence per field: what agreed or differed, and how much it counts",
                    },
                },
                "Someone the caller may see",
            ),
            output({**STUB_FIELDS, **MATCH_FIELDS}, "Someone the caller may not see: a stub, no id, no details"),
        ]
    },
    "PersonInRole": PERSON_IN_ROLE,
    "Location": output(
        {
            "address": nullable(output(optional(ADDRESS_FIELDS))),
            "postcode": nullable({**STRING, "description": "Full postcode or postcode district"}),
            "description": nullable(STRING),
            "display": STRING,
            "lat": nullable({"type": "number"}),
            "lon": nullable({"type": "number"}),
            "precision": choice(LocationPrecision),
            "district_code": nullable({**STRING, "description": "ONS district code"}),
        }
    ),
    "Vehicle": output(
        {"registration": STRING, "make": nullable(STRING), "model": nullable(STRING), "colour": nullable(STRING)}
    ),
    "Incident": output(
        {
            "id": UUID,
            "reference": STRING,
            "occurred_at": TIMESTAMP,
            "reported_at": TIMESTAMP,
            "category": choice(Category),
            "type": STRING,
            "type_label": STRING,
            "hate_motivated": BOOLEAN,
            "description": nullable(STRING),
            "location": ref("Location"),
            "people": {"type": "array", "items": ref("PersonInRole")},
            "vehicles": {"type": "array", "items": ref("Vehicle")},
            "status": choice(IncidentStatus),
            "source": choice(IncidentSource),
            "owner_organisation": STRING,
            "sharing_scope": choice(SharingScope),
            "version": INTEGER,
        }
    ),
    "OrganisationSummary": output({"code": STRING, "name": STRING}),
    "Officer": output({"email": STRING, "name": STRING}),
    "Action": output(
        {
            "id": UUID,
            "description": STRING,
            "owner_organisation": ref("OrganisationSummary"),
            "owner_user": nullable(ref("Officer")),
            "due_on": DATE,
            "completed_at": nullable(TIMESTAMP),
            "version": INTEGER,
        }
    ),
    "CaseIncident": {
        "oneOf": [
            output({"incident_id": UUID, "reference": STRING}),
            output({"restricted": {"const": True}}, "An incident the caller may not see"),
        ]
    },
    "CaseNote": output({"at": TIMESTAMP, "author": nullable(STRING), "text": STRING}),
    "Case": output(
        {
            "id": UUID,
            "reference": STRING,
            "title": STRING,
            "summary": nullable(STRING),
            "status": choice(CaseStatus),
            "risk_level": choice(RiskLevel),
            "outcome": nullable(choice(CaseOutcome)),
            "opened_at": TIMESTAMP,
            "closed_at": nullable(TIMESTAMP),
            "lead_organisation": ref("OrganisationSummary"),
            "lead_officer": nullable(ref("Officer")),
            "incidents": {"type": "array", "items": ref("CaseIncident")},
            "people": {"type": "array", "items": ref("PersonInRole")},
            "actions": {"type": "array", "items": ref("Action")},
            "notes": {"type": "array", "items": ref("CaseNote"), "description": "Officers' notes, newest first"},
            "owner_organisation": STRING,
            "sharing_scope": choice(SharingScope),
            "version": INTEGER,
        }
    ),
    "SearchResult": {
        "oneOf": [
            output(
                {
                    "kind": choice(RecordKind),
                    "id": UUID,
                    "display": STRING,
                    "detail": STRING,
                    "restricted": {"const": False},
                },
                "A record the caller may see",
            ),
            ref("RecordStub"),
        ]
    },
    "RecordStub": output(STUB_FIELDS, "A record the caller may not see: no id, no details"),
    "SearchResults": output(
        {
            "results": {"type": "array", "items": ref("SearchResult")},
            "page": INTEGER,
            "page_size": INTEGER,
            "pages": INTEGER,
            "total": INTEGER,
            "total_is_capped": {**BOOLEAN, "description": "True when there were too many to count exactly"},
        }
    ),
    "Organisations": output(
        {
            "organisations": {
                "type": "array",
                "items": output(
                    {
                        "code": STRING,
                        "name": STRING,
                        "kind": choice(OrganisationKind),
                        "teams": {"type": "array", "items": output({"id": UUID, "name": STRING})},
                    }
                ),
            }
        }
    ),
    "IncidentTypes": output(
        {
            "incident_types": {
                "type": "array",
                "items": output({"code": STRING, "label": STRING, "category": choice(Category)}),
            }
        }
    ),
}

SCHEMAS = {**PROBLEMS, **REQUESTS, **RESPONSES}
