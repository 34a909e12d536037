"""Administration pages: users (organisation and partnership admins) and organisations and teams."""

from flask import Blueprint, flash

bp = Blueprint("admin", __name__, url_prefix="/admin")


def attach_admin_error(form, error) -> None:
    """Show an AdminError on the field it concerns, or as a flash message when it concerns none."""
    field = getattr(form, error.field_name, None) if error.field_name else None
    if field is not None:
        field.errors.append(str(error))
    else:
        flash(str(error), "error")


from casemgmt.access.views.admin import audit, organisations, users  # noqa: E402,F401  (routes register on bp)
