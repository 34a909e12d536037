"""Splink (DuckDB backend) on the same people, for the side-by-side evaluation only (`matching-eval` extras).

A standard Splink model on the same fields: Jaro-Winkler levels for names, address and town, Levenshtein on
the date of birth (FEBRL dates hold impossible days, so it is compared as text) and the postcode, with term
frequency adjustments on the names. Its blocking rules use the same keys as ours, computed into columns
(Double Metaphone of each name, initials, year of birth, day and month in either order, house number). It
is trained with its own estimators: u from random pairs, the prior from deterministic rules, m by EM in
two sessions (blocked on date of birth, then on both names), as Splink's documentation does.
"""

import logging
import time

from casemgmt.matching.table import PeopleTable

SPLINK_BLOCKING = [
    ("forename_sound", "surname_sound"),
    ("surname_sound", "forename_initial"),
    ("forename_sound", "surname_initial"),
    ("surname_sound", "birth_year"),
    ("forename_sound", "birth_year"),
    ("forename_sound", "birth_date"),
    ("birth_date_any_order",),
    ("postcode", "forename_initial"),
    ("postcode", "surname_initial"),
    ("address", "town"),
    ("surname_sound", "town"),
    ("forename_sound", "town"),
    ("surname_sound", "house_numbers"),
    ("forename_sound", "house_numbers"),
]


def _blank_to_none(values) -> list:
    return [value if value else None for value in values]


def splink_frame(table: PeopleTable):
    """The people as a pandas frame with the columns Splink compares and blocks on."""
    import pandas as pd

    def birth(row: int, any_order: bool = False):
        year, month, day = int(table.birth_year[row]), int(table.birth_month[row]), int(table.birth_day[row])
        if not (year and month and day):
            return None
        return f"{year}-{min(month, day)}-{max(month, day)}" if any_order else f"{year:04d}{month:02d}{day:02d}"

    rows = range(table.size)
    columns = {"unique_id": table.ids}
    for field in ("forename", "surname", "address", "town", "postcode", "forename_sound", "surname_sound"):
        columns[field] = _blank_to_none(table.text[field])
    columns["house_numbers"] = _blank_to_none(table.text["house_numbers"])
    columns["forename_initial"] = _blank_to_none(name[:1] for name in table.text["forename"])
    columns["surname_initial"] = _blank_to_none(name[:1] for name in table.text["surname"])
    columns["birth_year"] = [int(year) or None for year in table.birth_year]
    columns["birth_date"] = [birth(row) for row in rows]
    columns["birth_date_any_order"] = [birth(row, any_order=True) for row in rows]
    return pd.DataFrame(columns)


def splink_pairs(table: PeopleTable, threshold: float):
    """Run Splink; returns (every blocked pair, the pairs at or above `threshold`) as sets of sorted id pairs,
    and the seconds taken."""
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    started = time.perf_counter()
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.JaroWinklerAtThresholds("forename", [0.92, 0.85]).configure(term_frequency_adjustments=True),
            cl.JaroWinklerAtThresholds("surname", [0.92, 0.85]).configure(term_frequency_adjustments=True),
            cl.LevenshteinAtThresholds("birth_date", [1, 2]),
            cl.JaroWinklerAtThresholds("address", [0.92, 0.8]),
            cl.JaroWinklerAtThresholds("town", [0.88]),
            cl.LevenshteinAtThresholds("postcode", [1, 2]),
        ],
        blocking_rules_to_generate_predictions=[block_on(*columns) for columns in SPLINK_BLOCKING],
        retain_intermediate_calculation_columns=False,
    )
    database = DuckDBAPI()
    linker = Linker(database.register(splink_frame(table)), settings, log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("forename", "surname", "birth_date"), block_on("forename", "surname", "address")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=10_000_000, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("birth_date"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("forename", "surname"))
    predictions = linker.inference.predict().as_pandas_dataframe()
    ids = zip(predictions["unique_id_l"], predictions["unique_id_r"], strict=True)
    blocked = [tuple(sorted(pair)) for pair in ids]
    above = predictions["match_probability"].to_numpy() >= threshold
    return (
        set(blocked),
        {pair for pair, keep in zip(blocked, above, strict=True) if keep},
        time.perf_counter() - started,
    )
