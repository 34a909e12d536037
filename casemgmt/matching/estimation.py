"""Estimating a model from the partnership's own people, without labelled pairs.

- u (how often each level happens between two different people) comes from pairs drawn at random: almost
  all of them are two different people.
- m (how often each level happens for the same person) and the prior come from expectation maximisation
  over blocked pairs. As in Splink, each EM session uses the pairs of one blocking rule and leaves out the
  fields that rule blocks on (within a block those fields agree by construction, so they would tell nothing
  about m); each field's m is the average over the sessions that estimated it.
- The prior (lambda, two random records being the same person) is then the expected number of matching
  pairs among all blocked pairs (EM with m and u held), divided by the number of possible pairs.
"""

from dataclasses import dataclass

import numpy as np

from casemgmt.matching.blocking import RULES_BY_NAME, candidate_pairs, rule_pairs
from casemgmt.matching.comparisons import FIELD_NAMES, FIELDS, MISSING, compare
from casemgmt.matching.model import SMALLEST_PROBABILITY, MatchModel
from casemgmt.matching.table import PeopleTable

RANDOM_PAIRS = 1_000_000  # pairs drawn to estimate u
SESSION_PAIRS = 2_000_000  # at most this many pairs per EM session (a random sample beyond that)
# m is pulled towards the starting model as if it had been seen on this many matching pairs, so a level the
# data never shows (no nicknames in a file) keeps a sensible m instead of falling to zero (a huge penalty).
PSEUDO_MATCHES = 10.0


@dataclass(frozen=True)
class TrainingSession:
    """One EM session: the pairs of `rule`, estimating m for every field but those in `blocks_on`."""

    rule: str
    blocks_on: frozenset[str]


TRAINING_SESSIONS = (
    TrainingSession("birth_date", frozenset({"date_of_birth"})),
    TrainingSession("names", frozenset({"forename", "surname"})),
)


@dataclass(frozen=True)
class EMResult:
    m: dict[str, list[float]]
    prior: float
    iterations: int


def level_counts(levels: np.ndarray, weights: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """Per field, the (weighted) number of pairs at each level, blanks left out."""
    weights = np.ones(len(levels)) if weights is None else weights
    counts = {}
    for column, comparison in enumerate(FIELDS):
        level = levels[:, column]
        present = level != MISSING
        counts[comparison.name] = np.bincount(level[present], weights[present], minlength=len(comparison.levels))
    return counts


def estimate_u(table: PeopleTable, pairs: int = RANDOM_PAIRS, seed: int = 0) -> dict[str, list[float]]:
    """u per field and level from random pairs (every pair when the table is small). A level never seen
    counts as half a pair, so no weight is infinite."""
    size = table.size
    if size * (size - 1) // 2 <= pairs:
        left, right = np.triu_indices(size, k=1)
    else:
        rng = np.random.default_rng(seed)
        left, right = rng.integers(0, size, pairs), rng.integers(0, size, pairs)
        keep = left != right
        left, right = left[keep], right[keep]
    counts = level_counts(compare(table, left, right))
    return {
        field: (np.maximum(count, 0.5) / max(np.maximum(count, 0.5).sum(), 1)).tolist()
        for field, count in counts.items()
    }


def _distinct_patterns(levels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of `levels` and how many pairs have each: EM then works on a few thousand rows."""
    patterns, counts = np.unique(levels, axis=0, return_counts=True)
    return patterns, counts.astype(float)


def _log2_ratios(patterns: np.ndarray, m: dict, u: dict, fields: list[str]) -> np.ndarray:
    total = np.zeros(len(patterns))
    for field in fields:
        column = FIELD_NAMES.index(field)
        level = patterns[:, column]
        ratio = np.log2(np.clip(m[field], SMALLEST_PROBABILITY, 1) / np.clip(u[field], SMALLEST_PROBABILITY, 1))
        total += np.where(level == MISSING, 0.0, ratio[level.clip(0)])
    return total


def expectation_maximisation(
    levels: np.ndarray,
    u: dict[str, list[float]],
    m_start: dict[str, list[float]],
    prior_start: float,
    fields: list[str],
    estimate_m: bool = True,
    estimate_u: bool = False,
    tolerance: float = 1e-6,
    most_iterations: int = 200,
) -> EMResult:
    """EM with u held: estimates m for `fields` (unless `estimate_m` is False) and the share of matching pairs
    among `levels`. Fields not listed keep `m_start` and play no part."""
    patterns, counts = _distinct_patterns(levels)
    m = {field: np.asarray(values, dtype=float) for field, values in m_start.items()}
    u = {field: np.asarray(values, dtype=float) for field, values in u.items()}
    start = {field: values / values.sum() for field, values in m.items()}
    prior, iterations = prior_start, 0
    while iterations < most_iterations:
        iterations += 1
        log_odds = np.log2(prior / (1 - prior)) + _log2_ratios(patterns, m, u, fields)
        posterior = 1.0 / (1.0 + np.exp2(-np.clip(log_odds, -200, 200)))
        matched = posterior * counts
        new_prior = float(np.clip(matched.sum() / counts.sum(), 1e-9, 1 - 1e-9))
        change = abs(new_prior - prior)
        if estimate_m:
            for field, count in level_counts(patterns, matched).items():
                if field in fields:
                    smoothed = count + PSEUDO_MATCHES * start[field]
                    new_m = np.maximum(smoothed / smoothed.sum(), SMALLEST_PROBABILITY)
                    change = max(change, float(np.abs(new_m - m[field]).max()))
                    m[field] = new_m
        if estimate_u:
            for field, count in level_counts(patterns, counts - matched).items():
                if field in fields:
                    new_u = np.maximum((count + 0.5) / (count.sum() + 0.5 * len(count)), SMALLEST_PROBABILITY)
                    change = max(change, float(np.abs(new_u - u[field]).max()))
                    u[field] = new_u
        prior = new_prior
        if change < tolerance:
            break
    return EMResult({field: values.tolist() for field, values in m.items()}, prior, iterations)


def _sample(pairs: np.ndarray, limit: int, seed: int) -> np.ndarray:
    return pairs if len(pairs) <= limit else np.random.default_rng(seed).choice(pairs, limit, replace=False)


def train(table: PeopleTable, start: MatchModel, version: str = "trained", seed: int = 0) -> MatchModel:
    """A model estimated on `table`'s people: u from random pairs, m from the EM sessions, then the prior."""
    u = estimate_u(table, seed=seed)
    estimates: dict[str, list[np.ndarray]] = {field: [] for field in FIELD_NAMES}
    for session in TRAINING_SESSIONS:
        encoded = _sample(rule_pairs(table, RULES_BY_NAME[session.rule]), SESSION_PAIRS, seed)
        if len(encoded) == 0:
            continue
        levels = compare(table, encoded // table.size, encoded % table.size)
        fields = [field for field in FIELD_NAMES if field not in session.blocks_on]
        result = expectation_maximisation(levels, u, start.m, 0.01, fields, estimate_u=True)
        for field in fields:
            estimates[field].append(np.asarray(result.m[field]))
    m = {field: (np.mean(found, axis=0).tolist() if found else start.m[field]) for field, found in estimates.items()}
    left, right = candidate_pairs(table)
    prior = start.prior
    if len(left):
        blocked = expectation_maximisation(
            compare(table, left, right), u, m, 0.01, list(FIELD_NAMES), estimate_m=False, estimate_u=True
        )
        possible_pairs = table.size * (table.size - 1) / 2
        prior = float(np.clip(blocked.prior * len(left) / possible_pairs, 1e-12, 0.5))
    model = MatchModel(m=m, u=u, prior=prior, population=table.size, version=version)
    return model.with_frequencies_of(table)
