"""`make bench-matching` (and `make bench`): duplicate-matching figures, not tests.

FEBRL1 and FEBRL2 with Splink side by side, the batch over 100,000 generated people, and live lookup latency
over 500,000. BENCH_MATCHING_LOOKUP_PEOPLE, BENCH_MATCHING_BATCH_PEOPLE and BENCH_MATCHING_LOOKUPS change the
sizes.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

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
