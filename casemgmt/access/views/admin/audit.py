"""Searching and downloading the partnership's audit trail (partnership administrators)."""

from datetime import date

from flask import render_template, request

from casemgmt.access.permissions import Permission, acting_user, requires
from casemgmt.access.views.admin import bp
from casemgmt.audit.forms import AuditSearchForm
from casemgmt.audit.queries import EXPORT_COLUMNS, export_audit_events, search_audit_events
from casemgmt.audit.services import record_export
from casemgmt.csv_export import csv_download


@bp.route("/audit")
@requires(Permission.VIEW_AUDIT_TRAIL)
def search_audit_trail():
    form = AuditSearchForm(request.args)
    page = None
    if form.validate():
        page = search_audit_events(acting_user(), form.filters(), request.args.get("page", type=int))
    return render_template("admin/search_audit_trail.html", form=form, page=page)


@bp.route("/audit/export.csv")
@requires(Permission.VIEW_AUDIT_TRAIL)
def export_audit_trail():
    form = AuditSearchForm(request.args)
    if not form.validate():
        return render_template("admin/search_audit_trail.html", form=form, page=None), 400
    actor, filters = acting_user(), form.filters()
    record_export(actor, "audit_events", filters.describe())
    rows = export_audit_events(actor, filters)
    return csv_download(f"audit-trail-{date.today():%Y-%m-%d}.csv", EXPORT_COLUMNS, rows)
