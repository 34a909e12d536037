"""The "who may see this?" question on every create form, and turning its answer into a Sharing."""

import uuid

from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovRadioInput, GovSelect, GovTextInput
from sqlalchemy import select
from wtforms import Form, RadioField, SelectField, SelectMultipleField, StringField
from wtforms.validators import Optional

from casemgmt.access.lawful_basis import lawful_basis_detail_field, lawful_basis_field
from casemgmt.access.models import Organisation, User
from casemgmt.access.sharing import Sharing, SharingScope
from casemgmt.access.sharing_services import resolve_partners
from casemgmt.extensions import db
from casemgmt.service_errors import ValidationFailed


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
        others = db.session.scalars(
            select(Organisation)
            .where(Organisation.is_active.is_(True), Organisation.id != actor.organisation_id)
            .order_by(Organisation.name)
        )
        self.organisations.choices = [(organisation.code, organisation.name) for organisation in others]

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
