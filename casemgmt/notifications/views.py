"""The notifications page: each message with a link to what it is about, marked read one by one or all at once."""

import uuid

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from casemgmt.access.permissions import Permission, acting_user, requires
from casemgmt.notifications.queries import notifications_of, unread_count
from casemgmt.notifications.services import mark_all_notifications_read, mark_notification_read

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.route("")
@requires(Permission.USE_SYSTEM)
def list_notifications():
    page = notifications_of(acting_user(), request.args.get("page", type=int))
    return render_template("notifications/list_notifications.html", page=page)


@bp.post("/<uuid:notification_id>/read")
@requires(Permission.USE_SYSTEM)
def mark_notification_as_read(notification_id: uuid.UUID):
    notification = mark_notification_read(acting_user(), notification_id)
    # "Open" marks the message read and goes where it points; "Mark as read" stays on the list.
    link = notification.link or ""
    if request.form.get("open") and link.startswith("/") and not link.startswith("//"):
        return redirect(link)
    return redirect(url_for("notifications.list_notifications"))


@bp.post("/read")
@requires(Permission.USE_SYSTEM)
def mark_all_notifications_as_read():
    mark_all_notifications_read(acting_user())
    flash("All notifications marked as read", "success")
    return redirect(url_for("notifications.list_notifications"))


@bp.app_context_processor
def unread_notifications_count() -> dict:
    """`unread_notifications()` for the header on every page: asked once per page, and only when shown."""

    def unread_notifications() -> int:
        if not current_user.is_authenticated:
            return 0
        if "unread_notifications" not in g:
            g.unread_notifications = unread_count(acting_user())
        return g.unread_notifications

    return {"unread_notifications": unread_notifications}
