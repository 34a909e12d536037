"""`flask matching evaluate` and `make bench-matching`: figures, not tests.

1. FEBRL1 and FEBRL2: our model (estimated by EM on each file, no labels) and Splink side by side.
2. The batch: 100,000 generated people through the same code as `flask people find-duplicates`.
3. Live lookup: p50/p95 of `find_candidates` against 500,000 generated people in an in-memory key index.
"""

import csv
import os
import statistics
import tempfile
import time

import numpy as np

from casemgmt.matching.batch_csv import INPUT_COLUMNS, read_people, write_pairs
from casemgmt.matching.blocking import candidate_pairs
from casemgmt.matching.candidates import InMemoryPeopleIndex, find_candidates
from casemgmt.matching.comparisons import compare
from casemgmt.matching.defaults import DEFAULT_MODEL
from casemgmt.matching.duplicates import find_duplicates
from casemgmt.matching.estimation import train
from casemgmt.matching.evaluation import Figures, febrl_people, load_febrl, true_pairs
from casemgmt.matching.explain import POSSIBLY
from casemgmt.matching.model import score_levels
from casemgmt.matching.synthetic import PeopleGenerator, generate_people
from casemgmt.matching.table import PeopleTable


def _sorted_ids(table: PeopleTable, left, right) -> list[tuple[str, str]]:
    return [tuple(sorted((table.ids[a], table.ids[b]))) for a, b in zip(left.tolist(), right.tolist(), strict=True)]


def our_figures(name: str, people, truth: set, threshold: float = POSSIBLY) -> Figures:
    started = time.perf_counter()
    table = PeopleTable(people)
    model = train(table, DEFAULT_MODEL, version=name)
    left, right = candidate_pairs(table)
    scores = score_levels(model, table, left, right, compare(table, left, right), population=table.size)
    blocked = _sorted_ids(table, left, right)
    predicted = {
        pair for pair, probability in zip(blocked, scores.probability, strict=True) if probability >= threshold
    }
    seconds = time.perf_counter() - started
    return Figures(
        "ours",
        name,
        table.size,
        len(truth),
        len(blocked),
        len(set(blocked) & truth),
        len(predicted),
        len(predicted & truth),
        seconds,
    )


def splink_figures(name: str, people, truth: set, threshold: float = POSSIBLY) -> Figures:
    from casemgmt.matching.splink_baseline import splink_pairs

    blocked, predicted, seconds = splink_pairs(PeopleTable(people), threshold)
    return Figures(
        "splink",
        name,
        len(people),
        len(truth),
        len(blocked),
        len(blocked & truth),
        len(predicted),
        len(predicted & truth),
        seconds,
    )


def print_figures(rows: list[Figures], echo) -> None:
    echo(f"{'data':<8}{'method':<8}{'pairs':>9}{'PC':>8}{'RR':>9}{'prec':>8}{'recall':>8}{'F1':>8}{'secs':>7}")
    for row in rows:
        echo(
            f"{row.dataset:<8}{row.method:<8}{row.candidate_pairs:>9,}{row.pair_completeness:>8.4f}"
            f"{row.reduction_ratio:>9.5f}{row.precision:>8.4f}{row.recall:>8.4f}{row.f1:>8.4f}{row.seconds:>7.1f}"
        )


def evaluate_febrl(splink: bool, echo) -> list[Figures]:
    rows = []
    for name in ("febrl1", "febrl2"):
        people = febrl_people(load_febrl(name))
        truth = true_pairs(person.id for person in people)
        rows.append(our_figures(name, people, truth))
        if splink:
            rows.append(splink_figures(name, people, truth))
    echo(f"FEBRL without soc_sec_id, threshold {POSSIBLY} (PC pair completeness, RR reduction ratio):")
    print_figures(rows, echo)
    return rows


def _write_people_csv(path: str, people) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(INPUT_COLUMNS)
        for person in people:
            birth = person.date_of_birth
            born = f"{birth.year:04d}-{birth.month:02d}-{birth.day:02d}" if birth.is_complete else ""
            writer.writerow(
                (person.id, person.forename, person.surname, born, person.address_line, person.town, person.postcode)
                + (person.phone, person.email)
            )


def time_batch(count: int, echo) -> None:
    """The find-duplicates path (read, block, compare, score, write) with the shipped model, then with a model
    estimated on the input first (`--train-on-input`)."""
    people, truth = generate_people(count, seed=3)
    echo(f"\nBatch: {count:,} generated people, {len(truth):,} true pairs")
    with tempfile.TemporaryDirectory() as folder:
        source, target = os.path.join(folder, "people.csv"), os.path.join(folder, "pairs.csv")
        _write_people_csv(source, people)
        for label, estimate in (("shipped default model", False), ("model estimated on the input", True)):
            started = time.perf_counter()
            read = read_people(source)
            model = train(PeopleTable(read), DEFAULT_MODEL) if estimate else DEFAULT_MODEL
            pairs = find_duplicates(read, model, POSSIBLY)
            write_pairs(target, pairs)
            seconds = time.perf_counter() - started
            found = {tuple(sorted((pair.id_a, pair.id_b))) for pair in pairs}
            correct = len(found & truth)
            echo(
                f"  {label}: {seconds:.1f} s, {len(pairs):,} pairs written, "
                f"precision {correct / max(len(found), 1):.4f}, recall {correct / max(len(truth), 1):.4f}"
            )


def time_live_lookup(count: int, lookups: int, echo) -> None:
    started = time.perf_counter()
    people, _ = generate_people(count, seed=5)
    index = InMemoryPeopleIndex(people)
    echo(f"\nLive lookup: {count:,} generated people indexed in {time.perf_counter() - started:.0f} s")
    rng = np.random.default_rng(1)
    generator = PeopleGenerator(seed=9)
    timings, found = [], 0
    for number in rng.choice(len(people), lookups, replace=False).tolist():
        typed = generator.recorded_again(-1, people[number])  # as an officer might type someone already held
        began = time.perf_counter()
        candidates = find_candidates(typed, index, DEFAULT_MODEL)
        timings.append((time.perf_counter() - began) * 1000)
        found += any(candidate.person_id == people[number].id for candidate in candidates)
    cuts = statistics.quantiles(timings, n=100, method="inclusive")
    echo(
        f"find_candidates over {lookups:,} lookups: p50 {cuts[49]:.1f} ms, p95 {cuts[94]:.1f} ms, "
        f"max {max(timings):.1f} ms; the person looked for was among the candidates in {found / lookups:.1%}"
    )


def run_evaluation(
    splink: bool = True, lookup_people: int = 500_000, lookups: int = 1_000, batch_people=100_000, echo=print
):
    evaluate_febrl(splink, echo)
    if batch_people:
        time_batch(batch_people, echo)
    if lookup_people:
        time_live_lookup(lookup_people, lookups, echo)
