"""Case pages that change an open case: link incidents and people, the action plan, notes, close and reopen.

Registered on the `cases` blueprint from case_views.py.
"""

import uuid

from flask import abort, flash, redirect, render_template, request, url_for

from casemgmt.access import policy
from casemgmt.access.permissions import Permission, acting_user, requires
from casemgmt.access.sharing import RecordKind
from casemgmt.access.views.police_records import ask_reason_first
from casemgmt.form_errors import attach_errors
from casemgmt.form_fields import submitted_version
from casemgmt.incidents import case_services
from casemgmt.incidents.case_forms import (
    AddActionForm,
    AddIncidentForm,
    AddNoteForm,
    AddPersonForm,
    CloseCaseForm,
    SearchForm,
    VersionForm,
)
from casemgmt.incidents.case_models import CaseOutcome, CaseStatus
from casemgmt.incidents.case_queries import (
    MATCH_LIMIT,
    active_organisations,
    matching_incidents,
    matching_people,
)
from casemgmt.incidents.case_services import ActionInput
from casemgmt.incidents.case_views import bp
from casemgmt.search.queries import describe
from casemgmt.service_errors import ValidationFailed


def _case_to_work_on(actor, case_id: uuid.UUID):
    """The case, once the actor may see it and, for a police case, has said why they are opening it (these
    pages show the case too, so they ask as the case page does)."""
    case = policy.find_visible_case(actor, case_id)
    if (asked := ask_reason_first(actor, RecordKind.CASE, case)) is not None:
        abort(asked)
    return case


def _back_to_case(case_id: uuid.UUID, section: str = ""):
    return redirect(url_for("cases.view_case", case_id=case_id) + (f"#{section}" if section else ""))


def _search_words(form) -> str:
    """The words searched for: from the search box (GET) or carried in the choice form (POST)."""
    if request.method == "POST":
        return (form.q.data or "").strip()[:200]
    search = SearchForm(request.args)
    words = (search.q.data or "").strip() if search.validate() else ""
    form.q.data = words
    return words


@bp.route("/<uuid:case_id>/add-incident", methods=["GET", "POST"])
@requires(Permission.USE_SYSTEM)
def add_incident_to_case(case_id: uuid.UUID):
    actor = acting_user()
    case = _case_to_work_on(actor, case_id)
    form = AddIncidentForm()
    words = _search_words(form)
    matches = matching_incidents(actor, words) if words else []
    form.incident_id.choices = [(str(incident.id), incident.reference) for incident in matches[:MATCH_LIMIT]]
    if form.validate_on_submit():
        incident_id = form.chosen_incident_id()
        try:
            case_services.add_incident_to_case(actor, case.id, incident_id)
        except ValidationFailed as failure:
            attach_errors(form, failure)
        else:
            reference = next((incident.reference for incident in matches if incident.id == incident_id), "Incident")
            flash(f"{reference} added to the case", "success")
            return _back_to_case(case.id, "incidents")
    return render_template(
        "cases/add_incident_to_case.html",
        form=form,
        search=SearchForm(q=words),
        case=case,
        words=words,
        matches=[describe(incident) for incident in matches[:MATCH_LIMIT]],
        too_many=len(matches) > MATCH_LIMIT,
        linked={link.incident_id for link in case.incidents},
    )


@bp.route("/<uuid:case_id>/add-person", methods=["GET", "POST"])
@requires(Permission.USE_SYSTEM)
def add_person_to_case(case_id: uuid.UUID):
    actor = acting_user()
    case = _case_to_work_on(actor, case_id)
    in_case = {(link.person_id, link.role) for link in case.people}
    form = AddPersonForm(already_in_case=in_case)
    words = _search_words(form)
    matches = matching_people(actor, words) if words else []
    form.person_id.choices = [(str(person.id), person.display_name) for person in matches[:MATCH_LIMIT]]
    if form.validate_on_submit():
        link = form.chosen_link()
        try:
            case_services.add_person_to_case(actor, case.id, link)
        except ValidationFailed as failure:
            attach_errors(form, failure)
        else:
            name = next((person.display_name for person in matches if person.id == link.person_id), "The person")
            flash(f"{name} added to the case as {link.role.label.lower()}", "success")
            return _back_to_case(case.id, "people")
    roles: dict[uuid.UUID, list[str]] = {}
    for person_id, role in sorted(in_case, key=lambda pair: pair[1].value):
        roles.setdefault(person_id, []).append(role.label.lower())
    return render_template(
        "cases/add_person_to_case.html",
        form=form,
        search=SearchForm(q=words),
        case=case,
        words=words,
        matches=[describe(person) for person in matches[:MATCH_LIMIT]],
        too_many=len(matches) > MATCH_LIMIT,
        roles_in_case=roles,
    )


@bp.route("/<uuid:case_id>/add-action", methods=["GET", "POST"])
@requires(Permission.USE_SYSTEM)
def add_case_action(case_id: uuid.UUID):
    actor = acting_user()
    case = _case_to_work_on(actor, case_id)
    form = AddActionForm()
    organisations = active_organisations()
    form.owner_organisation_id.choices = [("", "Choose an organisation")] + [
        (str(organisation.id), organisation.name) for organisation in organisations
    ]
    if request.method == "GET":
        form.owner_organisation_id.data = str(actor.organisation_id)
    if form.validate_on_submit():
        data = ActionInput(
            description=form.description.data,
            owner_organisation_id=form.chosen_organisation_id(),
            due_on=form.due_on.data,
            owner_user_id=form.owner_user.id if form.owner_user else None,
        )
        try:
            case_services.add_action(actor, case.id, data)
        except ValidationFailed as failure:
            attach_errors(form, failure, {"owner_user_id": "owner_email"})
        else:
            owner = next(
                organisation.name for organisation in organisations if organisation.id == data.owner_organisation_id
            )
            flash(f"Action added for {owner}", "success")
            return _back_to_case(case.id, "action-plan")
    return render_template("cases/add_case_action.html", form=form, case=case)


@bp.route("/<uuid:case_id>/actions/<uuid:action_id>/complete", methods=["POST"])
@requires(Permission.USE_SYSTEM)
def complete_case_action(case_id: uuid.UUID, action_id: uuid.UUID):
    version = submitted_version(VersionForm().version.data)
    action = case_services.complete_action(acting_user(), case_id, action_id, version)
    flash(f"Action marked as done: {action.description}", "success")
    return _back_to_case(case_id, "action-plan")


@bp.route("/<uuid:case_id>/add-note", methods=["GET", "POST"])
@requires(Permission.USE_SYSTEM)
def add_case_note(case_id: uuid.UUID):
    actor = acting_user()
    case = _case_to_work_on(actor, case_id)
    form = AddNoteForm()
    if form.validate_on_submit():
        try:
            case_services.add_note(actor, case.id, form.note.data)
        except ValidationFailed as failure:
            attach_errors(form, failure)
        else:
            flash("Note added", "success")
            return _back_to_case(case.id, "timeline")
    return render_template("cases/add_case_note.html", form=form, case=case)


@bp.route("/<uuid:case_id>/close", methods=["GET", "POST"])
@requires(Permission.USE_SYSTEM)
def close_case(case_id: uuid.UUID):
    actor = acting_user()
    case = _case_to_work_on(actor, case_id)
    form = CloseCaseForm()
    if request.method == "GET":
        if case.status == CaseStatus.CLOSED:
            flash(f"Case {case.reference} is already closed", "info")
            return _back_to_case(case.id)
        form.version.data = str(case.version)
    if form.validate_on_submit():
        try:
            case_services.close_case(
                actor,
                case.id,
                submitted_version(form.version.data),
                CaseOutcome(form.outcome.data),
                form.closing_note.data or "",
            )
        except ValidationFailed as failure:
            attach_errors(form, failure)
        else:
            flash(f"Case {case.reference} closed", "success")
            return _back_to_case(case.id)
    open_actions = [action for action in case.actions if action.completed_at is None]
    return render_template("cases/close_case.html", form=form, case=case, open_actions=open_actions)


@bp.route("/<uuid:case_id>/reopen", methods=["POST"])
@requires(Permission.USE_SYSTEM)
def reopen_case(case_id: uuid.UUID):
    version = submitted_version(VersionForm().version.data)
    case = case_services.reopen_case(acting_user(), case_id, version)
    flash(f"Case {case.reference} reopened", "success")
    return _back_to_case(case_id)
