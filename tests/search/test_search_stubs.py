"""Partnership search shows records the user may not open as stubs: kind, name, organisations, Request access."""

from datetime import UTC, date, datetime, timedelta

from casemgmt.access.sharing import SharingScope
from casemgmt.incidents.models import IncidentRole
from tests.query_counting import queries_for_page

# The session, then per source a capped count and one page of ids, the visible records on it (people with
# their addresses), and one query making the stubs of those the user may not see.
MIXED_PAGE_QUERIES = 8

SECRETS = ("1987", "4 Ashby Road", "LE11 3AB", "07700 900456", "mary.clarke@example.net")


def stubs(page) -> list[dict]:
    return [
        {
            "name": item.select_one(".app-stub-name").get_text(strip=True),
            "held_by": item.select_one(".app-stub-organisations").get_text(strip=True),
            "tag": item.select_one(".govuk-tag").get_text(strip=True),
            "request": item.select_one("a")["href"],
            "links": len(item.select("a")),
        }
        for item in page.select("main li.app-stub")
    ]


def full_results(page) -> list[str]:
    return [link.get_text(strip=True) for link in page.select("main li:not(.app-stub) a")]


def make_mary(factories, officer, **sharing):
    return factories.person(
        by=officer,
        forename="Mary",
        surname="Clarke",
        date_of_birth=date(1987, 4, 12),
        line1="4 Ashby Road",
        postcode="LE11 3AB",
        phone="07700 900456",
        email="mary.clarke@example.net",
        **sharing,
    )


def test_an_officer_of_another_council_sees_a_stub_and_can_ask_for_access(stranger_client, partnership, factories):
    make_mary(factories, partnership.officer)  # the owning team only
    factories.person(
        by=partnership.officer,
        forename="Martin",
        surname="Clarke",
        scope=SharingScope.PARTNERS,
        organisation_ids=[partnership.other_council.id],
    )
    page = stranger_client.page("/search?q=clarke")
    assert full_results(page) == ["Martin Clarke"]
    (stub,) = stubs(page)
    assert stub["name"] == "Mary Clarke" and stub["tag"] == "Restricted" and stub["links"] == 1
    assert stub["held_by"] == "Person record held by Charnwood Borough Council"
    assert page.select_one("#result-count").get_text(strip=True) == "2 results for “clarke”."
    request_page = stranger_client.page(stub["request"], title="Request access")
    assert "Mary Clarke" in request_page.select_one("#requested-record").get_text()


def test_stubs_never_show_details(stranger_client, partnership, factories):
    mary = make_mary(factories, partnership.officer)
    for words in ("Mary Clarke", "07700 900456", "mary.clarke@example.net", "LE11 3AB"):
        response = stranger_client.get(f"/search?q={words}")
        html = response.get_data(as_text=True)
        results = html[html.index('id="result-count"') :]
        assert len(stubs(stranger_client.page(f"/search?q={words}"))) == 1, words
        assert str(mary.id) not in html, words
        for secret in SECRETS:
            assert secret not in results.replace(words, ""), (words, secret)


def test_the_setting_hides_even_the_name(app, stranger_client, partnership, factories, monkeypatch):
    monkeypatch.setitem(app.config, "STUB_SHOWS_NAME", False)
    make_mary(factories, partnership.officer)
    incident = factories.incident(by=partnership.officer)
    assert [stub["name"] for stub in stubs(stranger_client.page("/search?q=clarke"))] == ["Restricted person record"]
    page = stranger_client.page(f"/search?q={incident.reference}")
    assert [stub["name"] for stub in stubs(page)] == ["Restricted incident record"]
    assert "Noise" not in page.select_one("#incident-results").get_text()


def test_pages_mixing_full_results_and_stubs_keep_a_fixed_number_of_queries(
    officer_client, stranger_client, partnership, factories
):
    counts, made = [], 0
    for size in (4, 40):
        while made < size:
            # Every other record is shared with the stranger's council: pages hold both results and stubs.
            sharing = (
                {"scope": SharingScope.PARTNERS, "organisation_ids": [partnership.other_council.id]} if made % 2 else {}
            )
            person = factories.person(by=partnership.officer, forename=f"P{made:02d}", surname="Walsh", **sharing)
            factories.incident(
                by=partnership.officer,
                postcode="LE11 3AB",
                people=[(person, IncidentRole.VICTIM)],
                occurred_at=datetime.now(UTC) - timedelta(days=made + 1),
                **sharing,
            )
            made += 1
        page = stranger_client.page("/search?q=walsh")
        assert stubs(page) and full_results(page)
        counts.append(len(queries_for_page(stranger_client, "/search?q=walsh")))
    assert counts[0] == counts[1] <= MIXED_PAGE_QUERIES, counts
    # The second page of 40 is as many again.
    assert len(queries_for_page(stranger_client, "/search?q=walsh&page=2")) == counts[1]


def test_a_stub_found_by_a_detail_never_names_whose_detail_it_is(stranger_client, partnership, factories):
    """A phone number, email address, postcode or registration may say a record exists, never whose it is."""
    make_mary(factories, partnership.officer)
    factories.incident(by=partnership.officer, postcode="LE11 3AB", vehicles=["KX19 OPE"])
    expected = {
        "07700 900456": ["Restricted person record"],
        "mary.clarke@example.net": ["Restricted person record"],
        "LE11 3AB": ["Restricted person record", "Restricted incident record"],
        "KX19OPE": ["Restricted incident record"],
    }
    for words, names in expected.items():
        page = stranger_client.page(f"/search?q={words}")
        assert [stub["name"] for stub in stubs(page)] == names, words
        assert "Mary" not in page.select_one("main").get_text() and "ASB-" not in page.select_one("main").get_text()


def test_a_stub_found_by_name_or_reference_is_named(stranger_client, partnership, factories):
    make_mary(factories, partnership.officer)
    incident = factories.incident(by=partnership.officer)
    assert [stub["name"] for stub in stubs(stranger_client.page("/search?q=Mary Clarke"))] == ["Mary Clarke"]
    (stub,) = stubs(stranger_client.page(f"/search?q={incident.reference}"))
    assert stub["name"].startswith(incident.reference)
