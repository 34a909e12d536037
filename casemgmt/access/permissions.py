"""Permission markers on views, and the request guard that enforces them.

Every view carries exactly one marker: `@requires(Permission.X)` or `@public_endpoint`. The guard runs
before each request; an endpoint with no marker is refused (fail closed), and a test walks the URL map
so that can never ship.
"""

import enum
from collections.abc import Callable

from flask import abort, current_app, redirect, request, url_for
from flask_login import current_user


class Permission(enum.StrEnum):
    USE_SYSTEM = "use_system"  # any signed-in member of staff
    MANAGE_USERS = "manage_users"
    MANAGE_ORGANISATIONS = "manage_organisations"
    VIEW_AUDIT_TRAIL = "view_audit_trail"  # search and export the whole partnership's audit trail


PUBLIC_MARKER = "_casemgmt_public"
PERMISSION_MARKER = "_casemgmt_permission"


def requires(permission: Permission) -> Callable:
    def mark(view: Callable) -> Callable:
        setattr(view, PERMISSION_MARKER, permission)
        return view

    return mark


def acting_user():
    """The signed-in user behind this request (the real object, not Flask-Login's proxy)."""
    return current_user._get_current_object()


def public_endpoint(view: Callable) -> Callable:
    setattr(view, PUBLIC_MARKER, True)
    return view


def marker_of(view: Callable) -> Permission | bool | None:
    """The view's marker: a Permission, True for public, or None when unmarked."""
    if getattr(view, PUBLIC_MARKER, False):
        return True
    return getattr(view, PERMISSION_MARKER, None)


# Pages a user who must change their password may still reach.
PASSWORD_CHANGE_ALLOWED = {"account.change_password", "auth.sign_out"}


def enforce_endpoint_permission():
    """before_request hook: sign-in, forced password change and the view's permission."""
    from casemgmt.access.policy import has_permission
    from casemgmt.access.sessions import is_api_request

    if request.endpoint is None:  # no route matched: let Flask produce its 404/405
        return None
    view = current_app.view_functions[request.endpoint]
    marker = marker_of(view)
    if marker is True:
        return None
    if marker is None:
        abort(403)
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    # A bearer token is its own credential: the forced change of a temporary password is for sign-in only.
    if current_user.must_change_password and request.endpoint not in PASSWORD_CHANGE_ALLOWED and not is_api_request():
        return redirect(url_for("account.change_password"))
    if not has_permission(current_user, marker):
        abort(403)
    return None
