"""The search page: one box, results grouped by kind with links, counts, pages and empty states."""

from datetime import UTC, datetime, timedelta

import pytest

from casemgmt.incidents.models import IncidentRole
from casemgmt.search import queries
from tests.query_counting import queries_for_page

# Two queries before the view (the session with its user, then the teams), then per source searched a capped
# count, and for each source with rows on the page its ids, then those records (people also load addresses).
SEARCH_PAGE_QUERIES = {"Walsh": 7, "LE11 3AB": 7, "AB12CDE": 5}


def result_links(soup, kind: str) -> list[tuple[str, str]]:
    return [(a.get_text(strip=True), a["href"]) for a in soup.select(f"#{kind}-results a")]


def test_empty_search_explains_itself(officer_client, partnership):
    page = officer_client.page("/search", title="Search")
    assert page.select_one("#no-query") is not None
    assert page.select_one("#result-count") is None
    hint = page.select_one("#q-hint").get_text(strip=True)
    assert hint == "A name, reference, postcode, registration, phone number or email address"


def test_no_results(officer_client, partnership):
    page = officer_client.page("/search?q=Nobody", title="Search: Nobody")
    assert page.select_one("#no-results").get_text(strip=True) == "No results for “Nobody”"


def test_results_are_grouped_by_kind_with_links(officer_client, partnership, factories):
    officer = partnership.officer
    person = factories.person(by=officer, forename="Dean", surname="Walsh", postcode="LE11 3AB", line1="4 Ashby Road")
    incident = factories.incident(
        by=officer, postcode="LE11 3AB", line1="4 Ashby Road", people=[(person, IncidentRole.PERPETRATOR)]
    )
    page = officer_client.page("/search?q=le11+3ab")
    assert [heading.get_text(strip=True) for heading in page.select("main h2")] == ["People", "Incidents"]
    assert result_links(page, "person") == [("Dean Walsh", f"/people/{person.id}")]
    assert result_links(page, "incident") == [(f"{incident.reference}: Noise", f"/incidents/{incident.id}")]
    assert "4 Ashby Road" in page.select_one("#person-results").get_text()
    assert page.select_one("#result-count").get_text(strip=True) == "2 results for “le11 3ab”."
    case = factories.case(by=officer, title="Ashby Road", incidents=[incident])
    by_reference = officer_client.page(f"/search?q={case.reference}")
    assert result_links(by_reference, "case") == [(f"{case.reference}: Ashby Road", f"/cases/{case.id}")]


def test_incident_times_are_uk_time(officer_client, partnership, factories):
    factories.incident(
        by=partnership.officer, postcode="LE11 3AB", occurred_at=datetime(2026, 7, 1, 20, 30, tzinfo=UTC)
    )
    page = officer_client.page("/search?q=LE11+3AB")
    assert "01/07/2026 21:30" in page.select_one("#incident-results").get_text()


def test_records_of_others_appear_only_as_stubs(officer_client, stranger_client, partnership, factories):
    person = factories.person(by=partnership.officer, forename="Dean", surname="Walsh", phone="07700 900456")
    incident = factories.incident(by=partnership.officer, postcode="LE11 3AB", vehicles=["AB12CDE"])
    assert result_links(officer_client.page("/search?q=walsh"), "person") != []
    for words in ("walsh", "07700 900456", "LE11 3AB", "AB12CDE"):
        page = stranger_client.page(f"/search?q={words}")
        links = page.select("main ul a")
        assert links and all(link.get_text(strip=True).startswith("Request access") for link in links), words
        assert all(link["href"].startswith("/access-requests/new/") for link in links), words
        text = " ".join(results.get_text(" ", strip=True) for results in page.select("main ul"))
        assert str(person.id) not in str(page) and str(incident.id) not in str(page), words
        assert "07700" not in text and "Loud music" not in text, words


def test_results_are_paged(officer_client, partnership, factories):
    for number in range(30):
        factories.person(by=partnership.officer, forename=f"Person{number:02d}", surname="Walsh")
    first = officer_client.page("/search?q=walsh")
    assert len(result_links(first, "person")) == 25
    assert first.select_one("#result-count").get_text(" ", strip=True) == "30 results for “walsh”, page 1 of 2."
    next_link = first.select_one(".govuk-pagination__next a")["href"]
    assert next_link == "/search?q=walsh&page=2"
    second = officer_client.page(next_link)
    assert len(result_links(second, "person")) == 5
    assert {name for name, _ in result_links(first, "person")}.isdisjoint(
        name for name, _ in result_links(second, "person")
    )


def test_very_broad_searches_say_so(officer_client, partnership, factories, monkeypatch):
    monkeypatch.setattr(queries, "COUNT_CAP", 3)
    for number in range(5):
        factories.person(by=partnership.officer, forename=f"Person{number}", surname="Walsh")
    page = officer_client.page("/search?q=walsh")
    assert (
        page.select_one("#result-count").get_text(strip=True)
        == "More than 1,000 results; add more detail to your search."
    )


@pytest.mark.parametrize("words", ["Walsh", "LE11 3AB", "AB12CDE"], ids=["surname", "postcode", "registration"])
def test_search_queries_do_not_grow_with_the_results(officer_client, partnership, factories, words):
    counts = []
    made = 0
    for size in (3, 30):
        while made < size:
            # People live elsewhere, so a postcode search finds only incidents at either size: a page holding
            # two kinds of record costs one query more than a page of one kind, which is not growth.
            person = factories.person(by=partnership.officer, forename=f"P{made}", surname="Walsh", postcode="LE1 5WW")
            factories.incident(
                by=partnership.officer,
                postcode="LE11 3AB",
                vehicles=["AB12CDE"],
                people=[(person, IncidentRole.VICTIM)],
                occurred_at=datetime.now(UTC) - timedelta(days=made + 1),
            )
            made += 1
        counts.append(len(queries_for_page(officer_client, f"/search?q={words}")))
        assert officer_client.page(f"/search?q={words}").select("main ul a"), words
    assert counts[0] == counts[1] <= SEARCH_PAGE_QUERIES[words], counts
