"""The owners' sharing page of a person, incident or case: change who may see it, with a reason."""

import uuid

from flask import Blueprint, flash, redirect, render_template

from casemgmt.access import policy
from casemgmt.access.permissions import Permission, acting_user, requires
from casemgmt.access.record_pages import record_title, record_url
from casemgmt.access.sharing import RecordKind
from casemgmt.access.sharing_changes import change_sharing
from casemgmt.access.sharing_forms import SHARING_PAGE_ALIASES, ChangeSharingForm
from casemgmt.access.sharing_queries import live_grants_of, partner_teams
from casemgmt.form_errors import attach_errors
from casemgmt.form_fields import submitted_version
from casemgmt.service_errors import ValidationFailed

bp = Blueprint("sharing", __name__)

METHODS = ["GET", "POST"]


@bp.route("/people/<uuid:person_id>/sharing", methods=METHODS)
@requires(Permission.USE_SYSTEM)
def change_person_sharing(person_id: uuid.UUID):
    return _sharing_page(RecordKind.PERSON, person_id, "sharing/change_person_sharing.html")


@bp.route("/incidents/<uuid:incident_id>/sharing", methods=METHODS)
@requires(Permission.USE_SYSTEM)
def change_incident_sharing(incident_id: uuid.UUID):
    return _sharing_page(RecordKind.INCIDENT, incident_id, "sharing/change_incident_sharing.html")


@bp.route("/cases/<uuid:case_id>/sharing", methods=METHODS)
@requires(Permission.USE_SYSTEM)
def change_case_sharing(case_id: uuid.UUID):
    return _sharing_page(RecordKind.CASE, case_id, "sharing/change_case_sharing.html")


def _sharing_page(kind: RecordKind, record_id: uuid.UUID, template: str):
    """Only the owning team's members reach the page; to anyone else it does not exist (404)."""
    actor = acting_user()
    record = policy.find_owned_record(actor, kind, record_id)
    grants = live_grants_of(record.id, kind)
    form = ChangeSharingForm()
    form.offer_choices(actor, grants, partner_teams(record.owner_team_id))
    if not form.is_submitted():
        form.fill_from(record)
    if form.validate_on_submit():
        try:
            change_sharing(actor, kind, record.id, submitted_version(form.version.data), form.to_change())
        except ValidationFailed as failure:
            attach_errors(form, failure, SHARING_PAGE_ALIASES)
        else:
            flash("Who may see this record has been changed", "success")
            return redirect(record_url(kind, record.id))
    return render_template(
        template,
        form=form,
        kind=kind,
        record=record,
        record_title=record_title(kind, record),
        record_url=record_url(kind, record.id),
        grants=grants,
    )
