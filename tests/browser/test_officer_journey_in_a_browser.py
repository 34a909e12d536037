"""A new officer's day in a real browser: log an incident in one form, open a case from it, give another
agency an action, close the case; two officers editing the same case; the logging form without JavaScript.

The database is read back through the models (not through the app's pages) to check what was stored.
"""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pyotp
import pytest
from sqlalchemy import select

from casemgmt.access.models import OrganisationKind
from casemgmt.extensions import db
from casemgmt.incidents.case_models import Case, CaseAction, CaseOutcome, CasePerson, CaseStatus
from casemgmt.incidents.models import Incident, IncidentPerson, IncidentRole
from tests.browser.conftest import DESKTOP, axe_violations, fits_a_phone_screen, save_is_refused_as_a_conflict, sign_in

pytestmark = pytest.mark.browser

INCIDENT_URL = re.compile(r".*/incidents/[0-9a-f-]{36}$")
CASE_URL = re.compile(r".*/cases/[0-9a-f-]{36}(#.*)?$")


@pytest.fixture
def council(factories):
    """A council's ASB team with two officers (each with an authenticator), who already know Dean Walsh."""
    organisation = factories.organisation(code="charnwood", name="Charnwood Borough Council")
    team = factories.team(organisation=organisation, name="Anti-social behaviour team")
    officers = []
    for name, email in (("Olivia Officer", "olivia@charnwood.example"), ("Tariq Teammate", "tariq@charnwood.example")):
        secret = pyotp.random_base32()
        user = factories.user(email=email, organisation=organisation, teams=[team], totp_secret=secret)
        user.full_name = name
        officers.append((user, secret))
    db.session.commit()
    (officer, secret), (teammate, teammate_secret) = officers
    dean = factories.person(by=officer, forename="Dean", surname="Walsh", postcode="LE11 2XY", line1="9 Mill Lane")
    return {
        "organisation": organisation,
        "officer": officer,
        "secret": secret,
        "teammate": teammate,
        "teammate_secret": teammate_secret,
        "dean": dean,
    }


def summary_rows(page, selector: str) -> dict[str, str]:
    """A GOV.UK summary list as {key: value}, whitespace collapsed."""
    rows = {}
    for row in page.locator(f"{selector} .govuk-summary-list__row").all():
        key = " ".join(row.locator(".govuk-summary-list__key").inner_text().split())
        rows[key] = " ".join(row.locator(".govuk-summary-list__value").inner_text().split())
    return rows


def stored_incident_roles(reference: str) -> set[tuple[str, IncidentRole]]:
    db.session.expire_all()
    links = db.session.scalars(
        select(IncidentPerson)
        .join(Incident, Incident.id == IncidentPerson.incident_id)
        .where(Incident.reference == reference)
    ).all()
    return {(link.person.display_name, link.role) for link in links}


def fill_what_and_where(page) -> None:
    """Category, type, place and description; the date and time are left as the form fills them (now)."""
    page.get_by_label("Nuisance", exact=True).check()
    page.get_by_label("Type of incident").select_option(label="Noise")
    page.get_by_label("Address line 1", exact=True).fill("14 Baxter Gate")
    page.get_by_label("Postcode", exact=True).fill("LE11 3AB")
    page.get_by_label("Description", exact=True).fill("Music at full volume from 11pm until 3am, third night running.")


def test_officer_logs_an_incident_opens_a_case_gives_an_action_and_closes_it(
    factories, council, live_server, browser_page
):
    housing = factories.organisation(code="dha", name="Demo Housing Association", kind=OrganisationKind.HOUSING)
    factories.user(email="hana@dha.example", organisation=housing, teams=[factories.team(organisation=housing)])
    page = browser_page
    page.set_viewport_size(DESKTOP)
    sign_in(page, live_server, "olivia@charnwood.example", council["secret"])

    # 1. Log an incident in the one form.
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Log an incident").click()
    page.wait_for_url("**/incidents/new")
    assert page.title() == "Log an incident - ASB case management"
    # The date and time boxes start at now (UK time); the officer leaves them.
    when = page.get_by_role("group", name="Date", exact=True)
    today = datetime.now(ZoneInfo("Europe/London")).date()
    assert [when.get_by_label(part).input_value() for part in ("Day", "Month", "Year")] == [
        f"{today:%d}",
        f"{today:%m}",
        f"{today:%Y}",
    ]
    assert re.fullmatch(r"\d{2}:\d{2}", page.get_by_label("Time", exact=True).input_value())
    fill_what_and_where(page)
    page.locator("#new_people-0-role").select_option(label="Victim")
    page.locator("#new_people-0-forename").fill("Nora")
    page.locator("#new_people-0-surname").fill("Neighbour")

    page.get_by_label("Find a person").fill("Walsh")
    page.get_by_role("button", name="Find", exact=True).click()
    found = page.locator("#people-found")
    found.wait_for()
    assert "Dean Walsh" in found.inner_text()
    assert "LE11 2XY" in found.inner_text()
    # Everything typed so far survives the round trip to the server.
    assert page.get_by_label("Description", exact=True).input_value().startswith("Music at full volume")
    assert page.locator("#new_people-0-forename").input_value() == "Nora"
    assert page.get_by_label("Nuisance", exact=True).is_checked()

    page.get_by_label("Role of Dean Walsh").select_option(label="Perpetrator")
    page.get_by_role("button", name="Add Dean Walsh").click()
    page.locator("#people-added").wait_for()
    assert summary_rows(page, "#people-added") == {"Dean Walsh": "Perpetrator"}
    page.locator("#vehicles-0-registration").fill("ab12 cde")

    assert axe_violations(page) == []
    assert fits_a_phone_screen(page) <= 360

    page.get_by_role("button", name="Save incident").click()
    page.wait_for_url(INCIDENT_URL)
    reference = page.locator("h1 .app-nowrap").inner_text()
    assert re.fullmatch(r"ASB-\d{4}-\d{6}", reference), reference
    assert page.title() == f"{reference} - ASB case management"
    assert f"Incident {reference} logged" in page.locator(".govuk-notification-banner").inner_text()
    assert page.locator(".govuk-caption-l").inner_text() == "Nuisance: Noise"
    where = summary_rows(page, "#incident-details")["Where"]
    assert "14 Baxter Gate" in where and "LE11 3AB" in where
    assert summary_rows(page, "#incident-people") == {"Victim": "Nora Neighbour", "Perpetrator": "Dean Walsh"}
    assert page.locator("#incident-vehicles").inner_text() == "AB12CDE"
    assert stored_incident_roles(reference) == {
        ("Nora Neighbour", IncidentRole.VICTIM),
        ("Dean Walsh", IncidentRole.PERPETRATOR),
    }
    assert axe_violations(page) == []

    # 2. Open a case from the incident, keeping both people.
    page.get_by_role("link", name="Open a case from this incident").click()
    page.wait_for_url("**/cases/new?incident_id=*")
    assert reference in page.locator("#case-incidents").inner_text()
    people_boxes = page.get_by_role("group", name="People in the case").get_by_role("checkbox")
    assert people_boxes.count() == 2
    assert all(box.is_checked() for box in people_boxes.all())
    page.get_by_label("Case title").fill("Noise at 14 Baxter Gate")
    page.get_by_role("button", name="Open case").click()
    page.wait_for_url(CASE_URL)
    case_reference = page.locator(".govuk-caption-l").inner_text()
    assert re.fullmatch(r"CASE-\d{4}-\d{5}", case_reference), case_reference
    assert page.locator("h1").inner_text() == "Noise at 14 Baxter Gate"
    assert f"Case {case_reference} opened" in page.locator(".govuk-notification-banner").inner_text()
    assert reference in page.locator("#case-incidents").inner_text()
    assert summary_rows(page, "#case-people") == {"Nora Neighbour": "Victim", "Dean Walsh": "Perpetrator"}

    # 3. An action for another agency, due in a fortnight.
    due = date.today() + timedelta(days=14)
    page.get_by_role("link", name="Add an action").click()
    page.wait_for_url("**/add-action")
    page.get_by_label("What needs to be done").fill("Visit the tenant at 14 Baxter Gate about the noise")
    page.get_by_label("Organisation responsible").select_option(label="Demo Housing Association")
    due_date = page.get_by_role("group", name="Due date")
    due_date.get_by_label("Day").fill(str(due.day))
    due_date.get_by_label("Month").fill(str(due.month))
    due_date.get_by_label("Year").fill(str(due.year))
    page.get_by_role("button", name="Add action").click()
    page.wait_for_url(CASE_URL)
    assert "Action added for Demo Housing Association" in page.locator(".govuk-notification-banner").inner_text()
    actions = page.locator("#case-actions tbody tr")
    assert actions.count() == 1
    action_text = " ".join(actions.first.inner_text().split())
    assert "Visit the tenant at 14 Baxter Gate about the noise" in action_text
    assert "Demo Housing Association" in action_text
    assert f"{due.day} {due:%B %Y}" in action_text
    assert "To do" in action_text

    # 4. Close the case with an outcome.
    page.get_by_role("link", name="Close case").click()
    page.wait_for_url("**/close")
    assert "1 action is still open" in page.locator("#open-actions-warning").inner_text()
    page.get_by_label("Resolved", exact=True).check()
    page.get_by_label("Closing note (optional)").fill("Tenant warned; music stopped.")
    page.get_by_role("button", name="Close case").click()
    page.wait_for_url(CASE_URL)
    details = summary_rows(page, "#case-details")
    assert details["Status"] == "Closed"
    assert details["Outcome"] == "Resolved"
    assert "Closed" in page.locator("#case-tags").inner_text()
    latest = page.locator("#case-timeline .moj-timeline__item").first
    assert "Case closed: Resolved. Tenant warned; music stopped." in latest.inner_text()
    assert "Olivia Officer" in latest.locator(".moj-timeline__byline").inner_text()
    assert page.get_by_role("button", name="Reopen case").is_visible()

    db.session.expire_all()
    case = db.session.scalar(select(Case).where(Case.reference == case_reference))
    assert (case.status, case.outcome) == (CaseStatus.CLOSED, CaseOutcome.RESOLVED)
    assert {(link.person.display_name, link.role) for link in db.session.scalars(select(CasePerson))} == {
        ("Nora Neighbour", IncidentRole.VICTIM),
        ("Dean Walsh", IncidentRole.PERPETRATOR),
    }
    action = db.session.scalar(select(CaseAction).where(CaseAction.case_id == case.id))
    assert (action.owner_organisation.name, action.due_on) == ("Demo Housing Association", due)

    # The case page, with incidents, people, an action plan and a timeline, at its fullest.
    assert axe_violations(page) == []
    assert fits_a_phone_screen(page) <= 360
    assert page.console_errors == []


def test_two_officers_edit_the_same_case_and_the_second_is_shown_the_conflict(
    factories, council, live_server, new_page
):
    incident = factories.incident(by=council["officer"], people=[(council["dean"], IncidentRole.PERPETRATOR)])
    case = factories.case(by=council["officer"], title="Noise on Mill Lane", incidents=[incident])
    first, second = new_page(), new_page()
    sign_in(first, live_server, "olivia@charnwood.example", council["secret"])
    sign_in(second, live_server, "tariq@charnwood.example", council["teammate_secret"])
    edit_url = f"{live_server}/cases/{case.id}/edit"
    for page in (first, second):
        page.goto(edit_url)
        assert page.get_by_label("Case title").input_value() == "Noise on Mill Lane"

    first.get_by_label("Case title").fill("Noise and parties on Mill Lane")
    first.get_by_role("button", name="Save changes").click()
    first.wait_for_url(CASE_URL)
    assert first.locator("h1").inner_text() == "Noise and parties on Mill Lane"

    second.get_by_label("Case title").fill("Loud music on Mill Lane")
    second.get_by_label("Summary (optional)").fill("Weekend parties at number 9.")
    save_is_refused_as_a_conflict(second, "Olivia Officer")
    rows = {}
    for row in second.locator("main table tbody tr").all():
        rows[row.locator("th").inner_text()] = [cell.inner_text() for cell in row.locator("td").all()]
    assert rows == {
        "Title": ["Noise and parties on Mill Lane", "Loud music on Mill Lane"],
        "Summary": ["(blank)", "Weekend parties at number 9."],
    }
    assert (
        second.get_by_role("link", name="Open the saved version")
        .get_attribute("href")
        .endswith(f"/cases/{case.id}/edit")
    )
    assert axe_violations(second) == []

    db.session.expire_all()
    stored = db.session.get(Case, case.id)
    assert (stored.title, stored.summary) == ("Noise and parties on Mill Lane", None)
    assert first.console_errors == []
    # The browser notes the conflict page's status; that line is expected and is the only one.
    assert second.console_errors == ["Failed to load resource: the server responded with a status of 409 (CONFLICT)"]


def test_logging_an_incident_and_opening_its_case_work_without_javascript(council, live_server, new_page):
    page = new_page(java_script_enabled=False)
    sign_in(page, live_server, "olivia@charnwood.example", council["secret"])
    page.goto(f"{live_server}/incidents/new")
    assert "js-enabled" not in (page.get_attribute("body", "class") or "")
    fill_what_and_where(page)
    page.locator("#new_people-0-forename").fill("Nora")
    page.locator("#new_people-0-surname").fill("Neighbour")

    # Enter in the search box finds people (the form's first button is "Find"), as clicking it would.
    page.get_by_label("Find a person").fill("walsh")
    with page.expect_navigation():
        page.get_by_label("Find a person").press("Enter")
    assert "Dean Walsh" in page.locator("#people-found").inner_text()
    assert page.locator("#new_people-0-surname").input_value() == "Neighbour"
    page.get_by_label("Role of Dean Walsh").select_option(label="Perpetrator")
    with page.expect_navigation():
        page.get_by_role("button", name="Add Dean Walsh").click()
    assert summary_rows(page, "#people-added") == {"Dean Walsh": "Perpetrator"}

    with page.expect_navigation():
        page.get_by_role("button", name="Save incident").click()
    assert INCIDENT_URL.match(page.url)
    reference = page.locator("h1 .app-nowrap").inner_text()
    assert summary_rows(page, "#incident-people") == {"Victim": "Nora Neighbour", "Perpetrator": "Dean Walsh"}
    assert stored_incident_roles(reference) == {
        ("Nora Neighbour", IncidentRole.VICTIM),
        ("Dean Walsh", IncidentRole.PERPETRATOR),
    }

    # On to a case from the incident, still without JavaScript.
    with page.expect_navigation():
        page.get_by_role("link", name="Open a case from this incident").click()
    page.get_by_label("Case title").fill("Noise at 14 Baxter Gate")
    with page.expect_navigation():
        page.get_by_role("button", name="Open case").click()
    assert CASE_URL.match(page.url)
    assert reference in page.locator("#case-incidents").inner_text()
    assert summary_rows(page, "#case-people") == {"Nora Neighbour": "Victim", "Dean Walsh": "Perpetrator"}
    assert page.console_errors == []
