"""Adding, viewing and editing a person as a signed-in officer: details, incidents (paged), cases, sharing."""

import uuid
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from casemgmt.access import policy
from casemgmt.access.sharing import RecordGrant, SharingScope
from casemgmt.extensions import db
from casemgmt.incidents.case_services import add_person_to_case
from casemgmt.incidents.models import IncidentRole
from casemgmt.incidents.services import PersonLink
from casemgmt.people.models import ConsentToShare, Person, PersonAlias, Vulnerability
from tests.incidents.browser_forms import form_values, with_changes
from tests.pages import check_page, error_messages
from tests.query_counting import queries_for_page

# 3 queries before the view (session, user, teams) and 10 for the person, their incidents and cases.
# The page's share includes one for its edit lease (who else is editing it), within the same ceiling, and one
# each for its open possible duplicates and the merges into it ("X was merged into this record").
PERSON_PAGE_QUERIES = 14


def main_text(soup) -> str:
    return soup.select_one("main").get_text(" ", strip=True)


def stored(partnership, person_id) -> Person:
    db.session.expire_all()
    return db.session.scalar(policy.visible_people(partnership.officer).where(Person.id == person_id))


def test_add_a_person(officer_client, partnership):
    response = officer_client.submit(
        "/people/new",
        {
            "forename": " Mary ",
            "surname": "Clarke",
            "date_of_birth": ["12", "4", "1961"],
            "phone": "07700 900456",
            "email": "mary@example.org",
            "address_line1": "4 Ashby Road",
            "town": "Loughborough",
            "postcode": "le11 3ab",
            "vulnerabilities": ["older_person", "social_isolation"],
            "consent_to_share": "given",
            "sharing-scope": "team",
        },
    )
    assert response.status_code == 302
    person = db.session.scalar(select(Person))
    assert response.headers["Location"] == f"/people/{person.id}"
    assert "Mary Clarke added" in officer_client.page(response.headers["Location"]).get_text()
    assert (person.forename, person.surname, person.date_of_birth) == ("Mary", "Clarke", date(1961, 4, 12))
    assert (person.phone, person.email, person.consent_to_share) == (
        "07700 900456",
        "mary@example.org",
        ConsentToShare.GIVEN,
    )
    assert person.current_address.display == "4 Ashby Road, Loughborough, LE11 3AB"
    assert {link.marker for link in person.vulnerabilities} == {
        Vulnerability.OLDER_PERSON,
        Vulnerability.SOCIAL_ISOLATION,
    }
    assert (person.owner_team_id, person.sharing_scope) == (partnership.team.id, SharingScope.TEAM)


def test_add_a_person_shared_with_a_partner(officer_client, partnership):
    response = officer_client.submit(
        "/people/new",
        {
            "forename": "Sam",
            "surname": "Jones",
            "sharing-scope": "partners",
            "sharing-organisations": ["melton"],
            "sharing-lawful_basis": "crime_and_disorder_act_s115",
        },
    )
    assert response.status_code == 302
    grant = db.session.scalar(select(RecordGrant))
    assert grant.organisation_id == partnership.other_council.id
    assert grant.lawful_basis == "Crime and Disorder Act 1998 s.115"


def test_partners_named_under_another_answer_are_refused_not_ignored(officer_client, partnership):
    response = officer_client.submit(
        "/people/new",
        {"forename": "Sam", "surname": "Jones", "sharing-scope": "organisation", "sharing-organisations": ["melton"]},
    )
    page = check_page(response, title="Error: Add a person")
    assert error_messages(page) == [
        "To share with the partners you named, choose 'partners' (My organisation and named partners), or clear them"
    ]
    assert page.select_one("#sharing-partners").has_attr("open")
    assert db.session.scalar(select(func.count()).select_from(Person)) == 0
    assert db.session.scalar(select(func.count()).select_from(RecordGrant)) == 0


def test_add_person_errors_keep_what_was_typed(officer_client, partnership):
    response = officer_client.submit(
        "/people/new",
        {
            "forename": "Mary",
            "surname": "",
            "date_of_birth": ["31", "2", "1961"],
            "postcode": "LE1 XYZ",
            "email": "not an email",
            "vulnerabilities": ["child"],
            "consent_to_share": "refused",
        },
    )
    page = check_page(response, title="Error: Add a person")
    assert error_messages(page) == [
        "Enter a real date, with day, month and year, for example 31 3 2028",
        "Enter an email address in the correct format, like name@example.org",
    ]
    kept = form_values(page)
    assert (kept.get("forename"), kept.get("postcode"), kept.get("email")) == ("Mary", "LE1 XYZ", "not an email")
    assert kept.getlist("date_of_birth") == ["31", "2", "1961"]
    assert (kept.getlist("vulnerabilities"), kept.get("consent_to_share")) == (["child"], "refused")
    # With the form's own checks passed, the service names the rest.
    page = check_page(officer_client.post("/people/new", data=with_changes(kept, date_of_birth=["", "", ""], email="")))
    assert error_messages(page) == ["Enter a last name (or 'Unknown')", "Enter a full UK postcode, like LE1 5WW"]
    assert page.select_one("#postcode-error") is not None
    assert db.session.scalar(select(func.count()).select_from(Person)) == 0


def test_person_page_shows_details_addresses_incidents_and_cases(officer_client, partnership, factories):
    officer = partnership.officer
    person = factories.person(
        by=officer,
        forename="Rita",
        surname="Repeat",
        date_of_birth=date(1950, 1, 2),
        postcode="LE11 3AB",
        line1="1 Old Street",
    )
    person.aliases.append(PersonAlias(forename="Rita", surname="Smith", surname_key="smith"))
    db.session.commit()
    # A move: the new address becomes current and the old one is kept as previous.
    form = form_values(officer_client.page(f"/people/{person.id}/edit"))
    moved = with_changes(form, address_line1="2 New Road", postcode="LE1 5WW", town="", vulnerabilities="mental_health")
    assert officer_client.post(f"/people/{person.id}/edit", data=moved).status_code == 302
    victim_of = factories.incident(by=officer, people=[(person, IncidentRole.VICTIM)], type_code="noise")
    both = factories.incident(
        by=officer, people=[(person, IncidentRole.WITNESS), (person, IncidentRole.REPORTER)], type_code="graffiti"
    )
    case = factories.case(by=officer, title="Repeat victim", incidents=[victim_of])
    add_person_to_case(officer, case.id, PersonLink(person.id, IncidentRole.VICTIM))

    page = officer_client.page(f"/people/{person.id}", title="Rita Repeat")
    details = page.select_one("#person-details").get_text(" ", strip=True)
    for expected in (
        "2 January 1950",
        "Rita Smith",
        "Mental health",
        "Not asked",
        "ASB team, Charnwood Borough Council",
    ):
        assert expected in details, expected
    addresses = [item.get_text(" ", strip=True) for item in page.select("#person-addresses li")]
    assert addresses == ["2 New Road, LE1 5WW Current", "1 Old Street, LE11 3AB (previous)"]
    incidents = [item.get_text(" ", strip=True) for item in page.select("#person-incidents li")]
    assert len(incidents) == 2
    # Both happened about two hours ago, so match them by reference rather than by order.
    by_reference = {text.split(":")[0].strip(): text for text in incidents}
    assert "As victim" in by_reference[victim_of.reference]
    assert "As witness and reporter" in by_reference[both.reference]
    assert page.select_one("#person-cases a")["href"] == f"/cases/{case.id}"
    assert page.select_one("#incident-count").get_text(strip=True) == "2 incidents."


def test_person_incidents_are_paged_newest_first(officer_client, partnership, factories):
    person = factories.person(by=partnership.officer, forename="Rita", surname="Repeat")
    now = datetime.now(UTC)
    logged = [
        factories.incident(
            by=partnership.officer, people=[(person, IncidentRole.VICTIM)], occurred_at=now - timedelta(days=n + 1)
        )
        for n in range(30)
    ]
    newest_first = [incident.reference for incident in logged]  # logged[0] happened most recently

    def references(soup):
        return [item.select_one("a").get_text(strip=True).split(":")[0] for item in soup.select("#person-incidents li")]

    first = officer_client.page(f"/people/{person.id}")
    assert references(first) == newest_first[:25]
    assert "30 incidents, newest first. Page 1 of 2." in first.select_one("#incident-count").get_text(" ", strip=True)
    next_link = first.select_one(".govuk-pagination__next a")["href"]
    assert next_link == f"/people/{person.id}?page=2"
    second = officer_client.page(next_link)
    assert references(second) == newest_first[25:]
    assert second.select_one(".govuk-pagination__next") is None
    # Past the end: the last page, not an error.
    assert references(officer_client.page(f"/people/{person.id}?page=99")) == newest_first[25:]


def test_hidden_person_looks_exactly_like_a_missing_one(officer_client, stranger_client, partnership, factories):
    person = factories.person(by=partnership.officer, forename="Rita", surname="Repeat")
    for suffix in ("", "/edit"):
        hidden = check_page(stranger_client.get(f"/people/{person.id}{suffix}"), status=404)
        missing = check_page(stranger_client.get(f"/people/{uuid.uuid4()}{suffix}"), status=404)
        assert main_text(hidden) == main_text(missing)
        assert hidden.title.get_text() == missing.title.get_text()
    check_page(officer_client.get(f"/people/{person.id}"), title="Rita Repeat")


def test_stale_person_edit_shows_the_conflict_and_keeps_the_stored_record(
    officer_client, other_client, partnership, factories
):
    person = factories.person(by=partnership.officer, forename="Rita", surname="Repeat", phone="07700 900001")
    mine = form_values(officer_client.page(f"/people/{person.id}/edit", title="Edit Rita Repeat"))
    assert mine.get("version") == "1"
    other_client.sign_in(partnership.colleague.email)
    theirs = form_values(other_client.page(f"/people/{person.id}/edit"))
    assert (
        other_client.post(f"/people/{person.id}/edit", data=with_changes(theirs, phone="07700 900002")).status_code
        == 302
    )

    response = officer_client.post(f"/people/{person.id}/edit", data=with_changes(mine, phone="07700 900003"))
    page = check_page(response, status=409, title="Someone else changed this record")
    rows = [[cell.get_text(strip=True) for cell in row.select("th, td")] for row in page.select("table tbody tr")]
    assert rows == [["Phone", "07700 900002", "07700 900003"]]
    saved = stored(partnership, person.id)
    assert (saved.phone, saved.version) == ("07700 900002", 2)


def test_person_page_queries_do_not_grow_with_their_incidents(officer_client, partnership, factories):
    counts = []
    for size in (3, 30):
        person = factories.person(by=partnership.officer, surname=f"Repeat{size}", postcode="LE11 3AB")
        incidents = [
            factories.incident(by=partnership.officer, people=[(person, IncidentRole.VICTIM)], vehicles=["AB12CDE"])
            for _ in range(size)
        ]
        for incident in incidents[: size // 3]:
            case = factories.case(by=partnership.officer, incidents=[incident])
            add_person_to_case(partnership.officer, case.id, PersonLink(person.id, IncidentRole.VICTIM))
        counts.append(len(queries_for_page(officer_client, f"/people/{person.id}")))
        shown = officer_client.page(f"/people/{person.id}").select("#person-incidents li")
        assert len(shown) == min(size, 25)
    assert counts[0] == counts[1] <= PERSON_PAGE_QUERIES, counts


def test_other_names_are_kept_and_found_by_search(officer_client, partnership):
    response = officer_client.submit(
        "/people/new",
        {
            "forename": "Jonathan",
            "surname": "Smith",
            "aliases": "Jonny Smyth\r\nJ Smithers\r\n",
            "consent_to_share": "not_asked",
            "sharing-scope": "team",
        },
    )
    assert response.status_code == 302
    person = db.session.scalar(select(Person))
    assert {(alias.forename, alias.surname) for alias in person.aliases} == {("Jonny", "Smyth"), ("J", "Smithers")}
    results = officer_client.page("/search?q=smithers").get_text()
    assert "Jonathan Smith" in results
    page = officer_client.page(f"/people/{person.id}")
    assert "Jonny Smyth" in page.get_text()
