"""Live lookup: the people already held who may be the person being entered.

`find_candidates(person, source)` computes the person's blocking keys, asks `source` for everyone sharing
one, scores each against the person and returns those at or above the threshold with an explanation. The
source is anything with the two methods of `PeopleSource`: `InMemoryPeopleIndex` below, or a database table
of blocking keys (one row per person and key, indexed on the key) for PostgreSQL.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from casemgmt.matching.blocking import LARGEST_BLOCK, keys_of
from casemgmt.matching.comparisons import compare
from casemgmt.matching.explain import POSSIBLY, Explanation, band, explain_scored
from casemgmt.matching.fields import PersonFields
from casemgmt.matching.model import MatchModel, score_levels
from casemgmt.matching.table import PeopleTable


class PeopleSource(Protocol):
    def people_with_keys(self, keys: Sequence[str]) -> list[PersonFields]:
        """Everyone holding at least one of `keys` (see `blocking.keys_of`), leaving out any key held by more
        than `blocking.LARGEST_BLOCK` people (it says too little to be worth comparing)."""

    def population(self) -> int:
        """How many people the source holds (the prior depends on it)."""


@dataclass(frozen=True)
class Candidate:
    person_id: str
    match_probability: float
    explanation: Explanation

    @property
    def band(self) -> str:
        return band(self.match_probability)


def blocking_keys(person: PersonFields) -> list[str]:
    """The keys under which a person is filed, and looked for."""
    return keys_of(PeopleTable([person]), 0)


def find_candidates(
    person: PersonFields, source: PeopleSource, model: MatchModel, threshold: float = POSSIBLY, limit: int = 10
) -> list[Candidate]:
    """Up to `limit` people from `source` who may be `person`, most likely first, each explained.

    A record with the same id as `person` (the person being edited) is left out.
    """
    found = [
        other for other in source.people_with_keys(blocking_keys(person)) if other.id != person.id or not person.id
    ]
    if not found:
        return []
    table = PeopleTable([person, *found])
    left, right = np.zeros(len(found), dtype=np.int64), np.arange(1, len(found) + 1)
    levels = compare(table, left, right)
    scores = score_levels(model, table, left, right, levels, source.population(), own_frequencies=False)
    best = [index for index in np.argsort(-scores.probability, kind="stable") if scores.probability[index] >= threshold]
    return [
        Candidate(
            table.ids[right[index]],
            float(scores.probability[index]),
            explain_scored(
                table, 0, int(right[index]), levels[index], scores.weights[index], scores.probability[index]
            ),
        )
        for index in best[:limit]
    ]


class InMemoryPeopleIndex:
    """People filed by blocking key in memory: for tests, the benchmark and small imports."""

    def __init__(self, people: Iterable[PersonFields], population: int | None = None):
        """`population`: how many people the index stands for, when it holds a sample of a larger set (the
        prior, and so every probability, depends on it); by default how many it holds."""
        self.people = list(people)
        self._population = population or len(self.people)
        table = PeopleTable(self.people)
        self.rows_by_key: dict[str, list[int]] = defaultdict(list)
        for row in range(table.size):
            for key in keys_of(table, row):
                self.rows_by_key[key].append(row)

    def people_with_keys(self, keys: Sequence[str]) -> list[PersonFields]:
        rows: set[int] = set()
        for key in keys:
            filed = self.rows_by_key.get(key, ())
            if len(filed) <= LARGEST_BLOCK:
                rows.update(filed)
        return [self.people[row] for row in sorted(rows)]

    def population(self) -> int:
        return self._population
