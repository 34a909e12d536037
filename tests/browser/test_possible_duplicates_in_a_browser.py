"""Possible existing records appear as an officer types a new person, in a real browser with the page's own
script (under the strict Content-Security-Policy): on the add-person page, and for a new person on the incident
form, where "Use this person" puts the existing record in the new person's place."""

import re
from datetime import date

import pyotp
import pytest

from tests.browser.conftest import axe_violations, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def officer(factories):
    """A council officer (with an authenticator) whose team holds John Smith; another council holds a second."""
    council = factories.organisation(code="charnwood", name="Charnwood Borough Council")
    team = factories.team(organisation=council, name="Anti-social behaviour team")
    secret = pyotp.random_base32()
    user = factories.user(email="olivia@charnwood.example", organisation=council, teams=[team], totp_secret=secret)
    john = factories.person(
        by=user, forename="John", surname="Smith", date_of_birth=date(1990, 3, 2), postcode="LE11 3AB"
    )
    melton = factories.organisation(code="melton", name="Melton Borough Council")
    stranger = factories.user(organisation=melton, teams=[factories.team(organisation=melton)])
    factories.person(by=stranger, forename="John", surname="Smith", date_of_birth=date(1990, 3, 2), postcode="LE11 3AB")
    return {"user": user, "secret": secret, "john": john}


def type_jon_smyth(page, prefix: str = "") -> None:
    field = (lambda name: f"[name='{prefix}{name}']") if prefix else (lambda name: f"#{name}")
    page.fill(field("forename"), "Jon")
    page.fill(field("surname"), "Smyth")
    boxes = page.locator(f"[name='{prefix}date_of_birth']")
    for number, value in enumerate(("3", "2", "1990")):
        boxes.nth(number).fill(value)
    page.fill(field("postcode"), "LE11 3AB")


def test_candidates_appear_while_typing_a_new_person(browser_page, live_server, officer):
    page = browser_page
    sign_in(page, live_server, officer["user"].email, officer["secret"])
    page.goto(f"{live_server}/people/new")
    type_jon_smyth(page)

    panel = page.locator("#possible-duplicates")
    panel.locator("li.app-possible-duplicate").nth(1).wait_for()
    visible = panel.locator("li.app-possible-duplicate", has=page.locator("a.govuk-link.govuk-\\!-font-weight-bold"))
    assert visible.locator("a").first.inner_text() == "John Smith"
    visible.locator("summary").click()
    assert "Date of birth: day and month swapped (03/02/1990, 02/03/1990)" in visible.inner_text()
    stub = panel.locator("li.app-possible-duplicate", has=page.locator(".app-stub-name"))
    assert "Restricted person record" in stub.inner_text() and "Melton Borough Council" in stub.inner_text()
    assert "Smith" not in stub.inner_text()
    assert page.url.endswith("/people/new"), "nothing was submitted"
    assert axe_violations(page) == []
    assert page.console_errors == []


def test_use_this_person_on_the_incident_form(browser_page, live_server, officer):
    page = browser_page
    sign_in(page, live_server, officer["user"].email, officer["secret"])
    page.goto(f"{live_server}/incidents/new")
    type_jon_smyth(page, prefix="new_people-0-")

    use = page.locator("#new-person-0-possible-duplicates button:has-text('Use this person')")
    use.wait_for()
    use.click()
    page.wait_for_url(re.compile(r".*/incidents/new$"))
    assert "John Smith" in page.locator("#people-added").inner_text()
    assert page.input_value("[name='new_people-0-surname']") == ""
    assert page.console_errors == []


def test_a_police_record_offers_an_unvetted_officer_no_access_request(browser_page, live_server, officer, factories):
    from casemgmt.access.models import OrganisationKind

    police = factories.organisation(code="leics-police", name="Leicestershire Police", kind=OrganisationKind.POLICE)
    pc = factories.user(organisation=police, teams=[factories.team(organisation=police)])
    factories.person(by=pc, forename="John", surname="Smith", date_of_birth=date(1990, 3, 2), postcode="LE11 3AB")
    page = browser_page
    sign_in(page, live_server, officer["user"].email, officer["secret"])
    page.goto(f"{live_server}/people/new")
    type_jon_smyth(page)

    panel = page.locator("#possible-duplicates")
    police_stub = panel.locator("li.app-possible-duplicate", has_text="Leicestershire Police")
    police_stub.wait_for()
    assert police_stub.locator(".app-request-access").count() == 0
    assert police_stub.locator(".app-needs-vetting").inner_text() == "Police record: needs police vetting to see"
    council_stub = panel.locator("li.app-possible-duplicate", has_text="Melton Borough Council")
    assert council_stub.locator(".app-request-access").count() == 1
    assert page.console_errors == []
