"""Merge pages, reached from a person's page: pick the other record, confirm the merge, undo it.

Only those who may merge the person (its owning team's members) reach them; to anyone else they do not exist.
"""

import uuid

from flask import Blueprint, flash, redirect, render_template, request, url_for

from casemgmt.access import policy
from casemgmt.access.permissions import Permission, acting_user, requires
from casemgmt.form_errors import attach_errors
from casemgmt.form_fields import submitted_version
from casemgmt.matching.merge_forms import ConfirmMergeForm, FindMergeForm, UndoMergeForm
from casemgmt.matching.merge_queries import merge_choices, merge_sides, merges_into
from casemgmt.matching.merges import find_undoable_merge, merge_people, unmerge_people
from casemgmt.service_errors import RecordNotFound, ValidationFailed

bp = Blueprint("merges", __name__, url_prefix="/people")


@bp.route("/<uuid:person_id>/merge")
@requires(Permission.USE_SYSTEM)
def merge_person(person_id: uuid.UUID):
    actor = acting_user()
    person = policy.find_mergeable_person(actor, person_id)
    search_form = FindMergeForm(request.args)
    words = (search_form.q.data or "").strip() if search_form.validate() else ""
    return render_template(
        "merges/merge_person.html",
        person=person,
        search_form=search_form,
        words=words,
        found=merge_choices(actor, person, words) if words else [],
    )


@bp.route("/<uuid:person_id>/merge/<uuid:other_id>", methods=["GET", "POST"])
@requires(Permission.USE_SYSTEM)
def confirm_merge(person_id: uuid.UUID, other_id: uuid.UUID):
    actor = acting_user()
    person = policy.find_mergeable_person(actor, person_id)
    other = policy.find_mergeable_person(actor, other_id)
    if person.id == other.id:
        raise RecordNotFound()
    form = ConfirmMergeForm()
    form.offer(person, other)
    if form.validate_on_submit():
        kept, merged, versions = form.chosen(person, other)
        try:
            merge_people(actor, kept.id, merged.id, versions, form.reason.data)
        except ValidationFailed as failure:
            attach_errors(form, failure)
        else:
            flash(f"{merged.display_name} was merged into this record", "success")
            return redirect(url_for("people.view_person", person_id=kept.id))
    return render_template(
        "merges/confirm_merge.html", form=form, person=person, other=other, sides=merge_sides(person, other)
    )


@bp.route("/<uuid:person_id>/merges/<uuid:merge_id>/undo", methods=["GET", "POST"])
@requires(Permission.USE_SYSTEM)
def undo_merge(person_id: uuid.UUID, merge_id: uuid.UUID):
    actor = acting_user()
    merge = find_undoable_merge(actor, person_id, merge_id)
    person = policy.find_mergeable_person(actor, person_id)
    notice = next(notice for notice in merges_into(actor, person) if notice.merge_id == merge.id)
    form = UndoMergeForm()
    if not form.is_submitted():
        form.version.data = str(person.version)
    if form.validate_on_submit():
        try:
            unmerge_people(actor, person.id, merge.id, submitted_version(form.version.data), form.reason.data)
        except ValidationFailed as failure:
            attach_errors(form, failure)
        else:
            flash(f"The merge was undone: {notice.merged_name} has their own record again", "success")
            return redirect(url_for("people.view_person", person_id=merge.merged_id))
    return render_template("merges/undo_merge.html", form=form, person=person, notice=notice)
