"""The partnership administrators' audit search form (a GET form: its filters live in the URL)."""

import re
import uuid
from datetime import date, datetime

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovTextInput
from wtforms import StringField
from wtforms.validators import Email, Length, Optional, Regexp, ValidationError

from casemgmt.audit.queries import AuditFilters


class DayMonthYearTextField(StringField):
    """A date typed in one box as day/month/year (27/3/2026), as the MOJ filter's date picker takes it.

    One box rather than GOV.UK's three, so a filter's date is one value in the URL that paging keeps.
    """

    widget = GovTextInput()

    def __init__(self, label=None, validators=None, *, what: str, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.what = what
        self.date: date | None = None

    def pre_validate(self, form) -> None:
        text = (self.data or "").strip()
        self.date = None
        if not text:
            return
        parts = re.split(r"[/.\- ]+", text)
        try:
            if len(parts) != 3 or len(parts[2]) != 4:
                raise ValueError(text)
            self.date = datetime.strptime("/".join(parts), "%d/%m/%Y").date()
        except ValueError:
            raise ValidationError(f"{self.what} must be a real date, like 27/3/2026") from None


def _stripped(value):
    return value.strip() if isinstance(value, str) else value


class AuditSearchForm(FlaskForm):
    class Meta:
        csrf = False

    email = StringField(
        "Who (email address)",
        widget=GovTextInput(),
        filters=[_stripped],
        validators=[
            Optional(),
            Length(max=254, message="Email address must be 254 characters or fewer"),
            Email("Enter an email address in the correct format, like name@example.com"),
        ],
    )
    action = StringField(
        "Action",
        widget=GovTextInput(),
        filters=[_stripped],
        validators=[
            Optional(),
            Regexp(
                r"^[a-z_]{1,64}$",
                message="Enter an action as it is recorded, in lower-case letters and underscores, like viewed",
            ),
        ],
    )
    record_id = StringField("Record id", widget=GovTextInput(), filters=[_stripped], validators=[Optional()])
    occurred_from = DayMonthYearTextField("From", what="The from date")
    occurred_to = DayMonthYearTextField("To", what="The to date")

    def validate_record_id(self, field) -> None:
        try:
            uuid.UUID(field.data)
        except ValueError:
            raise ValidationError(
                "Enter a record id as it appears in the address of the record’s page, like "
                "6f1c2d3e-4b5a-4c6d-8e7f-901a2b3c4d5e"
            ) from None

    def validate_occurred_to(self, field) -> None:
        if field.date and self.occurred_from.date and field.date < self.occurred_from.date:
            raise ValidationError("The to date must be the same as or after the from date")

    def filters(self) -> AuditFilters:
        """The validated filters (call after `validate()` has passed)."""
        return AuditFilters(
            email=(self.email.data or "").lower() or None,
            action=self.action.data or None,
            record_id=uuid.UUID(self.record_id.data) if self.record_id.data else None,
            occurred_from=self.occurred_from.date,
            occurred_to=self.occurred_to.date,
        )
