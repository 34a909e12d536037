"""The model a fresh install scores with before `flask matching train` has estimated one from its own people.

The figures are rounded from an EM estimate on 100,000 generated Leicestershire-like people (see
`synthetic.py`), with the levels that generator never produces (typos in addresses and towns) set by hand.
They are EM's starting point too. Levels are in the order of `comparisons.FIELDS`.
"""

from casemgmt.matching.model import MatchModel

DEFAULT_M = {
    # exact, variant, close, sounds alike, similar, different
    "forename": [0.75, 0.10, 0.08, 0.02, 0.02, 0.03],
    # exact, close, sounds alike, similar, different
    "surname": [0.80, 0.12, 0.03, 0.02, 0.03],
    # exact, day and month swapped, one part differs, partial, different
    "date_of_birth": [0.75, 0.03, 0.12, 0.05, 0.05],
    # exact, close, similar, different
    "address": [0.65, 0.06, 0.04, 0.25],
    # exact, similar, different
    "town": [0.78, 0.02, 0.20],
    # exact, same sector, one character, same district, different
    "postcode": [0.68, 0.02, 0.02, 0.03, 0.25],
    "phone": [0.95, 0.05],
    "email": [0.95, 0.05],
}
DEFAULT_U = {
    "forename": [0.007, 0.002, 0.0014, 0.0023, 0.0014, 0.9859],
    "surname": [0.014, 0.0014, 0.0011, 0.0007, 0.9828],
    "date_of_birth": [4.6e-05, 2e-05, 0.0042, 9e-05, 0.99584],
    "address": [1.1e-05, 3.6e-05, 0.0198, 0.98015],
    "town": [0.198, 1e-05, 0.80199],
    "postcode": [0.0002, 0.0065, 0.0003, 0.059, 0.934],
    "phone": [1.2e-05, 0.999988],
    "email": [2.3e-05, 0.999977],
}
# About one person in thirteen has a second record, in a partnership of 100,000 people.
DEFAULT_MODEL = MatchModel(m=DEFAULT_M, u=DEFAULT_U, prior=7.8e-7, population=100_000, version="default")
