"""Opening a case from an incident: the incident and its people carried over, sharing, errors, hidden incidents."""

import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from casemgmt.access.sharing import SharingScope
from casemgmt.extensions import db
from casemgmt.incidents.case_models import Case, RiskLevel
from casemgmt.incidents.models import IncidentRole
from tests.cases.forms import form_values
from tests.pages import check_page


@pytest.fixture
def incident_with_people(factories, partnership):
    lead = partnership.lead
    people = {
        "victim": factories.person(by=lead, forename="Vera", surname="Victim"),
        "perpetrator": factories.person(by=lead, forename="Percy", surname="Noisy"),
        "witness": factories.person(by=lead, forename="Walt", surname="Witness"),
    }
    incident = factories.incident(
        by=lead,
        people=[
            (people["victim"], IncidentRole.VICTIM),
            (people["perpetrator"], IncidentRole.PERPETRATOR),
            (people["witness"], IncidentRole.WITNESS),
        ],
    )
    return incident, people


def test_open_a_case_from_an_incident(officer_client, other_client, partnership, incident_with_people):
    incident, people = incident_with_people
    soup = officer_client.page(f"/cases/new?incident_id={incident.id}", title="Open a case")
    assert incident.reference in soup.select_one("#case-incidents").get_text()
    assert [field["value"] for field in soup.select("input[type=hidden][name^=incident_ids-]")] == [str(incident.id)]
    ticked = {box["value"]: box.has_attr("checked") for box in soup.select("input[name=people]")}
    assert ticked == {
        f"{people['victim'].id}:victim": True,
        f"{people['perpetrator'].id}:perpetrator": True,
        f"{people['witness'].id}:witness": True,
    }
    assert soup.select_one("#lead_officer_id option[selected]")["value"] == str(partnership.lead.id)
    assert soup.select_one("input[name=sharing-scope][checked]")["value"] == "team"

    values = form_values(soup)
    values.update(
        title="Noise at 4 Example Street", summary="Music most nights.\nVictim works nights.", risk_level="high"
    )
    values["people"] = [f"{people['victim'].id}:victim", f"{people['perpetrator'].id}:perpetrator"]
    response = officer_client.post("/cases/new", data=values)

    assert response.status_code == 302
    case = db.session.scalars(select(Case)).one()
    assert response.headers["Location"] == f"/cases/{case.id}"
    reference = f"CASE-{datetime.now(UTC).year}-00001"
    page = officer_client.page(f"/cases/{case.id}")
    assert f"Case {reference} opened" in page.select_one(".govuk-notification-banner").get_text(" ", strip=True)
    assert (case.reference, case.title, case.risk_level) == (reference, "Noise at 4 Example Street", RiskLevel.HIGH)
    assert case.summary == "Music most nights.\nVictim works nights."
    assert [link.incident_id for link in case.incidents] == [incident.id]
    assert {(link.person_id, link.role) for link in case.people} == {
        (people["victim"].id, IncidentRole.VICTIM),
        (people["perpetrator"].id, IncidentRole.PERPETRATOR),
    }
    assert (case.lead_officer_id, case.owner_team_id) == (partnership.lead.id, partnership.asb_team.id)
    assert case.sharing_scope == SharingScope.TEAM

    # The default share is the officer's own team: a teammate sees it, a colleague in another team does not.
    other_client.sign_in(partnership.teammate.email)
    check_page(other_client.get(f"/cases/{case.id}"), status=200)
    other_client.forget_cookies()
    other_client.sign_in(partnership.licensing_officer.email)
    check_page(other_client.get(f"/cases/{case.id}"), status=404)


def test_the_case_page_shows_the_people_and_incident_it_was_opened_with(officer_client, incident_with_people):
    incident, people = incident_with_people
    values = form_values(officer_client.page(f"/cases/new?incident_id={incident.id}"))
    values["title"] = "Example Street"
    response = officer_client.post("/cases/new", data=values)
    soup = officer_client.page(response.headers["Location"])
    assert [cell.get_text(strip=True) for cell in soup.select("#case-incidents tbody td:first-child")] == [
        incident.reference
    ]
    assert soup.select_one("#case-incidents tbody a")["href"] == f"/incidents/{incident.id}"
    links = {link.get_text(strip=True): link["href"] for link in soup.select("#case-people dt a")}
    assert links == {
        "Percy Noisy": f"/people/{people['perpetrator'].id}",
        "Vera Victim": f"/people/{people['victim'].id}",
        "Walt Witness": f"/people/{people['witness'].id}",
    }
    rows = {
        row.select_one("dt").get_text(strip=True): row.select_one("dd").get_text(strip=True)
        for row in soup.select("#case-people .govuk-summary-list__row")
    }
    assert rows == {"Percy Noisy": "Perpetrator", "Vera Victim": "Victim", "Walt Witness": "Witness"}


def test_a_mistake_keeps_everything_typed_and_ticked(officer_client, incident_with_people):
    incident, people = incident_with_people
    soup = officer_client.page(f"/cases/new?incident_id={incident.id}")
    values = form_values(soup)
    values.update(title="  ", summary="Keep this summary", risk_level="medium")
    values["people"] = [f"{people['victim'].id}:victim"]
    soup = check_page(officer_client.post("/cases/new", data=values), status=200, title="Error: Open a case")

    assert "Give the case a short title" in soup.select_one("#title-error").get_text()
    assert soup.select_one("#summary").get_text() == "Keep this summary"
    assert soup.select_one("input[name=risk_level][checked]")["value"] == "medium"
    ticked = [box["value"] for box in soup.select("input[name=people][checked]")]
    assert ticked == [f"{people['victim'].id}:victim"]
    assert [field["value"] for field in soup.select("input[name^=incident_ids-]")] == [str(incident.id)]
    assert db.session.scalars(select(Case)).all() == []


def test_sharing_with_a_partner_needs_a_partner(officer_client, incident_with_people):
    incident, _ = incident_with_people
    values = form_values(officer_client.page(f"/cases/new?incident_id={incident.id}"))
    values.update({"title": "Example Street", "sharing-scope": "partners"})
    soup = check_page(officer_client.post("/cases/new", data=values), status=200)
    assert "Name at least one partner organisation" in soup.select_one("#sharing-organisations-error").get_text()
    assert db.session.scalars(select(Case)).all() == []


def test_sharing_with_a_partner_organisation_lets_it_see_the_case(
    officer_client, other_client, partnership, incident_with_people
):
    incident, _ = incident_with_people
    values = form_values(officer_client.page(f"/cases/new?incident_id={incident.id}"))
    values.update({"title": "Example Street", "sharing-scope": "partners", "sharing-organisations": ["borough"]})
    response = officer_client.post("/cases/new", data=values)
    assert response.status_code == 302
    other_client.sign_in(partnership.borough_officer.email)
    soup = check_page(other_client.get(response.headers["Location"]), status=200)
    # The case is shared, its incident is not: the partner sees only its stub, with a way to ask for access.
    assert soup.select("#case-incidents a[href^='/incidents/']") == []
    (stub,) = soup.select("#case-incidents tr.app-stub")
    assert stub.get_text(" ", strip=True).startswith(f"{incident.reference}: Noise Restricted Incident record held by")


@pytest.mark.parametrize("incident_id", ["hidden", str(uuid.uuid4()), "not-a-uuid"])
def test_an_incident_the_officer_may_not_see_is_not_found(officer_client, factories, partnership, incident_id):
    if incident_id == "hidden":
        incident_id = factories.incident(by=partnership.borough_officer).id
    check_page(officer_client.get(f"/cases/new?incident_id={incident_id}"), status=404, title="Page not found")


def test_a_case_can_be_opened_without_an_incident(officer_client):
    soup = officer_client.page("/cases/new")
    assert "No incidents yet" in soup.get_text()
    values = form_values(soup)
    values["title"] = "Parking on the green"
    assert officer_client.post("/cases/new", data=values).status_code == 302
    case = db.session.scalars(select(Case)).one()
    assert (case.title, case.incidents, case.people) == ("Parking on the green", [], [])
