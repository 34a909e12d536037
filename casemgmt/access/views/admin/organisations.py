"""Administering organisations and their teams (partnership administrators)."""

import uuid

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import func, select

from casemgmt.access.forms import OrganisationForm, TeamForm
from casemgmt.access.models import Organisation, OrganisationKind, User
from casemgmt.access.permissions import Permission, acting_user, requires
from casemgmt.access.services import AdminError, create_organisation, create_team, update_organisation
from casemgmt.access.views.admin import attach_admin_error, bp
from casemgmt.extensions import db


def _organisation_or_404(organisation_id: uuid.UUID) -> Organisation:
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        abort(404)
    return organisation


@bp.route("/organisations")
@requires(Permission.MANAGE_ORGANISATIONS)
def list_organisations():
    organisations = db.session.scalars(select(Organisation).order_by(Organisation.kind, Organisation.name)).all()
    return render_template("admin/list_organisations.html", organisations=organisations)


@bp.route("/organisations/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_ORGANISATIONS)
def add_organisation():
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            organisation = create_organisation(
                acting_user(),
                form.code.data,
                form.name.data,
                OrganisationKind(form.kind.data),
                form.district_code.data,
            )
        except AdminError as error:
            attach_admin_error(form, error)
        else:
            flash(f"{organisation.name} has been added. Add its teams next.", "success")
            return redirect(url_for("admin.view_organisation", organisation_id=organisation.id))
    return render_template("admin/add_organisation.html", form=form)


@bp.route("/organisations/<uuid:organisation_id>", methods=["GET", "POST"])
@requires(Permission.MANAGE_ORGANISATIONS)
def view_organisation(organisation_id: uuid.UUID):
    organisation = _organisation_or_404(organisation_id)
    team_form = TeamForm()
    if team_form.validate_on_submit():
        try:
            team = create_team(acting_user(), organisation, team_form.name.data)
        except AdminError as error:
            attach_admin_error(team_form, error)
        else:
            flash(f"Team {team.name} has been added.", "success")
            return redirect(url_for("admin.view_organisation", organisation_id=organisation.id))
    user_count = db.session.scalar(select(func.count(User.id)).where(User.organisation_id == organisation.id))
    return render_template(
        "admin/view_organisation.html", organisation=organisation, team_form=team_form, user_count=user_count
    )


@bp.route("/organisations/<uuid:organisation_id>/edit", methods=["GET", "POST"])
@requires(Permission.MANAGE_ORGANISATIONS)
def edit_organisation(organisation_id: uuid.UUID):
    organisation = _organisation_or_404(organisation_id)
    form = OrganisationForm(obj=organisation)
    if request.method == "GET":
        form.kind.data = organisation.kind.value
    form.code.data = organisation.code  # the code is fixed once issued
    if form.validate_on_submit():
        update_organisation(
            acting_user(),
            organisation,
            form.name.data,
            OrganisationKind(form.kind.data),
            form.district_code.data,
            form.is_active.data,
        )
        flash(f"{organisation.name} has been saved.", "success")
        return redirect(url_for("admin.view_organisation", organisation_id=organisation.id))
    return render_template("admin/edit_organisation.html", form=form, organisation=organisation)
