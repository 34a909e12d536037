"""GET /search (in full what the caller may see, stubs of the rest), /organisations and /incident-types."""

import pytest
from sqlalchemy import select

from casemgmt.access.sharing import SharingScope
from casemgmt.audit.models import AuditEvent
from casemgmt.extensions import db
from tests.api.conftest import field_errors


def test_search_returns_in_full_only_records_the_caller_may_see(api, partnership, factories):
    mine = factories.person(by=partnership.officer, forename="Jordan", surname="Smithson")
    shared = factories.person(
        by=partnership.colleague, forename="Jo", surname="Smithson", scope=SharingScope.ORGANISATION
    )
    factories.person(by=partnership.pc, forename="Jay", surname="Smithson")  # police, not shared
    factories.person(by=partnership.colleague, forename="Jan", surname="Smithson")  # other team only
    response = api.get("/api/v1/search?q=smithson", token=partnership.officer_token)
    assert response.status_code == 200 and response.mimetype == "application/json"
    body = response.get_json()
    full = [item for item in body["results"] if not item["restricted"]]
    assert sorted((item["kind"], item["id"], item["display"]) for item in full) == sorted(
        [("person", str(mine.id), "Jordan Smithson"), ("person", str(shared.id), "Jo Smithson")]
    )
    stubs = sorted((item["display"], item["organisations"]) for item in body["results"] if item["restricted"])
    assert stubs == [("Jan Smithson", ["Charnwood Borough Council"]), ("Jay Smithson", ["Leicestershire Police"])]
    assert (body["total"], body["page"], body["pages"], body["total_is_capped"]) == (4, 1, 1, False)
    as_police = api.get("/api/v1/search?q=smithson", token=partnership.pc_token).get_json()
    assert [item["display"] for item in as_police["results"] if not item["restricted"]] == ["Jay Smithson"]
    searches = db.session.execute(
        select(AuditEvent.actor_user_id, AuditEvent.detail).where(AuditEvent.action == "searched")
    ).all()
    assert sorted(searches) == sorted(
        [(partnership.officer.id, "smithson (4 results, api)"), (partnership.pc.id, "smithson (4 results, api)")]
    )


def test_search_finds_incidents_and_cases_by_reference(api, partnership, factories):
    incident = factories.incident(by=partnership.officer)
    case = factories.case(by=partnership.officer, title="Noise on Market Street")
    found = api.get(f"/api/v1/search?q={incident.reference.lower()}", token=partnership.officer_token).get_json()
    assert found["results"] == [
        {
            "kind": "incident",
            "id": str(incident.id),
            "display": f"{incident.reference}: Noise",
            "detail": found["results"][0]["detail"],
            "restricted": False,
        }
    ]
    by_case = api.get(f"/api/v1/search?q={case.reference}", token=partnership.officer_token).get_json()
    assert [(item["kind"], item["display"]) for item in by_case["results"]] == [
        ("case", f"{case.reference}: Noise on Market Street")
    ]
    hidden = api.get(f"/api/v1/search?q={case.reference}", token=partnership.colleague_token).get_json()
    assert [item["display"] for item in hidden["results"]] == [f"{case.reference}: Noise on Market Street"]
    assert hidden["results"][0]["restricted"] is True and "id" not in hidden["results"][0]


def test_search_pages_through_results(api, partnership, factories):
    for number in range(27):
        factories.person(by=partnership.officer, forename=f"Person{number:02d}", surname="Pagesurname")
    first = api.get("/api/v1/search?q=Pagesurname", token=partnership.officer_token).get_json()
    second = api.get("/api/v1/search?q=Pagesurname&page=2", token=partnership.officer_token).get_json()
    assert (first["total"], first["pages"], len(first["results"]), len(second["results"])) == (27, 2, 25, 2)
    assert second["page"] == 2
    ids = [item["id"] for item in first["results"] + second["results"]]
    assert len(set(ids)) == 27


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"q": "Enter a name"}),
        ("?q=%20%20", {"q": "Enter a name"}),
        ("?q=smith&page=0", {"page": "whole number"}),
        ("?q=smith&page=two", {"page": "whole number"}),
        ("?q=smith&page=-1", {"page": "whole number"}),
        ("?q=" + "x" * 201, {"q": "200 characters"}),
        ("?q=smith&sort=name", {"sort": "Unknown parameter"}),
    ],
)
def test_bad_search_parameters_are_400s(api, partnership, query, expected):
    errors = field_errors(api.get(f"/api/v1/search{query}", token=partnership.officer_token))
    assert set(errors) == set(expected)
    for field, fragment in expected.items():
        assert fragment in errors[field]


def test_organisations_lists_every_active_organisation_with_its_teams(api, partnership, factories):
    retired = factories.organisation(code="retired", name="Retired Agency")
    retired.is_active = False
    db.session.commit()
    body = api.get("/api/v1/organisations", token=partnership.housing_token).get_json()
    assert body == {
        "organisations": [
            {
                "code": "charnwood",
                "name": "Charnwood Borough Council",
                "kind": "local_authority",
                "teams": sorted(
                    [
                        {"id": str(partnership.asb_team.id), "name": "ASB team"},
                        {"id": str(partnership.licensing_team.id), "name": "Licensing team"},
                    ],
                    key=lambda team: team["name"],
                ),
            },
            {
                "code": "housing",
                "name": "Housing Association",
                "kind": "housing",
                "teams": [{"id": body["organisations"][1]["teams"][0]["id"], "name": "Tenancy team"}],
            },
            {
                "code": "leics-police",
                "name": "Leicestershire Police",
                "kind": "police",
                "teams": [{"id": body["organisations"][2]["teams"][0]["id"], "name": "Neighbourhood team"}],
            },
        ]
    }


def test_incident_types_lists_the_types_in_use_with_their_categories(api, partnership):
    types = api.get("/api/v1/incident-types", token=partnership.officer_token).get_json()["incident_types"]
    by_code = {item["code"]: item for item in types}
    assert by_code["noise"] == {"code": "noise", "label": "Noise", "category": "nuisance"}
    assert by_code["graffiti"]["category"] == "environmental"
    assert by_code["intimidation"]["category"] == "personal"
    assert len(types) == 18
