"""Possible duplicates found on every API create: returned in the 201 (stubs for those the caller may not see),
kept for triage, listed on both people's pages, reviewed and dismissed by someone who may see both."""

from datetime import date

import pytest
from sqlalchemy import select

from casemgmt.access.tokens import issue_api_token
from casemgmt.api.openapi import openapi_document
from casemgmt.audit.models import AuditEvent
from casemgmt.extensions import db
from casemgmt.matching.models import CandidateStatus, PersonMatchCandidate
from tests.api.conftest import ApiClient
from tests.api.test_openapi import ResponseChecker
from tests.pages import check_page, csrf_token
from tests.query_counting import queries_for_page

JON_SMYTH = {
    "forename": "Jon",
    "surname": "Smyth",
    "date_of_birth": "1990-02-03",
    "address": {"line1": "12 Ashby Road", "postcode": "LE11 3AB"},
}
# The stranger's own record: what the officer may not learn from the answer.
HIDDEN_DETAILS = ("Jonathan", "1990-02-04", "04/02/1990", "9 Forest Road", "LE11 3AD")


@pytest.fixture
def api(app) -> ApiClient:
    return ApiClient(app.test_client())


@pytest.fixture
def people(partnership, factories):
    """John Smith, held by the officer's own team; Jonathan Smith, held by another council only."""
    john = factories.person(
        by=partnership.colleague, forename="John", surname="Smith", date_of_birth=date(1990, 3, 2), postcode="LE11 3AB"
    )
    jonathan = factories.person(
        by=partnership.stranger,
        forename="Jonathan",
        surname="Smith",
        date_of_birth=date(1990, 2, 4),
        line1="9 Forest Road",
        postcode="LE11 3AD",
    )
    return john, jonathan


def create_jon_smyth(api, partnership):
    return api.post("/api/v1/persons", json=JON_SMYTH, token=issue_api_token(partnership.officer))


def test_an_api_create_answers_with_possible_duplicates_and_keeps_them_for_triage(api, partnership, people):
    john, jonathan = people

    response = create_jon_smyth(api, partnership)

    body = ResponseChecker(openapi_document()).check("/persons", "post", response)
    assert response.status_code == 201
    visible, stub = body["possible_duplicates"]
    assert (visible["restricted"], visible["person_id"], visible["display"]) == (False, str(john.id), "John Smith")
    assert visible["band"] in ("Very likely the same person", "Possibly the same person")
    assert "Date of birth: day and month swapped (03/02/1990, 02/03/1990) — strong evidence" in visible["explanation"]
    assert stub["restricted"] is True and "person_id" not in stub and "explanation" not in stub
    assert (stub["display"], stub["organisations"]) == ("Restricted person record", ["Melton Borough Council"])
    text = response.get_data(as_text=True)
    assert str(jonathan.id) not in text and not [detail for detail in HIDDEN_DETAILS if detail in text]

    stored = db.session.scalars(select(PersonMatchCandidate).order_by(PersonMatchCandidate.probability.desc())).all()
    assert {(pair.person_id, pair.candidate_person_id) for pair in stored} == {
        (stored[0].person_id, john.id),
        (stored[0].person_id, jonathan.id),
    }
    assert str(stored[0].person_id) == body["id"]
    assert all(pair.status == CandidateStatus.OPEN and pair.model_version == "default" for pair in stored)
    assert [pair.band for pair in stored if pair.candidate_person_id == john.id] == [visible["band"]]
    found = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "possible_duplicates_found"))
    assert found.object_id == body["id"] and found.detail.startswith("2 possible duplicates kept for triage")


def test_nobody_alike_means_an_empty_list_and_nothing_kept(api, partnership):
    response = create_jon_smyth(api, partnership)
    assert response.status_code == 201 and response.get_json()["possible_duplicates"] == []
    assert db.session.scalars(select(PersonMatchCandidate)).all() == []


REVIEW = "a[href*='/possible-duplicates/']"


def possible_duplicates_on(page) -> list:
    return page.select("#person-possible-duplicates li")


def test_the_person_page_lists_open_duplicates_and_a_review_dismisses_one(api, officer_client, partnership, people):
    john, _ = people
    new_id = create_jon_smyth(api, partnership).get_json()["id"]

    page = check_page(officer_client.get(f"/people/{new_id}"), title="Jon Smyth")
    visible, stub = possible_duplicates_on(page)
    assert "John Smith" in visible.get_text() and stub.select_one(".app-stub-name").get_text() == (
        "Restricted person record"
    )
    review_link = visible.select_one(REVIEW)
    assert review_link.get_text(" ", strip=True) == "Review whether John Smith is the same person"
    assert not stub.select(REVIEW)
    (from_johns_page,) = possible_duplicates_on(officer_client.page(f"/people/{john.id}"))  # both ways round
    assert "Jon Smyth" in from_johns_page.get_text()

    review = check_page(officer_client.get(review_link["href"]), title="Is John Smith the same person as Jon Smyth?")
    assert "Surname: similar and sounds the same, 'Smyth' and 'Smith' — some evidence" in review.get_text()
    dismissed = officer_client.post(review_link["href"], data={"csrf_token": csrf_token(review)})
    assert dismissed.status_code == 302 and dismissed.headers["Location"] == f"/people/{new_id}"

    pair = db.session.scalar(select(PersonMatchCandidate).where(PersonMatchCandidate.candidate_person_id == john.id))
    assert pair.status == CandidateStatus.DISMISSED
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "possible_duplicate_dismissed"))
    assert event.actor_user_id == partnership.officer.id and event.object_id == new_id
    (left,) = possible_duplicates_on(officer_client.page(f"/people/{new_id}"))
    assert "Restricted person record" in left.get_text()
    assert officer_client.get(review_link["href"]).status_code == 404  # decided: no longer open


def test_a_pair_with_a_record_the_user_may_not_see_cannot_be_reviewed(api, stranger_client, partnership, people):
    _, jonathan = people
    new_id = create_jon_smyth(api, partnership).get_json()["id"]
    pair = db.session.scalar(
        select(PersonMatchCandidate).where(PersonMatchCandidate.candidate_person_id == jonathan.id)
    )

    page = check_page(stranger_client.get(f"/people/{jonathan.id}"), title="Jonathan Smith")
    (shown,) = possible_duplicates_on(page)
    assert "Restricted person record" in shown.get_text() and "Jon Smyth" not in page.get_text()
    assert not shown.select(REVIEW) and new_id not in str(page)
    review_url = f"/people/{jonathan.id}/possible-duplicates/{pair.id}"
    assert stranger_client.get(review_url).status_code == 404
    assert stranger_client.post(review_url, data={}).status_code in (400, 404)
    assert db.session.get(PersonMatchCandidate, pair.id).status == CandidateStatus.OPEN


def test_the_person_page_costs_a_fixed_number_of_queries_with_possible_duplicates(
    api, officer_client, partnership, people, factories
):
    lonely = factories.person(by=partnership.officer, forename="Zara", surname="Quaye")
    new_id = create_jon_smyth(api, partnership).get_json()["id"]
    without = len(queries_for_page(officer_client, f"/people/{lonely.id}"))
    with_duplicates = len(queries_for_page(officer_client, f"/people/{new_id}"))
    # The pairs, the visible people with their addresses, and the stubs.
    assert with_duplicates - without <= 3, (without, with_duplicates)
