"""The case list: cases I lead, my team's, all I can see; open or closed; pages; nothing to show."""

import pytest

from casemgmt.access.sharing import SharingScope
from casemgmt.incidents.case_models import CaseOutcome
from casemgmt.incidents.case_services import close_case
from tests.pages import check_page


@pytest.fixture
def cases(factories, partnership):
    """Cases around the lead officer, named by how they relate to them."""
    made = {
        "mine": factories.case(by=partnership.lead, title="Mine"),
        "mine closed": factories.case(by=partnership.lead, title="Mine closed"),
        "teammate's": factories.case(by=partnership.teammate, title="Teammate's"),
        "other team's, shared with the council": factories.case(
            by=partnership.licensing_officer, title="Licensing", scope=SharingScope.ORGANISATION
        ),
        "other team's, team only": factories.case(by=partnership.licensing_officer, title="Licensing private"),
        "borough's": factories.case(by=partnership.borough_officer, title="Borough"),
    }
    close_case(partnership.lead, made["mine closed"].id, 1, CaseOutcome.RESOLVED, "")
    return made


def _titles(soup) -> set[str]:
    return {row.select_one("td").get_text(" ", strip=True).split(" ", 1)[1] for row in soup.select("#cases tbody tr")}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"Mine"}),
        ("?view=lead&status=closed", {"Mine closed"}),
        ("?view=lead&status=any", {"Mine Open", "Mine closed Closed"}),
        ("?view=team", {"Mine", "Teammate's"}),
        ("?view=all", {"Mine", "Teammate's", "Licensing"}),
        ("?view=nonsense&status=nonsense", {"Mine"}),
    ],
)
def test_tabs_and_status_filter(officer_client, cases, query, expected):
    soup = officer_client.page(f"/cases{query}")
    assert _titles(soup) == expected


def test_the_current_tab_is_marked(officer_client, cases):
    soup = officer_client.page("/cases?view=team", title="My team’s cases")
    current = soup.select(".moj-sub-navigation a[aria-current=page]")
    assert [link.get_text(strip=True) for link in current] == ["My team’s cases"]
    assert soup.select_one("input[name=status][checked]")["value"] == "open"


def test_nothing_to_show(client, partnership, cases):
    client.sign_in(partnership.housing_officer.email)
    soup = check_page(client.get("/cases"))
    assert soup.select("#cases") == []
    assert soup.select_one("#no-cases").get_text(strip=True) == "You do not lead any open cases."
    assert client.page("/cases?view=all&status=any").select_one("#no-cases").get_text(strip=True) == (
        "There are no cases you can see."
    )


def test_long_lists_are_paged(app, officer_client, factories, partnership, monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_SIZE", 2)
    for number in range(5):
        factories.case(by=partnership.lead, title=f"Case {number}")
    seen = []
    for page in (1, 2, 3):
        soup = officer_client.page(f"/cases?view=lead&page={page}")
        seen += sorted(_titles(soup))
    assert sorted(seen) == [f"Case {number}" for number in range(5)]
    assert "view=lead" in soup.select_one(".govuk-pagination a")["href"]


def test_signing_in_is_needed(client, partnership):
    response = client.get("/cases")
    assert response.status_code == 302
    assert "/sign-in" in response.headers["Location"]
