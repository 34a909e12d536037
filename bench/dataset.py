"""The benchmark database: PostgreSQL holding the generated partnership at full size, built once and reused.

The data is encrypted with the keyring in bench/.instance, so the database is rebuilt whenever that
keyring is missing or the database holds fewer incidents than asked for.
"""

import os
import subprocess
import sys
import time

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

REPOSITORY = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INSTANCE = os.path.join(REPOSITORY, "bench", ".instance")
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/casemgmt_bench"


def bench_environment(url: str) -> dict[str, str]:
    """Environment for the app under benchmark: development settings on the benchmark database."""
    return {
        **os.environ,
        "CASEMGMT_ENV": "development",
        "CASEMGMT_INSTANCE_PATH": INSTANCE,
        "DATABASE_URL": url,
        "CASEMGMT_REQUIRE_TWO_FACTOR": "0",
    }


def _incident_count(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.scalar(text("SELECT count(*) FROM incidents"))
    except Exception:  # noqa: BLE001 - a missing database or table just means "build it"
        return -1
    finally:
        engine.dispose()


def _recreate_database(url: str) -> None:
    parsed = make_url(url)
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()


def _flask(url: str, *arguments: str) -> None:
    command = [os.path.join(os.path.dirname(sys.executable), "flask"), "--app", "wsgi", *arguments]
    subprocess.run(command, cwd=REPOSITORY, env=bench_environment(url), check=True)


def ensure_dataset(url: str, incidents: int, people: int) -> float | None:
    """Build the dataset unless it is already there; returns the seconds the load took, or None if reused."""
    keyring = os.path.join(INSTANCE, "keyring.json")
    if os.path.exists(keyring) and _incident_count(url) >= incidents:
        _flask(url, "db", "upgrade")  # a reused database still gets this checkout's migrations
        return None
    os.makedirs(INSTANCE, exist_ok=True)
    if os.path.exists(keyring):
        os.remove(keyring)
    _recreate_database(url)
    _flask(url, "db", "upgrade")
    started = time.perf_counter()
    _flask(url, "seed-demo", "--incidents", str(incidents), "--people", str(people))
    elapsed = time.perf_counter() - started
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("VACUUM ANALYZE"))
    engine.dispose()
    return elapsed
