"""Records linked to one the user may see, but which they may not see themselves, appear as stubs: on a
person's page (their incidents and cases), an incident's page (its people and cases) and a case's page (its
incidents and people). A stub names the kind, name and organisations and offers Request access; it never
links to the record or shows its details, and the pages keep a fixed number of queries."""

from datetime import UTC, date, datetime, timedelta

from casemgmt.access.sharing import SharingScope
from casemgmt.incidents.case_services import add_person_to_case
from casemgmt.incidents.models import IncidentRole
from casemgmt.incidents.services import PersonLink
from tests.people.test_person_pages import PERSON_PAGE_QUERIES  # the same bound, whatever the mix of stubs
from tests.query_counting import queries_for_page

SHARED = {"scope": SharingScope.PARTNERS}


def stub_texts(container) -> list[str]:
    return [stub.get_text(" ", strip=True) for stub in container.select(".app-stub")]


def shared_with_melton(partnership) -> dict:
    return {**SHARED, "organisation_ids": [partnership.other_council.id]}


def test_a_persons_page_shows_the_incidents_and_cases_the_viewer_may_not_see_as_stubs(
    stranger_client, partnership, factories
):
    mary = factories.person(
        by=partnership.officer, forename="Mary", surname="Clarke", **shared_with_melton(partnership)
    )
    hidden_incident = factories.incident(
        by=partnership.officer,
        narrative="Threats made at the door of number 9",
        postcode="LE11 3AB",
        people=[(mary, IncidentRole.PERPETRATOR)],
        occurred_at=datetime.now(UTC) - timedelta(days=1),
    )
    melton_incident = factories.incident(
        by=partnership.stranger,
        people=[(mary, IncidentRole.WITNESS)],
        occurred_at=datetime.now(UTC) - timedelta(days=2),
    )
    hidden_case = factories.case(by=partnership.officer, title="Forest Road threats", incidents=[hidden_incident])
    add_person_to_case(partnership.officer, hidden_case.id, PersonLink(mary.id, IncidentRole.PERPETRATOR))

    page = stranger_client.page(f"/people/{mary.id}", title="Mary Clarke")
    incidents = page.select_one("#person-incidents")
    assert [a["href"] for a in incidents.select("a[href^='/incidents/']")] == [f"/incidents/{melton_incident.id}"]
    assert stub_texts(incidents) == [
        f"{hidden_incident.reference}: Noise Restricted Incident record held by Charnwood Borough Council "
        f"Request access to {hidden_incident.reference}: Noise"
    ]
    assert page.select_one("#incident-count").get_text(strip=True) == "2 incidents."
    cases = page.select_one("#person-cases")
    assert cases.select("a[href^='/cases/']") == []
    assert stub_texts(cases)[0].startswith(f"{hidden_case.reference}: Forest Road threats Restricted Case record")
    html = str(page)
    for secret in (str(hidden_incident.id), str(hidden_case.id), "Threats made", "LE11 3AB", "perpetrator"):
        assert secret not in html, secret
    request_page = stranger_client.page(incidents.select_one(".app-request-access")["href"], title="Request access")
    assert hidden_incident.reference in request_page.select_one("#requested-record").get_text()


def test_an_incidents_page_shows_hidden_people_and_cases_as_stubs_with_their_roles(
    officer_client, partnership, factories
):
    secret = factories.person(
        by=partnership.stranger, forename="Sam", surname="Secret", date_of_birth=date(1990, 5, 6), phone="07700 900999"
    )
    incident = factories.incident(
        by=partnership.stranger,
        people=[(secret, IncidentRole.WITNESS)],
        **shared_with_melton(partnership) | {"organisation_ids": [partnership.council.id]},
    )
    melton_case = factories.case(by=partnership.stranger, title="Melton review", incidents=[incident])
    page = officer_client.page(f"/incidents/{incident.id}")
    people = page.select_one("#incident-people")
    assert people.select("a[href^='/people/']") == []
    assert people.select_one(".govuk-summary-list__key").get_text(strip=True) == "Witness"
    assert stub_texts(people)[0].startswith("Sam Secret Restricted Person record held by Melton Borough Council")
    cases = page.select_one("#incident-cases")
    assert stub_texts(cases)[0].startswith(f"{melton_case.reference}: Melton review Restricted Case record")
    for detail in ("1990", "07700", str(secret.id), str(melton_case.id)):
        assert detail not in str(page), detail


def test_a_cases_page_shows_hidden_incidents_and_people_as_stubs(
    app, officer_client, stranger_client, partnership, factories, monkeypatch
):
    monkeypatch.setitem(app.config, "STUB_SHOWS_NAME", False)
    victim = factories.person(by=partnership.officer, forename="Vera", surname="Victim")
    incident = factories.incident(by=partnership.officer, people=[(victim, IncidentRole.VICTIM)])
    case = factories.case(
        by=partnership.officer, title="Shared case", incidents=[incident], **shared_with_melton(partnership)
    )
    add_person_to_case(partnership.officer, case.id, PersonLink(victim.id, IncidentRole.VICTIM))
    page = stranger_client.page(f"/cases/{case.id}")
    assert stub_texts(page.select_one("#case-incidents"))[0].startswith("Restricted incident record Restricted")
    (person_row,) = page.select("#case-people .govuk-summary-list__row")
    assert person_row.get_text(" ", strip=True).startswith("Restricted person record Restricted Person record held by")
    assert person_row.select_one(".govuk-summary-list__value").get_text(strip=True) == "Victim"
    for secret in ("Vera", incident.reference, str(incident.id), str(victim.id)):
        assert secret not in str(page), secret
    # The system's updates name what was added to the case, so they are left out for this reader; notes stay.
    assert "not shown" in page.select_one("#updates-left-out").get_text()
    owner_view = officer_client.page(f"/cases/{case.id}").select_one("#case-timeline").get_text()
    assert "Vera Victim added as Victim" in owner_view


def test_a_persons_page_keeps_a_fixed_number_of_queries_with_hidden_incidents_and_cases(
    stranger_client, partnership, factories
):
    counts = []
    for size in (3, 30):
        person = factories.person(by=partnership.officer, surname=f"Repeat{size}", **shared_with_melton(partnership))
        for number in range(size):
            # Every other incident is Melton's own (shown in full); the rest are Charnwood's (stubs).
            by = partnership.stranger if number % 2 else partnership.officer
            incident = factories.incident(by=by, people=[(person, IncidentRole.VICTIM)])
            if number % 3 == 0:
                case = factories.case(by=by, incidents=[incident])
                add_person_to_case(by, case.id, PersonLink(person.id, IncidentRole.VICTIM))
        page = stranger_client.page(f"/people/{person.id}")
        assert stub_texts(page.select_one("#person-incidents")) and page.select(
            "#person-incidents a[href^='/incidents/']"
        )
        counts.append(len(queries_for_page(stranger_client, f"/people/{person.id}")))
    assert counts[0] == counts[1] <= PERSON_PAGE_QUERIES, counts
