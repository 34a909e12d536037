"""Forms for the case pages. Choices that depend on the user are filled in by the views."""

import uuid
from datetime import date

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    FieldList,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional, ValidationError

from casemgmt.access.models import User
from casemgmt.access.sharing_forms import SharingForm
from casemgmt.form_fields import DayMonthYearField, uuid_or_none
from casemgmt.incidents.case_models import CaseOutcome, RiskLevel
from casemgmt.incidents.case_queries import CaseListView, StatusFilter, officer_by_email
from casemgmt.incidents.models import IncidentRole
from casemgmt.incidents.services import PersonLink

TITLE_VALIDATORS = [
    DataRequired("Give the case a short title, such as the street and the problem"),
    Length(max=200, message="The title must be 200 characters or fewer"),
]
SUMMARY_VALIDATORS = [Optional(), Length(max=10000, message="The summary must be 10,000 characters or fewer")]
RISK_CHOICES = [(level.value, level.label) for level in RiskLevel]


def person_choice(person_id: uuid.UUID, role: IncidentRole) -> str:
    return f"{person_id}:{role.value}"


class CaseListForm(FlaskForm):
    """The case list's tab and status filter, read from the query string."""

    class Meta:
        csrf = False

    view = RadioField(
        "Cases", choices=[(view.value, view.label) for view in CaseListView], default=CaseListView.LEAD.value
    )
    status = RadioField(
        "Status",
        choices=[(status.value, status.label) for status in StatusFilter],
        default=StatusFilter.OPEN.value,
        widget=GovRadioInput(),
    )

    def chosen_view(self) -> CaseListView:
        return CaseListView(self.view.data) if self.view.data in set(CaseListView) else CaseListView.LEAD

    def chosen_status(self) -> StatusFilter:
        return StatusFilter(self.status.data) if self.status.data in set(StatusFilter) else StatusFilter.OPEN


class OpenCaseForm(FlaskForm):
    title = StringField("Case title", widget=GovTextInput(), validators=TITLE_VALIDATORS)
    summary = TextAreaField("Summary (optional)", widget=GovTextArea(), validators=SUMMARY_VALIDATORS)
    risk_level = RadioField(
        "Risk level",
        choices=RISK_CHOICES,
        default=RiskLevel.STANDARD.value,
        widget=GovRadioInput(),
        validators=[InputRequired("Choose the risk level")],
    )
    lead_officer_id = SelectField(
        "Lead officer", choices=[], widget=GovSelect(), validators=[InputRequired("Choose the lead officer")]
    )
    incident_ids = FieldList(HiddenField())
    people = SelectMultipleField("People in the case", choices=[], widget=GovCheckboxesInput(), validators=[Optional()])
    sharing = FormField(SharingForm)
    submit = SubmitField("Open case", widget=GovSubmitInput())

    def chosen_incident_ids(self) -> list[uuid.UUID]:
        return [incident_id for entry in self.incident_ids if (incident_id := uuid_or_none(entry.data))]

    def chosen_people(self) -> list[PersonLink]:
        links = []
        for value in self.people.data or []:
            person_id, _, role = value.partition(":")
            links.append(PersonLink(uuid.UUID(person_id), IncidentRole(role)))
        return links


class EditCaseForm(FlaskForm):
    version = HiddenField()
    title = StringField("Case title", widget=GovTextInput(), validators=TITLE_VALIDATORS)
    summary = TextAreaField("Summary (optional)", widget=GovTextArea(), validators=SUMMARY_VALIDATORS)
    risk_level = RadioField(
        "Risk level", choices=RISK_CHOICES, widget=GovRadioInput(), validators=[InputRequired("Choose the risk level")]
    )
    lead_officer_id = SelectField(
        "Lead officer", choices=[], widget=GovSelect(), validators=[InputRequired("Choose the lead officer")]
    )
    submit = SubmitField("Save changes", widget=GovSubmitInput())


class SearchForm(FlaskForm):
    """The search box on the add-incident and add-person pages (a GET form)."""

    class Meta:
        csrf = False

    q = StringField("Search", widget=GovTextInput(), validators=[Optional(), Length(max=200)])


class AddIncidentForm(FlaskForm):
    q = HiddenField()
    incident_id = RadioField(
        "Which incident?",
        choices=[],
        widget=GovRadioInput(),
        validate_choice=False,
        validators=[InputRequired("Choose the incident to add")],
    )
    submit = SubmitField("Add incident to case", widget=GovSubmitInput())

    def chosen_incident_id(self) -> uuid.UUID | None:
        return uuid_or_none(self.incident_id.data)

    def validate_incident_id(self, field):
        if uuid_or_none(field.data) is None:
            raise ValidationError("Choose the incident to add")


class AddPersonForm(FlaskForm):
    q = HiddenField()
    person_id = RadioField(
        "Which person?",
        choices=[],
        widget=GovRadioInput(),
        validate_choice=False,
        validators=[InputRequired("Choose the person to add")],
    )
    role = RadioField(
        "Their part in the case",
        choices=[(role.value, role.label) for role in IncidentRole],
        widget=GovRadioInput(),
        validators=[InputRequired("Choose their part in the case")],
    )
    submit = SubmitField("Add person to case", widget=GovSubmitInput())

    def __init__(self, *args, already_in_case: set[tuple[uuid.UUID, IncidentRole]] = frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.already_in_case = already_in_case

    def chosen_link(self) -> PersonLink:
        return PersonLink(uuid_or_none(self.person_id.data), IncidentRole(self.role.data))

    def validate_person_id(self, field):
        if uuid_or_none(field.data) is None:
            raise ValidationError("Choose the person to add")

    def validate_role(self, field):
        person_id = uuid_or_none(self.person_id.data)
        if (
            person_id
            and field.data in set(IncidentRole)
            and (person_id, IncidentRole(field.data)) in self.already_in_case
        ):
            raise ValidationError(f"They are already in this case as {IncidentRole(field.data).label.lower()}")


class AddActionForm(FlaskForm):
    description = TextAreaField(
        "What needs to be done",
        widget=GovTextArea(),
        validators=[DataRequired("Describe the action"), Length(max=500, message="Keep it to 500 characters or fewer")],
    )
    owner_organisation_id = SelectField(
        "Organisation responsible",
        choices=[],
        widget=GovSelect(),
        description="If the organisation cannot see this case yet, adding the action shares the case with it.",
        validators=[InputRequired("Choose the organisation responsible")],
    )
    owner_email = StringField(
        "Officer responsible (optional)",
        widget=GovTextInput(),
        description="Their work email address. Leave blank to give the action to the organisation as a whole.",
        validators=[
            Optional(),
            Length(max=254, message="Email address must be 254 characters or fewer"),
            Email("Enter an email address in the correct format, like name@example.org", check_deliverability=False),
        ],
    )
    due_on = DayMonthYearField("Due date", validators=[InputRequired("Enter the date the action is due")])
    submit = SubmitField("Add action", widget=GovSubmitInput())

    owner_user: User | None = None

    def chosen_organisation_id(self) -> uuid.UUID | None:
        return uuid_or_none(self.owner_organisation_id.data)

    def validate_owner_email(self, field):
        organisation_id = self.chosen_organisation_id()
        if not field.data or organisation_id is None:
            return
        self.owner_user = officer_by_email(organisation_id, field.data)
        if self.owner_user is None:
            raise ValidationError("No active officer of that organisation has this email address")

    def validate_due_on(self, field):
        if field.data is not None and not date(2000, 1, 1) <= field.data <= date(2100, 12, 31):
            raise ValidationError("Enter a real due date, for example 31 3 2027")


class VersionForm(FlaskForm):
    """A POST button that acts on what the user saw: marking an action done, reopening a case."""

    version = HiddenField()


class AddNoteForm(FlaskForm):
    note = TextAreaField(
        "Note",
        widget=GovTextArea(),
        validators=[
            DataRequired("Enter the note"),
            Length(max=10000, message="The note must be 10,000 characters or fewer"),
        ],
    )
    submit = SubmitField("Add note", widget=GovSubmitInput())


class CloseCaseForm(FlaskForm):
    version = HiddenField()
    outcome = RadioField(
        "What was the outcome?",
        choices=[(outcome.value, outcome.label) for outcome in CaseOutcome],
        widget=GovRadioInput(),
        validators=[InputRequired("Choose the outcome of the case")],
    )
    closing_note = TextAreaField(
        "Closing note (optional)",
        widget=GovTextArea(),
        validators=[Optional(), Length(max=10000, message="The note must be 10,000 characters or fewer")],
    )
    submit = SubmitField("Close case", widget=GovSubmitInput())
