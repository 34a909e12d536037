"""The owners' sharing page: change a record's scope, add partners (until a date), revoke grants, with a reason.

Expectations are written from the issue: only the owning team reaches the page (everyone else: 404); each
save needs a reason, is version-checked, and is audited; revoking keeps the grant with `revoked_at` set; and
who can open the record afterwards changes at once.
"""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from casemgmt.access.sharing import RecordGrant, RecordKind, SharingScope
from casemgmt.audit.models import AuditEvent
from casemgmt.extensions import db
from tests.incidents.browser_forms import form_values, with_changes
from tests.pages import check_page, error_messages

PATHS = {RecordKind.PERSON: "people", RecordKind.INCIDENT: "incidents", RecordKind.CASE: "cases"}


def make(factories, kind: RecordKind, *, by, **sharing):
    if kind == RecordKind.PERSON:
        return factories.person(by=by, forename="Sam", surname="Jones", **sharing)
    if kind == RecordKind.INCIDENT:
        return factories.incident(by=by, **sharing)
    return factories.case(by=by, title="Noise on Elm Road", **sharing)


def sharing_url(kind: RecordKind, record) -> str:
    return f"/{PATHS[kind]}/{record.id}/sharing"


def record_url(kind: RecordKind, record) -> str:
    return f"/{PATHS[kind]}/{record.id}"


def save(client, kind, record, **changes):
    """Submit the sharing page as the owner sees it, with `changes` made (names as on the form)."""
    page = client.page(sharing_url(kind, record))
    values = with_changes(form_values(page), **changes)
    return client.post(sharing_url(kind, record), data=values)


def events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


def stored(kind, record):
    db.session.expire_all()
    return db.session.get(type(record), record.id)


@pytest.fixture
def licensing_officer(factories, partnership):
    """Same council as the owners, another team: sees organisation-wide records, but does not own them."""
    team = factories.team(organisation=partnership.council, name="Licensing")
    return factories.user(email="licensing@charnwood.example", organisation=partnership.council, teams=[team])


@pytest.mark.parametrize("kind", list(RecordKind))
def test_the_owner_sees_the_scope_and_every_live_grant(officer_client, partnership, factories, kind):
    until = datetime.now(UTC) + timedelta(days=30)
    record = make(
        factories, kind, by=partnership.officer, scope=SharingScope.PARTNERS, user_ids=[partnership.stranger.id]
    )
    db.session.add(
        RecordGrant(
            record_kind=kind,
            record_id=record.id,
            organisation_id=partnership.other_council.id,
            expires_at=until,
            reason="Approved request",
        )
    )
    db.session.add(
        RecordGrant(
            record_kind=kind,
            record_id=record.id,
            organisation_id=partnership.council.id,
            revoked_at=datetime.now(UTC),
            reason="Revoked long ago",
        )
    )
    db.session.commit()
    page = officer_client.page(sharing_url(kind, record))
    assert page.select_one("input[name=scope][checked]")["value"] == "partners"
    rows = [row.get_text(" ", strip=True) for row in page.select("#live-grants tbody tr")]
    assert len(rows) == 2, rows
    assert rows[0].startswith("Test User, Melton Borough Council (user)") and "No end date" in rows[0]
    assert rows[1].startswith("Melton Borough Council (organisation)") and "Approved request" in rows[1]
    assert until.strftime("%Y") in rows[1] and "No end date" not in rows[1]


@pytest.mark.parametrize("kind", list(RecordKind))
def test_everyone_but_the_owning_team_gets_not_found(client, partnership, factories, licensing_officer, kind):
    record = make(
        factories,
        kind,
        by=partnership.officer,
        scope=SharingScope.PARTNERS,
        organisation_ids=[partnership.other_council.id],
    )
    for user in (licensing_officer, partnership.stranger):  # both may see the record, neither owns it
        client.forget_cookies()
        client.sign_in(user.email)
        check_page(client.get(record_url(kind, record)))
        check_page(client.get(sharing_url(kind, record)), status=404, title="Page not found")
        response = client.post(sharing_url(kind, record), data={"scope": "team", "reason": "Mine now"})
        assert response.status_code in (400, 404)  # no CSRF token: refused before anything else
    assert stored(kind, record).sharing_scope == SharingScope.PARTNERS


def test_a_record_nobody_may_see_is_not_found_either(officer_client, partnership, factories):
    hidden = make(factories, RecordKind.CASE, by=partnership.stranger)
    check_page(officer_client.get(sharing_url(RecordKind.CASE, hidden)), status=404, title="Page not found")


@pytest.mark.parametrize("kind", list(RecordKind))
def test_widening_the_scope_lets_the_organisation_in_and_is_audited(
    officer_client, other_client, partnership, factories, licensing_officer, kind
):
    record = make(factories, kind, by=partnership.officer)
    other_client.sign_in(licensing_officer.email)
    check_page(other_client.get(record_url(kind, record)), status=404)

    response = save(officer_client, kind, record, scope="organisation", reason="Licensing need to see it")
    assert response.status_code == 302 and response.headers["Location"] == record_url(kind, record)
    saved = stored(kind, record)
    assert (saved.sharing_scope, saved.version) == (SharingScope.ORGANISATION, record.version + 1)
    check_page(other_client.get(record_url(kind, record)))
    (event,) = events("sharing_changed")
    assert (event.object_type, event.object_id, event.reason) == (
        kind.value,
        str(record.id),
        "Licensing need to see it",
    )
    assert event.actor_user_id == partnership.officer.id and "team to organisation" in event.detail


def test_adding_a_partner_until_a_date_grants_access_that_ends_that_night(
    officer_client, stranger_client, partnership, factories
):
    incident = make(factories, RecordKind.INCIDENT, by=partnership.officer)
    check_page(stranger_client.get(record_url(RecordKind.INCIDENT, incident)), status=404)
    last_day = date.today() + timedelta(days=30)
    response = save(
        officer_client,
        RecordKind.INCIDENT,
        incident,
        organisations="melton",
        expires_on=[str(last_day.day), str(last_day.month), str(last_day.year)],
        reason="Joint problem-solving meeting",
    )
    assert response.status_code == 302
    grant = db.session.scalar(select(RecordGrant))
    assert grant.organisation_id == partnership.other_council.id
    assert grant.granted_by_id == partnership.officer.id and grant.reason == "Joint problem-solving meeting"
    # The end of the last day in UK time: 23:00 or midnight UTC, depending on summer time.
    assert grant.expires_at - datetime(last_day.year, last_day.month, last_day.day, tzinfo=UTC) in (
        timedelta(hours=23),
        timedelta(hours=24),
    )
    check_page(stranger_client.get(record_url(RecordKind.INCIDENT, incident)))
    (granted,) = events("access_granted")
    assert (granted.reason, granted.object_id) == ("Joint problem-solving meeting", str(incident.id))
    assert str(partnership.other_council.id) in granted.detail


def test_a_team_or_a_named_user_can_be_added(officer_client, partnership, factories):
    case = make(factories, RecordKind.CASE, by=partnership.officer)
    melton_team = partnership.stranger.teams[0]
    response = save(
        officer_client,
        RecordKind.CASE,
        case,
        teams=str(melton_team.id),
        users=partnership.colleague.email,
        reason="Cover",
    )
    assert response.status_code == 302
    grantees = {(grant.team_id, grant.user_id) for grant in db.session.scalars(select(RecordGrant))}
    assert grantees == {(melton_team.id, None), (None, partnership.colleague.id)}
    # The history names who was given access, and keeps the id.
    colleague = partnership.colleague
    assert sorted(event.detail for event in events("access_granted")) == sorted(
        [
            f"team {melton_team.name}, {melton_team.organisation.name} ({melton_team.id})",
            f"user {colleague.full_name}, {colleague.organisation.name} ({colleague.id})",
        ]
    )


def test_revoking_ends_access_at_once_and_keeps_the_grant(officer_client, stranger_client, partnership, factories):
    person = make(
        factories,
        RecordKind.PERSON,
        by=partnership.officer,
        scope=SharingScope.PARTNERS,
        user_ids=[partnership.stranger.id],
    )
    check_page(stranger_client.get(record_url(RecordKind.PERSON, person)))
    grant = db.session.scalar(select(RecordGrant))
    response = save(
        officer_client, RecordKind.PERSON, person, scope="organisation", revoke=str(grant.id), reason="Case closed"
    )
    assert response.status_code == 302
    check_page(stranger_client.get(record_url(RecordKind.PERSON, person)), status=404, title="Page not found")
    db.session.expire_all()
    kept = db.session.get(RecordGrant, grant.id)
    assert kept is not None and kept.revoked_at is not None
    (revoked,) = events("access_revoked")
    assert (revoked.reason, revoked.object_id, revoked.detail) == (
        "Case closed",
        str(person.id),
        f"user {partnership.stranger.id}",
    )
    assert "1 revoked" in events("sharing_changed")[0].detail
    page = officer_client.page(sharing_url(RecordKind.PERSON, person))
    assert page.select("#live-grants") == [] and page.select_one("#no-grants")


def test_sharing_a_person_with_another_organisation_asks_for_consent_or_basis(officer_client, partnership, factories):
    person = make(factories, RecordKind.PERSON, by=partnership.officer)
    page = check_page(save(officer_client, RecordKind.PERSON, person, organisations="melton", reason="Referral"))
    assert error_messages(page) == [
        "This person has not consented to sharing: choose the lawful basis for sharing their record"
    ]
    assert db.session.scalar(select(RecordGrant)) is None
    response = save(
        officer_client,
        RecordKind.PERSON,
        person,
        organisations="melton",
        lawful_basis="crime_and_disorder_act_s115",
        reason="Referral",
    )
    assert response.status_code == 302
    assert db.session.scalar(select(RecordGrant.lawful_basis)) == "Crime and Disorder Act 1998 s.115"
    page = officer_client.page(sharing_url(RecordKind.PERSON, person))
    assert "Crime and Disorder Act 1998 s.115" in page.select_one("#live-grants").get_text()


def test_a_person_who_consented_is_shared_on_their_consent(officer_client, partnership, factories):
    person = factories.person(by=partnership.officer, consent_to_share="given")
    assert save(officer_client, RecordKind.PERSON, person, organisations="melton", reason="Referral").status_code == 302
    assert db.session.scalar(select(RecordGrant.lawful_basis)) == "Consent given by the person"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"scope": "organisation", "reason": ""}, "Say why you are changing who may see this record"),
        ({"reason": "No change really"}, "Nothing was changed: choose who may see it, add a partner or revoke access"),
        (
            {"scope": "partners", "reason": "Partners"},
            "Name at least one partner organisation, team or user to share with, or choose ‘My organisation’",
        ),
        ({"organisations": "melton", "expires_on": ["1", "1", "2020"], "reason": "Old"}, "today or in the future"),
        ({"users": "nobody@example.org", "reason": "Who?"}, "No user nobody@example.org"),
        ({"scope": "everyone", "reason": "All"}, "Not a valid choice"),
    ],
)
def test_bad_changes_are_refused_and_nothing_changes(officer_client, partnership, factories, changes, message):
    incident = make(factories, RecordKind.INCIDENT, by=partnership.officer)
    page = check_page(save(officer_client, RecordKind.INCIDENT, incident, **changes))
    assert page.title.get_text().startswith("Error: ")
    assert any(message in shown for shown in error_messages(page)), error_messages(page)
    assert (stored(RecordKind.INCIDENT, incident).version, db.session.scalar(select(RecordGrant))) == (1, None)
    assert events("sharing_changed") == []


def test_a_stale_sharing_page_is_a_conflict_and_changes_nothing(officer_client, partnership, factories):
    case = make(factories, RecordKind.CASE, by=partnership.officer)
    stale = form_values(officer_client.page(sharing_url(RecordKind.CASE, case)))
    assert save(officer_client, RecordKind.CASE, case, scope="organisation", reason="First").status_code == 302
    response = officer_client.post(
        sharing_url(RecordKind.CASE, case), data=with_changes(stale, organisations="melton", reason="Second")
    )
    page = check_page(response, status=409, title="Someone else changed this record")
    assert "Who may see it" in page.get_text()
    assert db.session.scalar(select(RecordGrant)) is None
    assert [event.reason for event in events("sharing_changed")] == ["First"]


@pytest.mark.parametrize("kind", list(RecordKind))
def test_only_owners_see_the_link_to_the_sharing_page(officer_client, stranger_client, partnership, factories, kind):
    record = make(
        factories, kind, by=partnership.officer, scope=SharingScope.PARTNERS, user_ids=[partnership.stranger.id]
    )
    link = officer_client.page(record_url(kind, record)).select_one("#record-sharing-link")
    assert link is not None and link["href"] == sharing_url(kind, record)
    assert stranger_client.page(record_url(kind, record)).select_one("#record-sharing-link") is None
