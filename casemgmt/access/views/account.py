"""The signed-in user's own account: details, password, two-factor and sessions."""

from flask import Blueprint, flash, redirect, render_template, url_for

from casemgmt.access import sessions, signin, two_factor
from casemgmt.access.forms import ChangePasswordForm
from casemgmt.access.permissions import Permission, acting_user, requires
from casemgmt.access.views.enrolment import two_factor_enrolment_page

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.route("")
@requires(Permission.USE_SYSTEM)
def view_account():
    user = acting_user()
    return render_template(
        "account/view_account.html",
        user=user,
        live_sessions=sessions.live_sessions(user),
        recovery_codes_left=two_factor.unused_recovery_code_count(user) if user.has_two_factor else 0,
    )


@bp.route("/change-password", methods=["GET", "POST"])
@requires(Permission.USE_SYSTEM)
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        problem = signin.change_password(acting_user(), form.current_password.data, form.new_password.data)
        if problem is None:
            flash("Your password has been changed. Any other signed-in sessions have been signed out.", "success")
            return redirect(url_for("account.view_account"))
        target = form.current_password if "current" in problem else form.new_password
        target.errors.append(problem)
    return render_template("account/change_password.html", form=form)


@bp.route("/two-factor", methods=["GET", "POST"])
@requires(Permission.USE_SYSTEM)
def set_up_two_factor():
    user = acting_user()
    if user.has_two_factor:
        flash("Two-factor authentication is already set up.", "info")
        return redirect(url_for("account.view_account"))
    return two_factor_enrolment_page(
        user, action=url_for("account.set_up_two_factor"), continue_url=url_for("account.view_account")
    )


@bp.route("/recovery-codes", methods=["POST"])
@requires(Permission.USE_SYSTEM)
def replace_recovery_codes():
    user = acting_user()
    if not user.has_two_factor:
        return redirect(url_for("account.view_account"))
    codes = signin.regenerate_recovery_codes(user)
    return render_template("auth/recovery_codes.html", codes=codes, continue_url=url_for("account.view_account"))


@bp.route("/sign-out-everywhere", methods=["POST"])
@requires(Permission.USE_SYSTEM)
def sign_out_everywhere():
    count = signin.sign_out_everywhere(acting_user())
    flash(f"You have been signed out of {count} session{'s' if count != 1 else ''}.", "success")
    return redirect(url_for("auth.sign_in"))
