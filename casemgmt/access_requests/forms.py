"""Forms for asking for access to a record and for deciding a request."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextArea
from wtforms import RadioField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from casemgmt.access.lawful_basis import lawful_basis_detail_field, lawful_basis_field
from casemgmt.form_fields import DayMonthYearField

REASON_MAX = 2000
# How long an approval lasts: the approver picks one; 30 days unless they choose otherwise.
DURATIONS = {"7": 7, "30": 30, "90": 90, "none": None}
DURATION_LABELS = {"7": "7 days", "30": "30 days", "90": "90 days", "none": "No end date"}


def reason_field(label: str, missing: str) -> TextAreaField:
    """A required free-text reason, kept to REASON_MAX characters."""
    too_long = f"The reason must be {REASON_MAX:,} characters or fewer"
    return TextAreaField(
        label, widget=GovTextArea(), validators=[DataRequired(missing), Length(max=REASON_MAX, message=too_long)]
    )


class RequestAccessForm(FlaskForm):
    reason = reason_field("Why do you need to see this record?", "Say why you need to see this record")
    wanted_until = DayMonthYearField("Until when do you need it? (optional)", validators=[Optional()])
    submit = SubmitField("Request access", widget=GovSubmitInput())


class ApproveAccessForm(FlaskForm):
    duration = RadioField(
        "How long may they see it?",
        choices=list(DURATION_LABELS.items()),
        default="30",
        widget=GovRadioInput(),
        validators=[DataRequired("Choose how long they may see it")],
    )
    # Asked only when a person is shared with someone of another organisation.
    lawful_basis = lawful_basis_field()
    lawful_basis_detail = lawful_basis_detail_field()
    note = TextAreaField(
        "Note to the requester (optional)",
        widget=GovTextArea(),
        validators=[Optional(), Length(max=REASON_MAX, message=f"The note must be {REASON_MAX:,} characters or fewer")],
    )
    submit = SubmitField("Approve access", widget=GovSubmitInput())

    def duration_days(self) -> int | None:
        return DURATIONS[self.duration.data]


class RefuseAccessForm(FlaskForm):
    reason = reason_field("Why are you refusing?", "Say why you are refusing, so the requester knows")
    submit = SubmitField("Refuse access", widget=GovSubmitInput())
