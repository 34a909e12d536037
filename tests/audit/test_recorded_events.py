"""What the audit trail records when people read and search: one event per view, with who, what and how."""

import pytest

from casemgmt.access.sharing import SharingScope
from casemgmt.access.tokens import issue_api_token
from tests.audit.trail import events_after, last_event_id


@pytest.fixture
def records(people, factories):
    """A person, an incident naming them and a case of that incident, all the ASB team's only."""
    person = factories.person(by=people.officer, forename="Robin", surname="Smithson")
    incident = factories.incident(by=people.officer, people=[(person, "victim")])
    case = factories.case(by=people.officer, incidents=[incident])
    return {"person": person, "incident": incident, "case": case}


PAGES = {"person": "/people/{}", "incident": "/incidents/{}", "case": "/cases/{}"}
API = {"person": "/api/v1/persons/{}", "incident": "/api/v1/incidents/{}", "case": "/api/v1/cases/{}"}


@pytest.mark.parametrize("kind", ["person", "incident", "case"])
def test_opening_a_record_page_writes_exactly_one_view_event(people, records, signed_in, kind):
    client = signed_in("teammate")
    before = last_event_id()
    client.page(PAGES[kind].format(records[kind].id))
    assert events_after(before) == [("viewed", people.teammate.id, kind, str(records[kind].id), "page")]


@pytest.mark.parametrize("kind", ["person", "incident", "case"])
def test_reading_a_record_through_the_api_writes_exactly_one_view_event(app, people, records, kind):
    token = issue_api_token(people.teammate)
    before = last_event_id()
    with app.app_context():
        response = app.test_client().get(
            API[kind].format(records[kind].id), headers={"Authorization": f"Bearer {token}"}
        )
    assert response.status_code == 200
    assert events_after(before) == [("viewed", people.teammate.id, kind, str(records[kind].id), "api")]


@pytest.mark.parametrize("kind", ["person", "incident", "case"])
def test_a_record_someone_may_not_see_is_a_404_and_no_view_is_recorded(people, records, signed_in, kind):
    client = signed_in("stranger")
    before = last_event_id()
    client.page(PAGES[kind].format(records[kind].id), status=404)
    assert events_after(before) == []


def test_each_opening_is_recorded_and_the_edit_page_is_not_a_view(people, records, signed_in):
    client = signed_in("officer")
    before = last_event_id()
    person_id = records["person"].id
    client.page(f"/people/{person_id}")
    client.page(f"/people/{person_id}/edit")
    client.page(f"/people/{person_id}")
    # Opening the edit page records what editing records (a lease), but it is not a view.
    assert events_after(before, "viewed") == [("viewed", people.officer.id, "person", str(person_id), "page")] * 2


def test_searches_on_the_page_are_recorded_with_the_words_and_the_number_found(people, records, factories, signed_in):
    factories.person(by=people.colleague, forename="Sam", surname="Smithson", scope=SharingScope.ORGANISATION)
    client = signed_in("teammate")
    before = last_event_id()
    client.page("/search")  # nothing searched yet
    client.page("/search?q=Smithson")
    client.page("/search?q=Nobody")
    assert events_after(before) == [
        ("searched", people.teammate.id, None, None, "Smithson (2 results, page)"),
        ("searched", people.teammate.id, None, None, "Nobody (0 results, page)"),
    ]


def test_searches_through_the_api_are_recorded(app, people, records):
    token = issue_api_token(people.officer)
    before = last_event_id()
    with app.app_context():
        response = app.test_client().get("/api/v1/search?q=smithson", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert events_after(before) == [("searched", people.officer.id, None, None, "smithson (1 result, api)")]


def test_signing_in_and_failing_to_are_still_recorded(people, client):
    before = last_event_id()
    client.sign_in(people.officer.email, "not the password")
    client.sign_in("someone.unknown@example.org", "whatever it is")
    client.sign_in(people.officer.email)
    assert [(action, actor, detail) for action, actor, _, _, detail in events_after(before)] == [
        ("sign_in_failed", people.officer.id, "wrong password"),
        ("sign_in_failed", None, "unknown email"),
        ("sign_in", people.officer.id, "password"),
    ]
