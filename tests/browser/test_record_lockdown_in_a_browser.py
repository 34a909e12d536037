"""Issue 4's journeys in a real browser, as new users would try them: a victim's record kept to one council's
team, found as a stub by another council's officer, asked for, approved for 30 days, then seen, and both
events on the record's history page; a housing provider's user with a grant to a police incident but no
vetting, who cannot open it until vetting is recorded, and then only after saying why; two officers editing
one incident (the edit lease, then the version check).

What users see is read from the pages; what was stored is read back through the models.
"""

import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pyotp
import pytest
from sqlalchemy import select

from casemgmt.access.models import OrganisationKind, Role, Team, User
from casemgmt.access.sharing import RecordGrant, RecordKind, SharingScope
from casemgmt.access_requests.models import AccessRequest, AccessRequestStatus
from casemgmt.audit.models import AuditEvent
from casemgmt.db import utcnow
from casemgmt.extensions import db
from casemgmt.incidents.models import Incident
from casemgmt.leases.models import EditLease
from casemgmt.people.models import Person
from tests.browser.conftest import DESKTOP, axe_violations, fits_a_phone_screen, save_is_refused_as_a_conflict, sign_in

pytestmark = pytest.mark.browser

UK = ZoneInfo("Europe/London")
PERSON_URL = re.compile(r".*/people/[0-9a-f-]{36}$")
INCIDENT_URL = re.compile(r".*/incidents/[0-9a-f-]{36}$")
REQUEST_URL = re.compile(r".*/access-requests/[0-9a-f-]{36}$")
WHEN = re.compile(r"\d{1,2} [A-Z][a-z]+ \d{4} at \d{2}:\d{2}")
# What the owner types about the victim: none of it may reach another council's officer before approval.
VICTIM_DETAILS = ("1961", "12 April", "Ashby Road", "LE11 3AB", "07700 900456", "mary.clarke@example.org")


@dataclass
class Staff:
    user: User
    secret: str


def staff(factories, name: str, email: str, team: Team, role: Role = Role.OFFICER) -> Staff:
    """A member of `team`'s organisation with an authenticator."""
    secret = pyotp.random_base32()
    user = factories.user(email=email, organisation=team.organisation, teams=[team], role=role, totp_secret=secret)
    user.full_name = name
    db.session.commit()
    return Staff(user, secret)


def signed_in(new_page, live_server: str, who: Staff):
    page = new_page()
    page.set_viewport_size(DESKTOP)
    sign_in(page, live_server, who.user.email, who.secret)
    return page


def menu(page, item: str) -> None:
    page.get_by_role("navigation", name="Menu").get_by_role("link", name=item).click()


def text_of(locator) -> str:
    """Everything in an element, including visually hidden words, whitespace collapsed."""
    return " ".join(locator.text_content().split())


def unread_count(page, live_server: str) -> str:
    """The header's count of unread notifications, as a page (here the dashboard) shows it."""
    page.goto(f"{live_server}/dashboard")
    return text_of(page.locator("#unread-notifications"))


def search(page, words: str) -> None:
    menu(page, "Search")
    page.get_by_label("Search the partnership’s records").fill(words)
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url("**/search?q=*")


def table_rows(page, selector: str) -> list[list[str]]:
    return [
        [" ".join(cell.inner_text().split()) for cell in row.locator("td").all()]
        for row in page.locator(f"{selector} tbody tr").all()
    ]


def accessible_and_fits_a_phone(page) -> None:
    assert axe_violations(page) == []
    assert fits_a_phone_screen(page) <= 360


@pytest.fixture
def councils(factories):
    """Charnwood's ASB team (two officers) owns the records; Melton's community safety officer finds them."""
    charnwood = factories.organisation(code="charnwood", name="Charnwood Borough Council")
    melton = factories.organisation(code="melton", name="Melton Borough Council")
    asb = factories.team(organisation=charnwood, name="Anti-social behaviour team")
    community = factories.team(organisation=melton, name="Community safety team")
    return {
        "owner": staff(factories, "Olive Owner", "olive@charnwood.example", asb),
        "teammate": staff(factories, "Tom Teammate", "tom@charnwood.example", asb),
        "requester": staff(factories, "Rita Requester", "rita@melton.example", community),
    }


def test_a_victim_kept_to_one_team_is_found_as_a_stub_asked_for_approved_for_30_days_and_seen(
    councils, live_server, new_page
):
    owner, requester = councils["owner"], councils["requester"]

    # 1. The owner adds the victim, leaving "Who may see this record?" at its default: their team only.
    owning = signed_in(new_page, live_server, owner)
    owning.goto(f"{live_server}/people/new")
    owning.get_by_label("First name").fill("Mary")
    owning.get_by_label("Last name").fill("Clarke")
    born = owning.get_by_role("group", name="Date of birth (optional)")
    for part, value in (("Day", "12"), ("Month", "4"), ("Year", "1961")):
        born.get_by_label(part).fill(value)
    owning.get_by_label("Phone number (optional)").fill("07700 900456")
    owning.get_by_label("Email address (optional)").fill("mary.clarke@example.org")
    owning.get_by_label("Address line 1", exact=True).fill("4 Ashby Road")
    owning.get_by_label("Postcode").fill("LE11 3AB")
    assert owning.get_by_label("My team only").is_checked()
    owning.get_by_role("button", name="Save person").click()
    owning.wait_for_url(PERSON_URL)
    assert "Mary Clarke added" in owning.locator(".govuk-notification-banner").inner_text()
    db.session.expire_all()
    mary = db.session.scalar(select(Person))
    assert (mary.display_name, mary.date_of_birth, mary.sharing_scope) == (
        "Mary Clarke",
        date(1961, 4, 12),
        SharingScope.TEAM,
    )
    assert db.session.get(Team, mary.owner_team_id).name == "Anti-social behaviour team"
    assert db.session.scalars(select(RecordGrant)).all() == []

    # 2. Melton's officer searches the name: a stub, with nothing the owner typed beyond the name.
    asking = signed_in(new_page, live_server, requester)
    search(asking, "Mary Clarke")
    stubs = asking.locator("#person-results li.app-stub")
    assert stubs.count() == 1
    stub = stubs.first
    assert stub.locator(".app-stub-name").inner_text() == "Mary Clarke"
    assert stub.locator(".app-restricted-tag").inner_text().strip().lower() == "restricted"
    assert stub.locator(".app-stub-organisations").inner_text() == "Person record held by Charnwood Borough Council"
    assert asking.locator(f"a[href*='{mary.id}']").count() == 0
    assert not [detail for detail in VICTIM_DETAILS if detail in asking.content()]
    accessible_and_fits_a_phone(asking)

    # 3. They follow Request access and say why.
    stub.get_by_role("link", name="Request access to Mary Clarke").click()
    asking.wait_for_url("**/access-requests/new/*")
    assert asking.title() == "Request access - ASB case management"
    requested = " ".join(asking.locator("#requested-record").inner_text().split())
    assert "Mary Clarke" in requested and "Held by Charnwood Borough Council" in requested
    assert not [detail for detail in VICTIM_DETAILS if detail in asking.content()]
    accessible_and_fits_a_phone(asking)
    asking.get_by_label("Why do you need to see this record?").fill("She called us about the same neighbours")
    asking.get_by_role("button", name="Request access").click()
    asking.wait_for_url(REQUEST_URL)
    assert "Your request has been sent" in asking.locator(".govuk-notification-banner").inner_text()
    assert asking.locator("#request-status").inner_text() == "Waiting for a decision"

    # 4. The owner is told: the header's count, then the notifications page.
    assert unread_count(owning, live_server) == "1 unread"
    menu(owning, "Notifications")
    notification = owning.locator("#notifications li").first
    assert "Access requested: Mary Clarke" in notification.locator("h2").inner_text()
    assert "Rita Requester (Melton Borough Council)" in notification.inner_text()
    assert "She called us about the same neighbours" in notification.inner_text()
    accessible_and_fits_a_phone(owning)

    # 5. The owner opens the request from the access requests page and approves it for 30 days.
    menu(owning, "Access requests")
    (waiting,) = table_rows(owning, "#requests-to-decide")
    assert "Mary Clarke" in waiting[0] and "Rita Requester" in waiting[1]
    owning.locator("#requests-to-decide").get_by_role("link", name="Decide on the request from Rita Requester").click()
    owning.wait_for_url(REQUEST_URL)
    assert "She called us about the same neighbours" in owning.locator("#request-reason").inner_text()
    owning.get_by_role("link", name="Approve", exact=True).click()
    owning.wait_for_url("**/approve")
    assert owning.title() == "Approve access - ASB case management"
    assert owning.get_by_label("30 days").is_checked()
    owning.get_by_label("Crime and Disorder Act 1998 s.115").check()
    accessible_and_fits_a_phone(owning)
    owning.get_by_role("button", name="Approve access").click()
    owning.wait_for_url(REQUEST_URL)
    assert "Access approved. The requester has been told." in owning.locator(".govuk-notification-banner").inner_text()
    assert owning.locator("#request-status").inner_text() == "Approved"

    db.session.expire_all()
    access_request = db.session.scalar(select(AccessRequest))
    assert (access_request.status, access_request.decided_by_id) == (AccessRequestStatus.APPROVED, owner.user.id)
    (grant,) = db.session.scalars(select(RecordGrant).where(RecordGrant.record_id == mary.id)).all()
    assert (grant.user_id, grant.record_kind, grant.revoked_at) == (requester.user.id, RecordKind.PERSON, None)
    assert abs(grant.expires_at - (utcnow() + timedelta(days=30))) < timedelta(minutes=1)
    assert grant.lawful_basis == "Crime and Disorder Act 1998 s.115"

    # 6. The requester is told, and now sees the record in full.
    assert unread_count(asking, live_server) == "1 unread"
    menu(asking, "Notifications")
    told = asking.locator("#notifications li").first
    assert "Access approved: Mary Clarke" in told.locator("h2").inner_text()
    assert (
        "Olive Owner (Charnwood Borough Council) approved your request to see Mary Clarke, until" in told.inner_text()
    )
    search(asking, "Mary Clarke")
    assert asking.locator(".app-stub").count() == 0
    asking.locator("#person-results").get_by_role("link", name="Mary Clarke").click()
    asking.wait_for_url(f"**/people/{mary.id}")
    assert asking.locator("h1").inner_text() == "Mary Clarke"
    assert "12 April 1961" in asking.locator("#person-details").inner_text()
    assert "4 Ashby Road" in asking.locator("#person-addresses").inner_text()

    # 7. The owner reads the record's history: the request, the approval and the requester's view.
    owning.goto(f"{live_server}/people/{mary.id}")
    owning.get_by_role("link", name="Who has viewed or changed this person").click()
    owning.wait_for_url(f"**/people/{mary.id}/history")
    events = table_rows(owning, "#audit-events")
    today = datetime.now(UK)
    for what, who in (
        ("Access requested", "Rita Requester"),
        ("Access request approved", "Olive Owner"),
        ("Viewed", "Rita Requester"),
    ):
        matching = [row for row in events if row[2].startswith(what) and row[1].startswith(who)]
        assert matching, (what, who, events)
        when = matching[0][0]
        assert WHEN.fullmatch(when) and when.startswith(f"{today.day} {today:%B %Y}"), when
    asked = next(row for row in events if row[2].startswith("Access requested"))
    assert asked[3] == "She called us about the same neighbours"
    assert "Melton Borough Council" in asked[1]
    accessible_and_fits_a_phone(owning)
    assert owning.console_errors == [] and asking.console_errors == []


@pytest.fixture
def police_and_housing(factories):
    police = factories.organisation(code="leics-police", name="Leicestershire Police", kind=OrganisationKind.POLICE)
    housing = factories.organisation(code="dha", name="Demo Housing Association", kind=OrganisationKind.HOUSING)
    beat = factories.team(organisation=police, name="Neighbourhood policing team")
    tenancy = factories.team(organisation=housing, name="Tenancy enforcement")
    return {
        "housing": housing,
        "constable": staff(factories, "Paul Constable", "paul@police.example", beat),
        "tenancy_officer": staff(factories, "Hana Housing", "hana@dha.example", tenancy),
        "admin": staff(factories, "Amir Admin", "amir@dha.example", tenancy, Role.ORG_ADMIN),
    }


def test_a_housing_officer_opens_a_police_incident_only_once_vetted_and_after_saying_why(
    factories, police_and_housing, live_server, new_page
):
    constable, officer, housing = (police_and_housing[key] for key in ("constable", "tenancy_officer", "housing"))
    incident = factories.incident(by=constable.user, narrative="Drug dealing from a flat on Elm Road")
    incident_url = f"{live_server}/incidents/{incident.id}"
    assert incident.police_originated

    # 1. The constable shares the incident with the housing provider on its sharing page.
    policing = signed_in(new_page, live_server, constable)
    policing.goto(incident_url)
    policing.get_by_role("link", name="Change who may see this incident").click()
    policing.wait_for_url("**/sharing")
    accessible_and_fits_a_phone(policing)
    policing.get_by_role("group", name="Partner organisations").get_by_label("Demo Housing Association").check()
    policing.get_by_label("Why are you changing who may see this record?").fill("Joint work on the Elm Road flats")
    policing.get_by_role("button", name="Save changes to sharing").click()
    policing.wait_for_url(INCIDENT_URL)
    assert "Who may see this record has been changed" in policing.locator(".govuk-notification-banner").inner_text()
    db.session.expire_all()
    (grant,) = db.session.scalars(select(RecordGrant).where(RecordGrant.record_id == incident.id)).all()
    assert (grant.organisation_id, grant.revoked_at, grant.expires_at) == (housing.id, None, None)

    # 2. Without vetting, the housing officer's search shows no way in, and the page is as if it did not exist.
    housing_page = signed_in(new_page, live_server, officer)
    search(housing_page, incident.reference)
    found = housing_page.locator("#incident-results li")
    assert found.count() == 1 and "Restricted" in found.first.inner_text()
    assert housing_page.locator(f"main a[href*='{incident.id}']").count() == 0
    missing = housing_page.goto(f"{live_server}/incidents/{uuid.uuid4()}")
    missing_page = (missing.status, housing_page.title(), housing_page.locator("main").inner_text())
    hidden = housing_page.goto(incident_url)
    assert (hidden.status, housing_page.title(), housing_page.locator("main").inner_text()) == missing_page
    assert missing_page[:2] == (404, "Page not found - ASB case management")

    # 3. Their organisation's administrator records NPPV level 2 vetting.
    admin = signed_in(new_page, live_server, police_and_housing["admin"])
    menu(admin, "Users")
    admin.get_by_role("link", name="Hana Housing").click()
    admin.get_by_role("link", name="Record vetting").click()
    admin.wait_for_url("**/vetting")
    admin.get_by_label("NPPV level 2").check()
    expires = date.today() + timedelta(days=365)
    until = admin.get_by_role("group", name="Vetting expires on")
    for part, value in (("Day", expires.day), ("Month", expires.month), ("Year", expires.year)):
        until.get_by_label(part).fill(str(value))
    admin.get_by_role("button", name="Save vetting").click()
    assert "Vetting for Hana Housing has been recorded." in admin.locator(".govuk-notification-banner").inner_text()
    db.session.expire_all()
    vetted = db.session.get(User, officer.user.id)
    assert (vetted.vetting_level, vetted.vetting_expires_on) == (2, expires)

    # 4. Now opening the incident asks why first; the answer opens it and is in the audit trail.
    housing_page.goto(incident_url)
    housing_page.wait_for_url("**/reason-for-opening")
    assert housing_page.title() == "Why are you opening this record? - ASB case management"
    assert incident.reference in housing_page.locator(".govuk-caption-l").inner_text()
    assert "Drug dealing" not in housing_page.content()
    accessible_and_fits_a_phone(housing_page)
    housing_page.get_by_label("Investigating an ASB case").check()
    housing_page.get_by_label("More detail (required for ‘Other’)").fill("Tenancy breach at 14 Elm Road")
    housing_page.get_by_role("button", name="Continue to the record").click()
    housing_page.wait_for_url(incident_url)
    assert incident.reference in housing_page.locator("h1").inner_text()
    assert "Drug dealing from a flat on Elm Road" in housing_page.locator("main").inner_text()
    search(housing_page, incident.reference)
    housing_page.locator("#incident-results").get_by_role("link", name=incident.reference).click()
    housing_page.wait_for_url(incident_url)  # asked once per record in a sign-in session

    db.session.expire_all()
    justified = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "police_record_justified")).all()
    assert [(event.actor_user_id, event.object_id, event.reason) for event in justified] == [
        (officer.user.id, str(incident.id), "Investigating an ASB case: Tenancy breach at 14 Elm Road")
    ]
    assert policing.console_errors == [] and admin.console_errors == []


def test_two_officers_editing_one_incident_see_the_lease_and_the_later_save_is_refused(
    factories, councils, live_server, new_page
):
    owner, teammate = councils["owner"], councils["teammate"]
    incident = factories.incident(by=owner.user, narrative="Loud music at 9 Mill Lane")
    edit_url = f"{live_server}/incidents/{incident.id}/edit"
    first, second = signed_in(new_page, live_server, owner), signed_in(new_page, live_server, teammate)

    first.goto(edit_url)
    opened = datetime.now(UK)
    assert first.locator("#edit-lease").count() == 0
    second.goto(edit_url)
    lease = " ".join(second.locator("#edit-lease").inner_text().split())
    minutes = {f"{at:%H:%M}" for at in (opened - timedelta(minutes=1), opened, datetime.now(UK))}
    assert any(
        lease.endswith(f"Being edited by Olive Owner (Charnwood Borough Council) since {hhmm}") for hhmm in minutes
    ), lease

    first.get_by_label("Description").fill("Loud music and shouting at 9 Mill Lane until 3am")
    first.get_by_role("button", name="Save changes").click()
    first.wait_for_url(INCIDENT_URL)
    assert f"Incident {incident.reference} saved" in first.locator(".govuk-notification-banner").inner_text()

    second.get_by_label("Description").fill("Music at 9 Mill Lane, resolved")
    save_is_refused_as_a_conflict(second, "Olive Owner")

    db.session.expire_all()
    assert db.session.get(Incident, incident.id).narrative == "Loud music and shouting at 9 Mill Lane until 3am"
    assert db.session.scalars(select(EditLease).where(EditLease.user_id == owner.user.id)).all() == []
    assert first.console_errors == []
    # The browser notes the conflict page's status; that line is expected and is the only one.
    assert second.console_errors == ["Failed to load resource: the server responded with a status of 409 (CONFLICT)"]
