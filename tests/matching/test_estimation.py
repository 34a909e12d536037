"""EM recovers known m and lambda from unlabelled comparison vectors; u comes from random pairs."""

import numpy as np
import pytest

from casemgmt.matching.comparisons import FIELD_NAMES, MISSING
from casemgmt.matching.defaults import DEFAULT_MODEL
from casemgmt.matching.estimation import estimate_u, expectation_maximisation, train
from casemgmt.matching.synthetic import generate_people
from casemgmt.matching.table import PeopleTable

TRUE_M = {"forename": [0.7, 0.1, 0.1, 0.04, 0.03, 0.03], "date_of_birth": [0.8, 0.05, 0.1, 0.03, 0.02]}
TRUE_U = {"forename": [0.01, 0.01, 0.02, 0.02, 0.04, 0.9], "date_of_birth": [0.001, 0.001, 0.01, 0.008, 0.98]}
TRUE_PRIOR = 0.2


def synthetic_levels(pairs: int, seed: int) -> np.ndarray:
    """Comparison vectors drawn from known m, u and lambda; the other fields are blank."""
    rng = np.random.default_rng(seed)
    matches = rng.random(pairs) < TRUE_PRIOR
    levels = np.full((pairs, len(FIELD_NAMES)), MISSING, dtype=np.int8)
    for field in TRUE_M:
        column = FIELD_NAMES.index(field)
        levels[matches, column] = rng.choice(len(TRUE_M[field]), matches.sum(), p=TRUE_M[field])
        levels[~matches, column] = rng.choice(len(TRUE_U[field]), (~matches).sum(), p=TRUE_U[field])
    # a few blanks, which must be no evidence either way
    levels[rng.random(pairs) < 0.1, FIELD_NAMES.index("date_of_birth")] = MISSING
    return levels


def test_em_recovers_known_m_and_lambda():
    u = {**DEFAULT_MODEL.u, **TRUE_U}
    start = {**DEFAULT_MODEL.m, "forename": [1 / 6] * 6, "date_of_birth": [0.2] * 5}
    result = expectation_maximisation(synthetic_levels(40_000, seed=4), u, start, 0.5, list(TRUE_M))
    assert result.prior == pytest.approx(TRUE_PRIOR, abs=0.01)
    for field, expected in TRUE_M.items():
        assert result.m[field] == pytest.approx(expected, abs=0.02)
    assert result.m["phone"] == DEFAULT_MODEL.m["phone"]  # a field not estimated keeps its start


def test_u_from_random_pairs_is_each_levels_share_among_different_people():
    people = generate_people(2_000, seed=2, duplicate_share=0)[0]
    u = estimate_u(PeopleTable(people), pairs=200_000)
    assert sum(u["date_of_birth"]) == pytest.approx(1)
    # exact birth dates among ~75 years of birthdays: about 1 in 27,000
    assert 1e-5 < u["date_of_birth"][0] < 2e-4
    assert u["date_of_birth"][-1] > 0.99


def test_training_on_generated_people_finds_their_duplicate_rate():
    people, truth = generate_people(4_000, seed=8)
    model = train(PeopleTable(people), DEFAULT_MODEL)
    true_prior = len(truth) / (4_000 * 3_999 / 2)
    assert true_prior / 2 < model.prior < true_prior * 2
    assert model.m["date_of_birth"][0] > 0.5  # most second records keep the date of birth
    assert model.population == 4_000
    assert "smith" in model.name_frequencies["surname"]
