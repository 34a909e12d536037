"""The dashboard: my actions (overdue, due soon), my open cases, my team's recent incidents, and navigation."""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import update

from casemgmt.access.sharing import RecordGrant
from casemgmt.db import utcnow
from casemgmt.extensions import db
from casemgmt.incidents.case_models import CaseOutcome
from casemgmt.incidents.case_services import ActionInput, add_action, close_case, complete_action
from tests.query_counting import queries_for_page

# 3 queries before the view (session, user, teams) and one per list.
DASHBOARD_QUERIES = 6


def texts(soup, selector: str) -> list[str]:
    return [item.get_text(" ", strip=True) for item in soup.select(selector)]


def action(partnership, case, description: str, due_on: date, owner=None):
    owner = owner or partnership.officer
    data = ActionInput(description, partnership.council.id, due_on, owner_user_id=owner.id)
    return add_action(partnership.officer, case.id, data)


def test_empty_dashboard_says_so_and_offers_the_next_step(officer_client, partnership):
    page = officer_client.page("/dashboard", title="Dashboard")
    assert page.select_one("#no-actions") is not None
    assert page.select_one("#no-open-cases") is not None
    empty_incidents = page.select_one("#no-recent-incidents")
    assert {a["href"] for a in empty_incidents.select("a")} == {"/incidents/new", "/search"}
    buttons = {a.get_text(strip=True): a["href"] for a in page.select("main .govuk-button-group a")}
    assert buttons == {"Log an incident": "/incidents/new", "Search": "/search"}


def test_navigation_reaches_the_officer_pages(officer_client, partnership):
    page = officer_client.page("/search")
    links = {a.get_text(strip=True): a["href"] for a in page.select(".govuk-service-navigation__link[href]")}
    assert {name: links[name] for name in ("Dashboard", "Log an incident", "Search", "Cases")} == {
        "Dashboard": "/dashboard",
        "Log an incident": "/incidents/new",
        "Search": "/search",
        "Cases": "/cases",
    }
    active = page.select_one(".govuk-service-navigation__item--active").get_text(strip=True)
    assert active == "Search"


def test_my_actions_are_split_into_overdue_and_due_soon(officer_client, partnership, factories):
    today = date.today()
    case = factories.case(by=partnership.officer, title="Ashby Road")
    action(partnership, case, "Visit the victim", today - timedelta(days=3))
    action(partnership, case, "Send the warning letter", today)
    action(partnership, case, "Review the case", today + timedelta(days=14))
    action(partnership, case, "Much later", today + timedelta(days=15))
    action(partnership, case, "Someone else's", today, owner=partnership.colleague)
    done = action(partnership, case, "Already done", today - timedelta(days=1))
    complete_action(partnership.officer, case.id, done.id, done.version)

    page = officer_client.page("/dashboard")
    assert [text.split(" Due ")[0] for text in texts(page, "#overdue-actions li")] == ["Visit the victim"]
    due_soon = texts(page, "#due-soon-actions li")
    assert [text.split(" Due ")[0] for text in due_soon] == ["Send the warning letter", "Review the case"]
    assert page.select_one("#due-soon-actions a").get_text(strip=True) == f"{case.reference}: Ashby Road"
    assert page.select_one("#due-soon-actions a")["href"] == f"/cases/{case.id}"


def test_actions_on_cases_i_can_no_longer_see_are_left_out(officer_client, partnership, factories):
    # The stranger's case names the officer as the owner of an action (which shares the case with them)...
    stranger_case = factories.case(by=partnership.stranger, title="Melton problem")
    add_action(
        partnership.stranger,
        stranger_case.id,
        ActionInput("Call Melton", partnership.council.id, date.today(), owner_user_id=partnership.officer.id),
    )
    assert "Call Melton" in officer_client.page("/dashboard").select_one("#due-soon-actions").get_text()
    # ...and once that grant is revoked, the action is gone from the dashboard.
    db.session.execute(update(RecordGrant).where(RecordGrant.record_id == stranger_case.id).values(revoked_at=utcnow()))
    db.session.commit()
    assert officer_client.page("/dashboard").select_one("#no-actions") is not None


def test_my_open_cases(officer_client, partnership, factories):
    mine = factories.case(by=partnership.officer, title="Mine")
    closed = factories.case(by=partnership.officer, title="Closed one")
    close_case(partnership.officer, closed.id, closed.version, CaseOutcome.RESOLVED, "")
    factories.case(by=partnership.colleague, title="Colleague's")  # led by the colleague, same team
    page = officer_client.page("/dashboard")
    assert [(a.get_text(" ", strip=True), a["href"]) for a in page.select("#my-open-cases a")] == [
        (f"{mine.reference} : Mine", f"/cases/{mine.id}")
    ]


def test_my_teams_recent_incidents_newest_ten(officer_client, partnership, factories):
    now = datetime.now(UTC)
    ours = [
        factories.incident(by=partnership.colleague, occurred_at=now - timedelta(hours=n + 1), narrative=f"Number {n}")
        for n in range(12)
    ]
    factories.incident(by=partnership.stranger, occurred_at=now - timedelta(minutes=5))  # another council's
    page = officer_client.page("/dashboard")
    shown = [a["href"] for a in page.select("#team-recent-incidents a")]
    assert shown == [f"/incidents/{incident.id}" for incident in ours[:10]]


def test_dashboard_queries_do_not_grow_with_the_work(officer_client, partnership, factories):
    today = date.today()
    counts = []
    made = 0
    for size in (3, 30):
        while made < size:
            incident = factories.incident(by=partnership.officer)
            case = factories.case(by=partnership.officer, incidents=[incident])
            action(partnership, case, f"Overdue {made}", today - timedelta(days=1))
            action(partnership, case, f"Soon {made}", today + timedelta(days=1))
            made += 1
        counts.append(len(queries_for_page(officer_client, "/dashboard")))
        page = officer_client.page("/dashboard")
        assert len(page.select("#overdue-actions li")) == min(size, 10)
        assert f"Overdue {size} actions" in page.select_one("main").get_text(" ", strip=True)
    assert counts[0] == counts[1] <= DASHBOARD_QUERIES, counts
    assert "Showing the 10 most overdue." in page.select_one("#more-overdue").get_text()


def test_two_officers_of_one_team_each_see_their_own_work(officer_client, other_client, partnership, factories):
    # The lists' statements are built once per user's access condition and run with the user's id: two
    # team-mates, one after the other in one process, must each get their own actions and cases.
    today = date.today()
    officer_case = factories.case(by=partnership.officer, title="Officer's case")
    colleague_case = factories.case(by=partnership.colleague, title="Colleague's case")
    action(partnership, officer_case, "Officer's visit", today - timedelta(days=1))
    action(partnership, officer_case, "Colleague's visit", today - timedelta(days=2), owner=partnership.colleague)
    assert other_client.sign_in(partnership.colleague.email).status_code == 302

    for _ in range(2):
        mine, theirs = officer_client.page("/dashboard"), other_client.page("/dashboard")
        assert [text.split(" Due ")[0] for text in texts(mine, "#overdue-actions li")] == ["Officer's visit"]
        assert [text.split(" Due ")[0] for text in texts(theirs, "#overdue-actions li")] == ["Colleague's visit"]
        assert [a["href"] for a in mine.select("#my-open-cases a")] == [f"/cases/{officer_case.id}"]
        assert [a["href"] for a in theirs.select("#my-open-cases a")] == [f"/cases/{colleague_case.id}"]
