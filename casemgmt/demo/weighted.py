"""Weighted random choices with the cumulative weights worked out once.

`random.choices` rebuilds the running totals on every call; at millions of draws that is most of the cost
of a choice, so each table here keeps its totals and picks by bisection, as `random.choices` does.
"""

import random
from bisect import bisect
from collections.abc import Iterable, Sequence
from itertools import accumulate
from typing import Generic, TypeVar

T = TypeVar("T")


class Weighted(Generic[T]):
    __slots__ = ("items", "cumulative", "total", "_last")

    def __init__(self, items: Sequence[T], weights: Iterable[float]):
        self.items = list(items)
        self.cumulative = list(accumulate(weights))
        if len(self.cumulative) != len(self.items) or not self.items or self.cumulative[-1] <= 0:
            raise ValueError("need one positive weight per item")
        self.total = self.cumulative[-1]
        self._last = len(self.items) - 1

    def pick(self, rng: random.Random) -> T:
        return self.items[bisect(self.cumulative, rng.random() * self.total, 0, self._last)]

    @classmethod
    def from_mapping(cls, weights: dict) -> "Weighted":
        return cls(list(weights), list(weights.values()))
