"""What the matcher knows about a person, and the canonical forms it compares.

`PersonFields` is the input everywhere (the person form, a public report, the API, an import row, the batch
CSV): plain strings and a date, any of them blank. `BirthDate` keeps a date of birth as three optional
parts, so a record holding only a year, or an impossible date typed in error (31/02/1990), still compares.
"""

import re
from dataclasses import dataclass
from datetime import date

from casemgmt.access.models import normalise_phone
from casemgmt.people.normalise import name_key, normalise_postcode, outcode_of

# Street words written short in real records, and the long form they are compared in.
STREET_WORDS = {
    "rd": "road", "st": "street", "str": "street", "ave": "avenue", "av": "avenue", "dr": "drive",
    "drv": "drive", "ln": "lane", "cl": "close", "cres": "crescent", "cresc": "crescent", "ct": "court",
    "crt": "court", "pl": "place", "sq": "square", "gdns": "gardens", "gdn": "garden", "tce": "terrace",
    "terr": "terrace", "pde": "parade", "hwy": "highway", "cct": "circuit", "cir": "circuit", "wy": "way",
    "gr": "grove", "gro": "grove", "pk": "park", "mt": "mount", "nth": "north", "sth": "south",
    "flt": "flat", "apt": "flat", "apartment": "flat", "hse": "house",
}  # fmt: skip
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True, slots=True)
class BirthDate:
    """A date of birth as recorded: any part may be unknown (None)."""

    year: int | None = None
    month: int | None = None
    day: int | None = None

    @property
    def is_missing(self) -> bool:
        return self.year is None and self.month is None and self.day is None

    @property
    def is_complete(self) -> bool:
        return None not in (self.year, self.month, self.day)

    def display(self) -> str:
        """DD/MM/YYYY as UK forms show it, with "??" for an unknown part."""
        day, month = (f"{part:02d}" if part else "??" for part in (self.day, self.month))
        return f"{day}/{month}/{self.year or '????'}"

    @classmethod
    def parse(cls, value: "str | date | BirthDate | None") -> "BirthDate":
        """From a `date`, or text `YYYY-MM-DD`, `YYYYMMDD`, `YYYY-MM` or `YYYY`; blank is a missing date.

        The parts are kept even when they make no real date (a typo such as day 31 of February is still
        evidence). Raises ValueError for text in any other shape.
        """
        if isinstance(value, BirthDate):
            return value
        if isinstance(value, date):
            return cls(value.year, value.month, value.day)
        text = (value or "").strip()
        if not text:
            return cls()
        match = re.fullmatch(r"(\d{4})(?:-?(\d{2})(?:-?(\d{2}))?)?", text)
        if not match:
            raise ValueError(f"{text!r} is not a date in the form YYYY-MM-DD")
        year, month, day = (int(part) if part else None for part in match.groups())
        if (month is not None and not 1 <= month <= 12) or (day is not None and not 1 <= day <= 31):
            raise ValueError(f"{text!r} is not a date in the form YYYY-MM-DD")
        return cls(year or None, month, day)


@dataclass(frozen=True, slots=True)
class PersonFields:
    """One person as entered. `id` is whatever identifies the record to the caller (a UUID, a CSV id).

    `phone` and `email` are compared for equality only, so a source may hold them as blind-index digests
    instead of clear values, provided the record it is compared with uses the same form.
    """

    id: str = ""
    forename: str = ""
    surname: str = ""
    date_of_birth: BirthDate = BirthDate()
    address_line: str = ""
    town: str = ""
    postcode: str = ""
    phone: str = ""
    email: str = ""


def person_fields(**values) -> PersonFields:
    """`PersonFields` from loosely typed values: None for blank, a date or text for the date of birth."""
    birth = BirthDate.parse(values.pop("date_of_birth", None))
    cleaned = {key: ("" if value is None else str(value)) for key, value in values.items()}
    return PersonFields(date_of_birth=birth, **cleaned)


def address_key(value: str | None) -> str:
    """An address line as compared: lower case, no punctuation, street words written out in full."""
    words = name_key(value).split()
    return " ".join(STREET_WORDS.get(word, word) for word in words)


def house_numbers(address: str) -> str:
    """The numbers in an address line ("2 98 latchford" -> "2 98"): two homes on one street differ here."""
    return " ".join(_DIGITS.findall(address))


def postcode_key(value: str | None) -> str:
    """A UK postcode as "LE11 3AB"; anything else (a partial or foreign code) upper case without spaces."""
    full = normalise_postcode(value)
    return full or re.sub(r"[^A-Z0-9]", "", (value or "").upper())


def postcode_sector(postcode: str) -> str:
    """ "LE11 3": the outward code and the first digit of the inward code, for a full UK postcode only."""
    return postcode[:-2] if " " in postcode else ""


def postcode_district(postcode: str) -> str:
    """ "LE11": the outward code of a UK postcode (full, or the district alone)."""
    return outcode_of(postcode) or ""


def phone_key(value: str | None) -> str:
    return normalise_phone(value) if value else ""


def email_key(value: str | None) -> str:
    return (value or "").strip().lower()
