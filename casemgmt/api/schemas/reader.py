"""Reading JSON request bodies strictly, recording every problem under its dotted field name.

A reader never stops at the first problem: each wrong type, unknown field, bad date or value outside a
list is recorded (`people.0.role`) and reading carries on, so one 400 response names them all. `null`
counts as "not given". Nothing here decides a business rule; the services do that.
"""

import enum
import json
import math
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask import request

from casemgmt.service_errors import ValidationFailed

BODY = ""  # the field name of the request body as a whole
REQUIRED = "This field is required"
DATE_FORMAT = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TIMESTAMP_FORMAT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$")


class _DuplicateKey(ValueError):
    pass


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict:
    keys = [key for key, _ in pairs]
    repeated = next((key for key in keys if keys.count(key) > 1), None)
    if repeated is not None:
        raise _DuplicateKey(f"The field '{repeated}' appears more than once")
    return dict(pairs)


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def json_body() -> Any:
    """The request body as JSON. Raises ValidationFailed for another content type or malformed JSON."""
    if not request.is_json:
        raise ValidationFailed({BODY: "Send the body as JSON, with the header 'Content-Type: application/json'"})
    try:
        return json.loads(request.get_data(), object_pairs_hook=_refuse_duplicates, parse_constant=_refuse_constant)
    except _DuplicateKey as error:
        raise ValidationFailed({BODY: str(error)}) from None
    except (ValueError, RecursionError):
        raise ValidationFailed({BODY: "The body is not valid JSON"}) from None


def _describe_choices(enum_class: type[enum.Enum]) -> str:
    return ", ".join(f"'{member.value}'" for member in enum_class)


class ObjectReader:
    """One JSON object of the body; `finish()` records any field that was never read as unknown."""

    def __init__(self, value: Any, path: str, errors: dict[str, str]):
        self.path, self.errors = path, errors
        self.valid = isinstance(value, dict)
        self.data: dict = value if self.valid else {}
        self._read: set[str] = set()
        if not self.valid:
            errors[path] = "Must be a JSON object"

    def name(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def fail(self, key: str, message: str) -> None:
        self.errors.setdefault(self.name(key), message)

    def _take(self, key: str, required: bool) -> Any:
        self._read.add(key)
        value = self.data.get(key)
        if value is None and required and self.valid:  # not an object at all: that one problem is enough
            self.fail(key, REQUIRED)
        return value

    def text(self, key: str, *, max_length: int, required: bool = False) -> str | None:
        value = self._take(key, required)
        if value is None:
            return None
        if not isinstance(value, str):
            self.fail(key, "Must be a string")
            return None
        if "\x00" in value:
            self.fail(key, "Must not contain a NUL character")
        elif len(value.strip()) > max_length:
            self.fail(key, f"Must be {max_length} characters or fewer")
        return value

    def email(self, key: str, *, required: bool = False) -> str | None:
        value = self.text(key, max_length=254, required=required)
        if value is None or not value.strip() or self.name(key) in self.errors:
            return value
        try:
            validate_email(value.strip(), check_deliverability=False)
        except EmailNotValidError:
            self.fail(key, "Enter an email address in the correct format, like name@example.com")
        return value

    def boolean(self, key: str, *, default: bool = False) -> bool:
        value = self._take(key, False)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.fail(key, "Must be true or false")
            return default
        return value

    def number(self, key: str) -> float | None:
        value = self._take(key, False)
        if value is None:
            return None
        number = _finite_number(value)
        if number is None:
            self.fail(key, "Must be a number")
        return number

    def date(self, key: str, *, required: bool = False) -> date | None:
        value = self.text(key, max_length=10, required=required)
        if value is None or self.name(key) in self.errors:
            return None
        try:
            if not DATE_FORMAT.match(value):
                raise ValueError
            return date.fromisoformat(value)
        except ValueError:
            self.fail(key, "Must be a real date written as YYYY-MM-DD, like 2026-03-31")
            return None

    def timestamp(self, key: str, *, required: bool = False) -> datetime | None:
        value = self.text(key, max_length=40, required=required)
        if value is None or self.name(key) in self.errors:
            return None
        try:
            if not TIMESTAMP_FORMAT.match(value):
                raise ValueError
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            self.fail(
                key, "Must be a date and time with a time zone, like 2026-03-31T22:15:00Z or 2026-03-31T23:15+01:00"
            )
            return None

    def choice(self, key: str, enum_class: type[enum.Enum], *, required: bool = False):
        value = self._take(key, required)
        if value is None:
            return None
        try:
            if not isinstance(value, str):
                raise ValueError
            return enum_class(value)
        except ValueError:
            self.fail(key, f"Must be one of {_describe_choices(enum_class)}")
            return None

    def choice_list(self, key: str, enum_class: type[enum.Enum]) -> list:
        chosen = []
        for name, item in self.items(key):
            if isinstance(item, str) and item in {member.value for member in enum_class}:
                chosen.append(enum_class(item))
            else:
                self.errors.setdefault(name, f"Must be one of {_describe_choices(enum_class)}")
        return chosen

    def identifier(self, key: str, *, required: bool = False) -> uuid.UUID | None:
        value = self._take(key, required)
        if value is None:
            return None
        return parse_uuid(value, self.name(key), self.errors)

    def object(self, key: str, *, required: bool = False) -> "ObjectReader | None":
        value = self._take(key, required)
        return None if value is None else ObjectReader(value, self.name(key), self.errors)

    def items(self, key: str, *, max_items: int = 100) -> Iterator[tuple[str, Any]]:
        """Each element of a list field with its dotted name (`people.0`); nothing when absent or not a list."""
        value = self._take(key, False)
        if value is None:
            return
        if not isinstance(value, list):
            self.fail(key, "Must be a list")
            return
        if len(value) > max_items:
            self.fail(key, f"Give {max_items} or fewer")
            return
        for index, item in enumerate(value):
            yield f"{self.name(key)}.{index}", item

    def text_list(self, key: str, *, max_length: int) -> list[str]:
        texts = []
        for name, item in self.items(key):
            if isinstance(item, str) and "\x00" not in item and len(item) <= max_length:
                texts.append(item)
            else:
                self.errors.setdefault(name, f"Must be a string of {max_length} characters or fewer")
        return texts

    def finish(self) -> None:
        for key in self.data:
            if key not in self._read:
                self.fail(key, "Unknown field")


def _finite_number(value: Any) -> float | None:
    # bool is an int in Python, but `true` is not a number in JSON; huge integers overflow a float.
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def parse_uuid(value: Any, name: str, errors: dict[str, str]) -> uuid.UUID | None:
    try:
        if not isinstance(value, str):
            raise ValueError
        return uuid.UUID(value)
    except ValueError:
        errors.setdefault(name, "Must be an id (a UUID such as 0b6f4a7e-3c55-4a8e-9d0c-5b7e8f2a1c3d)")
        return None


def raise_if_any(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationFailed(errors)


@contextmanager
def service_fields(names: dict[str, str]) -> Iterator[None]:
    """Rename the fields of a service's ValidationFailed to what the API calls them (`lead_officer_id` ->
    `lead_officer`), so every message points at a field of the request body."""
    try:
        yield
    except ValidationFailed as failure:
        renamed = {names.get(field, field): message for field, message in failure.errors.items()}
        raise ValidationFailed(renamed) from None
