"""20 concurrent clients against gunicorn on loopback, driven by locust; prints throughput and latency."""

import csv
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request

from sqlalchemy.engine import make_url

from bench.cpu import cpu_seconds
from bench.dataset import REPOSITORY, bench_environment
from bench.scenarios import Picks, page_requests

PORT = 8765
CLIENTS = 20
WORKERS = int(os.environ.get("BENCH_WORKERS", 4))
LOCUST = os.path.join(REPOSITORY, ".venv-bench", "bin", "locust")


def _wait_until_up(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - loopback URL built here
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer on {url}")


def run_load_test(database_url: str, picks: Picks, seconds: int) -> None:
    env = bench_environment(database_url)
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    server = subprocess.Popen(
        [gunicorn, "--workers", str(WORKERS), "--bind", f"127.0.0.1:{PORT}", "--log-level", "warning", "wsgi:app"],
        cwd=REPOSITORY,
        env=env,
    )
    host = f"http://127.0.0.1:{PORT}"
    try:
        _wait_until_up(host + "/sign-in")
        with tempfile.TemporaryDirectory() as folder:
            prefix = os.path.join(folder, "load")
            database = make_url(database_url).database
            cpu_before = cpu_seconds(database)
            locust_env = {
                **os.environ,
                "BENCH_PAGES": json.dumps(page_requests(picks)),
                "BENCH_PICKS": json.dumps(picks.__dict__),
            }
            subprocess.run(
                [
                    LOCUST,
                    "-f",
                    os.path.join(REPOSITORY, "bench", "locustfile.py"),
                    "--headless",
                    "-u",
                    str(CLIENTS),
                    "-r",
                    str(CLIENTS),
                    "-t",
                    f"{seconds}s",
                    "--host",
                    host,
                    "--csv",
                    prefix,
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                ],
                env=locust_env,
                check=True,
            )
            cpu_used = {name: used - cpu_before[name] for name, used in cpu_seconds(database).items()}
            requests = _print_summary(prefix + "_stats.csv", seconds)
            _print_cpu(cpu_used, requests, seconds)
    finally:
        server.terminate()
        server.wait(timeout=30)


def _print_summary(stats_file: str, seconds: int) -> int:
    """Print the table; returns how many requests were made in all."""
    print(
        f"\n{CLIENTS} concurrent clients (no think time) for {seconds} s against gunicorn "
        f"({WORKERS} sync workers) on loopback:"
    )
    print(f"{'request':<48}{'count':>8}{'fail':>6}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}")
    total = 0
    with open(stats_file, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == "Aggregated":
                total = int(row["Request Count"])
            name = row["Name"] if row["Name"] != "Aggregated" else "all requests"
            print(
                f"{name:<48}{int(row['Request Count']):>8}{int(row['Failure Count']):>6}"
                f"{float(row['Requests/s']):>8.1f}{float(row['50%']):>9.0f}{float(row['95%']):>9.0f}"
            )
    return total


def _print_cpu(cpu_used: dict[str, float], requests: int, seconds: int) -> None:
    """Where the two cores went: CPU per request of the app, the database and the load generator."""
    if not requests:
        return
    shares = ", ".join(
        f"{name} {used / requests * 1000:.1f} ms ({used / seconds * 100:.0f}% of one core)"
        for name, used in cpu_used.items()
    )
    print(f"CPU per request: {shares}; {os.cpu_count()} cores in all")
