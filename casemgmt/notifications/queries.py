"""Reads for notifications: a user only ever reads their own. None commits."""

from sqlalchemy import Label, func, select

from casemgmt.access.models import User
from casemgmt.extensions import db
from casemgmt.notifications.models import Notification
from casemgmt.pagination import Page, paginate
from casemgmt.service_errors import RecordNotFound

NOTIFICATIONS_PER_PAGE = 25


def notifications_of(user: User, page_number: int | None) -> Page:
    """One page of the user's notifications, newest first."""
    query = (
        select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id)
    )
    return paginate(query, page_number, NOTIFICATIONS_PER_PAGE)


def unread_count(user: User) -> int:
    """How many of the user's notifications are unread (answered from the (user, read_at) index)."""
    return db.session.scalar(select(unread_count_of(user.id)))


def unread_count_of(user_id) -> Label[int]:
    """The unread count as a subquery, for a query that already reads the user (the session's, on every page)."""
    return (
        select(func.count())
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .scalar_subquery()
        .label("unread_notifications")
    )


def own_notification(user: User, notification_id) -> Notification:
    """One of the user's notifications; anyone else's is RecordNotFound, like one that does not exist."""
    notification = db.session.scalar(
        select(Notification).where(Notification.id == notification_id, Notification.user_id == user.id)
    )
    if notification is None:
        raise RecordNotFound()
    return notification
