"""Before a non-police user sees a police-originated record: "Why are you opening this record?".

Record pages call `ask_reason_first`; the question is a page of its own (post/redirect/get), asked once per
record per sign-in session, and then sends the user on to the page they were opening.
"""

import uuid

from flask import Blueprint, g, redirect, render_template, request, url_for

from casemgmt.access import policy
from casemgmt.access.permissions import Permission, acting_user, requires
from casemgmt.access.police_record_forms import OpeningReasonForm
from casemgmt.access.police_records import give_reason_for_opening, needs_reason
from casemgmt.access.record_pages import record_title, record_url
from casemgmt.access.sharing import RecordKind
from casemgmt.form_errors import attach_errors
from casemgmt.service_errors import ValidationFailed

bp = Blueprint("police_records", __name__)

METHODS = ["GET", "POST"]
EDIT_PAGE = "edit"
REASON_PAGES = {
    RecordKind.PERSON: ("police_records.give_reason_for_opening_person", "person_id"),
    RecordKind.INCIDENT: ("police_records.give_reason_for_opening_incident", "incident_id"),
    RecordKind.CASE: ("police_records.give_reason_for_opening_case", "case_id"),
}


def ask_reason_first(actor, kind: RecordKind, record, *, edit: bool = False):
    """A redirect to the reason question when the actor must say why before seeing this record, else None."""
    if not needs_reason(actor, g.get("user_session"), kind, record):
        return None
    endpoint, argument = REASON_PAGES[kind]
    then = {"then": EDIT_PAGE} if edit else {}
    return redirect(url_for(endpoint, **{argument: record.id}, **then))


@bp.route("/people/<uuid:person_id>/reason-for-opening", methods=METHODS)
@requires(Permission.USE_SYSTEM)
def give_reason_for_opening_person(person_id: uuid.UUID):
    return _reason_page(RecordKind.PERSON, person_id, "police_records/give_reason_for_opening_person.html")


@bp.route("/incidents/<uuid:incident_id>/reason-for-opening", methods=METHODS)
@requires(Permission.USE_SYSTEM)
def give_reason_for_opening_incident(incident_id: uuid.UUID):
    return _reason_page(RecordKind.INCIDENT, incident_id, "police_records/give_reason_for_opening_incident.html")


@bp.route("/cases/<uuid:case_id>/reason-for-opening", methods=METHODS)
@requires(Permission.USE_SYSTEM)
def give_reason_for_opening_case(case_id: uuid.UUID):
    return _reason_page(RecordKind.CASE, case_id, "police_records/give_reason_for_opening_case.html")


def _reason_page(kind: RecordKind, record_id: uuid.UUID, template: str):
    actor = acting_user()
    record = policy.find_visible_record(actor, kind, record_id)
    edit = request.args.get("then") == EDIT_PAGE
    if not needs_reason(actor, g.get("user_session"), kind, record):
        return redirect(record_url(kind, record.id, edit=edit))
    form = OpeningReasonForm()
    if form.validate_on_submit():
        try:
            give_reason_for_opening(actor, g.get("user_session"), kind, record.id, form.reason.data, form.detail.data)
        except ValidationFailed as failure:
            attach_errors(form, failure)
        else:
            return redirect(record_url(kind, record.id, edit=edit))
    return render_template(template, form=form, kind=kind, record_title=record_title(kind, record))
