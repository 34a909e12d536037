"""Case pages: open a case, its incidents and people, action plan, timeline, edits and closure.

The pages that change a case after it is opened (add an incident, person, action or note; close and
reopen) live in case_action_views.py, registered on the same blueprint.
"""

import uuid
from datetime import date

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for

from casemgmt.access import policy
from casemgmt.access.models import User
from casemgmt.access.permissions import Permission, acting_user, requires
from casemgmt.access.sharing import RecordKind
from casemgmt.access.views.police_records import ask_reason_first
from casemgmt.audit.services import record_export, record_view
from casemgmt.audit.views import render_history
from casemgmt.csv_export import csv_download
from casemgmt.form_errors import attach_errors
from casemgmt.form_fields import submitted_version
from casemgmt.incidents import case_services
from casemgmt.incidents.case_forms import CaseListForm, EditCaseForm, OpenCaseForm, person_choice
from casemgmt.incidents.case_models import RiskLevel
from casemgmt.incidents.case_queries import (
    CASE_EXPORT_COLUMNS,
    CaseListView,
    case_export_rows,
    case_page,
    cases_to_list,
    incidents_for_new_case,
    lead_officer_choices,
    people_in_incidents,
)
from casemgmt.incidents.case_services import CaseChanges, CaseInput
from casemgmt.leases.services import lease_for_edit_page, lease_held_by_other
from casemgmt.pagination import paginate
from casemgmt.service_errors import ValidationFailed

bp = Blueprint("cases", __name__, url_prefix="/cases")

# Service field names that differ from the form's.
OPEN_CASE_ALIASES = {"person_id": "people"}


@bp.route("")
@requires(Permission.USE_SYSTEM)
def list_cases():
    form = CaseListForm(request.args)
    view, status = form.chosen_view(), form.chosen_status()
    form.status.data = status.value
    page = paginate(
        cases_to_list(acting_user(), view, status), request.args.get("page", type=int), current_app.config["PAGE_SIZE"]
    )
    return render_template(
        "cases/list_cases.html",
        form=form,
        page=page,
        view=view,
        status=status,
        views=list(CaseListView),
    )


@bp.route("/export.csv")
@requires(Permission.USE_SYSTEM)
def export_cases():
    """The case list as CSV, with the tab and status chosen on screen: only cases the user may see."""
    actor, form = acting_user(), CaseListForm(request.args)
    view, status = form.chosen_view(), form.chosen_status()
    record_export(actor, "cases", f"view {view.value}, status {status.value}")
    rows = case_export_rows(actor, view, status)
    return csv_download(f"cases-{view.value}-{status.value}-{date.today():%Y-%m-%d}.csv", CASE_EXPORT_COLUMNS, rows)


@bp.route("/new", methods=["GET", "POST"])
@requires(Permission.USE_SYSTEM)
def open_case():
    actor = acting_user()
    form = OpenCaseForm()
    if request.method == "GET":
        incidents = _incidents_from_query_string(actor)
        for incident in incidents:
            form.incident_ids.append_entry(str(incident.id))
    else:
        incidents = incidents_for_new_case(actor, form.chosen_incident_ids())
    _offer_choices(form, actor, incidents)
    if form.validate_on_submit():
        try:
            case = case_services.open_case(actor, _case_input(form), form.sharing.to_sharing())
        except ValidationFailed as failure:
            attach_errors(form, failure, OPEN_CASE_ALIASES)
        else:
            flash(f"Case {case.reference} opened", "success")
            return redirect(url_for("cases.view_case", case_id=case.id))
    return render_template("cases/open_case.html", form=form, incidents=incidents)


def _offer_choices(form: OpenCaseForm, actor: User, incidents: list) -> None:
    """Fill the user-dependent choices; on first showing, the actor leads and everyone in the incidents is ticked."""
    form.sharing.offer_choices(actor)
    form.lead_officer_id.choices = [(str(user.id), user.full_name) for user in lead_officer_choices(actor)]
    people = people_in_incidents(actor, [incident.id for incident in incidents])
    form.people.choices = [
        (person_choice(person.id, role), f"{person.display_name} ({role.label.lower()})") for person, role in people
    ]
    if request.method == "GET":
        form.lead_officer_id.data = str(actor.id)
        form.people.data = [value for value, _ in form.people.choices]


def _incidents_from_query_string(actor: User) -> list:
    """The incident the case starts from (`?incident_id=`); one the user may not see is a 404."""
    value = request.args.get("incident_id")
    if not value:
        return []
    try:
        incident_id = uuid.UUID(value)
    except ValueError:
        abort(404)
    incidents = incidents_for_new_case(actor, [incident_id])
    if not incidents:
        abort(404)
    return incidents


def _case_input(form: OpenCaseForm) -> CaseInput:
    return CaseInput(
        title=form.title.data,
        summary=form.summary.data or None,
        risk_level=RiskLevel(form.risk_level.data),
        lead_officer_id=uuid.UUID(form.lead_officer_id.data),
        incident_ids=form.chosen_incident_ids(),
        people=form.chosen_people(),
    )


@bp.route("/<uuid:case_id>")
@requires(Permission.USE_SYSTEM)
def view_case(case_id: uuid.UUID):
    actor = acting_user()
    page = case_page(actor, case_id)
    if (asked := ask_reason_first(actor, RecordKind.CASE, page.case)) is not None:
        return asked
    record_view(actor, RecordKind.CASE, page.case)
    return render_template(
        "cases/view_case.html",
        page=page,
        today=date.today(),
        may_view_history=policy.may_view_record_history(actor, page.case),
        may_change_sharing=policy.owns_record(actor, page.case),
        edit_lease=lease_held_by_other(actor, RecordKind.CASE, page.case.id),
    )


@bp.route("/<uuid:case_id>/edit", methods=["GET", "POST"])
@requires(Permission.USE_SYSTEM)
def edit_case(case_id: uuid.UUID):
    actor = acting_user()
    case = policy.find_visible_case(actor, case_id)
    if (asked := ask_reason_first(actor, RecordKind.CASE, case, edit=True)) is not None:
        return asked
    lease = lease_for_edit_page(actor, RecordKind.CASE, case.id, opening=request.method == "GET")
    form = EditCaseForm()
    form.lead_officer_id.choices = [(str(user.id), user.full_name) for user in lead_officer_choices(actor)]
    if case.lead_officer is not None and case.lead_officer_id not in {
        uuid.UUID(value) for value, _ in form.lead_officer_id.choices
    }:
        # A lead officer from another organisation (or since disabled) stays choosable until replaced.
        form.lead_officer_id.choices.insert(0, (str(case.lead_officer.id), case.lead_officer.full_name))
    if request.method == "GET":
        form.version.data = str(case.version)
        form.title.data, form.summary.data = case.title, case.summary
        form.risk_level.data = case.risk_level.value
        form.lead_officer_id.data = str(case.lead_officer_id) if case.lead_officer_id else None
    if form.validate_on_submit():
        lead_officer_id = uuid.UUID(form.lead_officer_id.data)
        changes = CaseChanges(
            title=form.title.data,
            summary=form.summary.data or None,
            risk_level=RiskLevel(form.risk_level.data),
            # None keeps the current lead, who may be outside the editor's organisation (a partner editing).
            lead_officer_id=None if lead_officer_id == case.lead_officer_id else lead_officer_id,
        )
        try:
            case_services.update_case(actor, case.id, submitted_version(form.version.data), changes)
        except ValidationFailed as failure:
            attach_errors(form, failure)
        else:
            flash(f"Case {case.reference} saved", "success")
            return redirect(url_for("cases.view_case", case_id=case.id))
    return render_template("cases/edit_case.html", form=form, case=case, edit_lease=lease)


@bp.route("/<uuid:case_id>/history")
@requires(Permission.USE_SYSTEM)
def case_history(case_id: uuid.UUID):
    return render_history(RecordKind.CASE, case_id, "cases/case_history.html")


from casemgmt.incidents import case_action_views  # noqa: E402, F401  (registers the remaining case pages on bp)
