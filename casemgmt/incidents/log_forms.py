"""The one-form incident log: what, when, where, people (found or new), vehicles and who may see it.

It works without JavaScript: buttons named `action` (find a person, add them, add or remove a row) post
the whole form back, and it is shown again with everything typed kept; only "Save incident" saves.
"""

import re
import uuid

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSelect, GovTextInput
from werkzeug.datastructures import MultiDict
from wtforms import FieldList, Form, FormField, HiddenField, RadioField, SelectField, StringField
from wtforms.validators import Optional, ValidationError

from casemgmt.access.sharing_forms import SharingForm
from casemgmt.form_errors import attach_errors
from casemgmt.form_fields import DayMonthYearField, uuid_or_none
from casemgmt.incidents.forms import (
    ROLE_CHOICES,
    WhenChecks,
    date_field,
    description_field,
    hate_field,
    length_limit,
    role_from,
    text_of,
    time_field,
    type_field,
)
from casemgmt.incidents.models import Category, IncidentRole
from casemgmt.incidents.services import IncidentInput, LocationInput, NewPersonLink, PersonLink
from casemgmt.matching.fields import PersonFields
from casemgmt.people.forms import email_field, phone_field, typed_in
from casemgmt.people.models import Person
from casemgmt.people.services import AddressInput, PersonInput, VehicleInput
from casemgmt.service_errors import ValidationFailed

MAX_LINKED_PEOPLE, MAX_NEW_PEOPLE, MAX_VEHICLES = 50, 20, 20
ROW_REMOVAL = re.compile(r"^remove-(person|new-person|vehicle)-([0-9]{1,3})$")
# "Use this person" on a possible existing record of a new person: that person in the new person's place.
USE_PERSON = re.compile(r"^use-person-([0-9]{1,3})-([0-9a-f-]{36})$")
ROW_LISTS = {"person": "people", "new-person": "new_people", "vehicle": "vehicles"}


class LinkedPersonForm(Form):
    """A known person added to the incident: carried in hidden fields between re-renders."""

    person_id = HiddenField()
    role = HiddenField()


class NewPersonForm(Form):
    role = SelectField("Role", choices=ROLE_CHOICES, default=IncidentRole.VICTIM.value, widget=GovSelect())
    forename = StringField("First name", widget=GovTextInput(), validators=[length_limit(100, "First name")])
    surname = StringField("Last name", widget=GovTextInput(), validators=[length_limit(100, "Last name")])
    date_of_birth = DayMonthYearField("Date of birth (optional)")
    phone = phone_field()
    email = email_field()
    address_line1 = StringField(
        "Address line 1 (optional)", widget=GovTextInput(), validators=[length_limit(200, "Address")]
    )
    postcode = StringField("Postcode (optional)", widget=GovTextInput(), validators=[length_limit(10, "Postcode")])

    def is_blank(self) -> bool:
        typed = [self.forename, self.surname, self.phone, self.email, self.address_line1, self.postcode]
        return not any(text_of(field) for field in typed) and not any(self.date_of_birth.raw_data or [])

    def to_link(self) -> NewPersonLink:
        address = AddressInput(line1=text_of(self.address_line1), postcode=text_of(self.postcode))
        person = PersonInput(
            forename=text_of(self.forename),
            surname=text_of(self.surname),
            date_of_birth=self.date_of_birth.data,
            phone=text_of(self.phone) or None,
            email=text_of(self.email) or None,
            address=None if address.is_blank() else address,
        )
        return NewPersonLink(person, role_from(self.role.data))


class VehicleForm(Form):
    registration = StringField("Registration", widget=GovTextInput(), validators=[length_limit(10, "Registration")])
    make = StringField("Make (optional)", widget=GovTextInput(), validators=[length_limit(60, "Make")])
    model = StringField("Model (optional)", widget=GovTextInput(), validators=[length_limit(60, "Model")])
    colour = StringField("Colour (optional)", widget=GovTextInput(), validators=[length_limit(40, "Colour")])

    def is_blank(self) -> bool:
        return not any(text_of(field) for field in (self.registration, self.make, self.model, self.colour))

    def to_input(self) -> VehicleInput:
        return VehicleInput(
            registration=text_of(self.registration),
            make=text_of(self.make) or None,
            model=text_of(self.model) or None,
            colour=text_of(self.colour) or None,
        )


class LogIncidentForm(WhenChecks, FlaskForm):
    # Declared in page order, which is also the order of the error summary.
    category = RadioField(
        "Category", choices=[(c.value, c.label) for c in Category], widget=GovRadioInput(), validate_choice=False
    )
    incident_type = type_field()
    occurred_on = date_field()
    occurred_time = time_field()
    address_line1 = StringField("Address line 1", widget=GovTextInput(), validators=[length_limit(200, "Address")])
    town = StringField("Town or village", widget=GovTextInput(), validators=[length_limit(100, "Town")])
    postcode = StringField("Postcode", widget=GovTextInput(), validators=[length_limit(10, "Postcode")])
    location_description = StringField(
        "Or describe the place", widget=GovTextInput(), validators=[length_limit(200, "The description of the place")]
    )
    hate_motivated = hate_field()
    description = description_field()
    find_query = StringField("Find a person", widget=GovTextInput(), validators=[Optional()])
    people = FieldList(FormField(LinkedPersonForm), max_entries=MAX_LINKED_PEOPLE)
    new_people = FieldList(FormField(NewPersonForm), min_entries=1, max_entries=MAX_NEW_PEOPLE)
    vehicles = FieldList(FormField(VehicleForm), min_entries=1, max_entries=MAX_VEHICLES)
    sharing = FormField(SharingForm, label="Who may see this record?")

    def validate_category(self, field):
        if field.data not in Category._value2member_map_:
            raise ValidationError("Choose the category: personal, nuisance or environmental")

    def add_person(self, person_id: uuid.UUID, role: IncidentRole | None) -> None:
        """Add a known person in a role (once; a victim unless told) from the find-a-person results, or in place
        of a new person."""
        role = role or IncidentRole.VICTIM
        present = {(entry.form.person_id.data, entry.form.role.data) for entry in self.people}
        if (str(person_id), role.value) not in present and len(self.people.entries) < MAX_LINKED_PEOPLE:
            self.people.append_entry({"person_id": str(person_id), "role": role.value})

    def typed_new_people(self) -> dict[int, PersonFields]:
        """What has been typed for each new person not left blank, by row."""
        return {row: typed_in(entry.form) for row, entry in enumerate(self.new_people) if not entry.form.is_blank()}

    def linked_person_ids(self) -> list[uuid.UUID]:
        return [pid for pid in (uuid_or_none(entry.form.person_id.data) for entry in self.people) if pid is not None]

    def linked_people(self, visible: dict[uuid.UUID, Person]) -> dict[str, Person]:
        """The added people the user may see, keyed by the id as carried in the form."""
        linked = {}
        for entry in self.people:
            person = visible.get(uuid_or_none(entry.form.person_id.data))
            if person is not None:
                linked[entry.form.person_id.data] = person
        return linked

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
        address = AddressInput(
            line1=text_of(self.address_line1), town=text_of(self.town), postcode=text_of(self.postcode)
        )
        data = IncidentInput(
            occurred_at=self.occurred_at(),
            category=Category(self.category.data),
            type_code=self.incident_type.data or "",
            narrative=self.description.data or "",
            location=LocationInput(
                address=None if address.is_blank() else address, description=text_of(self.location_description) or None
            ),
            hate_motivated=bool(self.hate_motivated.data),
            people=[
                PersonLink(uuid_or_none(entry.form.person_id.data) or uuid.UUID(int=0), role_from(entry.form.role.data))
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


def log_incident_form(action: str, posted: MultiDict) -> LogIncidentForm:
    """The form as posted, with the change any add or remove button asks for made (nothing is saved here)."""
    removal, use = ROW_REMOVAL.match(action), USE_PERSON.match(action)
    if removal:
        form = LogIncidentForm(formdata=without_row(posted, ROW_LISTS[removal.group(1)], int(removal.group(2))))
    elif use:
        form = LogIncidentForm(formdata=without_row(posted, "new_people", int(use.group(1))))
        role, person_id = posted.get(f"new_people-{use.group(1)}-role"), uuid_or_none(use.group(2))
        if person_id is not None:
            form.add_person(person_id, IncidentRole(role) if role in IncidentRole._value2member_map_ else None)
    else:
        form = LogIncidentForm()
    if action == "add-new-person" and len(form.new_people.entries) < MAX_NEW_PEOPLE:
        form.new_people.append_entry()
    elif action == "add-vehicle" and len(form.vehicles.entries) < MAX_VEHICLES:
        form.vehicles.append_entry()
    elif action.startswith("add-person-"):
        person_id = uuid_or_none(action.removeprefix("add-person-"))
        role = posted.get(f"role-{person_id}", IncidentRole.VICTIM.value)
        if person_id is not None and role in IncidentRole._value2member_map_:
            form.add_person(person_id, IncidentRole(role))
    return form
