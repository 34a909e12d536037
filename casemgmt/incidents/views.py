"""Incident pages: log an incident in one form, view it, edit it, link people."""

import re
import uuid

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from casemgmt.access.models import User
from casemgmt.access.permissions import Permission, requires
from casemgmt.form_errors import attach_errors
from casemgmt.incidents.forms import (
    EDIT_ALIASES,
    EditIncidentForm,
    FindPersonForm,
    LinkPersonForm,
    LogIncidentForm,
    without_row,
)
from casemgmt.incidents.models import IncidentRole
from casemgmt.incidents.queries import incident_page, type_groups, visible_incident
from casemgmt.incidents.services import create_incident, link_person_to_incident, update_incident
from casemgmt.people.forms import expected_version
from casemgmt.people.queries import find_people, people_by_id
from casemgmt.service_errors import ValidationFailed

bp = Blueprint("incidents", __name__, url_prefix="/incidents")

ROW_ACTION = re.compile(r"^(remove-person|remove-new-person|remove-vehicle)-(\d+)$")
ROW_LISTS = {"remove-person": "people", "remove-new-person": "new_people", "remove-vehicle": "vehicles"}


def _actor() -> User:
    return current_user._get_current_object()


@bp.route("/new", methods=["GET", "POST"])
@requires(Permission.USE_SYSTEM)
def log_incident():
    actor = _actor()
    action = request.form.get("action", "") if request.method == "POST" else ""
    form = _log_form(actor, action)
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
        type_groups=type_groups(),
        found=find_people(actor, form.find_query.data or ""),
        linked={str(pid): person for pid, person in people_by_id(actor, form.linked_person_ids()).items()},
        roles=list(IncidentRole),
        role_labels={role.value: role.label for role in IncidentRole},
    )


def _log_form(actor: User, action: str) -> LogIncidentForm:
    """The logging form as posted, after any add or remove button's change (nothing is saved here)."""
    row_action = ROW_ACTION.match(action)
    if row_action:
        formdata = without_row(request.form, ROW_LISTS[row_action.group(1)], int(row_action.group(2)))
        form = LogIncidentForm(formdata=formdata)
    else:
        form = LogIncidentForm()
    form.incident_type.choices = type_groups()
    form.sharing.offer_choices(actor)
    if action == "add-new-person" and len(form.new_people.entries) < form.new_people.max_entries:
        form.new_people.append_entry()
    elif action == "add-vehicle" and len(form.vehicles.entries) < form.vehicles.max_entries:
        form.vehicles.append_entry()
    elif action.startswith("add-person-"):
        person_id = _uuid(action.removeprefix("add-person-"))
        role = request.form.get(f"role-{person_id}", IncidentRole.VICTIM.value)
        if person_id is not None and role in IncidentRole._value2member_map_:
            form.add_person(person_id, IncidentRole(role))
    elif request.method == "GET":
        prefill = request.args.get("person_id", type=uuid.UUID)
        if prefill is not None and people_by_id(actor, [prefill]):
            form.add_person(prefill, IncidentRole.VICTIM)
    return form


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


@bp.route("/<uuid:incident_id>")
@requires(Permission.USE_SYSTEM)
def view_incident(incident_id: uuid.UUID):
    page = incident_page(_actor(), incident_id)
    return render_template("incidents/view_incident.html", page=page, incident=page.incident)


@bp.route("/<uuid:incident_id>/edit", methods=["GET", "POST"])
@requires(Permission.USE_SYSTEM)
def edit_incident(incident_id: uuid.UUID):
    actor = _actor()
    incident = visible_incident(actor, incident_id)
    form = EditIncidentForm()
    form.incident_type.choices = type_groups(include_code=incident.incident_type.code)
    if request.method == "GET":
        form.fill_from(incident)
    if form.validate_on_submit():
        try:
            update_incident(actor, incident.id, expected_version(form.version.data), form.to_changes())
        except ValidationFailed as failure:
            attach_errors(form, failure, EDIT_ALIASES)
        else:
            flash(f"Incident {incident.reference} saved", "success")
            return redirect(url_for("incidents.view_incident", incident_id=incident.id))
    return render_template("incidents/edit_incident.html", form=form, incident=incident)


@bp.route("/<uuid:incident_id>/add-person", methods=["GET", "POST"])
@requires(Permission.USE_SYSTEM)
def add_person_to_incident(incident_id: uuid.UUID):
    actor = _actor()
    incident = visible_incident(actor, incident_id)
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
