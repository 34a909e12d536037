"""Forms for the incident pages: editing an incident, adding a person to it, and the fields and checks
the edit form shares with the one-form incident log (see log_forms.py)."""

import re
from datetime import UTC, datetime, time

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, Optional, ValidationError

from casemgmt.clock import UK_TIME
from casemgmt.form_fields import DayMonthYearField, uuid_or_none
from casemgmt.incidents.models import IncidentRole, IncidentStatus
from casemgmt.incidents.services import IncidentChanges, PersonLink

ROLE_CHOICES = [(role.value, role.label) for role in IncidentRole]
TIME = re.compile(r"^([01]?[0-9]|2[0-3])[:.]([0-5][0-9])$")


def london_now() -> datetime:
    return datetime.now(UK_TIME)


def text_of(field) -> str:
    return (field.data or "").strip()


def length_limit(maximum: int, what: str) -> Length:
    return Length(max=maximum, message=f"{what} must be {maximum} characters or fewer")


def date_field() -> DayMonthYearField:
    return DayMonthYearField("Date", default=lambda: london_now().date())


def time_field() -> StringField:
    return StringField(
        "Time",
        widget=GovTextInput(),
        default=lambda: london_now().strftime("%H:%M"),
        validators=[length_limit(5, "Time")],
    )


def type_field() -> SelectField:
    # Rendered with one group of options per category (see templates/incidents/_fields.html).
    return SelectField("Type of incident", choices=[], validate_choice=False)


def hate_field() -> BooleanField:
    return BooleanField(
        "Hate-motivated: the victim or anyone else thinks it was motivated by hostility or prejudice",
        widget=GovCheckboxInput(),
    )


def description_field() -> TextAreaField:
    return TextAreaField("Description", widget=GovTextArea(), validators=[length_limit(20000, "Description")])


class WhenChecks:
    """Checks and reading of the date (three boxes) and time ("21:30") an incident happened, in UK time."""

    def validate_occurred_on(self, field):
        if field.data is None and not field.errors:
            raise ValidationError("Enter the date the incident happened")

    def validate_occurred_time(self, field):
        if not text_of(field):
            raise ValidationError("Enter the time the incident happened, like 21:30")
        if not TIME.match(text_of(field)):
            raise ValidationError("Enter the time as hours and minutes on the 24-hour clock, like 21:30")

    def occurred_at(self) -> datetime:
        """The local date and time as an aware UTC datetime (call after validation)."""
        hours, minutes = (int(part) for part in TIME.match(text_of(self.occurred_time)).groups())
        local = datetime.combine(self.occurred_on.data, time(hours, minutes), tzinfo=UK_TIME)
        return local.astimezone(UTC)


def role_from(value: str | None) -> IncidentRole:
    return IncidentRole(value) if value in IncidentRole._value2member_map_ else IncidentRole.VICTIM


class EditIncidentForm(WhenChecks, FlaskForm):
    version = HiddenField()
    occurred_on = date_field()
    occurred_time = time_field()
    incident_type = type_field()
    hate_motivated = hate_field()
    description = description_field()
    status = RadioField(
        "Status",
        choices=[(s.value, s.label) for s in IncidentStatus],
        widget=GovRadioInput(),
        validate_choice=False,
    )

    def validate_status(self, field):
        if field.data not in IncidentStatus._value2member_map_:
            raise ValidationError("Choose the status of the incident")

    def to_changes(self) -> IncidentChanges:
        return IncidentChanges(
            occurred_at=self.occurred_at(),
            type_code=self.incident_type.data or "",
            hate_motivated=bool(self.hate_motivated.data),
            narrative=self.description.data or "",
            status=IncidentStatus(self.status.data),
        )

    def fill_from(self, incident) -> None:
        local = incident.occurred_at.astimezone(UK_TIME)
        self.occurred_on.data, self.occurred_time.data = local.date(), local.strftime("%H:%M")
        self.incident_type.data = incident.incident_type.code
        self.hate_motivated.data = incident.hate_motivated
        self.description.data = incident.narrative or ""
        self.status.data = incident.status.value
        self.version.data = str(incident.version)


EDIT_ALIASES = {"occurred_at": "occurred_on", "type": "incident_type"}


class FindPersonForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField("Name, postcode, phone or email", widget=GovTextInput(), validators=[Optional(), Length(max=200)])


class LinkPersonForm(FlaskForm):
    person_id = HiddenField()
    role = SelectField("Role", choices=ROLE_CHOICES, default=IncidentRole.VICTIM.value, widget=GovSelect())

    def validate_person_id(self, field):
        if uuid_or_none(field.data) is None:
            raise ValidationError("Choose a person from the search results")

    def to_link(self) -> PersonLink:
        return PersonLink(uuid_or_none(self.person_id.data), role_from(self.role.data))
