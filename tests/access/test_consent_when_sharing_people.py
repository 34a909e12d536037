"""Sharing a new person with another organisation records their consent or the lawful basis relied on.

Checked on the add-a-person page, on the incident log's new people and in `POST /api/v1/persons`: the basis
is required unless the person consented, is refused when it claims consent the record does not show, and is
stored on each grant that reaches another organisation (and only on those).
"""

import pytest
from sqlalchemy import func, select

from casemgmt.access.sharing import RecordGrant, RecordKind
from casemgmt.audit.models import AuditEvent
from casemgmt.extensions import db
from casemgmt.people.models import Person
from tests.incidents.browser_forms import form_values, press, with_changes
from tests.pages import check_page, error_messages

CRIME_AND_DISORDER = "Crime and Disorder Act 1998 s.115"
NO_CONSENT_MESSAGE = "This person has not consented to sharing: choose the lawful basis for sharing their record"


def person_form(**changes) -> dict:
    return {"forename": "Sam", "surname": "Jones", "sharing-scope": "partners", **changes}


def grants() -> list[RecordGrant]:
    return list(db.session.scalars(select(RecordGrant).order_by(RecordGrant.created_at)))


def people_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Person))


@pytest.mark.parametrize(
    ("changes", "stored"),
    [
        ({"sharing-lawful_basis": "crime_and_disorder_act_s115"}, CRIME_AND_DISORDER),
        ({"sharing-lawful_basis": "data_protection_act_s35"}, "Data Protection Act 2018 s.35 (law enforcement)"),
        (
            {"sharing-lawful_basis": "other", "sharing-lawful_basis_detail": "Court order of 3 March 2026"},
            "Other: Court order of 3 March 2026",
        ),
        ({"consent_to_share": "given"}, "Consent given by the person"),
        ({"consent_to_share": "given", "sharing-lawful_basis": "consent"}, "Consent given by the person"),
    ],
)
def test_the_person_page_stores_the_consent_or_basis_on_the_partner_grant(officer_client, partnership, changes, stored):
    response = officer_client.submit("/people/new", person_form(**{"sharing-organisations": ["melton"], **changes}))
    assert response.status_code == 302
    (grant,) = grants()
    assert (grant.organisation_id, grant.lawful_basis) == (partnership.other_council.id, stored)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "access_granted"))
    assert stored in event.detail


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({}, NO_CONSENT_MESSAGE),
        ({"consent_to_share": "refused"}, NO_CONSENT_MESSAGE),
        (
            {"sharing-lawful_basis": "consent"},
            "This person’s record does not say they consented to sharing: record their consent on their details "
            "first, or choose the lawful basis you rely on",
        ),
        ({"sharing-lawful_basis": "other"}, "Describe the lawful basis you rely on"),
        ({"sharing-lawful_basis": "a-hunch"}, "'a-hunch' is not a lawful basis; choose one from the list"),
    ],
)
def test_the_person_page_refuses_sharing_outside_without_a_valid_basis(officer_client, partnership, changes, message):
    response = officer_client.submit("/people/new", person_form(**{"sharing-organisations": ["melton"], **changes}))
    page = check_page(response, title="Error: Add a person")
    assert error_messages(page) == [message]
    assert page.select_one("#sharing-partners").has_attr("open")
    assert (people_count(), grants()) == (0, [])


def test_a_person_shared_with_a_named_user_of_another_organisation_needs_a_basis_too(officer_client, partnership):
    form = person_form(**{"sharing-users": partnership.stranger.email})
    page = check_page(officer_client.submit("/people/new", form), title="Error: Add a person")
    assert error_messages(page) == [NO_CONSENT_MESSAGE]
    form["sharing-lawful_basis"] = "crime_and_disorder_act_s115"
    assert officer_client.submit("/people/new", form).status_code == 302
    (grant,) = grants()
    assert (grant.user_id, grant.lawful_basis) == (partnership.stranger.id, CRIME_AND_DISORDER)


def test_sharing_inside_the_owning_organisation_needs_no_basis(officer_client, partnership, factories):
    other_team = factories.team(organisation=partnership.council, name="Licensing")
    colleague = factories.user(organisation=partnership.council, teams=[other_team], email="lic@charnwood.example")
    form = person_form(**{"sharing-users": colleague.email})
    assert officer_client.submit("/people/new", form).status_code == 302
    (grant,) = grants()
    assert (grant.user_id, grant.lawful_basis) == (colleague.id, None)
    assert officer_client.submit("/people/new", {"forename": "Ann", "surname": "Lee", "sharing-scope": "organisation"})
    assert people_count() == 2


def test_the_add_person_page_asks_the_question_with_every_basis(officer_client, partnership):
    page = officer_client.page("/people/new", title="Add a person")
    offered = [label.get_text(strip=True) for label in page.select("#sharing-partners .govuk-radios__label")]
    assert offered == [
        "Consent given by the person",
        CRIME_AND_DISORDER,
        "Data Protection Act 2018 s.35 (law enforcement)",
        "Data Protection Act 2018 Schedule 8 (safeguarding of children and individuals at risk)",
        "Other",
    ]


# -- the incident log: new people are shared like the incident -------------------------------------------


def logged_with_new_victim(client, **changes):
    filled_in = {
        "category": "nuisance",
        "incident_type": "noise",
        "occurred_on": ["5", "6", "2026"],
        "occurred_time": "22:30",
        "postcode": "LE11 3AB",
        "description": "Music until 3am.",
        "new_people__0__forename": "Mary",
        "new_people__0__surname": "Clarke",
        "sharing__scope": "partners",
        "sharing__organisations": "melton",
    }
    values = with_changes(form_values(client.page("/incidents/new", title="Log an incident")), **filled_in | changes)
    return press(client, "/incidents/new", values, "save")


def test_logging_an_incident_that_shares_a_new_person_outside_asks_for_the_basis(officer_client, partnership):
    page = check_page(logged_with_new_victim(officer_client), title="Error: Log an incident")
    assert error_messages(page) == [NO_CONSENT_MESSAGE]
    assert (people_count(), grants()) == (0, [])

    assert (
        logged_with_new_victim(officer_client, sharing__lawful_basis="crime_and_disorder_act_s115").status_code == 302
    )
    by_kind = {grant.record_kind: grant for grant in grants()}
    assert by_kind[RecordKind.PERSON].lawful_basis == CRIME_AND_DISORDER
    assert by_kind[RecordKind.INCIDENT].lawful_basis is None  # only people need one
    assert {grant.organisation_id for grant in by_kind.values()} == {partnership.other_council.id}


def test_logging_an_incident_shared_outside_with_no_new_people_needs_no_basis(officer_client, partnership):
    response = logged_with_new_victim(officer_client, new_people__0__forename="", new_people__0__surname="")
    assert response.status_code == 302
    ((kind, basis),) = [(grant.record_kind, grant.lawful_basis) for grant in grants()]
    assert (kind, basis) == (RecordKind.INCIDENT, None)
