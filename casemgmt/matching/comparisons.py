"""Field comparisons: how closely two records agree on each field, as a level from closest to furthest.

Every comparison works on many pairs at once: `compare(table, left, right)` gives one row per pair and one
column per field, holding the index of the level in that field's `levels` (0 is the closest), or `MISSING`
when either record leaves the field blank (no evidence either way). The same code serves one pair (an
explanation), a few hundred (a live lookup) and millions (the batch).
"""

from dataclasses import dataclass

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA, JaroWinkler

from casemgmt.matching.table import PeopleTable, distinct_sorted
from casemgmt.matching.variants import forename_variants

MISSING = -1
# Jaro-Winkler similarity thresholds for names (and the looser ones for address text and towns).
NAME_CLOSE, NAME_SIMILAR = 0.92, 0.85
ADDRESS_CLOSE, ADDRESS_SIMILAR = 0.92, 0.80
TOWN_SIMILAR = 0.88
PARALLEL_FROM = 10_000


@dataclass(frozen=True)
class FieldComparison:
    """One field: its name, how a person reads it, and its levels from closest to furthest."""

    name: str
    label: str
    levels: tuple[str, ...]

    def level(self, name: str) -> int:
        return self.levels.index(name)


FORENAME = FieldComparison(
    "forename", "Forename", ("exact", "variant", "close", "sounds_alike", "similar", "different")
)
SURNAME = FieldComparison("surname", "Surname", ("exact", "close", "sounds_alike", "similar", "different"))
BIRTH_DATE = FieldComparison(
    "date_of_birth", "Date of birth", ("exact", "day_month_swapped", "one_part_differs", "partial", "different")
)
ADDRESS = FieldComparison("address", "Address", ("exact", "close", "similar", "different"))
TOWN = FieldComparison("town", "Town", ("exact", "similar", "different"))
POSTCODE = FieldComparison(
    "postcode", "Postcode", ("exact", "same_sector", "one_character", "same_district", "different")
)
PHONE = FieldComparison("phone", "Phone", ("exact", "different"))
EMAIL = FieldComparison("email", "Email", ("exact", "different"))
FIELDS: tuple[FieldComparison, ...] = (FORENAME, SURNAME, BIRTH_DATE, ADDRESS, TOWN, POSTCODE, PHONE, EMAIL)
FIELD_NAMES = tuple(field.name for field in FIELDS)
# Fields whose exact agreement is weighed by how common the value is (a shared "Smith" says less than "Quaye").
FREQUENCY_ADJUSTED = ("forename", "surname")


def similarity(left_text: np.ndarray, right_text: np.ndarray, scorer=JaroWinkler.similarity) -> np.ndarray:
    """Pairwise similarity of two equally long arrays of strings (Jaro-Winkler unless told otherwise)."""
    if len(left_text) == 0:
        return np.zeros(0)
    # Threads pay off over the batch's millions of pairs; for a live lookup's few hundred, starting them costs
    # more than the comparisons.
    workers = -1 if len(left_text) >= PARALLEL_FROM else 1
    return process.cpdist(list(left_text), list(right_text), scorer=scorer, workers=workers)


def code_similarity(
    table: PeopleTable, fields: tuple[str, str], left, right, scorer=JaroWinkler.similarity
) -> np.ndarray:
    """`similarity` of the values of two columns, worked out once per distinct pair of values (names, towns
    and postcodes repeat a lot)."""
    codes_a, codes_b = table.codes[fields[0]][left].astype(np.int64), table.codes[fields[1]][right]
    if len(codes_a) == 0:
        return np.zeros(0)
    width = len(table.distinct[fields[0]])
    encoded = codes_a * width + codes_b
    distinct = distinct_sorted(encoded)
    text_a, text_b = table.distinct[fields[0]], table.distinct[fields[1]]
    scores = similarity(text_a[distinct // width], text_b[distinct % width], scorer)
    return scores[np.searchsorted(distinct, encoded)]


def _start(table: PeopleTable, fields: tuple[str, str], left: np.ndarray, right: np.ndarray, last_level: int):
    """Levels defaulting to the last (furthest) one, MISSING where a side is blank, and the exact ones set to 0
    (`fields` names the column read on the left and on the right). Returns the levels and the positions still
    to decide (both present, not equal)."""
    a, b = table.codes[fields[0]][left], table.codes[fields[1]][right]
    levels = np.full(len(left), last_level, dtype=np.int8)
    levels[(a < 0) | (b < 0)] = MISSING
    exact = (a == b) & (a >= 0)
    levels[exact] = 0
    return levels, np.flatnonzero((a >= 0) & (b >= 0) & ~exact)


def _set_where(levels: np.ndarray, undecided: np.ndarray, condition: np.ndarray, level: int) -> np.ndarray:
    """Give `level` to the undecided positions where `condition` holds; return those still undecided."""
    levels[undecided[condition]] = level
    return undecided[~condition]


def _variant_pairs(table: PeopleTable, left_names: np.ndarray, right_names: np.ndarray) -> np.ndarray:
    """Which pairs of name codes are two different names listed as forms of one, checked once per distinct pair."""
    found = np.zeros(len(left_names), dtype=bool)
    listed = table.listed_forenames()
    worth = np.flatnonzero(listed[left_names] & listed[right_names])
    if len(worth) == 0:
        return found
    variants, names, width = forename_variants(), table.distinct["forename"], len(table.distinct["forename"])
    encoded = left_names[worth].astype(np.int64) * width + right_names[worth]
    distinct = distinct_sorted(encoded)
    answers = np.fromiter(
        (variants.are_variants(names[code // width], names[code % width]) for code in distinct.tolist()),
        dtype=bool,
        count=len(distinct),
    )
    found[worth] = answers[np.searchsorted(distinct, encoded)]
    return found


def _same_code(table: PeopleTable, field: str, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    codes = table.codes[field]
    return (codes[left] == codes[right]) & (codes[left] >= 0)


def compare_names(table: PeopleTable, comparison: FieldComparison, fields: tuple[str, str], left, right) -> np.ndarray:
    """Levels of one name comparison; `fields` are the name columns read on the left and on the right."""
    levels, undecided = _start(table, fields, left, right, comparison.level("different"))
    codes_a, codes_b = table.codes[fields[0]][left[undecided]], table.codes[fields[1]][right[undecided]]
    if "variant" in comparison.levels:
        undecided = _set_where(levels, undecided, _variant_pairs(table, codes_a, codes_b), comparison.level("variant"))
    scores = code_similarity(table, fields, left[undecided], right[undecided])
    sound_a, sound_b = (table.codes[field + "_sound"] for field in fields)
    same_sound = sound_a[left[undecided]] == sound_b[right[undecided]]
    close, alike, similar = (comparison.level(name) for name in ("close", "sounds_alike", "similar"))
    levels[undecided] = np.select(
        [scores >= NAME_CLOSE, same_sound, scores >= NAME_SIMILAR], [close, alike, similar], levels[undecided]
    )
    return levels


def _badness(levels: np.ndarray, comparison: FieldComparison) -> np.ndarray:
    """A level's distance from exact, a blank counting as worse than any disagreement."""
    return np.where(levels == MISSING, len(comparison.levels), levels)


def _may_be_crossed(table: PeopleTable, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """A cheap first look: does either name start like, or sound like, the other record's other name?"""
    found = np.zeros(len(left), dtype=bool)
    for first, second in (("forename", "surname"), ("surname", "forename")):
        for kind in ("_sound", "_start"):
            codes_a, codes_b = table.codes[first + kind][left], table.codes[second + kind][right]
            found |= (codes_a == codes_b) & (codes_a >= 0)
    return found


def compare_full_names(table: PeopleTable, left: np.ndarray, right: np.ndarray):
    """Forename and surname levels, reading the right record's names the other way round where that agrees
    clearly better (a forename entered as the surname). Returns both levels and where names were crossed."""
    forename = compare_names(table, FORENAME, ("forename", "forename"), left, right)
    surname = compare_names(table, SURNAME, ("surname", "surname"), left, right)
    straight = _badness(forename, FORENAME) + _badness(surname, SURNAME)
    doubtful = np.flatnonzero((straight >= SURNAME.level("different")) & _may_be_crossed(table, left, right))
    left_doubtful, right_doubtful = left[doubtful], right[doubtful]
    crossed_forename = compare_names(table, FORENAME, ("forename", "surname"), left_doubtful, right_doubtful)
    crossed_surname = compare_names(table, SURNAME, ("surname", "forename"), left_doubtful, right_doubtful)
    better = (_badness(crossed_forename, FORENAME) + _badness(crossed_surname, SURNAME) < straight[doubtful]) & (
        ((crossed_forename >= 0) & (crossed_forename <= FORENAME.level("close")))
        | ((crossed_surname >= 0) & (crossed_surname <= SURNAME.level("close")))
    )
    crossed = np.zeros(len(left), dtype=bool)
    crossed[doubtful[better]] = True
    forename[doubtful[better]] = crossed_forename[better]
    surname[doubtful[better]] = crossed_surname[better]
    return forename, surname, crossed


def compare_birth_dates(table: PeopleTable, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    parts_a = [table.birth_year[left], table.birth_month[left], table.birth_day[left]]
    parts_b = [table.birth_year[right], table.birth_month[right], table.birth_day[right]]
    year_a, month_a, day_a = parts_a
    year_b, month_b, day_b = parts_b
    any_a = (year_a > 0) | (month_a > 0) | (day_a > 0)
    any_b = (year_b > 0) | (month_b > 0) | (day_b > 0)
    complete = (year_a > 0) & (month_a > 0) & (day_a > 0) & (year_b > 0) & (month_b > 0) & (day_b > 0)
    agree = [a == b for a, b in zip(parts_a, parts_b, strict=True)]
    both = [(a > 0) & (b > 0) for a, b in zip(parts_a, parts_b, strict=True)]
    agreeing_parts = agree[0].astype(np.int8) + agree[1] + agree[2]
    swapped = agree[0] & (day_a == month_b) & (month_a == day_b) & (day_a != month_a)
    partial = ~complete & (both[0] | both[1] | both[2])
    for present, equal in zip(both, agree, strict=True):
        partial &= ~present | equal
    conditions = [complete & (agreeing_parts == 3), complete & swapped, complete & (agreeing_parts == 2), partial]
    levels = np.select(conditions, [0, 1, 2, 3], BIRTH_DATE.level("different")).astype(np.int8)
    levels[~any_a | ~any_b] = MISSING
    return levels


def compare_addresses(table: PeopleTable, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    levels, undecided = _start(table, ("address", "address"), left, right, ADDRESS.level("different"))
    text, numbers = table.text["address"], table.codes["house_numbers"]
    scores = similarity(text[left[undecided]], text[right[undecided]])
    numbers_a, numbers_b = numbers[left[undecided]], numbers[right[undecided]]
    other_home = (numbers_a >= 0) & (numbers_b >= 0) & (numbers_a != numbers_b)  # a neighbour, not the same home
    close, similar = ADDRESS.level("close"), ADDRESS.level("similar")
    levels[undecided] = np.select(
        [(scores >= ADDRESS_CLOSE) & ~other_home, scores >= ADDRESS_SIMILAR], [close, similar], levels[undecided]
    )
    return levels


def compare_towns(table: PeopleTable, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    levels, undecided = _start(table, ("town", "town"), left, right, TOWN.level("different"))
    similar = code_similarity(table, ("town", "town"), left[undecided], right[undecided]) >= TOWN_SIMILAR
    levels[undecided[similar]] = TOWN.level("similar")
    return levels


def compare_postcodes(table: PeopleTable, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    levels, undecided = _start(table, ("postcode", "postcode"), left, right, POSTCODE.level("different"))
    same_sector = _same_code(table, "postcode_sector", left[undecided], right[undecided])
    undecided = _set_where(levels, undecided, same_sector, POSTCODE.level("same_sector"))
    one_character = (
        code_similarity(table, ("postcode", "postcode"), left[undecided], right[undecided], OSA.distance) <= 1
    )
    undecided = _set_where(levels, undecided, one_character, POSTCODE.level("one_character"))
    same_district = _same_code(table, "postcode_district", left[undecided], right[undecided])
    _set_where(levels, undecided, same_district, POSTCODE.level("same_district"))
    return levels


def compare_exactly(table: PeopleTable, field: str, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    return _start(table, (field, field), left, right, 1)[0]


def compare(table: PeopleTable, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """The level of every field (columns in `FIELDS` order) for each pair of rows `left[i]`, `right[i]`."""
    left, right = np.asarray(left, dtype=np.int64), np.asarray(right, dtype=np.int64)
    columns = [
        *compare_full_names(table, left, right)[:2],
        compare_birth_dates(table, left, right),
        compare_addresses(table, left, right),
        compare_towns(table, left, right),
        compare_postcodes(table, left, right),
        compare_exactly(table, "phone", left, right),
        compare_exactly(table, "email", left, right),
    ]
    return np.stack(columns, axis=1) if len(left) else np.zeros((0, len(FIELDS)), dtype=np.int8)
