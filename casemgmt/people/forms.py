"""Forms for the people pages: add a person (with who may see them) and edit their details."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovRadioInput, GovTextArea, GovTextInput
from wtforms import Form, FormField, HiddenField, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import Email, Length, Optional, Regexp

from casemgmt.access.sharing_forms import SharingForm
from casemgmt.form_fields import DayMonthYearField
from casemgmt.matching.fields import PersonFields
from casemgmt.matching.lookup import typed_person
from casemgmt.people.models import ConsentToShare, Person, Vulnerability
from casemgmt.people.services import AddressInput, PersonInput

# Service field names that differ from the form's.
PERSON_ALIASES = {"address.postcode": "postcode"}
# The value of the button that shows possible existing records instead of saving.
CHECK_FOR_DUPLICATES = "check-for-duplicates"
# The duplicate lookup's name for each field a person form may have.
MATCHED_FIELDS = {
    "forename": "forename",
    "surname": "surname",
    "date_of_birth": "date_of_birth",
    "address_line1": "address_line",
    "town": "town",
    "postcode": "postcode",
    "phone": "phone",
    "email": "email",
}


def _length(maximum: int, what: str) -> Length:
    return Length(max=maximum, message=f"{what} must be {maximum} characters or fewer")


def _text(field) -> str:
    return (field.data or "").strip()


def _split_name(line: str) -> tuple[str, str]:
    """ "Johnny Smith" -> ("Johnny", "Smith"): the last word is the surname, the rest the forenames."""
    words = line.split()
    return " ".join(words[:-1]), words[-1]


def phone_field() -> StringField:
    return StringField(
        "Phone number (optional)",
        widget=GovTextInput(),
        validators=[
            Optional(),
            _length(30, "Phone number"),
            Regexp(r"^[0-9 +()-]+$", message="Enter a phone number using digits, spaces, brackets, + or -"),
        ],
    )


def email_field() -> StringField:
    return StringField(
        "Email address (optional)",
        widget=GovTextInput(),
        validators=[
            Optional(),
            _length(254, "Email address"),
            Email("Enter an email address in the correct format, like name@example.org", check_deliverability=False),
        ],
    )


class PersonForm(FlaskForm):
    forename = StringField("First name", widget=GovTextInput(), validators=[_length(100, "First name")])
    surname = StringField("Last name", widget=GovTextInput(), validators=[_length(100, "Last name")])
    date_of_birth = DayMonthYearField("Date of birth (optional)")
    phone = phone_field()
    email = email_field()
    address_line1 = StringField("Address line 1", widget=GovTextInput(), validators=[_length(200, "Address line 1")])
    address_line2 = StringField("Address line 2", widget=GovTextInput(), validators=[_length(200, "Address line 2")])
    town = StringField("Town or village", widget=GovTextInput(), validators=[_length(100, "Town")])
    postcode = StringField("Postcode", widget=GovTextInput(), validators=[_length(10, "Postcode")])
    aliases = TextAreaField(
        "Other names they are known by (optional)",
        widget=GovTextArea(),
        validators=[_length(2000, "Other names")],
    )
    vulnerabilities = SelectMultipleField(
        "Vulnerabilities",
        choices=[(marker.value, marker.label) for marker in Vulnerability],
        widget=GovCheckboxesInput(),
    )
    consent_to_share = RadioField(
        "Consent to share their information with partner agencies",
        choices=[(consent.value, consent.label) for consent in ConsentToShare],
        default=ConsentToShare.NOT_ASKED.value,
        widget=GovRadioInput(),
    )

    def to_input(self) -> PersonInput:
        address = AddressInput(
            line1=_text(self.address_line1),
            line2=_text(self.address_line2),
            town=_text(self.town),
            postcode=_text(self.postcode),
        )
        return PersonInput(
            forename=_text(self.forename),
            surname=_text(self.surname),
            date_of_birth=self.date_of_birth.data,
            phone=_text(self.phone) or None,
            email=_text(self.email) or None,
            address=None if address.is_blank() else address,
            vulnerabilities=[Vulnerability(value) for value in self.vulnerabilities.data or []],
            consent_to_share=ConsentToShare(self.consent_to_share.data or ConsentToShare.NOT_ASKED.value),
            aliases=[_split_name(line) for line in (self.aliases.data or "").splitlines() if line.strip()],
        )


def typed_in(form) -> PersonFields:
    """What has been typed so far into a form with a person's fields (named as `PersonForm` names them), as the
    duplicate lookup reads it: nothing needs to be valid yet."""
    typed = {matched: getattr(form, name).data for name, matched in MATCHED_FIELDS.items() if name in form}
    return typed_person(**typed)


class CandidateQueryForm(Form):
    """`GET /people/candidates`: what the officer has typed so far (the date of birth as YYYY-MM-DD, YYYY-MM or
    YYYY), read from the query string."""

    forename = StringField(validators=[_length(100, "First name")])
    surname = StringField(validators=[_length(100, "Last name")])
    date_of_birth = StringField(validators=[_length(10, "Date of birth")])
    address_line1 = StringField(validators=[_length(200, "Address line 1")])
    town = StringField(validators=[_length(100, "Town")])
    postcode = StringField(validators=[_length(10, "Postcode")])
    phone = StringField(validators=[_length(30, "Phone number")])
    email = StringField(validators=[_length(254, "Email address")])


class AddPersonForm(PersonForm):
    sharing = FormField(SharingForm, label="Who may see this record?")


class EditPersonForm(PersonForm):
    version = HiddenField()

    def fill_from(self, person: Person) -> None:
        self.forename.data, self.surname.data = person.forename, person.surname
        self.date_of_birth.data = person.date_of_birth
        self.phone.data, self.email.data = person.phone or "", person.email or ""
        address = person.current_address
        if address is not None:
            self.address_line1.data, self.address_line2.data = address.line1 or "", address.line2 or ""
            self.town.data, self.postcode.data = address.town or "", address.postcode or address.outcode or ""
        self.aliases.data = "\n".join(f"{a.forename or ''} {a.surname}".strip() for a in person.aliases)
        self.vulnerabilities.data = [link.marker.value for link in person.vulnerabilities]
        self.consent_to_share.data = person.consent_to_share.value
        self.version.data = str(person.version)


class DismissDuplicateForm(FlaskForm):
    """Record that two people kept as possible duplicates are different people (a button: only the CSRF token)."""
