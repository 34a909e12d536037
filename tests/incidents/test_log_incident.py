"""Logging an incident in one form, without JavaScript: finding and adding people, new people, vehicles."""

from datetime import UTC, datetime

from sqlalchemy import func, select

from casemgmt.access.sharing import RecordGrant, SharingScope
from casemgmt.extensions import db
from casemgmt.incidents.models import Category, Incident, IncidentPerson, IncidentRole, IncidentVehicle
from casemgmt.people.models import Person, Vehicle
from tests.incidents.browser_forms import form_values, press, with_changes
from tests.pages import check_page, error_messages

NEW = "/incidents/new"


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def filled_in(client):
    """The form as an officer has filled it in so far: what, when, where, description and a new victim."""
    values = form_values(client.page(NEW, title="Log an incident"))
    return with_changes(
        values,
        category="nuisance",
        incident_type="noise",
        occurred_on=["5", "6", "2026"],
        occurred_time="22:30",
        address_line1="4 Ashby Road",
        postcode="le11 3ab",
        description="Music from number 4 until 3am.\nSecond night this week.",
        new_people__0__role="victim",
        new_people__0__forename="Mary",
        new_people__0__surname="Clarke",
        new_people__0__date_of_birth=["12", "4", "1961"],
        new_people__0__phone="07700 900456",
        vehicles__0__registration="ab12 cde",
        vehicles__0__make="Ford",
        vehicles__0__colour="Red",
    )


def test_log_an_incident_with_a_new_victim_and_a_known_perpetrator_found_on_the_form(
    officer_client, partnership, factories
):
    known = factories.person(by=partnership.colleague, forename="Dean", surname="Walsh", postcode="LE11 2AA")
    values = with_changes(filled_in(officer_client), find_query="Walsh")

    # Find: the same form comes back with the match offered and everything typed still there.
    found = check_page(press(officer_client, NEW, values, "find-person"), title="Log an incident")
    assert error_messages(found) == []
    assert "Dean Walsh" in found.select_one("#people-found").get_text()
    after_find = form_values(found)
    for name in ("incident_type", "occurred_time", "address_line1", "description", "new_people-0-forename"):
        assert after_find.get(name) == values.get(name), name
    assert after_find.getlist("occurred_on") == ["5", "6", "2026"]
    assert after_find.getlist("new_people-0-date_of_birth") == ["12", "4", "1961"]

    # Add them as the perpetrator: carried in hidden fields from now on.
    after_find.setlist(f"role-{known.id}", ["perpetrator"])
    added = check_page(press(officer_client, NEW, after_find, f"add-person-{known.id}"), title="Log an incident")
    assert "Dean Walsh" in added.select_one("#people-added").get_text()
    assert "Perpetrator" in added.select_one("#people-added").get_text()
    assert count(Incident) == 0, "only Save incident saves"

    saved = press(officer_client, NEW, form_values(added), "save")
    assert saved.status_code == 302
    incident = db.session.scalar(select(Incident))
    page = check_page(officer_client.get(saved.headers["Location"]), title=incident.reference)
    assert f"Incident {incident.reference} logged" in page.get_text()

    assert incident.category == Category.NUISANCE and incident.incident_type.code == "noise"
    assert incident.occurred_at == datetime(2026, 6, 5, 21, 30, tzinfo=UTC)  # 22:30 British Summer Time
    assert incident.narrative == "Music from number 4 until 3am.\nSecond night this week."
    assert incident.address.postcode == "LE11 3AB"
    roles = {
        (person.display_name, role)
        for person, role in db.session.execute(
            select(Person, IncidentPerson.role).join(IncidentPerson).where(IncidentPerson.incident_id == incident.id)
        )
    }
    assert roles == {("Dean Walsh", IncidentRole.PERPETRATOR), ("Mary Clarke", IncidentRole.VICTIM)}
    victim = db.session.scalar(select(Person).where(Person.surname == "Clarke"))
    assert (victim.phone, victim.date_of_birth.isoformat()) == ("07700 900456", "1961-04-12")
    vehicle = db.session.scalar(select(Vehicle).join(IncidentVehicle))
    assert (vehicle.registration, vehicle.make, vehicle.colour) == ("AB12CDE", "Ford", "Red")
    # Nobody chose otherwise, so the incident and the new victim are shared with the officer's team only.
    for record in (incident, victim):
        assert (record.owner_team_id, record.sharing_scope) == (partnership.team.id, SharingScope.TEAM)
    assert count(RecordGrant) == 0


def test_rows_can_be_added_and_removed_without_losing_the_others(officer_client, partnership):
    values = filled_in(officer_client)
    two_rows = form_values(check_page(press(officer_client, NEW, values, "add-new-person")))
    assert two_rows.get("new_people-1-forename") == ""
    two_rows = with_changes(two_rows, new_people__1__forename="Sam", new_people__1__surname="Jones")
    three_rows = form_values(check_page(press(officer_client, NEW, two_rows, "add-new-person")))
    three_rows = with_changes(three_rows, new_people__2__forename="Ola", new_people__2__surname="Ade")

    # Removing the middle row renumbers the last one into its place.
    after = form_values(check_page(press(officer_client, NEW, three_rows, "remove-new-person-1")))
    assert [after.get(f"new_people-{row}-forename") for row in range(3)] == ["Mary", "Ola", None]

    with_vehicle = form_values(check_page(press(officer_client, NEW, after, "add-vehicle")))
    assert with_vehicle.get("vehicles-0-registration") == "ab12 cde"
    assert with_vehicle.get("vehicles-1-registration") == ""
    assert count(Incident) == 0


def test_prefilled_person_is_added_as_victim(officer_client, partnership, factories):
    known = factories.person(by=partnership.officer, forename="Aisha", surname="Khan")
    page = officer_client.page(f"{NEW}?person_id={known.id}", title="Log an incident")
    values = form_values(page)
    assert (values.get("people-0-person_id"), values.get("people-0-role")) == (str(known.id), "victim")
    assert "Aisha Khan" in page.select_one("#people-added").get_text()


def test_prefill_ignores_a_person_the_officer_may_not_see(officer_client, partnership, factories):
    hidden = factories.person(by=partnership.stranger, forename="Hidden", surname="Person")
    values = form_values(officer_client.page(f"{NEW}?person_id={hidden.id}"))
    assert values.get("people-0-person_id") is None


def test_missing_description_is_shown_and_nothing_typed_is_lost(officer_client, partnership):
    values = with_changes(filled_in(officer_client), description="   ")
    page = check_page(press(officer_client, NEW, values, "save"), title="Error: Log an incident")
    assert error_messages(page) == ["Describe what happened"]
    assert page.select_one("#description-error") is not None
    kept = form_values(page)
    for name in ("category", "incident_type", "occurred_time", "address_line1", "postcode", "new_people-0-surname"):
        assert kept.get(name) == values.get(name), name
    assert kept.getlist("new_people-0-date_of_birth") == ["12", "4", "1961"]
    assert kept.get("vehicles-0-registration") == "ab12 cde"
    assert count(Incident) == count(Person) == 0


def test_service_errors_land_on_the_right_rows(officer_client, partnership):
    values = filled_in(officer_client)
    two_rows = form_values(check_page(press(officer_client, NEW, values, "add-new-person")))
    two_vehicles = form_values(check_page(press(officer_client, NEW, two_rows, "add-vehicle")))
    # Row 0 of people is fine; row 1 lacks a last name. Vehicle row 0 is left blank, row 1 is too short.
    broken = with_changes(
        two_vehicles,
        incident_type="graffiti",  # an environmental type, but "nuisance" is chosen
        postcode="LE1 XYZ",
        new_people__1__forename="Sam",
        vehicles__0__registration="",
        vehicles__0__make="",
        vehicles__0__colour="",
        vehicles__1__registration="A",
        sharing__scope="partners",
        sharing__organisations="no-such-council",
    )
    page = check_page(press(officer_client, NEW, broken, "save"), title="Error: Log an incident")
    messages = error_messages(page)
    assert "No organisation code no-such-council" in messages
    # Sharing is checked first; put it right and the service's own checks are shown.
    fixed_sharing = with_changes(form_values(page), sharing__scope="team")
    page = check_page(press(officer_client, NEW, fixed_sharing, "save"), title="Error: Log an incident")
    summary = {link["href"]: link.get_text(strip=True) for link in page.select(".govuk-error-summary__list a")}
    assert summary == {
        "#incident_type": "'Graffiti' is an environmental type, not nuisance",
        "#postcode": "Enter a UK postcode, like LE1 5WW, or a postcode district, like LE1",
        "#new_people-1-surname": "Enter a last name (or 'Unknown')",
        "#vehicles-1-registration": "Enter a registration of 2 to 8 letters and numbers",
    }
    for field_id in ("incident_type", "postcode", "new_people-1-surname", "vehicles-1-registration"):
        assert page.select_one(f"#{field_id}-error") is not None, field_id
    assert count(Incident) == count(Person) == 0


def test_form_checks_come_back_together(officer_client, partnership):
    values = with_changes(
        filled_in(officer_client),
        occurred_on=["31", "2", "2026"],
        occurred_time="25:00",
        new_people__0__email="mary at example",
    )
    values.poplist("category")
    page = check_page(press(officer_client, NEW, values, "save"), title="Error: Log an incident")
    assert error_messages(page) == [
        "Choose the category: personal, nuisance or environmental",
        "Enter a real date, with day, month and year, for example 31 3 2028",
        "Enter the time as hours and minutes on the 24-hour clock, like 21:30",
        "Enter an email address in the correct format, like name@example.org",
    ]
    assert page.select_one("#new_people-0-email-error") is not None
    assert form_values(page).getlist("occurred_on") == ["31", "2", "2026"]


def test_intermediate_buttons_never_show_errors(officer_client, partnership):
    values = with_changes(filled_in(officer_client), description="", occurred_on=["99", "99", "2026"])
    page = check_page(press(officer_client, NEW, values, "find-person"), title="Log an incident")
    assert error_messages(page) == []
    assert page.select(".govuk-error-message") == []
