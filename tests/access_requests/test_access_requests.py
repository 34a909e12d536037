"""Asking for access from a stub, and the owners approving (for a time) or refusing, with every step audited."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from casemgmt.access.sharing import RecordGrant, RecordKind
from casemgmt.access_requests.models import AccessRequest, AccessRequestStatus
from casemgmt.access_requests.services import request_access
from casemgmt.audit.models import AuditEvent
from casemgmt.db import utcnow
from casemgmt.extensions import db
from casemgmt.notifications.models import Notification, OutboundEmail
from casemgmt.service_errors import ValidationFailed
from tests.access_requests.conftest import request_path
from tests.pages import check_page, error_messages

# What Mary's record holds beyond her name: never in a stub, a notification or an email.
DETAILS = ("1961", "Ashby", "LE11", "07700", "mary@example.org")


def ask(client, kind, record, reason="Mary reported ASB in Melton too; we are reviewing repeat victims"):
    return client.submit(request_path(kind, record), {"reason": reason})


def the_request(record=None) -> AccessRequest:
    db.session.expire_all()
    query = select(AccessRequest)
    return db.session.scalar(query.where(AccessRequest.record_id == record.id) if record else query)


def change_grant(**values) -> None:
    db.session.execute(update(RecordGrant).values(**values))
    db.session.commit()


def audit_actions() -> list[tuple[str, str]]:
    rows = db.session.execute(select(AuditEvent.action, AuditEvent.actor_label).order_by(AuditEvent.id))
    return [(action, label) for action, label in rows if action.startswith("access")]


def test_request_approve_for_30_days_and_the_requester_sees_the_record(sign_in, partnership, victim):
    requester = sign_in(partnership.requester)
    requester.page(f"/people/{victim.id}", status=404)
    response = ask(requester, RecordKind.PERSON, victim)
    assert response.status_code == 302
    access_request = the_request()
    assert response.headers["Location"] == f"/access-requests/{access_request.id}"
    assert (access_request.status, access_request.requester_id) == (
        AccessRequestStatus.PENDING,
        partnership.requester.id,
    )

    owner = sign_in(partnership.owner)
    approve_page = owner.page(f"/access-requests/{access_request.id}/approve", title="Approve access")
    assert approve_page.select_one("input[name=duration][checked]")["value"] == "30"
    response = owner.submit(
        f"/access-requests/{access_request.id}/approve",
        {"duration": "30", "lawful_basis": "crime_and_disorder_act_s115"},
    )
    assert response.status_code == 302
    assert the_request().status == AccessRequestStatus.APPROVED

    grant = db.session.scalar(select(RecordGrant).where(RecordGrant.user_id == partnership.requester.id))
    assert grant.record_id == victim.id and grant.lawful_basis == "Crime and Disorder Act 1998 s.115"
    assert abs(grant.expires_at - (utcnow() + timedelta(days=30))) < timedelta(minutes=1)
    assert requester.page(f"/people/{victim.id}").select_one("h1").get_text(strip=True) == "Mary Clarke"
    assert audit_actions() == [
        ("access_requested", partnership.requester.email),
        ("access_granted", partnership.owner.email),
        ("access_request_approved", partnership.owner.email),
    ]
    (message,) = db.session.scalars(select(Notification).where(Notification.user_id == partnership.requester.id))
    assert message.subject == "Access approved: Mary Clarke"
    assert "Olive Owner (Charnwood Borough Council) approved your request" in message.body

    # Access ends when the grant expires, and when it is revoked.
    change_grant(expires_at=utcnow() - timedelta(seconds=1))
    requester.page(f"/people/{victim.id}", status=404)
    change_grant(expires_at=utcnow() + timedelta(days=1))
    requester.page(f"/people/{victim.id}")
    change_grant(revoked_at=utcnow())
    requester.page(f"/people/{victim.id}", status=404)


def test_no_end_date_and_seven_days(sign_in, partnership, factories):
    incident = factories.incident(by=partnership.owner)
    case = factories.case(by=partnership.owner)
    requester, owner = sign_in(partnership.requester), sign_in(partnership.owner)
    for record, kind, duration in ((incident, RecordKind.INCIDENT, "none"), (case, RecordKind.CASE, "7")):
        ask(requester, kind, record)
        access_request = the_request(record)
        assert owner.submit(f"/access-requests/{access_request.id}/approve", {"duration": duration}).status_code == 302
    grants = {grant.record_id: grant for grant in db.session.scalars(select(RecordGrant))}
    assert grants[incident.id].expires_at is None and grants[incident.id].lawful_basis is None
    assert abs(grants[case.id].expires_at - (utcnow() + timedelta(days=7))) < timedelta(minutes=1)
    requester.page(f"/incidents/{incident.id}")
    requester.page(f"/cases/{case.id}")


def test_a_reason_is_required(sign_in, partnership, victim):
    response = ask(sign_in(partnership.requester), RecordKind.PERSON, victim, reason="   ")
    page = check_page(response, title="Error: Request access")
    assert error_messages(page) == ["Say why you need to see this record"]
    assert the_request() is None


def test_a_second_request_while_one_waits_is_refused_with_a_clear_message(app, sign_in, partnership, victim):
    requester = sign_in(partnership.requester)
    ask(requester, RecordKind.PERSON, victim)
    page = requester.page(request_path(RecordKind.PERSON, victim), title="Request access")
    assert "You asked for access to this record on" in page.select_one("#already-requested").get_text()
    assert page.select_one("textarea") is None
    # As if posted from a page opened before the first request went in.
    with app.test_request_context(), pytest.raises(ValidationFailed) as refused:
        request_access(partnership.requester, RecordKind.PERSON, victim.id, "again", None)
    assert "You already asked for access to this record on" in refused.value.errors["reason"]
    assert db.session.scalar(select(func.count()).select_from(AccessRequest)) == 1


def test_someone_who_can_already_see_the_record_is_told_so(sign_in, partnership, victim):
    page = sign_in(partnership.teammate).page(request_path(RecordKind.PERSON, victim), title="Request access")
    assert page.select_one("#already-visible a")["href"] == f"/people/{victim.id}"
    assert page.select_one("textarea") is None


def test_refusal_tells_the_requester_naming_the_record_only_as_its_stub_does(
    app, sign_in, partnership, victim, monkeypatch
):
    monkeypatch.setitem(app.config, "STUB_SHOWS_NAME", False)
    requester = sign_in(partnership.requester)
    ask(requester, RecordKind.PERSON, victim)
    access_request = the_request()
    supervisor = sign_in(partnership.supervisor)
    response = supervisor.submit(f"/access-requests/{access_request.id}/refuse", {"reason": ""})
    assert error_messages(check_page(response)) == ["Say why you are refusing, so the requester knows"]
    reason = "Not needed for Melton's review"
    assert supervisor.submit(f"/access-requests/{access_request.id}/refuse", {"reason": reason}).status_code == 302
    refused = the_request()
    assert (refused.status, refused.decision_note, refused.decided_by_id) == (
        AccessRequestStatus.REFUSED,
        reason,
        partnership.supervisor.id,
    )
    assert db.session.scalar(select(RecordGrant)) is None
    requester.page(f"/people/{victim.id}", status=404)
    (message,) = db.session.scalars(select(Notification).where(Notification.user_id == partnership.requester.id))
    assert message.subject == "Access refused: Restricted person record"
    assert reason in message.body and "Sue Supervisor" in message.body
    email = db.session.scalar(select(OutboundEmail).where(OutboundEmail.to_address == partnership.requester.email))
    for text in (message.subject, message.body, email.subject, email.body):
        assert "Mary" not in text and "Clarke" not in text
        assert not any(detail in text for detail in DETAILS)
    assert ("access_request_refused", partnership.supervisor.email) in audit_actions()
    # Once refused, the requester may ask again.
    assert ask(requester, RecordKind.PERSON, victim, reason="New information").status_code == 302


def test_deciders_are_told_of_a_new_request_with_only_what_a_stub_shows(sign_in, partnership, victim):
    ask(sign_in(partnership.requester), RecordKind.PERSON, victim)
    access_request = the_request()
    told = {message.user_id: message for message in db.session.scalars(select(Notification))}
    assert set(told) == {partnership.owner.id, partnership.teammate.id, partnership.supervisor.id}
    message = told[partnership.owner.id]
    assert message.subject == "Access requested: Mary Clarke"
    assert "Rita Requester (Melton Borough Council)" in message.body and "repeat victims" in message.body
    assert message.link == f"/access-requests/{access_request.id}"
    emails = {email.to_address: email for email in db.session.scalars(select(OutboundEmail))}
    assert set(emails) == {partnership.owner.email, partnership.teammate.email, partnership.supervisor.email}
    assert emails[partnership.owner.email].body.endswith(f"http://localhost/access-requests/{access_request.id}")
    for email in emails.values():
        assert not any(detail in email.body for detail in DETAILS)


@pytest.mark.parametrize(
    ("who", "may_decide"),
    [
        ("owner", True),
        ("teammate", True),
        ("supervisor", True),
        ("other_team", False),
        ("melton_supervisor", False),
        ("requester", False),
    ],
)
def test_only_the_owning_team_and_its_organisations_supervisors_decide(sign_in, partnership, victim, who, may_decide):
    ask(sign_in(partnership.requester), RecordKind.PERSON, victim)
    access_request = the_request()
    client = sign_in(getattr(partnership, who))
    for page in ("approve", "refuse"):
        client.page(f"/access-requests/{access_request.id}/{page}", status=200 if may_decide else 404)
    if who != "requester":
        client.page(f"/access-requests/{access_request.id}", status=200 if may_decide else 404)
    if not may_decide:
        # Posting anyway (with a valid CSRF token from another page) changes nothing.
        for page, data in (("approve", {"duration": "30"}), ("refuse", {"reason": "No"})):
            response = client.submit(f"/access-requests/{access_request.id}/{page}", data, form_url="/access-requests")
            assert response.status_code == 404
        assert the_request().status == AccessRequestStatus.PENDING
        assert db.session.scalar(select(RecordGrant)) is None


def test_approving_a_person_for_another_organisation_needs_consent_or_a_lawful_basis(
    sign_in, partnership, victim, factories
):
    requester, owner = sign_in(partnership.requester), sign_in(partnership.owner)
    ask(requester, RecordKind.PERSON, victim)
    person_request = the_request()
    assert owner.page(f"/access-requests/{person_request.id}/approve").select("input[name=lawful_basis]")
    response = owner.submit(f"/access-requests/{person_request.id}/approve", {"duration": "30"})
    assert "choose the lawful basis" in " ".join(error_messages(check_page(response)))
    assert the_request().status == AccessRequestStatus.PENDING
    # Not asked for an incident.
    incident = factories.incident(by=partnership.owner)
    ask(requester, RecordKind.INCIDENT, incident)
    incident_request = the_request(incident)
    assert owner.page(f"/access-requests/{incident_request.id}/approve").select("input[name=lawful_basis]") == []


def test_the_requester_may_withdraw_a_waiting_request(sign_in, partnership, victim):
    requester = sign_in(partnership.requester)
    ask(requester, RecordKind.PERSON, victim)
    access_request = the_request()
    page_url = f"/access-requests/{access_request.id}"
    page = requester.page(page_url, title="Access request")
    assert page.select_one("#request-details .app-stub-name").get_text() == "Mary Clarke"
    assert requester.submit(f"{page_url}/withdraw", {}, form_url=page_url).status_code == 302
    assert the_request().status == AccessRequestStatus.WITHDRAWN
    owner = sign_in(partnership.owner)
    assert "no longer waiting" in owner.page(f"{page_url}/approve").select_one("#already-decided").get_text()
    response = owner.submit(f"{page_url}/approve", {"duration": "30"}, form_url="/access-requests")
    assert error_messages(check_page(response)) == ["This request has already been withdrawn"]
    assert db.session.scalar(select(RecordGrant)) is None


def test_the_lists_show_requests_waiting_for_a_decision_and_the_users_own(sign_in, partnership, victim):
    requester = sign_in(partnership.requester)
    ask(requester, RecordKind.PERSON, victim)
    access_request = the_request()
    mine = requester.page("/access-requests", title="Access requests")
    assert "Mary Clarke" in mine.select_one("#my-requests").get_text()
    assert "Waiting for a decision" in mine.select_one("#my-requests").get_text()
    assert mine.select_one("#nothing-to-decide") is not None
    waiting = sign_in(partnership.supervisor).page("/access-requests")
    assert waiting.select_one(f"#requests-to-decide a[href='/access-requests/{access_request.id}']") is not None
    assert "Rita Requester" in waiting.select_one("#requests-to-decide").get_text()
    assert sign_in(partnership.other_team).page("/access-requests").select_one("#nothing-to-decide") is not None
