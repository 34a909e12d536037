"""Finding the duplicates within one set of people (the batch command, an import): block, compare, score,
keep the pairs at or above a threshold."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from casemgmt.matching.blocking import candidate_pairs
from casemgmt.matching.comparisons import compare
from casemgmt.matching.explain import POSSIBLY, band
from casemgmt.matching.fields import PersonFields
from casemgmt.matching.model import MatchModel, score_levels
from casemgmt.matching.table import PeopleTable

CHUNK_PAIRS = 1_000_000  # pairs compared at once: bounds memory, and a progress line per chunk


@dataclass(frozen=True)
class DuplicatePair:
    id_a: str
    id_b: str
    match_probability: float

    @property
    def band(self) -> str:
        return band(self.match_probability)


def find_duplicates(
    people: Sequence[PersonFields],
    model: MatchModel,
    threshold: float = POSSIBLY,
    progress: Callable[[str], None] | None = None,
) -> list[DuplicatePair]:
    """Every pair of `people` with a match probability of at least `threshold`, most likely first.

    Name frequencies are counted on `people` themselves and the prior is rescaled to their number.
    """
    report = progress or (lambda message: None)
    table = PeopleTable(people)
    report(f"Prepared {table.size:,} people")
    left, right = candidate_pairs(table)
    report(f"Blocking found {len(left):,} candidate pairs")
    kept = []
    for start in range(0, len(left), CHUNK_PAIRS):
        chunk_left, chunk_right = left[start : start + CHUNK_PAIRS], right[start : start + CHUNK_PAIRS]
        levels = compare(table, chunk_left, chunk_right)
        scores = score_levels(model, table, chunk_left, chunk_right, levels, population=table.size)
        above = np.flatnonzero(scores.probability >= threshold)
        pairs = zip(
            chunk_left[above].tolist(), chunk_right[above].tolist(), scores.probability[above].tolist(), strict=True
        )
        kept.extend(pairs)
        report(f"Compared {min(start + CHUNK_PAIRS, len(left)):,} of {len(left):,} pairs")
    kept.sort(key=lambda found: -found[2])
    return [DuplicatePair(table.ids[a], table.ids[b], probability) for a, b, probability in kept]
