"""People pages: add a person (checking first for existing records), their profile (every incident and case they
appear in, and possible duplicates to review), edit; and the JSON of possible existing records for the pages."""

import uuid

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for

from casemgmt.access import policy
from casemgmt.access.permissions import Permission, acting_user, requires
from casemgmt.access.sharing import RecordKind
from casemgmt.access.views.police_records import ask_reason_first
from casemgmt.api.serialise import possible_duplicate_json
from casemgmt.audit.services import record_view
from casemgmt.audit.views import render_history
from casemgmt.form_errors import attach_errors
from casemgmt.form_fields import submitted_version
from casemgmt.leases.services import lease_for_edit_page, lease_held_by_other
from casemgmt.matching.lookup import look_for_duplicates
from casemgmt.matching.merge_queries import merges_into, survivor_of
from casemgmt.matching.triage import dismiss_possible_duplicate, open_duplicates_of, pair_for_review
from casemgmt.people.forms import (
    CHECK_FOR_DUPLICATES,
    PERSON_ALIASES,
    AddPersonForm,
    CandidateQueryForm,
    DismissDuplicateForm,
    EditPersonForm,
    typed_in,
)
from casemgmt.people.queries import cases_of_person, incidents_of_person, sharing_of, visible_person
from casemgmt.people.services import create_person, update_person
from casemgmt.service_errors import RecordNotFound, ValidationFailed

bp = Blueprint("people", __name__, url_prefix="/people")


@bp.route("/new", methods=["GET", "POST"])
@requires(Permission.USE_SYSTEM)
def add_person():
    actor = acting_user()
    form = AddPersonForm()
    form.sharing.offer_choices(actor)
    duplicates = None
    if request.form.get("action") == CHECK_FOR_DUPLICATES:
        # Shown again with everything typed kept, and who may already be known; nothing is saved.
        duplicates = look_for_duplicates(actor, typed_in(form))
    elif form.validate_on_submit():
        try:
            person = create_person(actor, form.to_input(), form.sharing.to_sharing())
        except ValidationFailed as failure:
            attach_errors(form, failure, PERSON_ALIASES)
        else:
            flash(f"{person.display_name} added", "success")
            return redirect(url_for("people.view_person", person_id=person.id))
    return render_template("people/add_person.html", form=form, duplicates=duplicates)


@bp.get("/candidates")
@requires(Permission.USE_SYSTEM)
def person_candidates():
    """JSON for the add-person and log-an-incident pages' script: possible existing records for what has been
    typed so far, as the signed-in user may see them (audited as a search)."""
    query = CandidateQueryForm(request.args)
    if not query.validate():
        return jsonify(errors=query.errors), 400
    found = look_for_duplicates(acting_user(), typed_in(query))
    return jsonify(candidates=[possible_duplicate_json(duplicate, page_links=True) for duplicate in found])


@bp.route("/<uuid:person_id>")
@requires(Permission.USE_SYSTEM)
def view_person(person_id: uuid.UUID):
    actor = acting_user()
    try:
        person = visible_person(actor, person_id, with_details=True)
    except RecordNotFound:
        # A record merged into another leads on to it; anything else is not found, as before.
        return redirect(url_for("people.view_person", person_id=survivor_of(actor, person_id)))
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
        merges=merges_into(actor, person),
        may_merge=policy.may_merge_person(actor, person),
        duplicates=open_duplicates_of(actor, person.id),
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


@bp.route("/<uuid:person_id>/possible-duplicates/<uuid:pair_id>", methods=["GET", "POST"])
@requires(Permission.USE_SYSTEM)
def review_possible_duplicate(person_id: uuid.UUID, pair_id: uuid.UUID):
    actor = acting_user()
    review = pair_for_review(actor, person_id, pair_id)
    form = DismissDuplicateForm()
    if form.validate_on_submit():
        dismiss_possible_duplicate(actor, person_id, pair_id)
        flash(f"Recorded: {review.other.display_name} is not the same person", "success")
        return redirect(url_for("people.view_person", person_id=person_id))
    return render_template("people/review_possible_duplicate.html", review=review, form=form)


@bp.route("/<uuid:person_id>/history")
@requires(Permission.USE_SYSTEM)
def person_history(person_id: uuid.UUID):
    return render_history(RecordKind.PERSON, person_id, "people/person_history.html")
