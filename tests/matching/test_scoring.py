"""Fellegi-Sunter weights and probabilities, the name-frequency adjustment and the prior, worked by hand."""

import math
from dataclasses import replace

import numpy as np
import pytest

from casemgmt.matching.comparisons import FIELD_NAMES, compare
from casemgmt.matching.defaults import DEFAULT_MODEL
from casemgmt.matching.fields import person_fields
from casemgmt.matching.model import MatchModel, score_levels
from casemgmt.matching.table import PeopleTable

HAND_MODEL = replace(
    DEFAULT_MODEL,
    m={**DEFAULT_MODEL.m, "surname": [0.8, 0.1, 0.05, 0.03, 0.02], "date_of_birth": [0.75, 0.03, 0.12, 0.05, 0.05]},
    u={
        **DEFAULT_MODEL.u,
        "surname": [0.01, 0.005, 0.005, 0.01, 0.97],
        "date_of_birth": [0.0001, 0.0001, 0.004, 0.0004, 0.9954],
    },
    prior=1 / 1025,
)


def score_one(model: MatchModel, first: dict, second: dict, **options):
    table = PeopleTable([person_fields(id="a", **first), person_fields(id="b", **second)])
    left, right = np.array([0]), np.array([1])
    return score_levels(model, table, left, right, compare(table, left, right), **options)


def test_weights_and_probability_of_a_hand_worked_pair():
    scores = score_one(
        HAND_MODEL,
        {"surname": "Smith", "date_of_birth": "1990-02-03"},
        {"surname": "Smith", "date_of_birth": "1990-03-02"},
        own_frequencies=False,
    )
    weights = dict(zip(FIELD_NAMES, scores.weights[0], strict=True))
    # surname identical: log2(0.8 / 0.01) = log2(80); day and month swapped: log2(0.03 / 0.0001) = log2(300)
    assert weights["surname"] == pytest.approx(math.log2(80))
    assert weights["date_of_birth"] == pytest.approx(math.log2(300))
    # every other field is blank on one side at least: no evidence, weight 0
    assert [weights[name] for name in ("forename", "address", "town", "postcode", "phone", "email")] == [0] * 6
    # prior 1/1025 is odds 1:1024, i.e. -10 bits; total 2^(log2(80 * 300) - 10) = 23.4375 to 1
    assert scores.prior_weight == pytest.approx(-10)
    assert scores.probability[0] == pytest.approx(23.4375 / 24.4375)


def test_disagreement_counts_against():
    scores = score_one(
        HAND_MODEL,
        {"surname": "Smith", "date_of_birth": "1990-02-03"},
        {"surname": "Smith", "date_of_birth": "1951-07-30"},
    )
    assert scores.weights[0][FIELD_NAMES.index("date_of_birth")] == pytest.approx(math.log2(0.05 / 0.9954))


def test_a_common_surname_counts_for_less_than_a_rare_one():
    names = ["Smith"] * 6 + ["Quaye"] * 2 + ["Jones", "Patel"]
    table = PeopleTable([person_fields(id=str(number), surname=name) for number, name in enumerate(names)])
    left, right = np.array([0, 6]), np.array([1, 7])  # Smith-Smith, Quaye-Quaye
    scores = score_levels(HAND_MODEL, table, left, right, compare(table, left, right))
    smith, quaye = scores.weights[:, FIELD_NAMES.index("surname")]
    # exact agreement on a value held by a share f of people weighs log2(m_exact / f)
    assert smith == pytest.approx(math.log2(0.8 / 0.6))
    assert quaye == pytest.approx(math.log2(0.8 / 0.2))
    assert quaye - smith == pytest.approx(math.log2(3))


def test_stored_name_frequencies_weigh_a_live_comparison():
    model = replace(HAND_MODEL, name_frequencies={"surname": {"smith": 0.02}}, rare_name_frequency={"surname": 1e-4})
    common = score_one(model, {"surname": "Smith"}, {"surname": "smith"}, own_frequencies=False)
    rare = score_one(model, {"surname": "Quaye"}, {"surname": "Quaye"}, own_frequencies=False)
    assert common.weights[0][FIELD_NAMES.index("surname")] == pytest.approx(math.log2(0.8 / 0.02))
    assert rare.weights[0][FIELD_NAMES.index("surname")] == pytest.approx(math.log2(0.8 / 1e-4))


def test_the_prior_scales_with_the_population():
    model = replace(HAND_MODEL, prior=1e-4, population=1_001)
    assert model.prior_for(None) == 1e-4
    # the same duplicates per person (1e-4 * 1,000 = 0.1) among 10,001 people
    assert model.prior_for(10_001) == pytest.approx(1e-5)


def test_a_model_round_trips_through_json():
    model = replace(HAND_MODEL, name_frequencies={"surname": {"smith": 0.02}}, rare_name_frequency={"surname": 1e-4})
    assert MatchModel.from_json(model.to_json(), "3") == replace(model, version="3")
