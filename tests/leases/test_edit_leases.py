"""Edit leases: opening an edit page takes the record's lease, others see "Being edited by ..." on the record
and edit pages, a save releases it, expiry frees it, and it never stops a save (the version check does that).

Two takers at once get exactly one lease: tested with threads, each with its own database session, on
whichever database the suite runs on (SQLite, or PostgreSQL with CASEMGMT_TEST_DATABASE_URL).
"""

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

import casemgmt.db
from casemgmt.access.models import User
from casemgmt.access.sharing import RecordKind, SharingScope
from casemgmt.clock import uk_time
from casemgmt.db import utcnow
from casemgmt.extensions import db
from casemgmt.leases.models import EditLease
from casemgmt.leases.services import take_lease
from tests.incidents.browser_forms import form_values, with_changes
from tests.pages import check_page

PATHS = {RecordKind.PERSON: "people", RecordKind.INCIDENT: "incidents", RecordKind.CASE: "cases"}
BEING_EDITED = re.compile(r"Being edited by (.+) \((.+)\) since (\d\d:\d\d)")


def make(factories, kind: RecordKind, by):
    if kind == RecordKind.PERSON:
        return factories.person(by=by, scope=SharingScope.ORGANISATION)
    if kind == RecordKind.INCIDENT:
        return factories.incident(by=by, scope=SharingScope.ORGANISATION)
    return factories.case(by=by, scope=SharingScope.ORGANISATION)


def named(user: User, name: str) -> User:
    stored = db.session.get(User, user.id)
    stored.full_name = name
    db.session.commit()
    return stored


def warning(soup) -> tuple[str, ...] | None:
    """(name, organisation, HH:MM) from the page's "Being edited by" warning, or None."""
    shown = soup.select_one("#edit-lease")
    if shown is None:
        return None
    return BEING_EDITED.search(shown.get_text(" ", strip=True)).groups()


def leases() -> list[EditLease]:
    db.session.expire_all()
    return list(db.session.scalars(select(EditLease)))


@pytest.fixture
def colleague_client(other_client, partnership):
    named(partnership.colleague, "Chris Colleague")
    other_client.sign_in(partnership.colleague.email)
    return other_client


@pytest.mark.parametrize("kind", list(RecordKind))
def test_opening_the_edit_page_shows_others_who_is_editing_and_since_when(
    officer_client, colleague_client, partnership, factories, kind
):
    named(partnership.officer, "Olive Officer")
    record = make(factories, kind, partnership.officer)
    record_url, edit_url = f"/{PATHS[kind]}/{record.id}", f"/{PATHS[kind]}/{record.id}/edit"
    assert warning(colleague_client.page(record_url)) is None

    assert warning(officer_client.page(edit_url)) is None  # the editor is not warned about themselves
    (lease,) = leases()
    assert (lease.record_kind, lease.record_id, lease.user_id) == (kind, record.id, partnership.officer.id)
    since = uk_time(lease.taken_at).strftime("%H:%M")
    expected = ("Olive Officer", "Charnwood Borough Council", since)
    assert warning(colleague_client.page(record_url)) == expected
    assert warning(colleague_client.page(edit_url)) == expected  # the colleague's edit page says so too...
    assert [lease.user_id for lease in leases()] == [partnership.officer.id]  # ...and does not take it over
    assert warning(officer_client.page(record_url)) is None


def test_a_save_releases_the_lease(officer_client, colleague_client, partnership, factories):
    person = make(factories, RecordKind.PERSON, partnership.officer)
    page = officer_client.page(f"/people/{person.id}/edit")
    assert len(leases()) == 1
    response = officer_client.post(
        f"/people/{person.id}/edit", data=with_changes(form_values(page), phone="07700 900111")
    )
    assert response.status_code == 302
    assert leases() == []
    assert warning(colleague_client.page(f"/people/{person.id}")) is None


def test_a_save_that_fails_keeps_the_lease(officer_client, partnership, factories):
    incident = make(factories, RecordKind.INCIDENT, partnership.officer)
    page = officer_client.page(f"/incidents/{incident.id}/edit")
    response = officer_client.post(
        f"/incidents/{incident.id}/edit", data=with_changes(form_values(page), description="")
    )
    check_page(response, title=f"Error: Edit {incident.reference}")
    assert [lease.user_id for lease in leases()] == [partnership.officer.id]


def test_an_expired_lease_is_not_shown_and_the_next_editor_takes_it(
    officer_client, colleague_client, partnership, factories
):
    case = make(factories, RecordKind.CASE, partnership.officer)
    officer_client.page(f"/cases/{case.id}/edit")
    db.session.execute(update(EditLease).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    assert warning(colleague_client.page(f"/cases/{case.id}")) is None
    assert warning(colleague_client.page(f"/cases/{case.id}/edit")) is None
    assert [lease.user_id for lease in leases()] == [partnership.colleague.id]
    assert warning(officer_client.page(f"/cases/{case.id}"))[0] == "Chris Colleague"


def test_a_lease_stops_showing_when_its_minutes_pass_between_two_page_views(
    officer_client, colleague_client, partnership, factories, monkeypatch
):
    # The "who else is editing" query is built once and reused: "now" must be read each time it runs.
    incident = make(factories, RecordKind.INCIDENT, partnership.officer)
    officer_client.page(f"/incidents/{incident.id}/edit")
    assert warning(colleague_client.page(f"/incidents/{incident.id}"))[0] is not None
    eleven_minutes_on = utcnow() + timedelta(minutes=11)
    monkeypatch.setattr(casemgmt.db, "utcnow", lambda: eleven_minutes_on)
    assert warning(colleague_client.page(f"/incidents/{incident.id}")) is None


def test_opening_again_renews_the_same_lease_for_the_setting_s_minutes(
    app, officer_client, partnership, factories, monkeypatch
):
    monkeypatch.setitem(app.config, "EDIT_LEASE_MINUTES", 3)
    person = make(factories, RecordKind.PERSON, partnership.officer)
    officer_client.page(f"/people/{person.id}/edit")
    (first,) = leases()
    assert timedelta(minutes=3) - (first.expires_at - first.taken_at) < timedelta(seconds=1)
    monkeypatch.setitem(app.config, "EDIT_LEASE_MINUTES", 10)
    officer_client.page(f"/people/{person.id}/edit")
    (renewed,) = leases()
    assert (renewed.id, renewed.taken_at) == (first.id, first.taken_at)
    assert renewed.expires_at - utcnow() > timedelta(minutes=9)


def test_the_lease_is_advisory_and_the_version_check_still_prevents_lost_updates(
    officer_client, colleague_client, partnership, factories
):
    person = make(factories, RecordKind.PERSON, partnership.officer)
    officer_page = officer_client.page(f"/people/{person.id}/edit")
    colleague_page = colleague_client.page(f"/people/{person.id}/edit")
    assert warning(colleague_page) is not None
    # The colleague saves anyway: allowed (the lease only warns).
    saved = colleague_client.post(
        f"/people/{person.id}/edit", data=with_changes(form_values(colleague_page), phone="07700 900222")
    )
    assert saved.status_code == 302
    # The lease holder's save, over the version they read, is a conflict: nothing is lost.
    stale = officer_client.post(
        f"/people/{person.id}/edit", data=with_changes(form_values(officer_page), phone="07700 900333")
    )
    check_page(stale, status=409, title="Someone else changed this record")
    db.session.expire_all()
    assert db.session.get(type(person), person.id).phone == "07700 900222"
    assert [lease.user_id for lease in leases()] == [partnership.officer.id]  # still theirs: their save failed


# -- two takers at once --------------------------------------------------------------------------------


def take_at_once(app, users: list[User], kind: RecordKind, record_id) -> list:
    """Each user's take_lease, all started together, each thread with its own app context and session."""
    start = threading.Barrier(len(users))

    def take(user_id):
        with app.app_context():
            user = db.session.get(User, user_id)
            start.wait()
            try:
                return take_lease(user, kind, record_id)
            finally:
                db.session.remove()

    with ThreadPoolExecutor(max_workers=len(users)) as pool:
        return list(pool.map(take, [user.id for user in users]))


@pytest.mark.parametrize("takers", [2, 8])
def test_parallel_takers_get_exactly_one_lease(app, factories, partnership, takers):
    team = partnership.team
    users = [
        named(factories.user(organisation=partnership.council, teams=[team]), f"Editor {number}")
        for number in range(takers)
    ]
    for _ in range(5):  # several rounds, so the race really happens on a fast machine
        incident = make(factories, RecordKind.INCIDENT, partnership.officer)
        results = take_at_once(app, users, RecordKind.INCIDENT, incident.id)
        winners = [user for user, result in zip(users, results, strict=True) if result is None]
        assert len(winners) == 1, results
        held = db.session.scalars(select(EditLease).where(EditLease.record_id == incident.id)).all()
        assert [lease.user_id for lease in held] == [winners[0].id]
        losers_saw = {result.name for result in results if result is not None}
        assert losers_saw == {winners[0].full_name}
    assert db.session.scalar(select(func.count()).select_from(EditLease)) == 5


def test_parallel_takers_of_an_expired_lease_get_exactly_one(app, factories, partnership):
    users = [
        named(factories.user(organisation=partnership.council, teams=[partnership.team]), f"E{n}") for n in range(4)
    ]
    case = make(factories, RecordKind.CASE, partnership.officer)
    assert take_lease(partnership.officer, RecordKind.CASE, case.id) is None
    db.session.execute(update(EditLease).values(expires_at=utcnow() - timedelta(minutes=1)))
    db.session.commit()
    results = take_at_once(app, users, RecordKind.CASE, case.id)
    assert sum(result is None for result in results) == 1
    (lease,) = leases()
    assert lease.user_id in {user.id for user in users} and lease.expires_at > utcnow()
