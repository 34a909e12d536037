"""Fellegi-Sunter scoring: how much more likely each field's agreement level is for the same person than for
two different people, added up in bits, turned into a probability.

For each field and level, m is the chance of that level when two records are the same person and u the chance
when they are two different people. The level's match weight is log2(m / u). An exact agreement on a name is
weighed by how common that name is: two random people share a name with probability about its frequency f,
so the weight becomes log2(m / f) (a shared "Smith" counts for less than a shared "Quaye"). The prior lambda
is the chance that two records drawn at random are the same person; the match probability of a pair with
total weight W (prior included) is 2^W / (1 + 2^W).

Lambda depends on how many people are held: if each person has on average d other records, lambda is
d / (N - 1). A model remembers the population it was estimated on and rescales lambda to the population it
scores against (`prior_for`).
"""

import json
import math
from dataclasses import dataclass, field, replace

import numpy as np

from casemgmt.matching.comparisons import FIELDS, FREQUENCY_ADJUSTED, MISSING
from casemgmt.matching.table import PeopleTable

# A probability never reaches exactly 0 or 1: the smallest m or u kept, so every weight stays finite.
SMALLEST_PROBABILITY = 1e-6
# Names held only once in the population they were counted on are weighed as this rare at most.
MAXIMUM_NAME_RARITY = 1e-6


@dataclass(frozen=True)
class MatchModel:
    """The parameters of one model version. `m` and `u` hold, per field, one probability per level."""

    m: dict[str, list[float]]
    u: dict[str, list[float]]
    prior: float
    population: int
    version: str = "default"
    # Per frequency-adjusted field: the share of people holding each common value, and the share assumed
    # for a value not listed (a rare one).
    name_frequencies: dict[str, dict[str, float]] = field(default_factory=dict)
    rare_name_frequency: dict[str, float] = field(default_factory=dict)

    def weights(self, field_name: str) -> np.ndarray:
        """log2(m / u) for each level of the field."""
        m = np.clip(np.asarray(self.m[field_name], dtype=float), SMALLEST_PROBABILITY, 1.0)
        u = np.clip(np.asarray(self.u[field_name], dtype=float), SMALLEST_PROBABILITY, 1.0)
        return np.log2(m / u)

    def prior_for(self, population: int | None) -> float:
        """Lambda for a population of `population` people (the same number of duplicates per person)."""
        if not population or population < 2 or self.population < 2:
            return self.prior
        return min(0.5, self.prior * (self.population - 1) / (population - 1))

    def to_json(self) -> str:
        return json.dumps(
            {
                "m": self.m,
                "u": self.u,
                "prior": self.prior,
                "population": self.population,
                "name_frequencies": self.name_frequencies,
                "rare_name_frequency": self.rare_name_frequency,
            },
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str, version: str) -> "MatchModel":
        values = json.loads(text)
        return cls(
            m=values["m"],
            u=values["u"],
            prior=values["prior"],
            population=values["population"],
            version=version,
            name_frequencies=values.get("name_frequencies", {}),
            rare_name_frequency=values.get("rare_name_frequency", {}),
        )

    def with_frequencies_of(self, table: PeopleTable) -> "MatchModel":
        """The same model with name frequencies counted on `table` (the most common 2,000 of each field)."""
        frequencies, rare = {}, {}
        for field_name in FREQUENCY_ADJUSTED:
            codes = table.codes[field_name]
            counts = np.bincount(codes[codes >= 0], minlength=len(table.distinct[field_name]))
            held = max(int((codes >= 0).sum()), 1)
            top = np.argsort(-counts, kind="stable")[:2000]
            frequencies[field_name] = {str(table.distinct[field_name][code]): counts[code] / held for code in top}
            rare[field_name] = max(1 / held, MAXIMUM_NAME_RARITY)
        return replace(self, name_frequencies=frequencies, rare_name_frequency=rare)


@dataclass(frozen=True)
class Scores:
    """Scored pairs: the level of every field, each field's weight in bits, and the match probability."""

    left: np.ndarray
    right: np.ndarray
    levels: np.ndarray
    weights: np.ndarray
    prior_weight: float
    probability: np.ndarray


def logit2(probability: float) -> float:
    return math.log2(probability / (1 - probability))


def probability_of(total_weight: np.ndarray) -> np.ndarray:
    """2^W / (1 + 2^W), computed without overflow."""
    return 1.0 / (1.0 + np.exp2(-np.clip(total_weight, -200, 200)))


def name_frequency(model: MatchModel, table: PeopleTable, field_name: str, rows: np.ndarray, own: bool) -> np.ndarray:
    """The frequency of each row's value of a name field: counted on the table itself when `own` (a batch),
    else taken from the model's list, a value not listed being as rare as one held once."""
    if own:
        held = max(int((table.codes[field_name] >= 0).sum()), 1)
        return np.maximum(table.value_counts(field_name)[rows] / held, MAXIMUM_NAME_RARITY)
    listed = model.name_frequencies.get(field_name)
    if not listed:  # a model without counted names (the shipped default): every name as common as average
        return np.full(len(rows), max(model.u[field_name][0], SMALLEST_PROBABILITY))
    rare = model.rare_name_frequency.get(field_name, MAXIMUM_NAME_RARITY)
    text = table.text[field_name]
    return np.fromiter((listed.get(value, rare) for value in text[rows]), dtype=float, count=len(rows))


def field_weights(model: MatchModel, table: PeopleTable, left, right, levels: np.ndarray, own_frequencies: bool):
    """Each pair's weight per field: log2(m/u) of its level, 0 where a side is blank, and exact name
    agreements weighed by the name's frequency."""
    weights = np.zeros(levels.shape, dtype=float)
    for column, comparison in enumerate(FIELDS):
        level = levels[:, column]
        weights[:, column] = np.where(level == MISSING, 0.0, model.weights(comparison.name)[level.clip(0)])
        if comparison.name in FREQUENCY_ADJUSTED:
            exact = np.flatnonzero(level == 0)
            m_exact = max(model.m[comparison.name][0], SMALLEST_PROBABILITY)
            frequency = name_frequency(model, table, comparison.name, left[exact], own_frequencies)
            weights[exact, column] = np.log2(m_exact / frequency)
    return weights


def score_levels(model: MatchModel, table: PeopleTable, left, right, levels, population=None, own_frequencies=True):
    """Scores for pairs whose levels are already compared (see `comparisons.compare`)."""
    weights = field_weights(model, table, left, right, levels, own_frequencies)
    prior_weight = logit2(model.prior_for(population))
    probability = probability_of(prior_weight + weights.sum(axis=1))
    return Scores(left, right, levels, weights, prior_weight, probability)
