"""The case page: what it shows, who may see it, and that its query count does not grow with the case."""

import uuid
from datetime import date, timedelta

import pytest

from casemgmt.extensions import db
from casemgmt.incidents.case_models import Case
from casemgmt.incidents.case_services import ActionInput, PersonLink, add_action, add_note, add_person_to_case
from casemgmt.incidents.models import IncidentRole
from tests.pages import PageClient, check_page
from tests.query_counting import counting_queries


def test_the_case_page_shows_the_details(officer_client, partnership, noise_case):
    soup = officer_client.page(f"/cases/{noise_case.id}", title=f"{noise_case.reference}: Noise on Example Street")
    assert soup.h1.get_text(strip=True) == "Noise on Example Street"
    assert soup.select_one(".govuk-caption-l").get_text(strip=True) == noise_case.reference
    assert soup.select_one("#case-tags").get_text(" ", strip=True) == "Open Standard risk"
    details = {
        row.select_one("dt").get_text(strip=True): row.select_one("dd").get_text(strip=True)
        for row in soup.select("#case-details .govuk-summary-list__row")
    }
    assert details["Lead agency"] == "City Council"
    assert details["Lead officer"] == "Priya Lead"
    assert "Closed" not in details and "Outcome" not in details
    buttons = {link.get_text(strip=True) for link in soup.select("main a.govuk-button, main button.govuk-button")}
    assert {"Edit case", "Add note", "Close case", "Add an incident", "Add a person", "Add an action"} <= buttons


def test_an_action_for_another_organisation_shares_the_case_with_its_officer(
    app, officer_client, other_client, partnership, noise_case
):
    case_url = f"/cases/{noise_case.id}"
    other_client.sign_in(partnership.borough_officer.email)
    check_page(other_client.get(case_url), status=404)

    response = officer_client.submit(
        f"{case_url}/add-action",
        {
            "description": "Visit the family about the music",
            "owner_organisation_id": str(partnership.borough.id),
            "owner_email": "BOB@borough.example.org",
            "due_on": ["1", "6", str(date.today().year + 1)],
        },
    )
    assert response.status_code == 302

    soup = check_page(other_client.get(case_url), status=200)
    row = soup.select_one("#case-actions tbody tr")
    assert "Visit the family about the music" in row.get_text()
    assert "Borough Council: Bob Borough" in row.get_text(" ", strip=True)
    # The action shares the case with its officer, not the incident or the people in it: those are stubs.
    (incident_stub,) = soup.select("#case-incidents tr.app-stub")
    assert "Restricted" in incident_stub.get_text() and "Request access" in incident_stub.get_text()
    assert soup.select("#case-incidents a[href^='/incidents/']") == []
    assert soup.select("#case-people a[href^='/people/']") == []

    third = PageClient(app.test_client())
    third.sign_in(partnership.housing_officer.email)
    hidden = check_page(third.get(case_url), status=404)
    missing = check_page(third.get(f"/cases/{uuid.uuid4()}"), status=404)
    assert hidden.select_one("main").get_text(" ", strip=True) == missing.select_one("main").get_text(" ", strip=True)


def test_an_action_for_a_whole_organisation_shares_the_case_with_all_of_it(
    officer_client, other_client, partnership, noise_case
):
    officer_client.submit(
        f"/cases/{noise_case.id}/add-action",
        {
            "description": "Check the tenancy",
            "owner_organisation_id": str(partnership.housing.id),
            "due_on": ["1", "6", str(date.today().year + 1)],
        },
    )
    other_client.sign_in(partnership.housing_officer.email)
    soup = check_page(other_client.get(f"/cases/{noise_case.id}"), status=200)
    assert "Example Homes" in soup.select_one("#case-actions").get_text()


def test_an_officer_of_another_organisation_cannot_be_given_the_action(officer_client, partnership, noise_case):
    soup = check_page(
        officer_client.submit(
            f"/cases/{noise_case.id}/add-action",
            {
                "description": "Visit",
                "owner_organisation_id": str(partnership.borough.id),
                "owner_email": partnership.housing_officer.email,
                "due_on": ["1", "6", str(date.today().year + 1)],
            },
        )
    )
    assert "No active officer of that organisation" in soup.select_one("#owner_email-error").get_text()
    assert soup.select_one("#description").get_text() == "Visit"


def test_overdue_actions_are_tagged(officer_client, noise_case):
    yesterday, next_week = date.today() - timedelta(days=1), date.today() + timedelta(days=7)
    for description, due in (("Letter to the tenant", yesterday), ("Noise diary review", next_week)):
        response = officer_client.submit(
            f"/cases/{noise_case.id}/add-action",
            {
                "description": description,
                "owner_organisation_id": str(noise_case.owner_organisation_id),
                "due_on": [str(due.day), str(due.month), str(due.year)],
            },
        )
        assert response.status_code == 302
    soup = officer_client.page(f"/cases/{noise_case.id}")
    statuses = {
        row.select_one("td .app-preserve-lines").get_text(strip=True): row.select_one("td .govuk-tag").get_text()
        for row in soup.select("#case-actions tbody tr")
    }
    assert statuses == {"Letter to the tenant": "Overdue", "Noise diary review": "To do"}


def test_the_due_date_must_be_given(officer_client, partnership, noise_case):
    soup = check_page(
        officer_client.submit(
            f"/cases/{noise_case.id}/add-action",
            {"description": "Visit", "owner_organisation_id": str(partnership.city.id), "due_on": ["", "", ""]},
        )
    )
    assert "Enter the date the action is due" in soup.select_one("#due_on-error").get_text()
    assert db.session.get(Case, noise_case.id).actions == []


def _case_with(size: int, factories, lead):
    incidents = []
    for number in range(size):
        person = factories.person(by=lead, forename=f"Person{number}", surname=f"Size{size}")
        incidents.append(factories.incident(by=lead, people=[(person, IncidentRole.VICTIM)]))
    case = factories.case(by=lead, title=f"Case with {size}", incidents=incidents)
    for incident in incidents:
        add_person_to_case(lead, case.id, PersonLink(incident.people[0].person_id, IncidentRole.VICTIM))
    for number in range(size):
        add_action(lead, case.id, ActionInput(f"Action {number}", lead.organisation_id, date.today(), lead.id))
        add_note(lead, case.id, f"Note {number}")
    return case


# Measured: 3 to recognise the signed-in user (their session, the user with their organisation, their teams,
# which the access policy needs) and 7 for the page (the case with its lead agency and officer; its incident
# links, people links, actions with owners, and notes with authors; the visible incidents; the visible people).
# The page's share includes one for its edit lease (who else is editing it), within the same ceiling.
QUERY_CEILING = 10


@pytest.mark.parametrize("sizes", [(2, 20)])
def test_the_case_page_needs_the_same_few_queries_however_big_the_case(officer_client, factories, partnership, sizes):
    small, large = (_case_with(size, factories, partnership.lead) for size in sizes)
    db.session.remove()
    counts = {}
    for size, case in zip(sizes, (small, large), strict=True):
        with counting_queries() as statements:
            soup = check_page(officer_client.get(f"/cases/{case.id}"))
        counts[size] = len(statements)
        assert len(soup.select("#case-incidents tbody tr")) == size
        assert len(soup.select("#case-people .govuk-summary-list__row")) == size
        assert len(soup.select("#case-actions tbody tr")) == size
        # notes and events: opened, one per person added, one per action, plus the notes themselves
        assert len(soup.select("#case-timeline .moj-timeline__item")) == 1 + 3 * size
    assert counts[sizes[0]] == counts[sizes[1]], counts
    assert counts[sizes[0]] <= QUERY_CEILING, counts


CASE_PAGES = ["", "/edit", "/add-incident?q=ASB", "/add-person?q=victim", "/add-action", "/add-note", "/close"]


@pytest.mark.parametrize("page", CASE_PAGES)
def test_every_case_page_is_not_found_for_an_officer_who_may_not_see_the_case(client, partnership, noise_case, page):
    client.sign_in(partnership.housing_officer.email)
    check_page(client.get(f"/cases/{noise_case.id}{page}"), status=404, title="Page not found")


@pytest.mark.parametrize(
    "action", ["/edit", "/add-note", "/close", "/reopen", "/add-action", f"/actions/{uuid.uuid4()}/complete"]
)
def test_every_change_is_refused_to_an_officer_who_may_not_see_the_case(client, partnership, noise_case, action):
    client.sign_in(partnership.housing_officer.email)
    data = {"version": "1", "title": "Taken over", "note": "Hello", "outcome": "resolved", "description": "Go"}
    response = client.submit(f"/cases/{noise_case.id}{action}", data, form_url="/cases")
    check_page(response, status=404)
    case = db.session.get(Case, noise_case.id)
    assert (case.title, case.status.value, len(case.notes), case.actions) == ("Noise on Example Street", "open", 1, [])
