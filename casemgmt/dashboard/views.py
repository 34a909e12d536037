"""The dashboard: where a signed-in user lands, with what needs their attention."""

from datetime import date

from flask import Blueprint, current_app, redirect, render_template, url_for
from flask_login import current_user

from casemgmt.access import policy
from casemgmt.access.permissions import Permission, acting_user, public_endpoint, requires
from casemgmt.dashboard.queries import DUE_SOON_DAYS, OPEN_CASES_SHOWN, my_actions, my_open_cases, team_recent_incidents

bp = Blueprint("dashboard", __name__)


@bp.route("/")
@public_endpoint
def index():
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.view_dashboard"))
    return redirect(url_for("auth.sign_in"))


@bp.route("/dashboard")
@requires(Permission.USE_SYSTEM)
def view_dashboard():
    user = acting_user()
    today = date.today()
    return render_template(
        "dashboard/view_dashboard.html",
        user=user,
        can_manage_users=policy.has_permission(user, Permission.MANAGE_USERS),
        can_manage_organisations=policy.has_permission(user, Permission.MANAGE_ORGANISATIONS),
        may_see_police_records=policy.may_see_police_records(
            user, today, current_app.config["POLICE_VETTING_MIN_LEVEL"]
        ),
        vetting_days_left=(user.vetting_expires_on - today).days if user.vetting_expires_on else None,
        open_cases=my_open_cases(user),
        open_cases_shown=OPEN_CASES_SHOWN,
        actions=my_actions(user, today),
        due_soon_days=DUE_SOON_DAYS,
        recent_incidents=team_recent_incidents(user),
        today=today,
    )
