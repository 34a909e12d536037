"""`make bench-matching` (and `make bench`): duplicate-matching figures, not tests.

FEBRL1 and FEBRL2 with Splink side by side, the batch over 100,000 generated people, live lookup latency over
500,000 in memory, and then in PostgreSQL through the database's key index (bench/matching_database.py).
BENCH_MATCHING_LOOKUP_PEOPLE, BENCH_MATCHING_BATCH_PEOPLE and BENCH_MATCHING_LOOKUPS change the sizes;
BENCH_MATCHING_DATABASE_URL the PostgreSQL database (BENCH_MATCHING_DATABASE_URL=none leaves it out).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.matching_database import DEFAULT_URL, time_database_lookup  # noqa: E402
from bench.run import machine_description  # noqa: E402
from casemgmt.matching.benchmark import run_evaluation  # noqa: E402

if __name__ == "__main__":
    print(f"Machine: {machine_description()}")
    run_evaluation(
        splink=True,
        lookup_people=int(os.environ.get("BENCH_MATCHING_LOOKUP_PEOPLE", 500_000)),
        lookups=int(os.environ.get("BENCH_MATCHING_LOOKUPS", 1_000)),
        batch_people=int(os.environ.get("BENCH_MATCHING_BATCH_PEOPLE", 100_000)),
    )
    database = os.environ.get("BENCH_MATCHING_DATABASE_URL", DEFAULT_URL)
    if database != "none":
        time_database_lookup(
            database,
            people=int(os.environ.get("BENCH_MATCHING_LOOKUP_PEOPLE", 500_000)),
            lookups=int(os.environ.get("BENCH_MATCHING_LOOKUPS", 1_000)),
        )
