"""Each record's "who has viewed or changed this" page: for its owners, their supervisors and partnership admins."""

import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from casemgmt.access.sharing import SharingScope
from casemgmt.audit.services import record_event
from casemgmt.extensions import db
from tests.audit.trail import events_after, last_event_id

HISTORY = {"person": "/people/{}/history", "incident": "/incidents/{}/history", "case": "/cases/{}/history"}
RECORD = {"person": "/people/{}", "incident": "/incidents/{}", "case": "/cases/{}"}
TITLES = {kind: f"Who has viewed or changed this {kind}" for kind in HISTORY}


def make_record(factories, kind: str, *, by, scope=SharingScope.TEAM):
    if kind == "person":
        return factories.person(by=by, forename="Robin", surname="Smithson", scope=scope)
    if kind == "incident":
        return factories.incident(by=by, scope=scope)
    return factories.case(by=by, title="Noise on Example Street", scope=scope)


def without_csrf_token(page: bytes) -> bytes:
    """The page without its CSRF token (in the sign-out form), which is signed with the time of the request."""
    return re.sub(rb'name="csrf_token" value="[^"]*"', b"", page)


# Written from the rule, not from the code: owning team and supervisors of the owning organisation, and
# partnership administrators; nobody else, whatever they may otherwise see.
ALLOWED = {
    "officer": True,
    "teammate": True,
    "colleague": False,
    "supervisor": True,
    "org_admin": False,
    "stranger": False,
    "other_supervisor": False,
    "admin": True,
}


@pytest.mark.parametrize("kind", ["person", "incident", "case"])
@pytest.mark.parametrize("who", sorted(ALLOWED))
def test_who_may_read_a_records_history(people, factories, signed_in, kind, who):
    # Shared with the whole council, so the colleague and the organisation admin can open the record itself.
    record = make_record(factories, kind, by=people.officer, scope=SharingScope.ORGANISATION)
    client = signed_in(who)
    if ALLOWED[who]:
        client.page(HISTORY[kind].format(record.id), title=TITLES[kind])
    else:
        hidden = client.get(HISTORY[kind].format(record.id))
        missing = client.get(HISTORY[kind].format(uuid.uuid4()))
        assert (hidden.status_code, without_csrf_token(hidden.data)) == (404, without_csrf_token(missing.data))


@pytest.mark.parametrize("kind", ["person", "incident", "case"])
@pytest.mark.parametrize("who", ["officer", "supervisor", "colleague"])
def test_the_record_page_links_to_its_history_only_for_those_allowed(people, factories, signed_in, kind, who):
    record = make_record(factories, kind, by=people.officer, scope=SharingScope.ORGANISATION)
    page = signed_in(who).page(RECORD[kind].format(record.id))
    link = page.find(id="record-history-link")
    if ALLOWED[who]:
        assert link is not None and link["href"] == HISTORY[kind].format(record.id)
    else:
        assert link is None


def test_the_history_lists_events_about_that_record_newest_first_with_who_what_and_why(people, factories, signed_in):
    person = make_record(factories, "person", by=people.officer)
    other = make_record(factories, "person", by=people.officer)
    start = datetime.now(UTC) - timedelta(days=2)
    for minutes, actor, action, target, reason in [
        (1, people.teammate, "viewed", person, None),
        (2, people.stranger, "police_record_justified", person, "Safeguarding referral"),
        (3, people.teammate, "viewed", other, None),  # another record: not listed
        (4, people.officer, "sharing_changed", person, "Joint case with Melton"),
    ]:
        event = record_event(action, actor=actor, object_type="person", object_id=target.id, reason=reason)
        event.occurred_at = start + timedelta(minutes=minutes)
    db.session.commit()
    page = signed_in("officer").page(f"/people/{person.id}/history", title=TITLES["person"])
    rows = [
        [cell.get_text(" ", strip=True) for cell in row.find_all("td")] for row in page.select("#audit-events tbody tr")
    ]
    who_what_why = [(row[1], row[2], row[3]) for row in rows]
    assert who_what_why[:3] == [
        ("Test User officer@charnwood.example, Charnwood Borough Council", "Sharing changed", "Joint case with Melton"),
        (
            "Test User officer@melton.example, Melton Borough Council",
            "Police record justified",
            "Safeguarding referral",
        ),
        ("Test User teammate@charnwood.example, Charnwood Borough Council", "Viewed", ""),
    ]
    # Then what creating the person recorded, oldest of all.
    assert [row[2] for row in rows[3:]] == ["Person created"]
    assert page.find(id="record-label").get_text(strip=True) == "Robin Smithson"


def test_reading_the_history_is_not_itself_recorded(people, factories, signed_in):
    person = make_record(factories, "person", by=people.officer)
    client = signed_in("supervisor")
    before = last_event_id()
    client.page(f"/people/{person.id}/history")
    assert events_after(before) == []


def test_a_supervisor_reads_the_history_of_a_team_only_record_without_seeing_the_record(people, factories, signed_in):
    person = make_record(factories, "person", by=people.officer, scope=SharingScope.TEAM)
    client = signed_in("supervisor")
    client.page(f"/people/{person.id}", status=404)
    page = client.page(f"/people/{person.id}/history", title=TITLES["person"])
    assert page.find(id="record-label").get_text(strip=True) == "Person"
    assert "Smithson" not in page.get_text() and page.find(class_="govuk-back-link") is None
    owner_page = signed_in("officer").page(f"/people/{person.id}/history")
    assert owner_page.find(id="record-label").get_text(strip=True) == "Robin Smithson"
    assert owner_page.find(class_="govuk-back-link")["href"] == f"/people/{person.id}"


def test_a_long_history_is_paged(people, factories, signed_in):
    incident = make_record(factories, "incident", by=people.officer)
    for n in range(55):
        record_event("viewed", actor=people.teammate, object_type="incident", object_id=incident.id, detail=f"n{n}")
    db.session.commit()
    client = signed_in("officer")
    first = client.page(f"/incidents/{incident.id}/history")
    second = client.page(f"/incidents/{incident.id}/history?page=2")
    details = [
        [row.find_all("td")[2].find("span").get_text() for row in page.select("#audit-events tbody tr")[:55]]
        for page in (first, second)
    ]
    assert details[0] == [f"n{number}" for number in range(54, 4, -1)]
    # Then the last five views, and what logging the incident recorded.
    assert details[1][:5] == ["n4", "n3", "n2", "n1", "n0"] and len(second.select("#audit-events tbody tr")) == 6
    assert "Page 2 of 2" in second.find(id="event-count").get_text()


def test_the_events_table_scrolls_in_its_own_pane_so_the_page_fits_a_phone(people, factories, signed_in):
    # Four columns of names, email addresses and dates are wider than a phone (the browser test measures it):
    # the table scrolls sideways inside a pane that keyboard users can focus and screen readers can name.
    person = make_record(factories, "person", by=people.officer)
    page = signed_in("officer").page(f"/people/{person.id}/history")
    pane = page.find(id="audit-events").parent
    assert "moj-scrollable-pane" in pane["class"]
    assert (pane.get("tabindex"), pane.get("role"), pane.get("aria-label")) == ("0", "region", "Views and changes")
