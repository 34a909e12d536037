"""Live duplicate lookup in PostgreSQL (`make bench-matching`): p50/p95 of `find_candidates` through the database
source (`key_index.PartnershipPeopleSource`), and of the whole lookup as an officer sees it (the policy's
visible records and stubs), against 500,000 generated people.

The people live in a database of their own, `casemgmt_match_bench` (BENCH_MATCHING_DATABASE_URL), built once by
`flask seed-demo --incidents 0 --people N` (which files every person under their keys as it loads) with its own
keyring in bench/.instance-matching, and reused while it holds enough people. Each lookup is a person already
held as another agency might type them again (a nickname, a typo, a day and month swapped, a move of house).
"""

import os
import statistics
import subprocess
import sys
import time
from urllib.parse import urlencode

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

REPOSITORY = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INSTANCE = os.path.join(REPOSITORY, "bench", ".instance-matching")
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/casemgmt_match_bench"
OFFICER = "officer@charnwood.demo"  # a demo sign-in: most people found are other agencies' (stubs) to them


def _environment(url: str) -> dict[str, str]:
    return {
        **os.environ,
        "CASEMGMT_ENV": "development",
        "CASEMGMT_INSTANCE_PATH": INSTANCE,
        "DATABASE_URL": url,
        "CASEMGMT_REQUIRE_TWO_FACTOR": "0",
    }


def _ask(url: str, sql: str):
    """The statement's scalar, or None when the database cannot answer (missing, or not built yet)."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.scalar(text(sql))
    except Exception:  # noqa: BLE001 - a missing database or table just means "build it"
        return None
    finally:
        engine.dispose()


def _execute(url: str, *statements: str) -> None:
    """Run statements outside a transaction (CREATE DATABASE, VACUUM); any failure stops the benchmark."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            for statement in statements:
                connection.execute(text(statement))
    finally:
        engine.dispose()


def ensure_people(url: str, people: int, echo) -> None:
    """A database holding at least `people` filed people, built (in minutes) unless already there."""
    flask = [os.path.join(os.path.dirname(sys.executable), "flask"), "--app", "wsgi"]
    environment = _environment(url)
    filed = _ask(url, "SELECT EXISTS (SELECT 1 FROM person_match_keys)")
    held = _ask(url, "SELECT count(*) FROM persons") if filed else 0
    if os.path.exists(os.path.join(INSTANCE, "keyring.json")) and (held or 0) >= people:
        subprocess.run([*flask, "db", "upgrade"], cwd=REPOSITORY, env=environment, check=True)
        return
    echo(f"Building {make_url(url).database} with {people:,} people (once; it is reused afterwards)")
    os.makedirs(INSTANCE, exist_ok=True)
    if os.path.exists(os.path.join(INSTANCE, "keyring.json")):
        os.remove(os.path.join(INSTANCE, "keyring.json"))  # its data goes with the database
    database = make_url(url).database
    admin = make_url(url).set(database="postgres").render_as_string(hide_password=False)
    _execute(admin, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)', f'CREATE DATABASE "{database}"')
    subprocess.run([*flask, "db", "upgrade"], cwd=REPOSITORY, env=environment, check=True)
    started = time.perf_counter()
    seed = [*flask, "seed-demo", "--incidents", "0", "--people", str(people)]
    subprocess.run(seed, cwd=REPOSITORY, env=environment, check=True, stdout=subprocess.DEVNULL)
    _execute(url, "VACUUM ANALYZE")
    echo(f"  loaded and filed in {time.perf_counter() - started:.0f} s")


def _figures(label: str, timings: list[float]) -> str:
    cuts = statistics.quantiles(timings, n=100, method="inclusive")
    return f"{label}: p50 {cuts[49]:.1f} ms, p95 {cuts[94]:.1f} ms, max {max(timings):.1f} ms"


def time_database_lookup(url: str = DEFAULT_URL, people: int = 500_000, lookups: int = 1_000, echo=print) -> None:
    ensure_people(url, people, echo)
    os.environ.update({name: value for name, value in _environment(url).items() if name.startswith("CASEMGMT_")})
    from casemgmt import create_app

    app = create_app("development", overrides={"DATABASE_URL": url})
    with app.app_context():
        typed = _time_lookups(lookups, echo)
    _time_endpoint(app, typed, echo)


def _query(person) -> str:
    """What the page's script sends for a person typed (the phone and email are left out: the people read from
    the database hold only their digests)."""
    birth = person.date_of_birth
    typed = {
        "forename": person.forename,
        "surname": person.surname,
        "date_of_birth": f"{birth.year:04d}-{birth.month:02d}-{birth.day:02d}" if birth.is_complete else "",
        "address_line1": person.address_line,
        "town": person.town,
        "postcode": person.postcode,
    }
    return urlencode({name: value for name, value in typed.items() if value})


def _time_endpoint(app, typed: list, echo) -> None:
    from bench.run import signed_in_client

    client = signed_in_client(app, OFFICER)
    timings = []
    for _, person in typed:
        began = time.perf_counter()
        response = client.get(f"/people/candidates?{_query(person)}")
        timings.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, response.status_code
    echo(_figures("  GET /people/candidates, the whole request (sign-in session, lookup, audit, JSON)", timings))


def _time_lookups(lookups: int, echo) -> list:
    from sqlalchemy import func, select

    from casemgmt.access.models import User
    from casemgmt.extensions import db
    from casemgmt.matching.candidates import find_candidates
    from casemgmt.matching.key_index import PartnershipPeopleSource, fields_from_rows, partnership_people_fields
    from casemgmt.matching.lookup import possible_duplicates
    from casemgmt.matching.services import current_model
    from casemgmt.matching.synthetic import PeopleGenerator

    population = PartnershipPeopleSource().population()
    sample = partnership_people_fields().order_by(func.random()).limit(lookups)
    held = sorted(fields_from_rows(db.session.execute(sample)), key=lambda person: person.id)
    generator = PeopleGenerator(seed=9)
    typed = [(person.id, generator.recorded_again(-1, person)) for person in held]
    officer = db.session.scalar(select(User).where(User.email == OFFICER))
    db.session.rollback()
    echo(f"\nLive lookup in PostgreSQL: {population:,} people ({make_url(str(db.engine.url)).database})")
    source_timings, page_timings, found = [], [], 0
    for person_id, person in typed:
        began = time.perf_counter()
        candidates = find_candidates(person, PartnershipPeopleSource(), current_model())
        source_timings.append((time.perf_counter() - began) * 1000)
        db.session.rollback()  # a request's transaction ends with it
        found += any(candidate.person_id == person_id for candidate in candidates)
        began = time.perf_counter()
        possible_duplicates(officer, person)
        page_timings.append((time.perf_counter() - began) * 1000)
        db.session.rollback()
    echo(_figures(f"  find_candidates through the database source, {len(typed):,} lookups", source_timings))
    echo(_figures("  the same as an officer sees it (visible records and stubs)", page_timings))
    echo(f"  the person looked for was among the candidates in {found / max(len(typed), 1):.1%}")
    return typed
