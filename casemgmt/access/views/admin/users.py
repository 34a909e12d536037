"""Administering users: list and search, add, edit, vetting, password reset, disable and enable."""

import uuid

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import func, or_
from sqlalchemy.orm.exc import StaleDataError

from casemgmt.access import policy
from casemgmt.access.forms import UserForm, UserSearchForm, VettingForm
from casemgmt.access.models import Role, User
from casemgmt.access.permissions import Permission, acting_user, requires
from casemgmt.access.services import (
    AdminError,
    UserDetails,
    create_user,
    record_vetting,
    reset_password,
    set_user_disabled,
    update_user,
)
from casemgmt.access.views.admin import attach_admin_error, bp
from casemgmt.extensions import db
from casemgmt.form_fields import submitted_version
from casemgmt.pagination import paginate


def _manageable_user_or_404(user_id: uuid.UUID) -> User:
    user = db.session.scalar(policy.manageable_users(acting_user()).where(User.id == user_id))
    if user is None:
        abort(404)
    return user


@bp.route("/users")
@requires(Permission.MANAGE_USERS)
def list_users():
    form = UserSearchForm(request.args)
    query = policy.manageable_users(acting_user())
    term = (form.q.data or "").strip() if form.validate() else ""
    if term:
        like = f"%{term.lower()}%"
        conditions = [func.lower(User.full_name).like(like), func.lower(User.email).like(like)]
        if any(ch.isdigit() for ch in term):
            conditions.append(User.phone_index == User.phone.lookup_hash(User, term))
        query = query.where(or_(*conditions))
    page = paginate(query, request.args.get("page", type=int), current_app.config["PAGE_SIZE"])
    return render_template("admin/list_users.html", form=form, page=page, term=term)


@bp.route("/users/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_USERS)
def add_user():
    form = _user_form()
    if form.validate_on_submit():
        try:
            user, password = create_user(acting_user(), _details(form, uuid.UUID(form.organisation_id.data)))
        except AdminError as error:
            attach_admin_error(form, error)
        else:
            return render_template("admin/user_added.html", user=user, password=password)
    return render_template("admin/add_user.html", form=form)


@bp.route("/users/<uuid:user_id>")
@requires(Permission.MANAGE_USERS)
def view_user(user_id: uuid.UUID):
    user = _manageable_user_or_404(user_id)
    return render_template("admin/view_user.html", user=user)


@bp.route("/users/<uuid:user_id>/edit", methods=["GET", "POST"])
@requires(Permission.MANAGE_USERS)
def edit_user(user_id: uuid.UUID):
    user = _manageable_user_or_404(user_id)
    form = _user_form(obj=user)
    del form.organisation_id  # a user stays in their organisation; moving agencies is a new account
    if request.method == "GET":
        form.role.data = user.role.value
        form.team_ids.data = [str(team.id) for team in user.teams]
    if form.validate_on_submit():
        try:
            update_user(acting_user(), user, _details(form, user.organisation_id), submitted_version(form.version.data))
        except StaleDataError:
            db.session.rollback()
            db.session.refresh(user)
            return render_template("admin/edit_conflict.html", user=user), 409
        except AdminError as error:
            attach_admin_error(form, error)
        else:
            flash(f"{user.full_name}'s details have been saved.", "success")
            return redirect(url_for("admin.view_user", user_id=user.id))
    return render_template("admin/edit_user.html", form=form, user=user)


@bp.route("/users/<uuid:user_id>/vetting", methods=["GET", "POST"])
@requires(Permission.MANAGE_USERS)
def record_user_vetting(user_id: uuid.UUID):
    user = _manageable_user_or_404(user_id)
    if user.organisation.is_police:
        abort(404)
    form = VettingForm()
    if request.method == "GET":
        form.level.data = str(user.vetting_level) if user.vetting_level else "none"
        form.expires_on.data = user.vetting_expires_on
    if form.validate_on_submit():
        level = None if form.level.data == "none" else int(form.level.data)
        try:
            record_vetting(acting_user(), user, level, form.expires_on.data)
        except AdminError as error:
            attach_admin_error(form, error)
        else:
            flash(f"Vetting for {user.full_name} has been recorded.", "success")
            return redirect(url_for("admin.view_user", user_id=user.id))
    return render_template("admin/record_user_vetting.html", form=form, user=user)


@bp.route("/users/<uuid:user_id>/disable", methods=["POST"])
@requires(Permission.MANAGE_USERS)
def disable_user(user_id: uuid.UUID):
    return _set_disabled(user_id, True, "{name} has been disabled and signed out everywhere.")


@bp.route("/users/<uuid:user_id>/enable", methods=["POST"])
@requires(Permission.MANAGE_USERS)
def enable_user(user_id: uuid.UUID):
    return _set_disabled(user_id, False, "{name} can sign in again.")


@bp.route("/users/<uuid:user_id>/reset-password", methods=["POST"])
@requires(Permission.MANAGE_USERS)
def reset_user_password(user_id: uuid.UUID):
    user = _manageable_user_or_404(user_id)
    password = reset_password(acting_user(), user)
    return render_template("admin/user_added.html", user=user, password=password, reset=True)


def _set_disabled(user_id: uuid.UUID, disabled: bool, message: str):
    user = _manageable_user_or_404(user_id)
    try:
        set_user_disabled(acting_user(), user, disabled)
    except AdminError as error:
        flash(str(error), "error")
    else:
        flash(message.format(name=user.full_name), "success")
    return redirect(url_for("admin.view_user", user_id=user.id))


def _user_form(obj: User | None = None) -> UserForm:
    actor = acting_user()
    form = UserForm(obj=obj)
    organisations = list(db.session.scalars(policy.manageable_organisations(actor)))
    form.organisation_id.choices = [("", "Choose an organisation")] + [(str(o.id), o.name) for o in organisations]
    form.role.choices = [(role.value, role.label) for role in policy.assignable_roles(actor)]
    form.team_ids.choices = [(str(team.id), f"{team.name} ({org.name})") for org in organisations for team in org.teams]
    return form


def _details(form: UserForm, organisation_id: uuid.UUID) -> UserDetails:
    return UserDetails(
        email=form.email.data,
        full_name=form.full_name.data,
        role=Role(form.role.data),
        organisation_id=organisation_id,
        team_ids=[uuid.UUID(value) for value in form.team_ids.data or []],
        phone=form.phone.data or None,
    )
