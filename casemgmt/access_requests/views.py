"""Access request pages: ask from a stub, the lists of requests, one request, approve, refuse and withdraw."""

import uuid

from flask import Blueprint, flash, redirect, render_template, url_for
from werkzeug.routing import BaseConverter, ValidationError

from casemgmt.access.permissions import Permission, acting_user, requires
from casemgmt.access.stubs import read_request_token
from casemgmt.access_requests import queries, services
from casemgmt.access_requests.forms import ApproveAccessForm, RefuseAccessForm, RequestAccessForm
from casemgmt.form_errors import attach_errors
from casemgmt.service_errors import ValidationFailed

bp = Blueprint("access_requests", __name__, url_prefix="/access-requests")


class RequestTokenConverter(BaseConverter):
    """A stub's signed token, read as the (kind, id) it names; a made-up or altered one matches no page (404)."""

    regex = r"[A-Za-z0-9_.\-]+"

    def to_python(self, value: str):
        named = read_request_token(value)
        if named is None:
            raise ValidationError()
        return named

    def to_url(self, value: str) -> str:
        return value


# Registered before the routes below are added to the app.
bp.record_once(lambda state: state.app.url_map.converters.setdefault("request_token", RequestTokenConverter))


@bp.route("/new/<request_token:record>", methods=["GET", "POST"])
@requires(Permission.USE_SYSTEM)
def request_access(record):
    actor = acting_user()
    kind, record_id = record
    target = queries.request_target(actor, kind, record_id)
    form = RequestAccessForm()
    if target.record.restricted and target.pending is None and form.validate_on_submit():
        try:
            access_request = services.request_access(actor, kind, record_id, form.reason.data, form.wanted_until.data)
        except ValidationFailed as failure:
            attach_errors(form, failure)
        else:
            flash("Your request has been sent to the record’s owners", "success")
            return redirect(url_for("access_requests.view_access_request", access_request_id=access_request.id))
    return render_template("access_requests/request_access.html", form=form, target=target)


@bp.route("")
@requires(Permission.USE_SYSTEM)
def list_access_requests():
    actor = acting_user()
    return render_template(
        "access_requests/list_access_requests.html",
        to_decide=queries.access_requests_to_decide(actor),
        mine=queries.my_access_requests(actor),
    )


@bp.route("/<uuid:access_request_id>")
@requires(Permission.USE_SYSTEM)
def view_access_request(access_request_id: uuid.UUID):
    page = queries.access_request_page(acting_user(), access_request_id)
    return render_template("access_requests/view_access_request.html", page=page)


@bp.route("/<uuid:access_request_id>/approve", methods=["GET", "POST"])
@requires(Permission.USE_SYSTEM)
def approve_access_request(access_request_id: uuid.UUID):
    form = ApproveAccessForm()
    return _decision_page(
        access_request_id,
        form,
        "access_requests/approve_access_request.html",
        lambda actor: services.approve_access_request(
            actor,
            access_request_id,
            days=form.duration_days(),
            lawful_basis=form.lawful_basis.data,
            lawful_basis_detail=form.lawful_basis_detail.data,
            note=form.note.data,
        ),
        "Access approved. The requester has been told.",
    )


@bp.route("/<uuid:access_request_id>/refuse", methods=["GET", "POST"])
@requires(Permission.USE_SYSTEM)
def refuse_access_request(access_request_id: uuid.UUID):
    form = RefuseAccessForm()
    return _decision_page(
        access_request_id,
        form,
        "access_requests/refuse_access_request.html",
        lambda actor: services.refuse_access_request(actor, access_request_id, form.reason.data),
        "Access refused. The requester has been told.",
    )


def _decision_page(access_request_id: uuid.UUID, form, template: str, decide, done: str):
    """The approve and refuse pages: a 404 unless the user may decide; on a valid form, decide and go back."""
    actor = acting_user()
    decision = queries.decision(actor, access_request_id)
    if form.validate_on_submit():
        try:
            decide(actor)
        except ValidationFailed as failure:
            attach_errors(form, failure)
        else:
            flash(done, "success")
            return redirect(url_for("access_requests.view_access_request", access_request_id=access_request_id))
    return render_template(template, form=form, decision=decision)


@bp.post("/<uuid:access_request_id>/withdraw")
@requires(Permission.USE_SYSTEM)
def withdraw_access_request(access_request_id: uuid.UUID):
    try:
        services.withdraw_access_request(acting_user(), access_request_id)
    except ValidationFailed as failure:
        flash(next(iter(failure.errors.values())), "error")
    else:
        flash("Request withdrawn", "success")
    return redirect(url_for("access_requests.view_access_request", access_request_id=access_request_id))
