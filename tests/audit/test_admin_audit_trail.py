"""Partnership administrators search and download the audit trail; nobody else reaches those pages."""

import csv
import io
import re
from datetime import UTC, datetime

import pytest
from bs4 import BeautifulSoup

from casemgmt.audit.services import record_event
from casemgmt.csv_export import neutralise
from casemgmt.extensions import db
from tests.audit.trail import events_after, last_event_id
from tests.pages import check_page, error_messages

PERSON_ONE = "11111111-1111-4111-8111-111111111111"
PERSON_TWO = "22222222-2222-4222-8222-222222222222"


@pytest.fixture
def known_events(people):
    """Five events in 2025 whose `detail` names them (e1 to e5), with who, what, which record and when known."""
    for marker, actor, label, action, record_id, occurred_at in [
        ("e1", people.officer, None, "viewed", PERSON_ONE, datetime(2025, 3, 1, 10, 0, tzinfo=UTC)),
        ("e2", people.officer, None, "searched", None, datetime(2025, 3, 2, 9, 0, tzinfo=UTC)),
        ("e3", people.colleague, None, "viewed", PERSON_ONE, datetime(2025, 3, 3, 12, 0, tzinfo=UTC)),
        # GMT in March: 23:30 UTC is still 3 March in the UK.
        ("e4", None, "nobody@example.org", "sign_in_failed", None, datetime(2025, 3, 3, 23, 30, tzinfo=UTC)),
        # BST in summer: 23:30 UTC on 30 June is 00:30 on 1 July in the UK.
        ("e5", people.officer, None, "viewed", PERSON_TWO, datetime(2025, 6, 30, 23, 30, tzinfo=UTC)),
    ]:
        event = record_event(
            action,
            actor=actor,
            actor_label=label,
            object_type="person" if record_id else None,
            object_id=record_id,
            detail=marker,
        )
        event.occurred_at = occurred_at
    db.session.commit()


def markers(page) -> list[str]:
    """The e1..e5 markers of the events listed, in the order shown."""
    listed = [row.find_all("td")[2].get_text(" ", strip=True) for row in page.select("#audit-events tbody tr")]
    return [found.group(0) for text in listed if (found := re.search(r"\be[1-5]\b", text))]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["e5", "e4", "e3", "e2", "e1"]),
        ("email=officer%40charnwood.example", ["e5", "e2", "e1"]),
        ("email=+OFFICER%40Charnwood.example+", ["e5", "e2", "e1"]),
        ("email=nobody%40example.org", ["e4"]),
        ("action=viewed", ["e5", "e3", "e1"]),
        (f"record_id={PERSON_ONE}", ["e3", "e1"]),
        ("occurred_from=3%2F3%2F2025&occurred_to=3%2F3%2F2025", ["e4", "e3"]),
        ("occurred_from=1%2F7%2F2025&occurred_to=1%2F7%2F2025", ["e5"]),
        ("occurred_to=2%2F3%2F2025", ["e2", "e1"]),
        ("occurred_from=2-3-2025&occurred_to=3.3.2025", ["e4", "e3", "e2"]),
        (f"email=officer%40charnwood.example&action=viewed&record_id={PERSON_ONE}", ["e1"]),
    ],
)
def test_the_filters_narrow_to_exactly_the_matching_events(known_events, signed_in, query, expected):
    page = signed_in("admin").page(f"/admin/audit?{query}", title="Audit trail")
    assert markers(page) == expected


def test_no_match_shows_an_empty_state_and_no_table(known_events, signed_in):
    page = signed_in("admin").page("/admin/audit?occurred_from=30%2F6%2F2025&occurred_to=30%2F6%2F2025")
    assert page.find(id="no-events").get_text(strip=True) == "No events match these filters."
    assert page.find(id="audit-events") is None and page.find(id="download-csv") is None


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("email=officer", "Enter an email address in the correct format, like name@example.com"),
        ("action=Viewed+it", "Enter an action as it is recorded, in lower-case letters and underscores, like viewed"),
        ("record_id=ASB-2025-1", "Enter a record id as it appears in the address of the record’s page, like"),
        ("occurred_from=31%2F2%2F2025", "The from date must be a real date, like 27/3/2026"),
        ("occurred_to=yesterday", "The to date must be a real date, like 27/3/2026"),
        ("occurred_to=1%2F3%2F25", "The to date must be a real date, like 27/3/2026"),
        (
            "occurred_from=2%2F3%2F2025&occurred_to=1%2F3%2F2025",
            "The to date must be the same as or after the from date",
        ),
    ],
)
def test_bad_filters_are_explained_and_nothing_is_listed(known_events, signed_in, query, message):
    page = signed_in("admin").page(f"/admin/audit?{query}", title="Error: Audit trail")
    [shown] = error_messages(page)
    assert shown.startswith(message)
    assert page.find(id="audit-events") is None


def test_results_are_paged_and_the_pages_keep_the_filters(people, signed_in):
    for number in range(60):
        record_event("paging_check", actor=people.officer, detail=f"p{number}")
    db.session.commit()
    client = signed_in("admin")
    first = client.page("/admin/audit?action=paging_check")
    assert len(first.select("#audit-events tbody tr")) == 50
    next_link = first.select_one(".govuk-pagination__next a")["href"]
    assert "action=paging_check" in next_link and "page=2" in next_link
    second = client.page(next_link)
    assert [row.find_all("td")[2].get_text(" ", strip=True) for row in second.select("#audit-events tbody tr")] == [
        f"Paging check p{number}" for number in range(9, -1, -1)
    ]


def download(client, query: str):
    response = client.get(f"/admin/audit/export.csv?{query}")
    assert response.status_code == 200, response.data[:300]
    return response, list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def test_the_download_holds_every_matching_event_and_is_itself_audited(people, known_events, signed_in):
    client = signed_in("admin")
    before = last_event_id()
    response, rows = download(client, f"record_id={PERSON_ONE}")
    # Streamed as the rows are read: no length is known in advance.
    assert response.mimetype == "text/csv" and "Content-Length" not in response.headers
    assert response.headers["Content-Disposition"].startswith('attachment; filename="audit-trail-')
    assert rows == [
        [
            "occurred_at_utc",
            "actor",
            "actor_organisation",
            "action",
            "object_type",
            "object_id",
            "reason",
            "detail",
            "ip_address",
        ],
        [
            "2025-03-03T12:00:00+00:00",
            "colleague@charnwood.example",
            "Charnwood Borough Council",
            "viewed",
            "person",
            PERSON_ONE,
            "",
            "e3",
            "",
        ],
        [
            "2025-03-01T10:00:00+00:00",
            "officer@charnwood.example",
            "Charnwood Borough Council",
            "viewed",
            "person",
            PERSON_ONE,
            "",
            "e1",
            "",
        ],
    ]
    assert events_after(before) == [("exported", people.admin.id, "audit_events", None, f"record_id={PERSON_ONE}")]


def test_the_search_page_offers_the_download_with_its_filters(known_events, signed_in):
    client = signed_in("admin")
    link = client.page("/admin/audit?action=viewed&page=1").find(id="download-csv")["href"]
    assert link == "/admin/audit/export.csv?action=viewed"
    _, rows = download(client, "action=viewed")
    assert [row[7] for row in rows[1:]] == ["e5", "e3", "e1"]


def test_a_download_with_bad_filters_is_refused_and_not_recorded(known_events, signed_in):
    client = signed_in("admin")
    before = last_event_id()
    response = client.get("/admin/audit/export.csv?email=not-an-email")
    check_page(response, status=400, title="Error: Audit trail")
    assert events_after(before) == []


def test_cells_a_spreadsheet_would_run_are_neutralised_in_the_download(people, signed_in):
    dangerous = ['=HYPERLINK("http://evil.example")', "+44 7700 900123", "-2+3", "@SUM(A1:A9)", "\t=1+1"]
    for text in dangerous:
        record_event("injection_check", actor_label=text, reason=text, detail=text)
    db.session.commit()
    _, rows = download(signed_in("admin"), "action=injection_check")
    assert {(row[1], row[6], row[7]) for row in rows[1:]} == {("'" + text,) * 3 for text in dangerous}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a=1", "a=1"),
        ("Smith", "Smith"),
        ("", ""),
        (None, ""),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


@pytest.mark.parametrize("who", ["officer", "supervisor", "org_admin", "stranger"])
@pytest.mark.parametrize("url", ["/admin/audit", "/admin/audit/export.csv"])
def test_only_partnership_administrators_reach_the_audit_trail(known_events, signed_in, who, url):
    client = signed_in(who)
    before = last_event_id()
    response = client.get(url)
    assert response.status_code == 403
    # No event shows: none of the markers is a word of the page's text (random tokens in its attributes may
    # contain "e1", so the raw bytes are not searched).
    words = BeautifulSoup(response.data, "html.parser").get_text(" ").split()
    assert not {"e1", "e2", "e3", "e4", "e5"} & set(words)
    assert events_after(before) == []
    assert client.page("/dashboard").find("a", string=re.compile("Audit trail")) is None


def test_the_audit_trail_is_in_the_administrators_menu(signed_in):
    link = signed_in("admin").page("/dashboard").find("a", string=re.compile("Audit trail"))
    assert link["href"] == "/admin/audit"


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get("/admin/audit/export.csv")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
