"""Incident pages: log an incident in one form, view it, edit it, link people."""

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
from casemgmt.incidents.forms import EDIT_ALIASES, EditIncidentForm, FindPersonForm, LinkPersonForm
from casemgmt.incidents.log_forms import log_incident_form
from casemgmt.incidents.models import IncidentRole
from casemgmt.incidents.queries import incident_page, type_groups
from casemgmt.incidents.services import create_incident, link_person_to_incident, update_incident
from casemgmt.leases.services import lease_for_edit_page, lease_held_by_other
from casemgmt.matching.lookup import look_for_duplicates
from casemgmt.people.forms import CHECK_FOR_DUPLICATES
from casemgmt.people.queries import find_people, people_by_id
from casemgmt.service_errors import ValidationFailed

bp = Blueprint("incidents", __name__, url_prefix="/incidents")


@bp.route("/new", methods=["GET", "POST"])
@requires(Permission.USE_SYSTEM)
def log_incident():
    actor = acting_user()
    action = request.form.get("action", "") if request.method == "POST" else ""
    form = log_incident_form(action, request.form)
    form.incident_type.choices = type_groups()
    form.sharing.offer_choices(actor)
    prefill = request.args.get("person_id", type=uuid.UUID) if request.method == "GET" else None
    if prefill is not None and people_by_id(actor, [prefill]):
        form.add_person(prefill, IncidentRole.VICTIM)
    duplicates = {}
    if action == CHECK_FOR_DUPLICATES:  # each new person's possible existing records, one lookup each
        duplicates = {row: look_for_duplicates(actor, typed) for row, typed in form.typed_new_people().items()}
    if action == "save" and form.validate_on_submit():
        data, aliases = form.to_input()
        try:
            incident = create_incident(actor, data, form.sharing.to_sharing())
        except ValidationFailed as failure:
            form.show_service_errors(failure, aliases)
        else:
            flash(f"Incident {incident.reference} logged", "success")
            return redirect(url_for("incidents.view_incident", incident_id=incident.id))
    return render_template(
        "incidents/log_incident.html",
        form=form,
        found=find_people(actor, form.find_query.data or ""),
        linked=form.linked_people(people_by_id(actor, form.linked_person_ids())),
        roles=list(IncidentRole),
        role_labels={role.value: role.label for role in IncidentRole},
        duplicates=duplicates,
    )


@bp.route("/<uuid:incident_id>")
@requires(Permission.USE_SYSTEM)
def view_incident(incident_id: uuid.UUID):
    actor = acting_user()
    page = incident_page(actor, incident_id)
    if (asked := ask_reason_first(actor, RecordKind.INCIDENT, page.incident)) is not None:
        return asked
    record_view(actor, RecordKind.INCIDENT, page.incident)
    return render_template(
        "incidents/view_incident.html",
        page=page,
        incident=page.incident,
        may_view_history=policy.may_view_record_history(actor, page.incident),
        may_change_sharing=policy.owns_record(actor, page.incident),
        edit_lease=lease_held_by_other(actor, RecordKind.INCIDENT, page.incident.id),
    )


@bp.route("/<uuid:incident_id>/edit", methods=["GET", "POST"])
@requires(Permission.USE_SYSTEM)
def edit_incident(incident_id: uuid.UUID):
    actor = acting_user()
    incident = policy.find_visible_incident(actor, incident_id)
    if (asked := ask_reason_first(actor, RecordKind.INCIDENT, incident, edit=True)) is not None:
        return asked
    lease = lease_for_edit_page(actor, RecordKind.INCIDENT, incident.id, opening=request.method == "GET")
    form = EditIncidentForm()
    form.incident_type.choices = type_groups(include_code=incident.incident_type.code)
    if request.method == "GET":
        form.fill_from(incident)
    if form.validate_on_submit():
        try:
            update_incident(actor, incident.id, submitted_version(form.version.data), form.to_changes())
        except ValidationFailed as failure:
            attach_errors(form, failure, EDIT_ALIASES)
        else:
            flash(f"Incident {incident.reference} saved", "success")
            return redirect(url_for("incidents.view_incident", incident_id=incident.id))
    return render_template("incidents/edit_incident.html", form=form, incident=incident, edit_lease=lease)


@bp.route("/<uuid:incident_id>/add-person", methods=["GET", "POST"])
@requires(Permission.USE_SYSTEM)
def add_person_to_incident(incident_id: uuid.UUID):
    actor = acting_user()
    incident = policy.find_visible_incident(actor, incident_id)
    if (asked := ask_reason_first(actor, RecordKind.INCIDENT, incident)) is not None:
        return asked
    search_form = FindPersonForm(request.args)
    words = (search_form.q.data or "").strip() if search_form.validate() else ""
    form = LinkPersonForm()
    if form.validate_on_submit():
        link = form.to_link()
        try:
            link_person_to_incident(actor, incident.id, link)
        except ValidationFailed as failure:
            attach_errors(form, failure)
        else:
            person = people_by_id(actor, [link.person_id])[link.person_id]
            flash(f"{person.display_name} added to {incident.reference} as {link.role.label.lower()}", "success")
            return redirect(url_for("incidents.view_incident", incident_id=incident.id))
    return render_template(
        "incidents/add_person_to_incident.html",
        form=form,
        search_form=search_form,
        words=words,
        found=find_people(actor, words),
        incident=incident,
    )


@bp.route("/<uuid:incident_id>/history")
@requires(Permission.USE_SYSTEM)
def incident_history(incident_id: uuid.UUID):
    return render_history(RecordKind.INCIDENT, incident_id, "incidents/incident_history.html")
