"""Forms of the merge pages: find the other record, confirm the merge, undo it."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovTextArea, GovTextInput
from wtforms import HiddenField, RadioField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from casemgmt.form_fields import submitted_version, uuid_or_none
from casemgmt.matching.merges import REASON_MAX

REASON_LENGTH = Length(max=REASON_MAX, message=f"The reason must be {REASON_MAX} characters or fewer")


class FindMergeForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField("Name, postcode, phone or email", widget=GovTextInput(), validators=[Optional(), Length(max=200)])


class ConfirmMergeForm(FlaskForm):
    survivor = RadioField(
        "Which record should be kept?",
        choices=[],
        widget=GovRadioInput(),
        validators=[InputRequired(message="Choose which record to keep")],
    )
    reason = TextAreaField(
        "Why are these records the same person?",
        widget=GovTextArea(),
        validators=[InputRequired(message="Say why these records are the same person"), REASON_LENGTH],
    )
    # The versions of the two records as the page showed them: a merge of a record changed since is refused.
    version = HiddenField()
    other_version = HiddenField()

    def offer(self, person, other) -> None:
        self.survivor.choices = [
            (str(person.id), f"Keep {person.display_name} (this record)"),
            (str(other.id), f"Keep {other.display_name} (the record you chose)"),
        ]
        if not self.is_submitted():
            self.survivor.data = str(person.id)
            self.version.data, self.other_version.data = str(person.version), str(other.version)

    def chosen(self, person, other) -> tuple:
        """(the record kept, the record merged into it) as chosen, and the versions seen, by id."""
        kept, merged = (person, other) if uuid_or_none(self.survivor.data) == person.id else (other, person)
        versions = {
            person.id: submitted_version(self.version.data),
            other.id: submitted_version(self.other_version.data),
        }
        return kept, merged, versions


class UndoMergeForm(FlaskForm):
    reason = TextAreaField(
        "Why are you undoing this merge?",
        widget=GovTextArea(),
        validators=[InputRequired(message="Say why this merge is being undone"), REASON_LENGTH],
    )
    version = HiddenField()
