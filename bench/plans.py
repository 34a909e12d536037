"""Capturing the SQL a request runs, and showing PostgreSQL's plan for each SELECT.

A sequential scan of a large table is flagged, so a page that stops using its index is visible at once.
"""

import contextlib
import re

from sqlalchemy import event

LARGE_TABLES = (
    "incidents",
    "persons",
    "incident_people",
    "addresses",
    "person_addresses",
    "record_grants",
    "cases",
    "case_incidents",
    "case_people",
    "incident_vehicles",
    "vehicles",
    "audit_events",
)
SEQUENTIAL_SCAN = re.compile(r"Seq Scan on (\w+)")


@contextlib.contextmanager
def captured_statements(engine):
    """Collect (statement, parameters) for every SELECT executed while the block runs."""
    captured: list[tuple[str, object]] = []

    def listener(_connection, _cursor, statement, parameters, _context, _executemany):
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            captured.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", listener)
    try:
        yield captured
    finally:
        event.remove(engine, "before_cursor_execute", listener)


def explain(engine, statement: str, parameters) -> list[str]:
    """The executed plan (EXPLAIN ANALYZE) of one captured statement, as text lines."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS OFF, COSTS OFF) " + statement, parameters)
        lines = [row[0] for row in cursor.fetchall()]
        raw.rollback()
        return lines
    finally:
        raw.close()


def large_sequential_scans(plan: list[str]) -> list[str]:
    return sorted({match for line in plan for match in SEQUENTIAL_SCAN.findall(line) if match in LARGE_TABLES})


def print_plans(engine, name: str, statements: list[tuple[str, object]], out) -> None:
    """Print each SELECT of the page with its plan; note any sequential scan of a large table."""
    out(f"\n### {name}: {len(statements)} SELECT statements")
    for number, (statement, parameters) in enumerate(statements, start=1):
        plan = explain(engine, statement, parameters)
        scans = large_sequential_scans(plan)
        flag = f"  <-- SEQUENTIAL SCAN of {', '.join(scans)}" if scans else ""
        summary = " ".join(statement.split())
        out(f"\n[{number}] {summary[:160]}{'...' if len(summary) > 160 else ''}{flag}")
        for line in plan:
            out("    " + line)
