"""Closing and reopening a case, and two people changing the same case at once."""

from datetime import UTC, date, datetime

from casemgmt.extensions import db
from casemgmt.incidents.case_models import Case, CaseOutcome, CaseStatus, RiskLevel
from casemgmt.incidents.case_services import ActionInput, add_action
from tests.cases.forms import form_values
from tests.pages import check_page


def _saved(case_id) -> Case:
    db.session.remove()
    return db.session.get(Case, case_id)


def _conflict_rows(soup) -> dict[str, tuple[str, str]]:
    return {
        row.select_one("th").get_text(strip=True): tuple(cell.get_text(strip=True) for cell in row.select("td"))
        for row in soup.select("main table tbody tr")
    }


def test_close_a_case_with_an_outcome(officer_client, partnership, noise_case):
    add_action(partnership.lead, noise_case.id, ActionInput("Final visit", partnership.city.id, date.today()))
    url = f"/cases/{noise_case.id}/close"
    soup = officer_client.page(url, title=f"Close {noise_case.reference}")
    assert "1 action is still open" in soup.select_one(".govuk-warning-text").get_text()
    assert "Final visit" in soup.select_one("#open-actions").get_text()

    before = datetime.now(UTC)
    values = form_values(soup) | {"outcome": "resolved_with_tools", "closing_note": "CPN issued and complied with."}
    response = officer_client.post(url, data=values)
    after = datetime.now(UTC)

    assert response.status_code == 302
    case = _saved(noise_case.id)
    assert (case.status, case.outcome) == (CaseStatus.CLOSED, CaseOutcome.RESOLVED_WITH_TOOLS)
    assert before <= case.closed_at <= after
    soup = officer_client.page(f"/cases/{noise_case.id}")
    assert soup.select_one("#case-tags").get_text(" ", strip=True).startswith("Closed")
    details = {
        row.select_one("dt").get_text(strip=True): row.select_one("dd").get_text(strip=True)
        for row in soup.select("#case-details .govuk-summary-list__row")
    }
    assert details["Outcome"] == "Resolved using ASB tools and powers"
    event = soup.select_one("#case-timeline .moj-timeline__description").get_text(strip=True)
    assert event == "Case closed: Resolved using ASB tools and powers. CPN issued and complied with."
    assert soup.find("button", string="Reopen case") is not None
    assert soup.find("a", string="Close case") is None


def test_closing_without_an_outcome_shows_the_error_next_to_the_choices(officer_client, noise_case):
    url = f"/cases/{noise_case.id}/close"
    values = form_values(officer_client.page(url)) | {"closing_note": "Nothing more to do"}
    soup = check_page(officer_client.post(url, data=values), status=200, title=f"Error: Close {noise_case.reference}")

    group = soup.select_one("#outcome-error").find_parent(class_="govuk-form-group")
    assert "govuk-form-group--error" in group["class"]
    assert group.select("input[name=outcome]")
    assert "Choose the outcome of the case" in soup.select_one("#outcome-error").get_text()
    assert soup.select_one("#closing_note").get_text() == "Nothing more to do"
    assert _saved(noise_case.id).status == CaseStatus.OPEN


def test_reopen_a_closed_case(officer_client, noise_case):
    url = f"/cases/{noise_case.id}/close"
    officer_client.post(url, data=form_values(officer_client.page(url)) | {"outcome": "resolved"})
    soup = officer_client.page(f"/cases/{noise_case.id}")
    form = soup.find("button", string="Reopen case").find_parent("form")

    response = officer_client.post(form["action"], data=form_values(soup, f"form[action='{form['action']}']"))

    assert response.status_code == 302
    case = _saved(noise_case.id)
    assert (case.status, case.outcome, case.closed_at) == (CaseStatus.OPEN, None, None)


def test_two_editors_the_second_save_is_refused_and_shows_what_differs(
    officer_client, other_client, partnership, noise_case
):
    other_client.sign_in(partnership.teammate.email)
    url = f"/cases/{noise_case.id}/edit"
    first, second = form_values(officer_client.page(url)), form_values(other_client.page(url))
    assert first["version"] == second["version"]

    first |= {"title": "Noise and parking on Example Street", "risk_level": "high"}
    assert officer_client.post(url, data=first).status_code == 302
    second |= {"title": "Noise on Example Street (amended)", "risk_level": "medium"}
    soup = check_page(other_client.post(url, data=second), status=409, title="Someone else changed this record")

    assert _conflict_rows(soup) == {
        "Title": ("Noise and parking on Example Street", "Noise on Example Street (amended)"),
        "Risk level": ("High", "Medium"),
    }
    assert "Priya Lead" in soup.select_one("main").get_text()
    assert soup.select_one(f"main a[href='{url}']") is not None
    case = _saved(noise_case.id)
    assert (case.title, case.risk_level) == ("Noise and parking on Example Street", RiskLevel.HIGH)


def test_closing_a_case_edited_since_the_close_form_opened_is_refused(
    officer_client, other_client, partnership, noise_case
):
    other_client.sign_in(partnership.teammate.email)
    close_url, edit_url = f"/cases/{noise_case.id}/close", f"/cases/{noise_case.id}/edit"
    closing = form_values(other_client.page(close_url)) | {"outcome": "no_further_action"}
    officer_client.post(edit_url, data=form_values(officer_client.page(edit_url)) | {"risk_level": "high"})

    soup = check_page(other_client.post(close_url, data=closing), status=409)

    assert _conflict_rows(soup) == {
        "Status": ("Open", "Closed"),
        "Outcome": ("(blank)", "No further action possible"),
    }
    assert soup.select_one(f"main a[href='{close_url}']") is not None
    case = _saved(noise_case.id)
    assert (case.status, case.outcome, case.risk_level) == (CaseStatus.OPEN, None, RiskLevel.HIGH)


def test_a_version_from_a_garbled_form_counts_as_stale(officer_client, noise_case):
    url = f"/cases/{noise_case.id}/edit"
    for version in ("", "x", "1" * 50):
        values = form_values(officer_client.page(url)) | {"version": version, "title": "Changed"}
        check_page(officer_client.post(url, data=values), status=409)
    assert _saved(noise_case.id).title == "Noise on Example Street"


def test_the_edit_form_saves_and_keeps_the_lead(officer_client, partnership, noise_case):
    url = f"/cases/{noise_case.id}/edit"
    soup = officer_client.page(url)
    assert soup.select_one("#title")["value"] == "Noise on Example Street"
    values = form_values(soup) | {
        "summary": "Now also parking on the verge",
        "lead_officer_id": str(partnership.teammate.id),
    }
    response = officer_client.post(url, data=values)
    assert response.status_code == 302
    case = _saved(noise_case.id)
    assert (case.summary, case.lead_officer_id, case.version) == (
        "Now also parking on the verge",
        partnership.teammate.id,
        2,
    )
    flash = officer_client.page(f"/cases/{noise_case.id}").select_one(".govuk-notification-banner")
    assert f"Case {noise_case.reference} saved" in flash.get_text()


def test_csrf_token_is_needed_to_close(officer_client, noise_case):
    url = f"/cases/{noise_case.id}/close"
    values = form_values(officer_client.page(url)) | {"outcome": "resolved"}
    values.pop("csrf_token")
    assert officer_client.post(url, data=values).status_code == 400
    assert _saved(noise_case.id).status == CaseStatus.OPEN
