"""Plain-language explanations: an action band instead of a raw number, and one row per field saying what
agreed, what differed and how much that counts ("Date of birth: day and month swapped (03/02/1990,
02/03/1990) — strong evidence").
"""

from dataclasses import dataclass

import numpy as np

from casemgmt.matching.comparisons import BIRTH_DATE, FIELDS, FORENAME, MISSING, POSTCODE, compare, compare_full_names
from casemgmt.matching.fields import PersonFields
from casemgmt.matching.model import MatchModel, score_levels
from casemgmt.matching.table import PeopleTable
from casemgmt.matching.variants import forename_variants

# Action bands. "Very likely" is 19 to 1 on or better. "Possibly" starts where the same person becomes at
# least as likely as two different people: the batch's default cut-off and the evaluation's threshold.
VERY_LIKELY = 0.95
POSSIBLY = 0.5
VERY_LIKELY_BAND = "Very likely the same person"
POSSIBLY_BAND = "Possibly the same person"
PROBABLY_DIFFERENT_BAND = "Probably different"

# How a field's weight (in bits: 1 bit doubles the odds) reads: 6 bits is 64 times likelier.
STRONG_BITS, SOME_BITS = 6.0, 1.0

LEVEL_WORDS = {
    "exact": "identical",
    "close": "nearly identical, {a} and {b}",
    "sounds_alike": "similar and sounds the same, {a} and {b}",
    "similar": "similar, {a} and {b}",
    "different": "different",
    "day_month_swapped": "day and month swapped ({a}, {b})",
    "one_part_differs": "one part differs ({a}, {b})",
    "partial": "agrees where both are recorded ({a}, {b})",
    "same_sector": "same postcode sector, {a} and {b}",
    "one_character": "one character different, {a} and {b}",
    "same_district": "same postcode district, {a} and {b}",
}


def band(probability: float) -> str:
    if probability >= VERY_LIKELY:
        return VERY_LIKELY_BAND
    return POSSIBLY_BAND if probability >= POSSIBLY else PROBABLY_DIFFERENT_BAND


def strength(weight: float) -> str:
    if weight >= STRONG_BITS:
        return "strong evidence"
    if weight >= SOME_BITS:
        return "some evidence"
    if weight > -SOME_BITS:
        return "little evidence either way"
    return "strong evidence against" if weight <= -STRONG_BITS else "evidence against"


@dataclass(frozen=True)
class EvidenceRow:
    field: str
    label: str
    finding: str
    weight: float

    @property
    def text(self) -> str:
        if self.finding == "not recorded":
            return f"{self.label}: not recorded — no evidence either way"
        return f"{self.label}: {self.finding} — {strength(self.weight)}"


@dataclass(frozen=True)
class Explanation:
    probability: float
    band: str
    rows: tuple[EvidenceRow, ...]

    def lines(self) -> list[str]:
        return [row.text for row in self.rows]


def _shown(person: PersonFields, field: str) -> str:
    if field == BIRTH_DATE.name:
        return person.date_of_birth.display()
    value = {"address": person.address_line}.get(field, getattr(person, field, ""))
    return f"'{value.strip()}'" if field in ("forename", "surname") else value.strip()


def _finding(field: str, level_name: str, first: PersonFields, second: PersonFields, crossed: bool) -> str:
    second_field = {"forename": "surname", "surname": "forename"}.get(field, field) if crossed else field
    a, b = _shown(first, field), _shown(second, second_field)
    if field == FORENAME.name and level_name == "variant":
        formal = forename_variants().formal_name(a.strip("'").lower(), b.strip("'").lower())
        if formal:
            short, full = (b, a) if a.strip("'").lower() == formal else (a, b)
            return f"{short} is a short form of {full}"
        return f"{a} and {b} are forms of the same name"
    if field == POSTCODE.name and level_name in ("same_sector", "same_district"):
        a, b = first.postcode.strip().upper(), second.postcode.strip().upper()
    finding = LEVEL_WORDS[level_name].format(a=a, b=b)
    if crossed and field in ("forename", "surname"):
        finding += " (forename and surname the other way round)"
    return finding


def explain_scored(table: PeopleTable, row_a: int, row_b: int, levels, weights, probability: float) -> Explanation:
    """The explanation of one pair already scored (`levels` and `weights` are that pair's rows)."""
    first, second = table.people[row_a], table.people[row_b]
    crossed = bool(compare_full_names(table, np.array([row_a]), np.array([row_b]))[2][0])
    rows = []
    for column, comparison in enumerate(FIELDS):
        level = int(levels[column])
        finding = (
            "not recorded"
            if level == MISSING
            else _finding(comparison.name, comparison.levels[level], first, second, crossed)
        )
        rows.append(EvidenceRow(comparison.name, comparison.label, finding, float(weights[column])))
    return Explanation(float(probability), band(probability), tuple(rows))


def explain(first: PersonFields, second: PersonFields, model: MatchModel, population: int | None = None) -> Explanation:
    """Why two people are or are not thought the same, scored with `model` (name frequencies from the model,
    the prior for `population` people)."""
    table = PeopleTable([first, second])
    left, right = np.array([0]), np.array([1])
    scores = score_levels(model, table, left, right, compare(table, left, right), population, own_frequencies=False)
    return explain_scored(table, 0, 1, scores.levels[0], scores.weights[0], scores.probability[0])
