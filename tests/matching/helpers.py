"""Small helpers for the matching tests: compare or score people given as keyword dictionaries."""

import numpy as np

from casemgmt.matching.comparisons import FIELD_NAMES, compare
from casemgmt.matching.fields import person_fields
from casemgmt.matching.table import PeopleTable


def levels_of(first: dict, second: dict) -> dict[str, str | None]:
    """Each field's level name for one pair (None where a side is blank)."""
    from casemgmt.matching.comparisons import FIELDS

    table = PeopleTable([person_fields(id="a", **first), person_fields(id="b", **second)])
    row = compare(table, np.array([0]), np.array([1]))[0]
    return {field.name: (field.levels[level] if level >= 0 else None) for field, level in zip(FIELDS, row, strict=True)}


def level(field: str, first: dict, second: dict) -> str | None:
    assert field in FIELD_NAMES
    return levels_of(first, second)[field]
