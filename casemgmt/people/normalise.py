"""Canonical forms of names, postcodes and registrations, so the same thing typed differently compares equal."""

import re
import unicodedata

_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
_OUTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")


def name_key(value: str | None) -> str:
    """Lower case, accents and punctuation dropped, single spaces: "O'Brien " and "obrien" share a key."""
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFKD", value)
    letters = "".join(char for char in decomposed if not unicodedata.combining(char))
    letters = re.sub(r"['\u2019.]", "", letters.lower())
    return " ".join(re.sub(r"[^a-z0-9]+", " ", letters).split())


def normalise_postcode(value: str | None) -> str | None:
    """A full UK postcode as "LE11 3AB", or None when `value` is not one."""
    compact = re.sub(r"\s+", "", (value or "").upper())
    match = _POSTCODE.match(compact)
    return f"{match.group(1)} {match.group(2)}" if match else None


def normalise_outcode(value: str | None) -> str | None:
    """A postcode district such as "LE11", or None."""
    compact = re.sub(r"\s+", "", (value or "").upper())
    return compact if _OUTCODE.match(compact) else None


def outcode_of(postcode: str | None) -> str | None:
    full = normalise_postcode(postcode)
    return full.split(" ")[0] if full else normalise_outcode(postcode)


def normalise_registration(value: str | None) -> str:
    """A vehicle registration mark as stored and searched: upper case letters and digits only."""
    return re.sub(r"[^A-Z0-9]", "", (value or "").upper())
