"""`make bench`: page latency at full size on PostgreSQL, query plans, then 20 concurrent clients on gunicorn.

Prints figures; asserts nothing. Sizes and the database can be changed with environment variables:
BENCH_INCIDENTS (default 1,000,000), BENCH_PEOPLE (500,000), BENCH_DATABASE_URL, BENCH_REPEATS (200),
BENCH_LOAD_SECONDS (60), BENCH_SKIP_LOAD=1 to stop after the single-client figures.
"""

import os
import platform
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench import load, log_incident  # noqa: E402
from bench.dataset import DEFAULT_URL, bench_environment, ensure_dataset  # noqa: E402
from bench.plans import captured_statements, print_plans  # noqa: E402
from bench.scenarios import (  # noqa: E402
    BENCH_PASSWORD,
    BENCH_USER,
    SCOPED_PERSONAS,
    csrf_token,
    ensure_pending_access_requests,
    page_requests,
    pick_records,
    scoped_requests,
)


def machine_description() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, {memory:.0f} GiB, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    )


def signed_in_client(app, email: str = BENCH_USER):
    client = app.test_client()
    token = csrf_token(client.get("/sign-in").get_data(as_text=True))
    response = client.post("/sign-in", data={"email": email, "password": BENCH_PASSWORD, "csrf_token": token})
    if response.status_code != 302:
        raise SystemExit(f"could not sign in as {email}: status {response.status_code}")
    return client


def percentiles(samples: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49], cuts[94]


def time_request(client, method: str, url: str, repeats: int, data_for=None) -> list[float]:
    timings = []
    for number in range(repeats + 10):
        data = data_for() if data_for else None
        started = time.perf_counter()
        response = client.open(url, method=method, data=data)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code not in (200, 302):
            raise SystemExit(f"{method} {url} answered {response.status_code}")
        if number >= 10:  # the first ten warm caches and connections
            timings.append(elapsed)
    return timings


def main() -> None:
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    incidents = int(os.environ.get("BENCH_INCIDENTS", 1_000_000))
    people = int(os.environ.get("BENCH_PEOPLE", incidents // 2))
    repeats = int(os.environ.get("BENCH_REPEATS", 200))
    print(f"Machine: {machine_description()}")
    load_seconds = ensure_dataset(url, incidents, people)
    os.environ.update(bench_environment(url))

    from casemgmt import create_app
    from casemgmt.extensions import db

    app = create_app("development")
    with app.app_context(), db.engine.connect() as connection:
        picks = pick_records(connection)
        ensure_pending_access_requests(connection)
        counts = {
            table: connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar()
            for table in ("organisations", "incidents", "persons", "incident_people", "cases", "record_grants")
        }
    if load_seconds is not None:
        print(f"Generated and loaded the dataset in {load_seconds / 60:.1f} minutes")
    print("Dataset: " + ", ".join(f"{table} {count:,}" for table, count in counts.items()))

    client = signed_in_client(app)
    rows, plans = [], {}
    for name, path in page_requests(picks).items():
        rows.append((name, *percentiles(time_request(client, "GET", path, repeats))))
        with app.app_context(), captured_statements(db.engine) as statements:
            client.get(path)
        plans[name] = list(statements)
    post = log_incident.LogIncidentPost(client, picks)
    rows.append(("log-an-incident POST", *percentiles(time_request(client, "POST", post.url, repeats, post.data))))

    print(f"\nSingle client, server-side (Flask in process), {repeats} requests each after 10 warm-up:")
    print(f"{'page':<48}{'p50 ms':>10}{'p95 ms':>10}")
    for name, p50, p95 in rows:
        print(f"{name:<48}{p50:>10.1f}{p95:>10.1f}")

    print(f"\nLists and searches filtered by the access policy, {repeats} requests each, by user:")
    print(f"{'page':<48}{'user':<30}{'p50 ms':>10}{'p95 ms':>10}")
    for email in SCOPED_PERSONAS:
        scoped_client = signed_in_client(app, email)
        for name, path in scoped_requests(picks).items():
            p50, p95 = percentiles(time_request(scoped_client, "GET", path, repeats))
            print(f"{name:<48}{email:<30}{p50:>10.1f}{p95:>10.1f}")
            with app.app_context(), captured_statements(db.engine) as statements:
                scoped_client.get(path)
            plans[f"{name} ({email})"] = list(statements)

    print("\nQuery plans of each page's statements (EXPLAIN ANALYZE):")
    with app.app_context():
        for name, statements in plans.items():
            print_plans(db.engine, name, statements, print)

    if os.environ.get("BENCH_SKIP_LOAD") != "1":
        load.run_load_test(url, picks, int(os.environ.get("BENCH_LOAD_SECONDS", 60)))


if __name__ == "__main__":
    main()
