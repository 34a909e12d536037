"""The "Why are you opening this record?" question asked before a police-originated record is shown."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovTextArea
from wtforms import RadioField, TextAreaField
from wtforms.validators import Optional

from casemgmt.access.police_records import OpeningReason


class OpeningReasonForm(FlaskForm):
    """Checked by the service (`reason_text`), whose messages land on these two fields."""

    reason = RadioField(
        "Why are you opening this record?",
        choices=[(reason.value, reason.label) for reason in OpeningReason],
        widget=GovRadioInput(),
        validators=[Optional()],
        validate_choice=False,
    )
    detail = TextAreaField("More detail (required for ‘Other’)", widget=GovTextArea(), validators=[Optional()])
