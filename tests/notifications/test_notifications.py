"""Notifications: each one in the app and in the email outbox; the list, the header's unread count, marking read."""

from datetime import timedelta

from sqlalchemy import select

from casemgmt.db import utcnow
from casemgmt.extensions import db
from casemgmt.notifications.models import Notification, OutboundEmail
from casemgmt.notifications.services import notify


def send(app, user, subject, body="Something happened", link="/access-requests", *, age_minutes=0):
    with app.test_request_context(base_url="https://asb.example.gov.uk"):
        notification = notify(user, subject, body, link)
        notification.created_at = utcnow() - timedelta(minutes=age_minutes)
        db.session.commit()
    return notification


def badge(page) -> str | None:
    found = page.select_one("#unread-notifications")
    return found.get_text(" ", strip=True) if found else None


def test_notify_adds_a_notification_and_an_email_to_the_outbox(app, partnership):
    send(app, partnership.officer, "Access requested: Mary Clarke", "Rita asks to see it.", "/access-requests/abc")
    (notification,) = db.session.scalars(select(Notification))
    assert (notification.user_id, notification.subject, notification.body, notification.link, notification.read_at) == (
        partnership.officer.id,
        "Access requested: Mary Clarke",
        "Rita asks to see it.",
        "/access-requests/abc",
        None,
    )
    (email,) = db.session.scalars(select(OutboundEmail))
    assert (email.to_address, email.subject) == ("officer@charnwood.example", "Access requested: Mary Clarke")
    assert email.body == (
        "Rita asks to see it.\n\nSee it in ASB case management: https://asb.example.gov.uk/access-requests/abc"
    )


def test_nothing_is_sent_when_the_change_it_reports_is_rolled_back(app, partnership):
    with app.test_request_context():
        notify(partnership.officer, "Never", "Rolled back", None)
        db.session.rollback()
    assert db.session.scalars(select(Notification)).all() == []
    assert db.session.scalars(select(OutboundEmail)).all() == []


def test_the_list_shows_newest_first_and_the_header_counts_the_unread(app, officer_client, partnership):
    assert badge(officer_client.page("/dashboard")) is None
    assert officer_client.page("/notifications", title="Notifications").select_one("#no-notifications")
    send(app, partnership.officer, "Older", age_minutes=10)
    send(app, partnership.officer, "Newer")
    send(app, partnership.stranger, "Not for the officer")
    page = officer_client.page("/notifications")
    subjects = [heading.get_text(" ", strip=True) for heading in page.select("#notifications h2")]
    assert subjects == ["New Newer", "New Older"]
    assert badge(officer_client.page("/search")) == "2 unread"


def test_opening_marks_read_and_goes_to_the_link(app, officer_client, partnership):
    notification = send(app, partnership.officer, "Access approved", link="/access-requests")
    url = f"/notifications/{notification.id}/read"
    response = officer_client.submit(url, {"open": "1"}, form_url="/notifications")
    assert (response.status_code, response.headers["Location"]) == (302, "/access-requests")
    db.session.expire_all()
    assert db.session.get(Notification, notification.id).read_at is not None
    page = officer_client.page("/notifications")
    assert badge(page) is None and "New" not in page.select_one("#notifications").get_text()


def test_a_link_out_of_the_service_is_never_followed(app, officer_client, partnership):
    notification = send(app, partnership.officer, "Odd", link="//elsewhere.example/phish")
    response = officer_client.submit(f"/notifications/{notification.id}/read", {"open": "1"}, form_url="/notifications")
    assert response.headers["Location"] == "/notifications"


def test_mark_all_as_read(app, officer_client, partnership):
    for number in range(3):
        send(app, partnership.officer, f"Message {number}")
    other = send(app, partnership.stranger, "Theirs")
    response = officer_client.submit("/notifications/read", {}, form_url="/notifications")
    assert response.status_code == 302
    db.session.expire_all()
    unread = db.session.scalars(select(Notification.subject).where(Notification.read_at.is_(None))).all()
    assert unread == [other.subject]
    assert badge(officer_client.page("/notifications")) is None


def test_someone_elses_notification_is_not_found(app, officer_client, partnership):
    theirs = send(app, partnership.stranger, "Theirs")
    response = officer_client.submit(f"/notifications/{theirs.id}/read", {}, form_url="/notifications")
    assert response.status_code == 404
    db.session.expire_all()
    assert db.session.get(Notification, theirs.id).read_at is None
