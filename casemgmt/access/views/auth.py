"""Sign-in pages: password, then a TOTP or recovery code (or first-time two-factor set-up), and sign-out."""

import uuid
from datetime import datetime
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user

from casemgmt.access import signin
from casemgmt.access.forms import CodeForm, SignInForm
from casemgmt.access.models import User
from casemgmt.access.permissions import Permission, acting_user, public_endpoint, requires
from casemgmt.access.views.enrolment import two_factor_enrolment_page
from casemgmt.db import utcnow
from casemgmt.extensions import db, limiter
from casemgmt.templating import format_datetime

bp = Blueprint("auth", __name__)

PENDING_KEY = "pending_sign_in"
WRONG_DETAILS = "Enter a correct email address and password"


def _sign_in_limit() -> str:
    return current_app.config["SIGN_IN_RATE_LIMIT"]


@bp.route("/sign-in", methods=["GET", "POST"])
@public_endpoint
@limiter.limit(_sign_in_limit, methods=["POST"])
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.view_dashboard"))
    form = SignInForm()
    if form.validate_on_submit():
        result = signin.check_password(form.email.data, form.password.data)
        if result.outcome is signin.Outcome.SIGNED_IN:
            return _after_sign_in()
        if result.outcome in (signin.Outcome.NEEDS_CODE, signin.Outcome.NEEDS_ENROLMENT):
            session[PENDING_KEY] = {"user_id": str(result.user.id), "started": utcnow().isoformat()}
            if result.outcome is signin.Outcome.NEEDS_CODE:
                return redirect(url_for("auth.enter_code", next=_safe_next()))
            return redirect(url_for("auth.set_up_two_factor", next=_safe_next()))
        form.password.errors.append(_refusal_message(result))
    return render_template("auth/sign_in.html", form=form)


@bp.route("/sign-in/security-code", methods=["GET", "POST"])
@public_endpoint
@limiter.limit(_sign_in_limit, methods=["POST"])
def enter_code():
    user = _pending_user()
    if user is None:
        return _restart_sign_in()
    form = CodeForm()
    if form.validate_on_submit():
        result = signin.check_second_factor(user, form.code.data)
        if result.outcome is signin.Outcome.SIGNED_IN:
            return _after_sign_in()
        if result.outcome is signin.Outcome.LOCKED:
            session.pop(PENDING_KEY, None)
            flash(_refusal_message(result), "error")
            return redirect(url_for("auth.sign_in"))
        form.code.errors.append("The security code is not correct, or it has already been used")
    return render_template("auth/enter_code.html", form=form)


@bp.route("/sign-in/set-up-two-factor", methods=["GET", "POST"])
@public_endpoint
@limiter.limit(_sign_in_limit, methods=["POST"])
def set_up_two_factor():
    user = _pending_user()
    if user is None or user.has_two_factor:
        return _restart_sign_in()

    def finish_sign_in() -> None:
        signin.complete_sign_in(user, method="password+totp_enrolment")
        session.pop(PENDING_KEY, None)

    return two_factor_enrolment_page(
        user,
        action=url_for("auth.set_up_two_factor", next=_safe_next()),
        continue_url=_safe_next(),
        on_confirmed=finish_sign_in,
    )


@bp.route("/sign-out", methods=["POST"])
@requires(Permission.USE_SYSTEM)
def sign_out():
    # CSRFProtect has already refused a post without a valid token.
    signin.sign_out(acting_user())
    flash("You have signed out.", "success")
    return redirect(url_for("auth.sign_in"))


def _pending_user() -> User | None:
    pending = session.get(PENDING_KEY)
    if not pending:
        return None
    started = datetime.fromisoformat(pending["started"])
    if utcnow() - started > current_app.config["PENDING_SIGN_IN_TIMEOUT"]:
        session.pop(PENDING_KEY, None)
        return None
    user = db.session.get(User, uuid.UUID(pending["user_id"]))
    return user if user is not None and user.is_active else None


def _restart_sign_in():
    flash("Your sign-in took too long or was interrupted. Sign in again.", "info")
    return redirect(url_for("auth.sign_in"))


def _after_sign_in():
    session.pop(PENDING_KEY, None)
    return redirect(_safe_next() or url_for("dashboard.view_dashboard"))


def _safe_next() -> str | None:
    """Only same-site absolute paths, so the sign-in page cannot be used to bounce users elsewhere.

    Browsers drop tabs and newlines from URLs and read backslashes as slashes, so "/\t/evil.example"
    would become "//evil.example": any control character, space or backslash disqualifies a target.
    """
    target = request.args.get("next", "")
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if any(ord(character) <= 0x20 or ord(character) == 0x7F for character in target):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


def _refusal_message(result: signin.PasswordCheck) -> str:
    if result.outcome is signin.Outcome.LOCKED:
        return f"Too many failed attempts. This account is locked until {format_datetime(result.locked_until)}."
    return WRONG_DETAILS
