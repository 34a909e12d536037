"""Police-originated records and non-police users: vetting first, then a reason for every record opened.

Written from DESIGN section 3 (rules 4 and 5) and issue 4 (points 4 and 5), not from the policy code: a
housing-provider user without current vetting at the configured level never opens a police record, grant or
no grant, on a page or through search (the API: tests/api/test_police_record_reads.py); with vetting and a
grant they may, after saying why; the reason is in the audit trail and is asked once per record per sign-in.
"""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from casemgmt.access.models import Organisation, OrganisationKind, User
from casemgmt.access.sharing import RecordKind, SharingScope
from casemgmt.audit.models import AuditEvent
from casemgmt.extensions import db
from tests.pages import PageClient, check_page, error_messages

PATHS = {RecordKind.PERSON: "people", RecordKind.INCIDENT: "incidents", RecordKind.CASE: "cases"}
JUSTIFIED = "police_record_justified"
NOT_FOUND = "Page not found"
QUESTION = "Why are you opening this record?"


@dataclass
class Force:
    police: Organisation
    housing: Organisation
    pc: User
    housing_officer: User


@pytest.fixture
def force(app, factories, monkeypatch) -> Force:
    monkeypatch.setitem(app.config, "REQUIRE_TWO_FACTOR", False)
    police = factories.organisation(code="leics-police", name="Leicestershire Police", kind=OrganisationKind.POLICE)
    housing = factories.organisation(code="homes", name="Example Homes", kind=OrganisationKind.HOUSING)
    pc = factories.user(email="pc@police.example", organisation=police, teams=[factories.team(organisation=police)])
    housing_officer = factories.user(
        email="tenancy@homes.example", organisation=housing, teams=[factories.team(organisation=housing)]
    )
    return Force(police, housing, pc, housing_officer)


def police_record(factories, force: Force, kind: RecordKind, *, shared_with_housing: bool = True):
    sharing = {"scope": SharingScope.PARTNERS, "organisation_ids": [force.housing.id]} if shared_with_housing else {}
    if kind == RecordKind.PERSON:
        return factories.person(by=force.pc, forename="Dean", surname="Walsh", **sharing)
    if kind == RecordKind.INCIDENT:
        return factories.incident(by=force.pc, **sharing)
    return factories.case(by=force.pc, title="Drug dealing on Elm Road", **sharing)


def vet(user: User, *, level: int | None, expires_on: date | None) -> None:
    stored = db.session.get(User, user.id)
    stored.vetting_level, stored.vetting_expires_on = level, expires_on
    db.session.commit()


def vet_until_next_year(user: User, level: int = 2) -> None:
    vet(user, level=level, expires_on=date.today() + timedelta(days=365))


def url(kind: RecordKind, record, suffix: str = "") -> str:
    return f"/{PATHS[kind]}/{record.id}{suffix}"


def justified_events() -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == JUSTIFIED).order_by(AuditEvent.id)))


def give_reason(client, kind, record, data: dict, *, then: str = ""):
    reason_url = url(kind, record, "/reason-for-opening") + then
    return client.submit(reason_url, data)


# -- vetting: no current vetting at the configured level, no police record -------------------------------


@pytest.mark.parametrize("kind", list(RecordKind))
def test_a_housing_user_without_vetting_never_opens_a_police_record_even_with_a_grant(client, factories, force, kind):
    record = police_record(factories, force, kind)
    client.sign_in(force.housing_officer.email)
    for page in ("", "/edit", "/reason-for-opening", "/sharing"):
        check_page(client.get(url(kind, record, page)), status=404, title=NOT_FOUND)
    assert client.post(url(kind, record, "/reason-for-opening"), data={"reason": "asb_case"}).status_code in (400, 404)
    assert justified_events() == []


def test_search_never_links_an_unvetted_user_to_a_police_record(client, factories, force):
    person = police_record(factories, force, RecordKind.PERSON)
    client.sign_in(force.housing_officer.email)
    assert f'href="/people/{person.id}"' not in client.get("/search?q=Walsh").get_data(as_text=True)
    vet_until_next_year(force.housing_officer)
    assert f'href="/people/{person.id}"' in client.get("/search?q=Walsh").get_data(as_text=True)


@pytest.mark.parametrize(
    ("level", "expires_in_days", "minimum", "may_open"),
    [
        (None, None, 2, False),  # never vetted
        (2, 365, 2, True),  # current, at the level
        (3, 1, 2, True),  # current until tomorrow, above the level
        (2, 0, 2, True),  # the last day of vetting still counts
        (2, -1, 2, False),  # expired yesterday: access ends at once
        (1, 365, 2, False),  # NPPV 1 is below the default level 2
        (1, 365, 1, True),  # ... unless the partnership sets level 1
        (2, 365, 3, False),  # a stricter setting refuses level 2
    ],
)
def test_vetting_level_and_expiry_decide_whether_a_granted_police_record_opens(
    app, client, factories, force, monkeypatch, level, expires_in_days, minimum, may_open
):
    monkeypatch.setitem(app.config, "POLICE_VETTING_MIN_LEVEL", minimum)
    incident = police_record(factories, force, RecordKind.INCIDENT)
    expires_on = None if expires_in_days is None else date.today() + timedelta(days=expires_in_days)
    vet(force.housing_officer, level=level, expires_on=expires_on)
    client.sign_in(force.housing_officer.email)
    response = client.get(url(RecordKind.INCIDENT, incident))
    if may_open:
        assert response.status_code == 302 and "/reason-for-opening" in response.headers["Location"]
    else:
        check_page(response, status=404, title=NOT_FOUND)


def test_vetting_that_lapses_removes_access_at_once_even_after_a_reason(client, factories, force):
    case = police_record(factories, force, RecordKind.CASE)
    vet_until_next_year(force.housing_officer)
    client.sign_in(force.housing_officer.email)
    assert give_reason(client, RecordKind.CASE, case, {"reason": "asb_case"}).status_code == 302
    check_page(client.get(url(RecordKind.CASE, case)))
    vet(force.housing_officer, level=2, expires_on=date.today() - timedelta(days=1))
    check_page(client.get(url(RecordKind.CASE, case)), status=404, title=NOT_FOUND)


def test_vetting_without_a_grant_opens_nothing(client, factories, force):
    person = police_record(factories, force, RecordKind.PERSON, shared_with_housing=False)
    vet_until_next_year(force.housing_officer, level=3)
    client.sign_in(force.housing_officer.email)
    check_page(client.get(url(RecordKind.PERSON, person)), status=404, title=NOT_FOUND)


# -- the reason: asked first, audited, remembered for the sign-in ------------------------------------------


@pytest.mark.parametrize("kind", list(RecordKind))
def test_a_vetted_partner_says_why_then_sees_the_record(client, factories, force, kind):
    record = police_record(factories, force, kind)
    vet_until_next_year(force.housing_officer)
    client.sign_in(force.housing_officer.email)

    response = client.get(url(kind, record))
    assert response.status_code == 302 and response.headers["Location"] == url(kind, record, "/reason-for-opening")
    question = client.page(response.headers["Location"], title=QUESTION)
    assert [label.get_text(strip=True) for label in question.select(".govuk-radios__label")] == [
        "Investigating an ASB case",
        "Safeguarding concern",
        "Partnership meeting preparation",
        "Other",
    ]
    assert justified_events() == []

    response = give_reason(client, kind, record, {"reason": "safeguarding", "detail": "Child at the address"})
    assert response.status_code == 302 and response.headers["Location"] == url(kind, record)
    check_page(client.get(url(kind, record)))
    (event,) = justified_events()
    assert (event.actor_user_id, event.object_type, event.object_id) == (
        force.housing_officer.id,
        kind.value,
        str(record.id),
    )
    assert event.reason == "Safeguarding concern: Child at the address"


def test_the_reason_is_asked_once_per_record_per_sign_in(client, factories, force):
    first, second = (police_record(factories, force, RecordKind.INCIDENT) for _ in range(2))
    vet_until_next_year(force.housing_officer)
    client.sign_in(force.housing_officer.email)
    give_reason(client, RecordKind.INCIDENT, first, {"reason": "asb_case"})
    for _ in range(3):
        check_page(client.get(url(RecordKind.INCIDENT, first)))
    assert client.get(url(RecordKind.INCIDENT, second)).status_code == 302  # another record: asked again
    assert len(justified_events()) == 1

    client.forget_cookies()  # a new sign-in is a new session
    client.sign_in(force.housing_officer.email)
    assert client.get(url(RecordKind.INCIDENT, first)).status_code == 302


def test_the_edit_page_asks_too_and_returns_to_the_edit_page(client, factories, force):
    person = police_record(factories, force, RecordKind.PERSON)
    vet_until_next_year(force.housing_officer)
    client.sign_in(force.housing_officer.email)
    response = client.get(url(RecordKind.PERSON, person, "/edit"))
    assert response.headers["Location"] == url(RecordKind.PERSON, person, "/reason-for-opening?then=edit")
    response = give_reason(client, RecordKind.PERSON, person, {"reason": "partnership_meeting"}, then="?then=edit")
    assert response.headers["Location"] == url(RecordKind.PERSON, person, "/edit")
    check_page(client.get(url(RecordKind.PERSON, person, "/edit")))


@pytest.mark.parametrize(
    ("kind", "suffix"),
    [
        (RecordKind.CASE, "/add-note"),
        (RecordKind.CASE, "/add-action"),
        (RecordKind.CASE, "/add-incident"),
        (RecordKind.CASE, "/add-person"),
        (RecordKind.CASE, "/close"),
        (RecordKind.INCIDENT, "/add-person"),
    ],
)
def test_pages_that_work_on_a_police_record_ask_first_too(client, factories, force, kind, suffix):
    record = police_record(factories, force, kind)
    vet_until_next_year(force.housing_officer)
    client.sign_in(force.housing_officer.email)
    response = client.get(url(kind, record, suffix))
    assert response.status_code == 302
    assert response.headers["Location"] == url(kind, record, "/reason-for-opening")
    give_reason(client, kind, record, {"reason": "partnership_meeting"})
    check_page(client.get(url(kind, record, suffix)))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Select why you are opening this record"),
        ({"reason": "curious"}, "Select why you are opening this record"),
        ({"reason": "other", "detail": "   "}, "Say why you are opening this record"),
        ({"reason": "asb_case", "detail": "x" * 501}, "Keep the reason to 500 characters or fewer"),
    ],
)
def test_a_missing_reason_is_asked_again_and_nothing_opens(client, factories, force, data, message):
    case = police_record(factories, force, RecordKind.CASE)
    vet_until_next_year(force.housing_officer)
    client.sign_in(force.housing_officer.email)
    page = check_page(give_reason(client, RecordKind.CASE, case, data), title=f"Error: {QUESTION}")
    assert error_messages(page) == [message]
    assert justified_events() == []
    assert client.get(url(RecordKind.CASE, case)).status_code == 302


def test_other_with_a_description_is_recorded_in_the_officers_words(client, factories, force):
    case = police_record(factories, force, RecordKind.CASE)
    vet_until_next_year(force.housing_officer)
    client.sign_in(force.housing_officer.email)
    assert (
        give_reason(client, RecordKind.CASE, case, {"reason": "other", "detail": "Court  hearing\nprep"}).status_code
        == 302
    )
    assert justified_events()[0].reason == "Other: Court hearing prep"


def test_the_question_needs_a_csrf_token(client, factories, force):
    case = police_record(factories, force, RecordKind.CASE)
    vet_until_next_year(force.housing_officer)
    client.sign_in(force.housing_officer.email)
    response = client.post(url(RecordKind.CASE, case, "/reason-for-opening"), data={"reason": "asb_case"})
    assert response.status_code == 400
    assert justified_events() == []


def test_police_users_and_non_police_records_are_never_asked(client, factories, force, partnership_council):
    incident = police_record(factories, force, RecordKind.INCIDENT)
    client.sign_in(force.pc.email)
    check_page(client.get(url(RecordKind.INCIDENT, incident)))
    response = client.get(url(RecordKind.INCIDENT, incident, "/reason-for-opening"))
    assert response.status_code == 302 and response.headers["Location"] == url(RecordKind.INCIDENT, incident)

    council_incident = factories.incident(
        by=partnership_council, scope=SharingScope.PARTNERS, organisation_ids=[force.housing.id]
    )
    client.forget_cookies()
    client.sign_in(force.housing_officer.email)
    check_page(client.get(url(RecordKind.INCIDENT, council_incident)))
    assert justified_events() == []


@pytest.fixture
def partnership_council(factories) -> User:
    council = factories.organisation(code="council", name="Example Council")
    return factories.user(
        email="officer@council.example", organisation=council, teams=[factories.team(organisation=council)]
    )


# -- stubs: asking for access to a police record cannot help someone without vetting ----------------------


def test_an_unvetted_user_is_told_vetting_is_needed_instead_of_being_offered_a_request(client, factories, force):
    police_record(factories, force, RecordKind.PERSON)
    client.sign_in(force.housing_officer.email)
    soup = check_page(client.get("/search?q=Walsh"))
    stub = soup.select_one("#person-results li")
    assert stub.select_one(".app-stub-name").get_text(strip=True) == "Dean Walsh"
    assert stub.select(".app-request-access") == []
    assert stub.select_one(".app-needs-vetting").get_text(" ", strip=True) == (
        "Police record: needs police vetting (NPPV level 2 or above) to see"
    )


def test_a_vetted_user_without_a_grant_may_still_ask(client, factories, force):
    police_record(factories, force, RecordKind.PERSON, shared_with_housing=False)
    vet_until_next_year(force.housing_officer)
    client.sign_in(force.housing_officer.email)
    stub = check_page(client.get("/search?q=Walsh")).select_one("#person-results li")
    assert stub.select(".app-needs-vetting") == []
    assert stub.select_one(".app-request-access").get_text(" ", strip=True) == "Request access to Dean Walsh"


def test_a_request_for_a_police_record_from_an_unvetted_user_is_refused_and_nothing_is_saved(client, factories, force):
    from casemgmt.access.stubs import request_token
    from casemgmt.access_requests.models import AccessRequest

    incident = police_record(factories, force, RecordKind.INCIDENT, shared_with_housing=False)
    address = f"/access-requests/new/{request_token(RecordKind.INCIDENT, incident.id)}"
    client.sign_in(force.housing_officer.email)
    soup = check_page(client.get(address), title="Request access")
    assert soup.select("form textarea[name=reason]") == []
    note = soup.select_one("#needs-vetting").get_text(" ", strip=True)
    assert note.startswith("This is a police record.") and "NPPV level 2 or above" in note

    # Posted anyway (a form kept from before, say): refused with the same words, and no request is made.
    response = client.submit(address, {"reason": "Tenancy enforcement"}, form_url="/search")
    assert "its owners cannot give you access" in response.get_data(as_text=True)
    assert db.session.scalars(select(AccessRequest)).all() == []


def test_a_request_made_while_vetted_cannot_be_approved_once_the_vetting_lapses(app, client, factories, force):
    from casemgmt.access.sharing import RecordGrant
    from casemgmt.access.stubs import request_token
    from casemgmt.access_requests.models import AccessRequest, AccessRequestStatus

    incident = police_record(factories, force, RecordKind.INCIDENT, shared_with_housing=False)
    vet_until_next_year(force.housing_officer)
    client.sign_in(force.housing_officer.email)
    address = f"/access-requests/new/{request_token(RecordKind.INCIDENT, incident.id)}"
    assert client.submit(address, {"reason": "Tenancy enforcement"}).status_code == 302
    [pending] = db.session.scalars(select(AccessRequest)).all()
    vet(force.housing_officer, level=2, expires_on=date.today() - timedelta(days=1))

    # The requester is told vetting is needed, and can still find the request they made.
    soup = check_page(client.get(address), title="Request access")
    assert soup.select_one("#needs-vetting") is not None
    assert soup.select_one(f'a[href="/access-requests/{pending.id}"]') is not None

    # The police officer who owns the incident is warned, and approving is refused: no grant, still pending.
    police_client = PageClient(app.test_client())
    assert police_client.sign_in(force.pc.email).status_code == 302
    approve = f"/access-requests/{pending.id}/approve"
    warning = police_client.page(approve, title="Approve access").select_one("#requester-needs-vetting")
    assert "does not have current police vetting at NPPV level 2 or above" in warning.get_text(" ", strip=True)
    refused = check_page(police_client.submit(approve, {"duration": "30"}), title="Error: Approve access")
    assert any("access would show them nothing" in message for message in error_messages(refused))
    db.session.expire_all()
    assert db.session.get(AccessRequest, pending.id).status == AccessRequestStatus.PENDING
    assert db.session.scalars(select(RecordGrant).where(RecordGrant.record_id == incident.id)).all() == []
