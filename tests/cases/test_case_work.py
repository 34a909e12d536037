"""Working a case: completing actions, notes on the timeline, adding incidents and people."""

from datetime import date, timedelta

from sqlalchemy import select

from casemgmt.extensions import db
from casemgmt.incidents.case_models import Case, CaseAction
from casemgmt.incidents.case_services import ActionInput, add_action
from casemgmt.incidents.models import IncidentRole
from casemgmt.people.models import Person
from tests.pages import check_page, csrf_token, error_messages


def _timeline(soup) -> list[tuple[str, str, str]]:
    return [
        (
            item.select_one(".moj-timeline__title").get_text(strip=True),
            item.select_one(".moj-timeline__byline").get_text(strip=True),
            item.select_one(".moj-timeline__description").get_text(strip=True),
        )
        for item in soup.select("#case-timeline .moj-timeline__item")
    ]


def test_complete_an_action(officer_client, partnership, noise_case):
    due = date.today() - timedelta(days=3)
    action = add_action(partnership.lead, noise_case.id, ActionInput("Send a warning letter", partnership.city.id, due))
    soup = officer_client.page(f"/cases/{noise_case.id}")
    form = soup.select_one(f"#action-{action.id} form")
    assert form["action"] == f"/cases/{noise_case.id}/actions/{action.id}/complete"
    version = form.select_one("input[name=version]")["value"]

    response = officer_client.post(form["action"], data={"csrf_token": csrf_token(soup), "version": version})

    assert response.status_code == 302
    assert db.session.get(CaseAction, action.id).completed_at is not None
    soup = officer_client.page(f"/cases/{noise_case.id}")
    assert soup.select_one(f"#action-{action.id} .govuk-tag").get_text() == "Done"
    assert soup.select(f"#action-{action.id} form") == []
    assert _timeline(soup)[0] == ("Update", "by Priya Lead", "Action completed: Send a warning letter")


def test_marking_an_action_done_from_an_old_page_is_a_conflict(officer_client, other_client, partnership, noise_case):
    action = add_action(partnership.lead, noise_case.id, ActionInput("Visit", partnership.city.id, date.today()))
    other_client.sign_in(partnership.teammate.email)
    stale = other_client.page(f"/cases/{noise_case.id}")
    version = stale.select_one(f"#action-{action.id} input[name=version]")["value"]
    url = f"/cases/{noise_case.id}/actions/{action.id}/complete"
    officer_client.submit(url, {"version": version}, form_url=f"/cases/{noise_case.id}")
    completed_at = db.session.get(CaseAction, action.id).completed_at

    response = other_client.post(url, data={"csrf_token": csrf_token(stale), "version": version})

    soup = check_page(response, status=409, title="Someone else changed this record")
    assert soup.select_one(f"main a[href='/cases/{noise_case.id}']") is not None
    db.session.remove()
    assert db.session.get(CaseAction, action.id).completed_at == completed_at


def test_a_note_appears_at_the_top_of_the_timeline(officer_client, other_client, partnership, noise_case):
    url = f"/cases/{noise_case.id}/add-note"
    officer_client.submit(url, {"note": "Spoke to Vera.\nMusic again on Friday."})
    other_client.sign_in(partnership.teammate.email)
    other_client.submit(url, {"note": "Percy agreed to turn it down."})

    soup = officer_client.page(f"/cases/{noise_case.id}")
    timeline = _timeline(soup)
    assert timeline[:2] == [
        ("Note", "by Tom Teammate", "Percy agreed to turn it down."),
        ("Note", "by Priya Lead", "Spoke to Vera.\nMusic again on Friday."),
    ]
    assert timeline[-1] == ("Update", "by Priya Lead", "Case opened by Priya Lead")
    first_time = soup.select_one("#case-timeline time")
    assert first_time["datetime"].startswith(str(date.today().year))


def test_an_empty_note_is_refused(officer_client, noise_case):
    soup = check_page(officer_client.submit(f"/cases/{noise_case.id}/add-note", {"note": "   "}), status=200)
    assert "Enter the note" in soup.select_one("#note-error").get_text()
    assert len(db.session.get(Case, noise_case.id).notes) == 1  # only "Case opened"


def test_add_an_incident_found_by_its_reference(officer_client, factories, partnership, noise_case):
    second = factories.incident(by=partnership.lead, type_code="graffiti", narrative="Tags on the bus shelter")
    url = f"/cases/{noise_case.id}/add-incident"
    soup = officer_client.page(f"{url}?q={second.reference.lower()}")
    choices = soup.select("input[name=incident_id]")
    assert [choice["value"] for choice in choices] == [str(second.id)]

    response = officer_client.submit(url, {"q": second.reference, "incident_id": str(second.id)})

    assert response.status_code == 302
    assert {link.incident_id for link in db.session.get(Case, noise_case.id).incidents} == {
        noise_case.incidents[0].incident_id,
        second.id,
    }
    soup = officer_client.page(f"/cases/{noise_case.id}")
    assert second.reference in soup.select_one("#case-incidents").get_text()
    assert _timeline(soup)[0][2] == f"Incident {second.reference} added"


def test_an_incident_already_in_the_case_cannot_be_chosen_again(officer_client, noise_case):
    reference = noise_case.incidents[0].incident.reference
    soup = officer_client.page(f"/cases/{noise_case.id}/add-incident?q={reference}")
    choice = soup.select_one("input[name=incident_id]")
    assert choice.has_attr("disabled")
    assert "Already in this case" in soup.select_one(".govuk-radios__hint").get_text()


def test_an_incident_the_officer_may_not_see_is_not_offered(officer_client, factories, partnership, noise_case):
    hidden = factories.incident(by=partnership.borough_officer)
    url = f"/cases/{noise_case.id}/add-incident"
    soup = officer_client.page(f"{url}?q={hidden.reference}")
    assert soup.select("input[name=incident_id]") == []
    assert "No incidents you can see match" in soup.select_one("#no-matches").get_text()
    soup = check_page(officer_client.submit(url, {"q": hidden.reference, "incident_id": str(hidden.id)}), status=200)
    assert any("you may not see it" in message for message in error_messages(soup))
    assert len(db.session.get(Case, noise_case.id).incidents) == 1


def test_add_a_person_found_by_name_in_a_role(officer_client, factories, partnership, noise_case):
    wendy = factories.person(by=partnership.lead, forename="Wendy", surname="Witness")
    factories.person(by=partnership.borough_officer, forename="Wanda", surname="Witness")  # not shared with the city
    url = f"/cases/{noise_case.id}/add-person"
    soup = officer_client.page(f"{url}?q=witness")
    assert [choice["value"] for choice in soup.select("input[name=person_id]")] == [str(wendy.id)]

    response = officer_client.submit(url, {"q": "witness", "person_id": str(wendy.id), "role": "witness"})

    assert response.status_code == 302
    case = db.session.get(Case, noise_case.id)
    assert (wendy.id, IncidentRole.WITNESS) in {(link.person_id, link.role) for link in case.people}
    soup = officer_client.page(f"/cases/{noise_case.id}")
    rows = {
        row.select_one("dt").get_text(strip=True): row.select_one("dd").get_text(strip=True)
        for row in soup.select("#case-people .govuk-summary-list__row")
    }
    assert rows["Wendy Witness"] == "Witness"
    assert _timeline(soup)[0][2] == "Wendy Witness added as Witness"


def test_a_person_is_not_added_twice_in_the_same_role(officer_client, noise_case):
    vera = db.session.scalars(select(Person).where(Person.surname == "Victim")).one()
    url = f"/cases/{noise_case.id}/add-person"
    choice = {"q": "victim", "person_id": str(vera.id), "role": "victim"}
    assert officer_client.submit(url, choice).status_code == 302

    soup = check_page(officer_client.submit(url, choice))

    assert "already in this case as victim" in soup.select_one("#role-error").get_text()
    assert [(link.person_id, link.role) for link in db.session.get(Case, noise_case.id).people] == [
        (vera.id, IncidentRole.VICTIM)
    ]
