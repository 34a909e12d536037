"""Possible existing records while a person is typed: the "Check for existing records" step of the add-person and
log-an-incident forms (no JavaScript), and the JSON the pages' script reads. A candidate the user may not open is
a stub that gives away none of its details, neither in the page nor in the JSON."""

from datetime import date
from urllib.parse import urlencode

from sqlalchemy import func, select

from casemgmt.access.sharing import SharingScope
from casemgmt.audit.models import AuditEvent
from casemgmt.extensions import db
from casemgmt.incidents.models import Incident, IncidentPerson, IncidentRole
from casemgmt.people.models import Person
from tests.incidents.browser_forms import form_values, press, with_changes
from tests.incidents.test_log_incident import filled_in
from tests.pages import check_page, csrf_token
from tests.query_counting import counting_queries

CHECK = "check-for-duplicates"
SWAP = "Date of birth: day and month swapped (03/02/1990, 02/03/1990) — strong evidence"
SPELLING = "Surname: similar and sounds the same, 'Smyth' and 'Smith' — some evidence"
SHORT_FORM = "Forename: 'Jon' is a short form of 'John' — some evidence"
# What the hidden John Smith's record holds and Jon Smyth's typing does not: none of it may reach a stranger.
HIDDEN_DETAILS = ("Smith", "John", "02/03/1990", "1990-03-02", "12 Ashby Road", "LE11 3AB", "le11 3ab")


def make_john_smith(factories, officer, **sharing):
    return factories.person(
        by=officer,
        forename="John",
        surname="Smith",
        date_of_birth=date(1990, 3, 2),
        line1="12 Ashby Road",
        postcode="LE11 3AB",
        **sharing,
    )


def jon_smyth(client, **changes):
    """The add-person form with Jon Smyth typed in, as a browser would post it."""
    values = form_values(client.page("/people/new", title="Add a person"))
    typed = {
        "forename": "Jon",
        "surname": "Smyth",
        "date_of_birth": ["3", "2", "1990"],
        "postcode": "LE11 3AB",
        "sharing-scope": "team",
        **changes,
    }
    return with_changes(values, **typed)


def duplicates_panel(page) -> list[dict]:
    return [
        {
            "text": item.get_text(" ", strip=True),
            "links": [link["href"] for link in item.select("a")],
            "explanation": [line.get_text(strip=True) for line in item.select(".app-duplicate-explanation li")],
        }
        for item in page.select("#possible-duplicates li.app-possible-duplicate")
    ]


def count_people() -> int:
    return db.session.scalar(select(func.count()).select_from(Person))


def test_jon_smyth_typed_on_the_form_shows_john_smith_with_the_swap_and_the_spelling(
    officer_client, partnership, factories
):
    john = make_john_smith(factories, partnership.colleague)  # the officer's own team holds him

    page = check_page(press(officer_client, "/people/new", jon_smyth(officer_client), CHECK), title="Add a person")

    (shown,) = duplicates_panel(page)
    assert shown["links"] == [f"/people/{john.id}"]
    assert "John Smith" in shown["text"] and "born 02/03/1990" in shown["text"]
    assert "Very likely the same person" in shown["text"] or "Possibly the same person" in shown["text"]
    assert {SWAP, SPELLING, SHORT_FORM} <= set(shown["explanation"])
    # Nothing typed is lost, the form can still be sent, and nothing was saved.
    kept = form_values(page)
    assert (kept["forename"], kept["surname"], kept["postcode"]) == ("Jon", "Smyth", "LE11 3AB")
    assert kept.getlist("date_of_birth") == ["3", "2", "1990"]
    assert csrf_token(page)
    assert count_people() == 1
    assert press(officer_client, "/people/new", kept).status_code == 302  # then saved as typed
    assert count_people() == 2


def test_the_check_is_audited_as_a_search_and_says_when_nobody_matches(officer_client, partnership, factories):
    page = check_page(press(officer_client, "/people/new", jon_smyth(officer_client), CHECK))
    assert page.select_one("#possible-duplicates .app-no-duplicates").get_text(strip=True) == (
        "No existing records look like this person."
    )
    (searched,) = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "searched"))
    assert searched.actor_user_id == partnership.officer.id
    assert searched.detail == "Possible duplicates of Jon Smyth 1990-02-03 LE11 3AB (0 results, page)"


def test_a_candidate_held_by_another_council_unshared_is_a_stub_with_no_details(
    stranger_client, partnership, factories
):
    john = make_john_smith(factories, partnership.officer)  # Charnwood's team only; the stranger is Melton's
    typed = {"postcode": "LE11 3AD", "address_line1": "7 Forest Road"}  # same postcode sector, other street

    response = press(stranger_client, "/people/new", jon_smyth(stranger_client, **typed), CHECK)
    page = check_page(response, title="Add a person")
    (shown,) = duplicates_panel(page)
    assert shown["text"].startswith("Restricted person record Restricted")
    assert "Person record held by Charnwood Borough Council" in shown["text"]
    assert "Matches on name, date of birth and postcode" in shown["text"]
    assert shown["explanation"] == []
    assert len(shown["links"]) == 1 and shown["links"][0].startswith("/access-requests/new")

    json = stranger_client.get(
        "/people/candidates?"
        + urlencode({"forename": "Jon", "surname": "Smyth", "date_of_birth": "1990-02-03", **typed})
    )
    (candidate,) = json.get_json()["candidates"]
    assert candidate["restricted"] is True and candidate["display"] == "Restricted person record"
    assert candidate["organisations"] == ["Charnwood Borough Council"]
    assert set(candidate) == {
        "kind",
        "display",
        "restricted",
        "organisations",
        "needs_police_vetting",
        "request_access",
        "band",
        "agreeing",
    }
    assert candidate["needs_police_vetting"] is False  # a council's record: asking may help
    # The blank form already says "Johnny Smith" (an example in a hint): the answers may say no more than it does.
    blank_form = stranger_client.get("/people/new").get_data(as_text=True)
    for body in (response.get_data(as_text=True), json.get_data(as_text=True)):
        assert str(john.id) not in body
        for detail in HIDDEN_DETAILS:
            assert body.count(detail) <= blank_form.count(detail), detail
    assert all(detail not in json.get_data(as_text=True) for detail in HIDDEN_DETAILS)


def test_the_json_endpoint_for_the_pages_script(officer_client, partnership, factories):
    john = make_john_smith(factories, partnership.colleague)
    query = {"forename": "Jon", "surname": "Smyth", "date_of_birth": "1990-02-03", "postcode": "LE11 3AB"}

    response = officer_client.get(f"/people/candidates?{urlencode(query)}")

    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Cache-Control"] == "no-store"
    (candidate,) = response.get_json()["candidates"]
    assert candidate["restricted"] is False
    assert (candidate["person_id"], candidate["display"], candidate["url"]) == (
        str(john.id),
        "John Smith",
        f"/people/{john.id}",
    )
    assert candidate["band"] in ("Very likely the same person", "Possibly the same person")
    assert candidate["agreeing"] == "name, date of birth and postcode"
    assert {SWAP, SPELLING, SHORT_FORM} <= set(candidate["explanation"])
    searched = db.session.scalar(select(AuditEvent.detail).where(AuditEvent.action == "searched"))
    assert searched == "Possible duplicates of Jon Smyth 1990-02-03 LE11 3AB (1 result, page)"


def test_the_json_endpoint_looks_for_nothing_until_there_is_something_to_look_by(officer_client, partnership):
    assert officer_client.get("/people/candidates?forename=J").get_json() == {"candidates": []}
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "searched")) == 0
    assert officer_client.get("/people/candidates?" + urlencode({"surname": "x" * 101})).status_code == 400


def test_the_json_endpoint_needs_a_signed_in_user(client, partnership):
    response = client.get("/people/candidates?forename=Jon&surname=Smyth")
    assert response.status_code == 302 and response.headers["Location"].startswith("/sign-in")


def test_the_lookup_costs_the_same_queries_however_many_candidates_and_stubs(officer_client, partnership, factories):
    counts = []
    for copies in (1, 6):
        for number in range(copies):
            by = partnership.colleague if number % 2 else partnership.stranger  # half of them stubs
            make_john_smith(factories, by)
        query = urlencode({"forename": "Jon", "surname": "Smyth", "date_of_birth": "1990-02-03"})
        db.session.remove()
        with counting_queries() as statements:
            found = officer_client.get(f"/people/candidates?{query}").get_json()["candidates"]
        assert len(found) == (1 if copies == 1 else 7)
        counts.append(len(statements))
    # The session, the model, the ids filed under the keys, their matching fields, how many people there are (on
    # PostgreSQL its estimate first), the visible ones with their addresses joined, and the stubs (in both runs
    # some are hidden: the one John Smith of the first is another council's).
    assert counts[1] == counts[0] <= 8, counts


def log_form_with_a_new_person(client):
    """The incident form filled in (tests/incidents), its new person being Jon Smyth, a witness."""
    return with_changes(
        filled_in(client),
        new_people__0__role="witness",
        new_people__0__forename="Jon",
        new_people__0__surname="Smyth",
        new_people__0__date_of_birth=["3", "2", "1990"],
        new_people__0__phone="",
        new_people__0__postcode="LE11 3AB",
    )


def test_a_new_person_on_the_incident_form_is_checked_and_the_existing_one_used_instead(
    officer_client, partnership, factories
):
    john = make_john_smith(factories, partnership.colleague)
    hidden = make_john_smith(factories, partnership.stranger)

    checked = check_page(
        press(officer_client, "/incidents/new", log_form_with_a_new_person(officer_client), CHECK),
        title="Log an incident",
    )
    panel = checked.select_one("#new-person-0-possible-duplicates")
    items = panel.select("li.app-possible-duplicate")
    (stub,), (visible,) = (
        [item for item in items if item.select(".app-stub-name")],
        [item for item in items if not item.select(".app-stub-name")],
    )
    assert SWAP in visible.get_text() and "Restricted person record" in stub.get_text()
    use = visible.select_one("button[name=action]")["value"]
    assert use == f"use-person-0-{john.id}" and not stub.select("button") and str(hidden.id) not in str(checked)
    assert form_values(checked)["new_people-0-surname"] == "Smyth"

    used = check_page(press(officer_client, "/incidents/new", form_values(checked), use), title="Log an incident")
    assert "John Smith" in used.select_one("#people-added").get_text()
    assert "Witness" in used.select_one("#people-added").get_text()
    assert form_values(used)["new_people-0-surname"] == ""  # the new person's row is gone, a blank one left
    assert press(officer_client, "/incidents/new", form_values(used), "save").status_code == 302
    incident = db.session.scalar(select(Incident))
    links = db.session.execute(select(IncidentPerson.person_id, IncidentPerson.role)).all()
    assert incident is not None and links == [(john.id, IncidentRole.WITNESS)]
    assert count_people() == 2


def test_a_stub_candidate_on_the_person_form_leaves_out_the_name_even_when_stubs_show_names(
    app, stranger_client, partnership, factories, monkeypatch
):
    monkeypatch.setitem(app.config, "STUB_SHOWS_NAME", True)
    make_john_smith(factories, partnership.officer, scope=SharingScope.ORGANISATION)
    page = check_page(press(stranger_client, "/people/new", jon_smyth(stranger_client), CHECK))
    (shown,) = duplicates_panel(page)
    assert "Restricted person record" in shown["text"] and "Smith" not in shown["text"]
