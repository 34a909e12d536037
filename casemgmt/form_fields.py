"""Form fields and posted-value readers shared across domains."""

import re
import uuid
from datetime import datetime

from govuk_frontend_wtf.wtforms_widgets import GovDateInput
from wtforms import DateField


class DayMonthYearField(DateField):
    """A GOV.UK date input: three boxes posted under one name, read as day, month and year.

    Tolerates missing or extra values (a hand-made or truncated request) with a clear message
    instead of failing while the page is re-rendered.
    """

    widget = GovDateInput()

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format="%d %m %Y", **kwargs)

    def process_formdata(self, valuelist):
        parts = [value.strip() for value in valuelist][:3]
        parts += [""] * (3 - len(parts))
        self.raw_data = parts
        if not any(parts):
            self.data = None
            return
        try:
            self.data = datetime.strptime(" ".join(parts), "%d %m %Y").date()
        except ValueError as error:
            self.data = None
            raise ValueError("Enter a real date, with day, month and year, for example 31 3 2028") from error


def submitted_version(value) -> int:
    """The version an edit form was opened at; a missing or garbled one counts as stale (a conflict)."""
    text = str(value or "")
    return int(text) if re.fullmatch(r"[0-9]{1,9}", text) else 0


def uuid_or_none(value) -> uuid.UUID | None:
    """A posted id as a UUID, or None when it is blank or not one."""
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None
