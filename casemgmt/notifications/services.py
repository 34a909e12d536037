"""Sending notifications (in the app and by email) and marking them read."""

from urllib.parse import urljoin

from flask import has_request_context, request
from sqlalchemy import update

from casemgmt.access.models import User
from casemgmt.db import utcnow
from casemgmt.extensions import db
from casemgmt.notifications.models import Notification, OutboundEmail
from casemgmt.notifications.queries import own_notification
from casemgmt.templating import SERVICE_NAME


def notify(user: User, subject: str, body: str, link: str | None = None) -> Notification:
    """Add (not commit) a notification for `user` and the same message to the email outbox.

    The caller's transaction commits them with the change they report, so a rolled-back change tells no
    one. The caller must word `subject` and `body` with only what `user` may see (a record they may not
    open is named as its stub names it). `link` is a path within the service.
    """
    notification = Notification(user_id=user.id, subject=subject, body=body, link=link)
    db.session.add(notification)
    db.session.add(OutboundEmail(to_address=user.email, subject=subject, body=_email_body(body, link)))
    return notification


def _email_body(body: str, link: str | None) -> str:
    if not link:
        return f"{body}\n\n{SERVICE_NAME}"
    address = urljoin(request.host_url, link) if has_request_context() else link
    return f"{body}\n\nSee it in {SERVICE_NAME}: {address}"


def mark_notification_read(actor: User, notification_id) -> Notification:
    """Mark one of the actor's notifications read (someone else's is RecordNotFound)."""
    notification = own_notification(actor, notification_id)
    if notification.read_at is None:
        notification.read_at = utcnow()
        db.session.commit()
    return notification


def mark_all_notifications_read(actor: User) -> None:
    """Mark every unread notification of the actor read."""
    db.session.execute(
        update(Notification)
        .where(Notification.user_id == actor.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
