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


# O and 0, I and 1 are the confusions of a registration read off a plate or heard over the phone.
_REGISTRATION_CONFUSIONS = str.maketrans({"O": "0", "I": "1"})


def registration_key(value: str | None) -> str:
    """The key registrations are matched by: the normalised registration with every O read as 0 and every I as 1.

    Folding every position (rather than only where a UK format expects a digit) is safe because no two real
    marks differ only there: in the current format (AB12 CDE) and the prefix and suffix formats each position is
    either a letter or a digit, so of two marks differing by O/0 or I/1 one cannot exist. "AB12 C0E" and
    "ab12coe" share a key; "AB12CDE" and "A812CDE" (B and 8) do not.
    """
    return normalise_registration(value).translate(_REGISTRATION_CONFUSIONS)


# Abbreviations in the first lines of UK addresses, written out so "12 High St" and "12 High Street" compare equal.
# "St" is left out: it is "Street" at the end of a part and "Saint" anywhere else (see `address_line_key`).
_ADDRESS_WORDS = {
    "rd": "road",
    "ave": "avenue",
    "av": "avenue",
    "ln": "lane",
    "dr": "drive",
    "cl": "close",
    "cres": "crescent",
    "ct": "court",
    "gdns": "gardens",
    "gdn": "garden",
    "gr": "grove",
    "gro": "grove",
    "pl": "place",
    "sq": "square",
    "tce": "terrace",
    "terr": "terrace",
    "pk": "park",
    "pde": "parade",
    "wy": "way",
    "wlk": "walk",
    "hwy": "highway",
    "bvd": "boulevard",
    "blvd": "boulevard",
    "mt": "mount",
    "est": "estate",
    "ho": "house",
    "hse": "house",
    "bldgs": "buildings",
    "cotts": "cottages",
    "flt": "flat",
    "apt": "apartment",
    "upr": "upper",
    "lwr": "lower",
    "gt": "great",
}


def _address_part_words(part: str) -> list[str]:
    words = name_key(part).split()
    joined: list[str] = []
    for index, word in enumerate(words):
        following = words[index + 1] if index + 1 < len(words) else ""
        if word == "no" and following[:1].isdigit():
            continue  # "No. 12" is 12
        if joined and joined[-1].isdigit() and len(word) == 1 and word.isalpha():
            joined[-1] += word  # "12 A" is 12a
        else:
            joined.append(word)
    last = len(joined) - 1
    return [
        ("street" if index == last else "saint") if word == "st" else _ADDRESS_WORDS.get(word, word)
        for index, word in enumerate(joined)
    ]


def address_line_key(*lines: str | None) -> str:
    """The first lines of an address as they are compared: lower case, punctuation dropped, abbreviations
    written out ("Rd" is "road"; "St" is "street" ending a part, "saint" elsewhere, so "12 St Mary's St" is
    "12 saint marys street"), a house number and its letter joined ("12 A" is "12a"), "No. 12" read as 12.
    Several lines (line 1, line 2) are read as one; commas separate parts."""
    parts = [part for line in lines if line for part in line.split(",")]
    return " ".join(word for part in parts for word in _address_part_words(part))


def normalise_uprn(value: str | None) -> str | None:
    """A Unique Property Reference Number as stored: its digits without leading zeros ("000100012345" is
    "100012345"), or None when blank. Anything that is not all digits is kept as typed, without spaces."""
    compact = re.sub(r"\s+", "", value or "")
    if not compact:
        return None
    return (compact.lstrip("0") or "0") if compact.isdigit() else compact.upper()
