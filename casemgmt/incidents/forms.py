"""Forms for the incident pages: logging an incident in one form, editing it, adding a person to it.

Logging works without JavaScript: buttons named `action` (find a person, add them, add or remove a row)
post the whole form back, which is shown again with everything typed kept; only "Save incident" saves.
"""

import re
import uuid
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovTextArea,
    GovTextInput,
)
from werkzeug.datastructures import MultiDict
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, Optional, ValidationError

from casemgmt.access.sharing_forms import SharingForm
from casemgmt.form_errors import attach_errors
from casemgmt.form_fields import DayMonthYearField
from casemgmt.incidents.models import Category, IncidentRole, IncidentStatus
from casemgmt.incidents.services import IncidentChanges, IncidentInput, LocationInput, NewPersonLink, PersonLink
from casemgmt.people.services import AddressInput, PersonInput, VehicleInput
from casemgmt.service_errors import ValidationFailed

LONDON = ZoneInfo("Europe/London")
ROLE_CHOICES = [(role.value, role.label) for role in IncidentRole]
TIME = re.compile(r"^([01]?[0-9]|2[0-3])[:.]([0-5][0-9])$")
MAX_LINKED_PEOPLE, MAX_NEW_PEOPLE, MAX_VEHICLES = 50, 20, 20


def london_now() -> datetime:
    return datetime.now(LONDON)


def _text(field) -> str:
    return (field.data or "").strip()


def _length(maximum: int, what: str) -> Length:
    return Length(max=maximum, message=f"{what} must be {maximum} characters or fewer")


def _date_field() -> DayMonthYearField:
    return DayMonthYearField("Date", default=lambda: london_now().date())


def _time_field() -> StringField:
    return StringField(
        "Time", widget=GovTextInput(), default=lambda: london_now().strftime("%H:%M"), validators=[_length(5, "Time")]
    )


def _type_field() -> SelectField:
    # Rendered with one group of options per category (see templates/incidents/_fields.html).
    return SelectField("Type of incident", choices=[], validate_choice=False)


def _hate_field() -> BooleanField:
    return BooleanField(
        "Hate-motivated: the victim or anyone else thinks it was motivated by hostility or prejudice",
        widget=GovCheckboxInput(),
    )


def _description_field() -> TextAreaField:
    return TextAreaField("Description", widget=GovTextArea(), validators=[_length(20000, "Description")])


class WhenChecks:
    """Checks and reading of the date (three boxes) and time ("21:30") an incident happened, in UK time."""

    def validate_occurred_on(self, field):
        if field.data is None and not field.errors:
            raise ValidationError("Enter the date the incident happened")

    def validate_occurred_time(self, field):
        if not _text(field):
            raise ValidationError("Enter the time the incident happened, like 21:30")
        if not TIME.match(_text(field)):
            raise ValidationError("Enter the time as hours and minutes on the 24-hour clock, like 21:30")

    def occurred_at(self) -> datetime:
        """The local date and time as an aware UTC datetime (call after validation)."""
        hours, minutes = (int(part) for part in TIME.match(_text(self.occurred_time)).groups())
        local = datetime.combine(self.occurred_on.data, time(hours, minutes), tzinfo=LONDON)
        return local.astimezone(UTC)


class LinkedPersonForm(Form):
    """A known person added to the incident: carried in hidden fields between re-renders."""

    person_id = HiddenField()
    role = HiddenField()


class NewPersonForm(Form):
    role = SelectField("Role", choices=ROLE_CHOICES, default=IncidentRole.VICTIM.value, widget=GovSelect())
    forename = StringField("First name", widget=GovTextInput(), validators=[_length(100, "First name")])
    surname = StringField("Last name", widget=GovTextInput(), validators=[_length(100, "Last name")])
    date_of_birth = DayMonthYearField("Date of birth (optional)")
    phone = StringField("Phone number (optional)", widget=GovTextInput(), validators=[_length(30, "Phone number")])
    email = StringField("Email address (optional)", widget=GovTextInput(), validators=[_length(254, "Email address")])
    address_line1 = StringField(
        "Address line 1 (optional)", widget=GovTextInput(), validators=[_length(200, "Address")]
    )
    postcode = StringField("Postcode (optional)", widget=GovTextInput(), validators=[_length(10, "Postcode")])

    def is_blank(self) -> bool:
        typed = [self.forename, self.surname, self.phone, self.email, self.address_line1, self.postcode]
        return not any(_text(field) for field in typed) and not any(self.date_of_birth.raw_data or [])

    def to_link(self) -> NewPersonLink:
        address = AddressInput(line1=_text(self.address_line1), postcode=_text(self.postcode))
        person = PersonInput(
            forename=_text(self.forename),
            surname=_text(self.surname),
            date_of_birth=self.date_of_birth.data,
            phone=_text(self.phone) or None,
            email=_text(self.email) or None,
            address=None if address.is_blank() else address,
        )
        return NewPersonLink(person, _role(self.role.data))


class VehicleForm(Form):
    registration = StringField("Registration", widget=GovTextInput(), validators=[_length(10, "Registration")])
    make = StringField("Make (optional)", widget=GovTextInput(), validators=[_length(60, "Make")])
    model = StringField("Model (optional)", widget=GovTextInput(), validators=[_length(60, "Model")])
    colour = StringField("Colour (optional)", widget=GovTextInput(), validators=[_length(40, "Colour")])

    def is_blank(self) -> bool:
        return not any(_text(field) for field in (self.registration, self.make, self.model, self.colour))

    def to_input(self) -> VehicleInput:
        return VehicleInput(
            registration=_text(self.registration),
            make=_text(self.make) or None,
            model=_text(self.model) or None,
            colour=_text(self.colour) or None,
        )


def _role(value: str | None) -> IncidentRole:
    return IncidentRole(value) if value in IncidentRole._value2member_map_ else IncidentRole.VICTIM


class LogIncidentForm(WhenChecks, FlaskForm):
    # Declared in page order, which is also the order of the error summary.
    category = RadioField(
        "Category", choices=[(c.value, c.label) for c in Category], widget=GovRadioInput(), validate_choice=False
    )
    incident_type = _type_field()
    occurred_on = _date_field()
    occurred_time = _time_field()
    address_line1 = StringField("Address line 1", widget=GovTextInput(), validators=[_length(200, "Address")])
    town = StringField("Town or village", widget=GovTextInput(), validators=[_length(100, "Town")])
    postcode = StringField("Postcode", widget=GovTextInput(), validators=[_length(10, "Postcode")])
    location_description = StringField(
        "Or describe the place", widget=GovTextInput(), validators=[_length(200, "The description of the place")]
    )
    hate_motivated = _hate_field()
    description = _description_field()
    find_query = StringField("Find a person", widget=GovTextInput(), validators=[Optional()])
    people = FieldList(FormField(LinkedPersonForm), max_entries=MAX_LINKED_PEOPLE)
    new_people = FieldList(FormField(NewPersonForm), min_entries=1, max_entries=MAX_NEW_PEOPLE)
    vehicles = FieldList(FormField(VehicleForm), min_entries=1, max_entries=MAX_VEHICLES)
    sharing = FormField(SharingForm, label="Who may see this record?")

    def validate_category(self, field):
        if field.data not in Category._value2member_map_:
            raise ValidationError("Choose the category: personal, nuisance or environmental")

    def add_person(self, person_id: uuid.UUID, role: IncidentRole) -> None:
        """Add a known person in a role (once) from the find-a-person results."""
        present = {(entry.form.person_id.data, entry.form.role.data) for entry in self.people}
        if (str(person_id), role.value) not in present and len(self.people.entries) < MAX_LINKED_PEOPLE:
            self.people.append_entry({"person_id": str(person_id), "role": role.value})

    def linked_person_ids(self) -> list[uuid.UUID]:
        return [pid for pid in (_uuid(entry.form.person_id.data) for entry in self.people) if pid is not None]

    def to_input(self) -> tuple[IncidentInput, dict[str, str]]:
        """The service input (call after validation), and how its field names map back onto this form.

        Blank new-person and vehicle rows are left out, so the service's row numbers are translated back
        to the rows on the page.
        """
        aliases = {"occurred_at": "occurred_on", "type": "incident_type", "location": "address_line1"}
        aliases["location.postcode"] = "postcode"
        new_people, vehicles = [], []
        for row, entry in enumerate(self.new_people):
            if not entry.form.is_blank():
                for name in ("forename", "surname", "date_of_birth"):
                    aliases[f"new_people.{len(new_people)}.{name}"] = f"new_people.{row}.{name}"
                aliases[f"new_people.{len(new_people)}.address.postcode"] = f"new_people.{row}.postcode"
                new_people.append(entry.form.to_link())
        for row, entry in enumerate(self.vehicles):
            if not entry.form.is_blank():
                aliases[f"vehicles.{len(vehicles)}.registration"] = f"vehicles.{row}.registration"
                vehicles.append(entry.form.to_input())
        address = AddressInput(line1=_text(self.address_line1), town=_text(self.town), postcode=_text(self.postcode))
        data = IncidentInput(
            occurred_at=self.occurred_at(),
            category=Category(self.category.data),
            type_code=self.incident_type.data or "",
            narrative=self.description.data or "",
            location=LocationInput(
                address=None if address.is_blank() else address, description=_text(self.location_description) or None
            ),
            hate_motivated=bool(self.hate_motivated.data),
            people=[
                PersonLink(_uuid(entry.form.person_id.data) or uuid.UUID(int=0), _role(entry.form.role.data))
                for entry in self.people
            ],
            new_people=new_people,
            vehicles=vehicles,
        )
        return data, aliases

    def show_service_errors(self, failure: ValidationFailed, aliases: dict[str, str]) -> None:
        attach_errors(self, failure, aliases)
        # A FieldList keeps a copy of its rows' errors from validation: refresh it for the error summary.
        for rows in (self.people, self.new_people, self.vehicles):
            rows.errors = [entry.errors for entry in rows.entries] if any(e.errors for e in rows.entries) else []


def _uuid(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def without_row(formdata: MultiDict, list_name: str, index: int) -> MultiDict:
    """The posted data with one row of a FieldList taken out and the rows after it renumbered."""
    pattern = re.compile(rf"^{re.escape(list_name)}-(\d+)-(.*)$")
    kept = MultiDict()
    for key, value in formdata.items(multi=True):
        match = pattern.match(key)
        if match is None:
            kept.add(key, value)
            continue
        row = int(match.group(1))
        if row != index:
            kept.add(f"{list_name}-{row - 1 if row > index else row}-{match.group(2)}", value)
    return kept


class EditIncidentForm(WhenChecks, FlaskForm):
    version = HiddenField()
    occurred_on = _date_field()
    occurred_time = _time_field()
    incident_type = _type_field()
    hate_motivated = _hate_field()
    description = _description_field()
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
        local = incident.occurred_at.astimezone(LONDON)
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
        if _uuid(field.data) is None:
            raise ValidationError("Choose a person from the search results")

    def to_link(self) -> PersonLink:
        return PersonLink(_uuid(self.person_id.data), _role(self.role.data))


def today_in_london() -> date:
    return london_now().date()
