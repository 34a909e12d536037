"""The incident page, editing an incident and adding a person to it, as a signed-in officer."""

import uuid
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from casemgmt.access import policy
from casemgmt.access.sharing import SharingScope
from casemgmt.extensions import db
from casemgmt.incidents.models import Incident, IncidentPerson, IncidentRole
from casemgmt.incidents.services import PersonLink, link_person_to_incident
from tests.incidents.browser_forms import form_values, with_changes
from tests.pages import check_page, error_messages
from tests.query_counting import queries_for_page

# A page request costs 3 queries before the view runs (session, user, teams); the incident page adds 7.
# The page's share includes one for its edit lease (who else is editing it), within the same ceiling.
INCIDENT_PAGE_QUERIES = 10


def main_text(soup) -> str:
    return soup.select_one("main").get_text(" ", strip=True)


def test_incident_page_shows_the_record(officer_client, partnership, factories):
    officer = partnership.officer
    victim = factories.person(by=officer, forename="Mary", surname="Clarke")
    incident = factories.incident(
        by=officer,
        narrative="Shouting in the street.\nThen a window broken.",
        postcode="LE11 3AB",
        line1="4 Ashby Road",
        people=[(victim, IncidentRole.VICTIM)],
        vehicles=["AB12 CDE"],
        scope=SharingScope.PARTNERS,
        organisation_ids=[partnership.other_council.id],
    )
    # The partner adds a witness of their own, whose record is not shared with Charnwood: a stub only.
    hidden = factories.person(by=partnership.stranger, forename="Secret", surname="Witness")
    link_person_to_incident(partnership.stranger, incident.id, PersonLink(hidden.id, IncidentRole.WITNESS))
    case = factories.case(by=officer, title="Ashby Road noise", incidents=[incident])
    page = officer_client.page(f"/incidents/{incident.id}", title=incident.reference)
    text = main_text(page)
    for expected in (incident.reference, "Open", "Nuisance", "Noise", "4 Ashby Road, LE11 3AB", "Charnwood"):
        assert expected in text, expected
    assert "Postcode district centre (approximate)" in text
    description = page.select_one("#description")
    assert "app-preserve-lines" in description["class"]
    assert description.get_text() == "Shouting in the street.\nThen a window broken."
    people = page.select_one("#incident-people")
    assert [link.get_text(" ", strip=True) for link in people.select("a")] == [
        "Mary Clarke",
        "Request access to Secret Witness",
    ]
    assert people.select_one("a")["href"] == f"/people/{victim.id}"
    assert people.select("a")[1]["href"].startswith("/access-requests/new/")
    assert str(hidden.id) not in str(page)
    witness = people.select(".govuk-summary-list__row")[1].get_text(" ", strip=True)
    assert witness.startswith("Witness Secret Witness Restricted Person record held by Melton Borough Council")
    assert "AB12CDE" in page.select_one("#incident-vehicles").get_text()
    assert page.select_one("#incident-cases a")["href"] == f"/cases/{case.id}"
    sharing = page.select_one("#incident-sharing").get_text(" ", strip=True)
    assert "ASB team, Charnwood Borough Council" in sharing and "Melton Borough Council" in sharing
    links = {a.get_text(strip=True): a["href"] for a in page.select("main .govuk-button-group a")}
    assert links == {
        "Edit incident": f"/incidents/{incident.id}/edit",
        "Add a person": f"/incidents/{incident.id}/add-person",
        "Open a case from this incident": f"/cases/new?incident_id={incident.id}",
    }


def test_hate_motivated_incident_is_marked(officer_client, partnership, factories):
    incident = factories.incident(by=partnership.officer)
    changed = officer_client.submit(
        f"/incidents/{incident.id}/edit",
        {**edit_values(incident), "hate_motivated": "y"},
    )
    assert changed.status_code == 302
    page = officer_client.page(f"/incidents/{incident.id}")
    assert "Recorded as hate-motivated" in page.select_one(".govuk-warning-text").get_text()


def test_hidden_incident_looks_exactly_like_a_missing_one(officer_client, stranger_client, partnership, factories):
    incident = factories.incident(by=partnership.officer)
    for suffix in ("", "/edit", "/add-person"):
        hidden = check_page(stranger_client.get(f"/incidents/{incident.id}{suffix}"), status=404)
        missing = check_page(stranger_client.get(f"/incidents/{uuid.uuid4()}{suffix}"), status=404)
        assert main_text(hidden) == main_text(missing)
        assert hidden.title.get_text() == missing.title.get_text()
    refused = stranger_client.submit(
        f"/incidents/{incident.id}/edit", {**edit_values(incident), "description": "Overwritten"}, form_url="/search"
    )
    assert refused.status_code == 404
    assert stored(partnership, incident).narrative == "Loud music late at night"


def edit_values(incident) -> dict:
    local = incident.occurred_at.astimezone(ZoneInfo("Europe/London"))
    return {
        "occurred_on": [str(local.day), str(local.month), str(local.year)],
        "occurred_time": local.strftime("%H:%M"),
        "incident_type": incident.incident_type.code,
        "description": incident.narrative,
        "status": incident.status.value,
        "version": str(incident.version),
    }


def stored(partnership, incident) -> Incident:
    db.session.expire_all()
    return db.session.scalar(policy.visible_incidents(partnership.officer).where(Incident.id == incident.id))


def test_edit_an_incident(officer_client, partnership, factories):
    incident = factories.incident(by=partnership.officer)
    form = form_values(officer_client.page(f"/incidents/{incident.id}/edit", title=f"Edit {incident.reference}"))
    assert form.get("version") == "1" and form.get("incident_type") == "noise"
    changed = with_changes(
        form,
        occurred_on=["1", "2", "2026"],
        occurred_time="23:05",
        incident_type="criminal_damage",
        description="Wing mirror snapped off",
        status="closed",
    )
    response = officer_client.post(f"/incidents/{incident.id}/edit", data=changed)
    assert response.status_code == 302
    assert f"Incident {incident.reference} saved" in officer_client.page(response.headers["Location"]).get_text()
    saved = stored(partnership, incident)
    assert (saved.incident_type.code, saved.category.value, saved.status.value) == (
        "criminal_damage",
        "environmental",
        "closed",
    )
    assert saved.occurred_at == datetime(2026, 2, 1, 23, 5, tzinfo=UTC)  # Greenwich Mean Time in February
    assert (saved.narrative, saved.version) == ("Wing mirror snapped off", 2)


def test_edit_errors_keep_what_was_typed(officer_client, partnership, factories):
    incident = factories.incident(by=partnership.officer)
    form = form_values(officer_client.page(f"/incidents/{incident.id}/edit"))
    broken = with_changes(form, description="", occurred_time="9pm", incident_type="graffiti")
    page = check_page(
        officer_client.post(f"/incidents/{incident.id}/edit", data=broken), title="Error: Edit " + incident.reference
    )
    assert error_messages(page) == ["Enter the time as hours and minutes on the 24-hour clock, like 21:30"]
    assert form_values(page).get("occurred_time") == "9pm"
    assert form_values(page).get("incident_type") == "graffiti"
    fixed_time = with_changes(form_values(page), occurred_time="21:00")
    page = check_page(officer_client.post(f"/incidents/{incident.id}/edit", data=fixed_time))
    assert error_messages(page) == ["Describe what happened"]
    assert stored(partnership, incident).version == 1


def test_stale_edit_shows_the_conflict_and_keeps_the_stored_record(
    officer_client, other_client, partnership, factories
):
    incident = factories.incident(by=partnership.officer, narrative="First account")
    mine = form_values(officer_client.page(f"/incidents/{incident.id}/edit"))
    # A colleague saves first, from their own browser.
    other_client.sign_in(partnership.colleague.email)
    theirs = form_values(other_client.page(f"/incidents/{incident.id}/edit"))
    assert (
        other_client.post(
            f"/incidents/{incident.id}/edit", data=with_changes(theirs, description="Colleague's account")
        ).status_code
        == 302
    )

    response = officer_client.post(f"/incidents/{incident.id}/edit", data=with_changes(mine, description="My account"))
    page = check_page(response, status=409, title="Someone else changed this record")
    rows = [[cell.get_text(strip=True) for cell in row.select("th, td")] for row in page.select("table tbody tr")]
    assert rows == [["Description", "Colleague's account", "My account"]]
    saved = stored(partnership, incident)
    assert (saved.narrative, saved.version) == ("Colleague's account", 2)


def test_garbled_version_is_a_conflict_not_an_overwrite(officer_client, partnership, factories):
    incident = factories.incident(by=partnership.officer)
    form = with_changes(form_values(officer_client.page(f"/incidents/{incident.id}/edit")), version="1; drop")
    response = officer_client.post(f"/incidents/{incident.id}/edit", data=with_changes(form, description="Changed"))
    check_page(response, status=409)
    assert stored(partnership, incident).narrative == "Loud music late at night"


def test_add_a_known_person_to_an_incident(officer_client, partnership, factories):
    incident = factories.incident(by=partnership.officer)
    known = factories.person(by=partnership.colleague, forename="Dean", surname="Walsh")
    factories.person(by=partnership.stranger, forename="Other", surname="Walsh")  # not visible to the officer
    url = f"/incidents/{incident.id}/add-person"
    page = officer_client.page(f"{url}?q=walsh", title=f"Add a person to {incident.reference}")
    found = page.select("#people-found li")
    assert [item.select_one("a").get_text(strip=True) for item in found] == ["Dean Walsh"]
    values = form_values(page, "#people-found form")
    assert values.get("person_id") == str(known.id)
    response = officer_client.post(f"{url}?q=walsh", data=with_changes(values, role="perpetrator"))
    assert response.status_code == 302
    assert "Dean Walsh added to" in officer_client.page(response.headers["Location"]).get_text()
    links = db.session.execute(
        select(IncidentPerson.person_id, IncidentPerson.role).where(IncidentPerson.incident_id == incident.id)
    ).all()
    assert links == [(known.id, IncidentRole.PERPETRATOR)]


def test_adding_a_hidden_person_is_refused(officer_client, partnership, factories):
    incident = factories.incident(by=partnership.officer)
    hidden = factories.person(by=partnership.stranger, forename="Other", surname="Walsh")
    url = f"/incidents/{incident.id}/add-person"
    response = officer_client.submit(url, {"person_id": str(hidden.id), "role": "victim"})
    page = check_page(response, title=f"Error: Add a person to {incident.reference}")
    assert error_messages(page) == ["No person with this id, or you may not see them"]
    assert db.session.scalar(select(IncidentPerson).where(IncidentPerson.incident_id == incident.id)) is None


def test_incident_page_queries_do_not_grow_with_its_people(officer_client, partnership, factories):
    incidents = {}
    for size in (3, 30):
        people = [factories.person(by=partnership.officer, surname=f"Person{n}") for n in range(size)]
        incidents[size] = factories.incident(
            by=partnership.officer,
            people=[(person, list(IncidentRole)[n % 4]) for n, person in enumerate(people)],
            vehicles=[f"AB{n:02d} CDE" for n in range(size)],
        )
        for _ in range(size // 3):
            factories.case(by=partnership.officer, incidents=[incidents[size]])
    # Both are measured once both exist, so each page lists the other as possibly the same problem.
    counts = []
    for size, incident in incidents.items():
        page_queries = queries_for_page(officer_client, f"/incidents/{incident.id}")
        assert len(officer_client.page(f"/incidents/{incident.id}").select("#incident-people a")) == size
        counts.append(len(page_queries))
    assert counts[0] == counts[1] <= INCIDENT_PAGE_QUERIES, counts
