"""The two-factor set-up page, shared by first sign-in (`auth`) and the account page (`account`)."""

from collections.abc import Callable

from flask import render_template

from casemgmt.access import signin, two_factor
from casemgmt.access.forms import CodeForm
from casemgmt.access.models import User

WRONG_CODE = "The security code is not correct; check the time on your phone and try again"


def two_factor_enrolment_page(
    user: User, *, action: str, continue_url: str | None, on_confirmed: Callable[[], None] = lambda: None
):
    """Show the QR code; on a correct first code, run `on_confirmed` and show the recovery codes once."""
    form = CodeForm()
    signin.begin_enrolment(user)
    if form.validate_on_submit():
        codes = signin.confirm_enrolment(user, form.code.data)
        if codes is not None:
            on_confirmed()
            return render_template("auth/recovery_codes.html", codes=codes, continue_url=continue_url)
        form.code.errors.append(WRONG_CODE)
    return render_template(
        "auth/set_up_two_factor.html",
        form=form,
        qr_code=two_factor.qr_code_data_uri(two_factor.provisioning_uri(user)),
        secret=user.totp_secret,
        action=action,
    )
