"""Forms for sign-in, the account pages and administration."""

from datetime import date

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovPasswordInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    HiddenField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional, Regexp, ValidationError

from casemgmt.access.models import OrganisationKind, Role
from casemgmt.form_fields import DayMonthYearField

EMAIL_MESSAGE = "Enter an email address in the correct format, like name@example.org"


class SignInForm(FlaskForm):
    email = StringField(
        "Email address",
        widget=GovTextInput(),
        validators=[DataRequired("Enter your email address"), Length(max=254, message="Email address is too long")],
    )
    password = PasswordField(
        "Password",
        widget=GovPasswordInput(),
        validators=[DataRequired("Enter your password"), Length(max=256, message="Password is too long")],
    )
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class CodeForm(FlaskForm):
    code = StringField(
        "Security code",
        widget=GovTextInput(),
        validators=[DataRequired("Enter the security code"), Length(max=32, message="Security code is too long")],
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        "Current password", widget=GovPasswordInput(), validators=[DataRequired("Enter your current password")]
    )
    new_password = PasswordField(
        "New password", widget=GovPasswordInput(), validators=[DataRequired("Enter a new password")]
    )
    confirm_password = PasswordField(
        "Confirm new password", widget=GovPasswordInput(), validators=[DataRequired("Confirm your new password")]
    )
    submit = SubmitField("Change password", widget=GovSubmitInput())

    def validate_confirm_password(self, field):
        if field.data != self.new_password.data:
            raise ValidationError("The passwords do not match")


class UserForm(FlaskForm):
    version = HiddenField()
    full_name = StringField(
        "Full name",
        widget=GovTextInput(),
        validators=[
            DataRequired("Enter the user's full name"),
            Length(max=200, message="Name must be 200 characters or fewer"),
        ],
    )
    email = StringField(
        "Email address",
        widget=GovTextInput(),
        validators=[
            DataRequired("Enter the user's email address"),
            Length(max=254, message="Email address must be 254 characters or fewer"),
            Email(EMAIL_MESSAGE, check_deliverability=False),
        ],
    )
    phone = StringField(
        "Phone number (optional)",
        widget=GovTextInput(),
        validators=[
            Optional(),
            Length(max=30, message="Phone number must be 30 characters or fewer"),
            Regexp(r"^[0-9 +()-]+$", message="Enter a phone number using digits, spaces, brackets, + or -"),
        ],
    )
    organisation_id = SelectField(
        "Organisation", widget=GovSelect(), validators=[InputRequired("Choose an organisation")]
    )
    role = RadioField(
        "Role",
        widget=GovRadioInput(),
        choices=[(r.value, r.label) for r in Role],
        validators=[InputRequired("Choose a role")],
    )
    team_ids = SelectMultipleField("Teams", widget=GovCheckboxesInput(), choices=[], validate_choice=True)
    submit = SubmitField("Save user", widget=GovSubmitInput())


class VettingForm(FlaskForm):
    level = RadioField(
        "NPPV level",
        widget=GovRadioInput(),
        choices=[("none", "Not vetted"), ("1", "NPPV level 1"), ("2", "NPPV level 2"), ("3", "NPPV level 3")],
        validators=[InputRequired("Choose the vetting level")],
    )
    expires_on = DayMonthYearField("Vetting expires on", validators=[Optional()])
    submit = SubmitField("Save vetting", widget=GovSubmitInput())

    def validate_expires_on(self, field):
        if self.level.data != "none" and field.data is None:
            raise ValidationError("Enter the date the vetting expires, for example 31 3 2027")
        if field.data is not None and field.data < date(2000, 1, 1):
            raise ValidationError("The expiry date must be a real date after 2000")


class OrganisationForm(FlaskForm):
    code = StringField(
        "Short code",
        widget=GovTextInput(),
        validators=[
            DataRequired("Enter a short code"),
            Regexp(r"^[a-z0-9-]{2,32}$", message="Short code must be 2 to 32 lower-case letters, digits or hyphens"),
        ],
    )
    name = StringField(
        "Name",
        widget=GovTextInput(),
        validators=[
            DataRequired("Enter the organisation's name"),
            Length(max=200, message="Name must be 200 characters or fewer"),
        ],
    )
    kind = RadioField(
        "Kind of organisation",
        widget=GovRadioInput(),
        choices=[(k.value, k.label) for k in OrganisationKind],
        validators=[InputRequired("Choose the kind of organisation")],
    )
    district_code = StringField(
        "District code (optional)",
        widget=GovTextInput(),
        validators=[Optional(), Regexp(r"^E0[6-9]\d{6}$", message="Enter an ONS district code like E07000130")],
    )
    is_active = BooleanField("Active", default=True)
    submit = SubmitField("Save organisation", widget=GovSubmitInput())


class TeamForm(FlaskForm):
    name = StringField(
        "Team name",
        widget=GovTextInput(),
        validators=[
            DataRequired("Enter the team's name"),
            Length(max=200, message="Name must be 200 characters or fewer"),
        ],
    )
    submit = SubmitField("Add team", widget=GovSubmitInput())


class UserSearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField("Search by name, email or phone", widget=GovTextInput(), validators=[Optional(), Length(max=200)])
