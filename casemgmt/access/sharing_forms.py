"""The "who may see this?" question on every create form, and turning its answer into a Sharing; and the
owners' sharing page, to change it later."""

import uuid

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovRadioInput, GovSelect, GovTextArea, GovTextInput
from sqlalchemy import select
from wtforms import Form, HiddenField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from casemgmt.access.lawful_basis import lawful_basis_detail_field, lawful_basis_field
from casemgmt.access.models import Organisation, User
from casemgmt.access.sharing import Sharing, SharingScope
from casemgmt.access.sharing_changes import SharingChange
from casemgmt.access.sharing_queries import GrantShown
from casemgmt.access.sharing_services import resolve_partners
from casemgmt.extensions import db
from casemgmt.form_fields import DayMonthYearField, uuid_or_none
from casemgmt.service_errors import ValidationFailed


def partner_organisation_choices(actor: User) -> list[tuple[str, str]]:
    """Every active organisation other than the actor's, as (code, name)."""
    others = db.session.scalars(
        select(Organisation)
        .where(Organisation.is_active.is_(True), Organisation.id != actor.organisation_id)
        .order_by(Organisation.name)
    )
    return [(organisation.code, organisation.name) for organisation in others]


class SharingForm(Form):
    """Used as a FormField (prefix `sharing-`); the default is the creator's team only."""

    scope = RadioField(
        "Who may see this record?",
        choices=[(scope.value, scope.label) for scope in SharingScope],
        default=SharingScope.TEAM.value,
        widget=GovRadioInput(),
        validators=[Optional()],
    )
    owner_team = SelectField(
        "Owning team", choices=[], widget=GovSelect(), validators=[Optional()], validate_choice=False
    )
    organisations = SelectMultipleField(
        "Partner organisations", choices=[], widget=GovCheckboxesInput(), validators=[Optional()], validate_choice=False
    )
    users = StringField(
        "Named users (email addresses, separated by commas)", widget=GovTextInput(), validators=[Optional()]
    )
    # Asked on forms that create people: needed when a person is shared with another organisation.
    lawful_basis = lawful_basis_field()
    lawful_basis_detail = lawful_basis_detail_field()

    def offer_choices(self, actor: User) -> None:
        """Fill the choices for this actor: their own teams, and every other active organisation."""
        self.owner_team.choices = [(str(team.id), team.name) for team in actor.teams]
        self.organisations.choices = partner_organisation_choices(actor)

    def to_sharing(self) -> Sharing:
        """Raises ValidationFailed (fields `sharing.*`) for unknown organisations or users."""
        scope = SharingScope(self.scope.data or SharingScope.TEAM.value)
        emails = [email.strip() for email in (self.users.data or "").split(",") if email.strip()]
        sharing = resolve_partners(scope, list(self.organisations.data or []), [], emails)
        sharing.lawful_basis, sharing.lawful_basis_detail = self.lawful_basis.data, self.lawful_basis_detail.data
        try:
            sharing.owner_team_id = uuid.UUID(self.owner_team.data) if self.owner_team.data else None
        except ValueError:
            raise ValidationFailed({"sharing.owner_team": "Choose one of your own teams to own the record"}) from None
        return sharing


class ChangeSharingForm(FlaskForm):
    """The owners' sharing page: the scope, partners to add (and until when), grants to revoke, and why."""

    version = HiddenField()
    scope = RadioField(
        "Who may see this record?",
        choices=[(scope.value, scope.label) for scope in SharingScope],
        widget=GovRadioInput(),
        validators=[InputRequired("Choose who may see this record")],
    )
    organisations = SelectMultipleField(
        "Partner organisations", choices=[], widget=GovCheckboxesInput(), validators=[Optional()], validate_choice=False
    )
    teams = SelectMultipleField(
        "Teams", choices=[], widget=GovCheckboxesInput(), validators=[Optional()], validate_choice=False
    )
    users = StringField(
        "Named users (email addresses, separated by commas)", widget=GovTextInput(), validators=[Optional()]
    )
    expires_on = DayMonthYearField("Until (optional)")
    lawful_basis = lawful_basis_field()
    lawful_basis_detail = lawful_basis_detail_field()
    revoke = SelectMultipleField(
        "Revoke access", choices=[], widget=GovCheckboxesInput(), validators=[Optional()], validate_choice=False
    )
    reason = TextAreaField(
        "Why are you changing who may see this record?",
        widget=GovTextArea(),
        validators=[Length(max=1000, message="The reason must be 1000 characters or fewer")],
    )

    def fill_from(self, record) -> None:
        self.version.data, self.scope.data = str(record.version), record.sharing_scope.value

    def offer_choices(self, actor: User, grants: list[GrantShown], teams: list[tuple[uuid.UUID, str]]) -> None:
        """Every other active organisation, the teams given, and each live grant to revoke."""
        self.organisations.choices = partner_organisation_choices(actor)
        self.teams.choices = [(str(team_id), name) for team_id, name in teams]
        self.revoke.choices = [(str(grant.id), grant.grantee) for grant in grants]

    def to_change(self) -> SharingChange:
        """Raises ValidationFailed (fields `sharing.*`, see SHARING_PAGE_ALIASES) for unknown partners."""
        emails = [email.strip() for email in (self.users.data or "").split(",") if email.strip()]
        named = (list(self.organisations.data or []), list(self.teams.data or []), emails)
        partners = resolve_partners(SharingScope.PARTNERS, *named) if any(named) else Sharing()
        partners.lawful_basis, partners.lawful_basis_detail = self.lawful_basis.data, self.lawful_basis_detail.data
        return SharingChange(
            scope=SharingScope(self.scope.data),
            reason=self.reason.data or "",
            partners=partners,
            expires_on=self.expires_on.data,
            revoke_grant_ids=[grant_id for grant_id in map(uuid_or_none, self.revoke.data or []) if grant_id],
        )


# Field names in the sharing services' errors that differ from the sharing page's.
SHARING_PAGE_ALIASES = {
    "sharing.organisations": "organisations",
    "sharing.teams": "teams",
    "sharing.users": "users",
    "sharing.lawful_basis": "lawful_basis",
    "sharing.lawful_basis_detail": "lawful_basis_detail",
}
