"""People as columns: each field normalised once, held as numpy arrays, so millions of pairs compare at once.

A `PeopleTable` is built from `PersonFields`. String fields are kept as their canonical text and as integer
codes (equal text, equal code; -1 for blank), which makes exact agreement a vectorised integer comparison.
Codes mean something only within one table: compare people held in the same table.
"""

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from metaphone import doublemetaphone

from casemgmt.matching.fields import (
    PersonFields,
    address_key,
    email_key,
    house_numbers,
    phone_key,
    postcode_district,
    postcode_key,
    postcode_sector,
)
from casemgmt.matching.variants import forename_variants
from casemgmt.people.normalise import name_key


@lru_cache(maxsize=200_000)
def name_sound(key: str) -> str:
    """The Double Metaphone primary key of a name key, spaces and hyphens ignored ("" for no name)."""
    return doublemetaphone(key.replace(" ", ""))[0] if key else ""


def distinct_sorted(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted (numpy's own `unique` hashes, which is far slower on millions of integers)."""
    values = np.sort(values)
    return values[np.r_[True, values[1:] != values[:-1]]] if len(values) else values


def factorise(values: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes for strings (equal strings, equal codes; the blank string -1) and the distinct strings
    in code order."""
    seen: dict[str, int] = {"": -1}
    codes = np.fromiter((seen.setdefault(value, len(seen) - 1) for value in values), np.int32, len(values))
    return codes, np.array(list(seen)[1:], dtype=object)


class PeopleTable:
    """The people compared, one array per field. `ids` keeps each record's own id, in the input order."""

    def __init__(self, people: Sequence[PersonFields]):
        self.size = len(people)
        self.ids = [person.id for person in people]
        self.people = people
        self.text: dict[str, np.ndarray] = {}
        self.codes: dict[str, np.ndarray] = {}
        self.distinct: dict[str, np.ndarray] = {}
        forenames = [name_key(person.forename) for person in people]
        surnames = [name_key(person.surname) for person in people]
        addresses = [address_key(person.address_line) for person in people]
        postcodes = [postcode_key(person.postcode) for person in people]
        # Forenames and surnames share one set of codes, so a forename can be compared with a surname (names
        # entered the wrong way round).
        self._add_together(("forename", forenames), ("surname", surnames))
        self._add_together(
            ("forename_sound", [name_sound(name) for name in forenames]),
            ("surname_sound", [name_sound(name) for name in surnames]),
        )
        self._add_together(
            ("forename_start", [name[:2] for name in forenames]), ("surname_start", [name[:2] for name in surnames])
        )
        self._add("address", addresses)
        self._add("house_numbers", [house_numbers(address) for address in addresses])
        self._add("town", [name_key(person.town) for person in people])
        self._add("postcode", postcodes)
        self._add("postcode_sector", [postcode_sector(postcode) for postcode in postcodes])
        self._add("postcode_district", [postcode_district(postcode) for postcode in postcodes])
        self._add("phone", [phone_key(person.phone) for person in people])
        self._add("email", [email_key(person.email) for person in people])
        self.birth_year, self.birth_month, self.birth_day = (
            np.fromiter((getattr(person.date_of_birth, part) or 0 for person in people), np.int16, self.size)
            for part in ("year", "month", "day")
        )

    def _add(self, field: str, values: list[str]) -> None:
        self.text[field] = np.array(values, dtype=object)
        self.codes[field], self.distinct[field] = factorise(values)

    def listed_forenames(self) -> np.ndarray:
        """Per name code, whether the forename variants table lists that name."""
        if not hasattr(self, "_listed"):
            groups = forename_variants().group_ids
            self._listed = np.fromiter((name in groups for name in self.distinct["forename"]), bool)
        return self._listed

    def _add_together(self, *columns: tuple[str, list[str]]) -> None:
        codes, distinct = factorise([value for _, values in columns for value in values])
        for number, (field, values) in enumerate(columns):
            self.text[field] = np.array(values, dtype=object)
            self.codes[field] = codes[number * self.size : (number + 1) * self.size]
            self.distinct[field] = distinct

    def value_counts(self, field: str) -> np.ndarray:
        """How many records of this table hold each record's value of `field` (0 where it is blank)."""
        codes = self.codes[field]
        counts = np.bincount(codes[codes >= 0], minlength=len(self.distinct[field]))
        return np.where(codes >= 0, counts[codes.clip(0)], 0)
