"""People pages: add a person, their profile (every incident and case they appear in), edit."""

import uuid

from flask import Blueprint, flash, redirect, render_template, request, url_for

from casemgmt.access import policy
from casemgmt.access.permissions import Permission, acting_user, requires
from casemgmt.access.sharing import RecordKind
from casemgmt.access.views.police_records import ask_reason_first
from casemgmt.audit.services import record_view
from casemgmt.audit.views import render_history
from casemgmt.form_errors import attach_errors
from casemgmt.form_fields import submitted_version
from casemgmt.leases.services import lease_for_edit_page, lease_held_by_other
from casemgmt.people.forms import PERSON_ALIASES, AddPersonForm, EditPersonForm
from casemgmt.people.queries import cases_of_person, incidents_of_person, sharing_of, visible_person
from casemgmt.people.services import create_person, update_person
from casemgmt.service_errors import ValidationFailed

bp = Blueprint("people", __name__, url_prefix="/people")


@bp.route("/new", methods=["GET", "POST"])
@requires(Permission.USE_SYSTEM)
def add_person():
    actor = acting_user()
    form = AddPersonForm()
    form.sharing.offer_choices(actor)
    if form.validate_on_submit():
        try:
            person = create_person(actor, form.to_input(), form.sharing.to_sharing())
        except ValidationFailed as failure:
            attach_errors(form, failure, PERSON_ALIASES)
        else:
            flash(f"{person.display_name} added", "success")
            return redirect(url_for("people.view_person", person_id=person.id))
    return render_template("people/add_person.html", form=form)


@bp.route("/<uuid:person_id>")
@requires(Permission.USE_SYSTEM)
def view_person(person_id: uuid.UUID):
    actor = acting_user()
    person = visible_person(actor, person_id, with_details=True)
    if (asked := ask_reason_first(actor, RecordKind.PERSON, person)) is not None:
        return asked
    record_view(actor, RecordKind.PERSON, person)
    return render_template(
        "people/view_person.html",
        person=person,
        incidents=incidents_of_person(actor, person.id, request.args.get("page", type=int)),
        cases=cases_of_person(actor, person.id),
        sharing=sharing_of(person, RecordKind.PERSON),
        may_view_history=policy.may_view_record_history(actor, person),
        may_change_sharing=policy.owns_record(actor, person),
        edit_lease=lease_held_by_other(actor, RecordKind.PERSON, person.id),
    )


@bp.route("/<uuid:person_id>/edit", methods=["GET", "POST"])
@requires(Permission.USE_SYSTEM)
def edit_person(person_id: uuid.UUID):
    actor = acting_user()
    person = visible_person(actor, person_id, with_details=True)
    if (asked := ask_reason_first(actor, RecordKind.PERSON, person, edit=True)) is not None:
        return asked
    lease = lease_for_edit_page(actor, RecordKind.PERSON, person.id, opening=request.method == "GET")
    form = EditPersonForm()
    if request.method == "GET":
        form.fill_from(person)
    if form.validate_on_submit():
        try:
            update_person(actor, person.id, submitted_version(form.version.data), form.to_input())
        except ValidationFailed as failure:
            attach_errors(form, failure, PERSON_ALIASES)
        else:
            flash(f"{person.display_name}’s details saved", "success")
            return redirect(url_for("people.view_person", person_id=person.id))
    return render_template("people/edit_person.html", form=form, person=person, edit_lease=lease)


@bp.route("/<uuid:person_id>/history")
@requires(Permission.USE_SYSTEM)
def person_history(person_id: uuid.UUID):
    return render_history(RecordKind.PERSON, person_id, "people/person_history.html")
