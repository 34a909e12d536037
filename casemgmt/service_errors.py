"""Exceptions services raise for the pages and the API to present: bad input, stale edits, missing records."""

from dataclasses import dataclass
from datetime import datetime


class ValidationFailed(Exception):
    """Input that breaks a rule; `errors` maps a field name (dotted for nested input) to a message for the user."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{name}: {message}" for name, message in errors.items()))
        self.errors = errors


class RecordNotFound(Exception):
    """The record does not exist or the user may not see it: the two are deliberately indistinguishable."""


@dataclass
class FieldChange:
    label: str
    saved_value: str
    your_value: str


class EditConflict(Exception):
    """Someone saved the record after this editor opened it; nothing was written.

    `changes` lists the fields where the editor's values differ from what is now saved. An action that is not
    an edit of fields (a merge, say) sets `explanation` instead, to say what was not done and why.
    """

    explanation: str | None = None

    def __init__(self, record, changes: list[FieldChange], updated_by: str | None, updated_at: datetime | None):
        super().__init__(f"{type(record).__name__} {record.id} changed since version was read")
        self.record = record
        self.changes = changes
        self.updated_by = updated_by
        self.updated_at = updated_at
