"""Test set-up: one database per run built from the migrations, emptied between tests.

The engine is SQLite unless CASEMGMT_TEST_DATABASE_URL points at PostgreSQL; `make test` runs the
suite once on each.
"""

import os
import tempfile
from contextlib import contextmanager

import pytest
from sqlalchemy import text

from tests.factories import Factories
from tests.pages import PageClient

_INSTANCE = tempfile.mkdtemp(prefix="casemgmt-test-")
os.environ["CASEMGMT_INSTANCE_PATH"] = _INSTANCE
os.environ.setdefault("CASEMGMT_ENV", "test")


def _database_url() -> str:
    return os.environ.get("CASEMGMT_TEST_DATABASE_URL") or "sqlite:///" + os.path.join(_INSTANCE, "test.sqlite3")


def reset_schema(url: str) -> None:
    """Drop everything, then build the schema from the migrations (never from create_all)."""
    from casemgmt.extensions import make_engine
    from casemgmt.migrate import upgrade_database

    engine = make_engine(url)
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    if url.startswith("sqlite:///") and os.path.exists(url.removeprefix("sqlite:///")):
        os.remove(url.removeprefix("sqlite:///"))
    upgrade_database(url)


@pytest.fixture(scope="session")
def app():
    from casemgmt import create_app

    url = _database_url()
    reset_schema(url)
    application = create_app("test", overrides={"DATABASE_URL": url})
    with application.app_context():
        yield application


# Reference data the migrations seed (the default incident types): kept between tests, as in a real install.
REFERENCE_TABLES = {"incident_types"}


@pytest.fixture(autouse=True)
def _clean_database(request):
    """Empty every table after each test that used the app, so tests cannot depend on each other."""
    yield
    if "app" not in request.fixturenames:
        return
    from casemgmt.db import Base
    from casemgmt.extensions import db, limiter

    db.session.rollback()
    db.session.remove()
    with db.engine.begin() as connection, audit_triggers_suspended(connection):
        for table in reversed(Base.metadata.sorted_tables):
            if table.name not in REFERENCE_TABLES:
                connection.execute(table.delete())
    limiter.reset()


@contextmanager
def audit_triggers_suspended(connection):
    """Let this cleanup transaction empty `audit_events`, which the database otherwise refuses (append-only).

    PostgreSQL: ordinary triggers do not fire while `session_replication_role` is `replica`; SET LOCAL ends with
    the transaction, and only a superuser may set it (the test database user is one; the application never is).
    SQLite has no such switch, so the triggers are dropped and created again from their own stored SQL.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(text("SET LOCAL session_replication_role = replica"))
        yield
        return
    triggers = connection.execute(
        text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_events'")
    ).all()
    for name, _ in triggers:
        connection.execute(text(f'DROP TRIGGER "{name}"'))
    try:
        yield
    finally:
        for _, sql in triggers:
            connection.execute(text(sql))


@pytest.fixture
def factories(app) -> Factories:
    return Factories(app)


@pytest.fixture
def client(app) -> PageClient:
    return PageClient(app.test_client())


@pytest.fixture
def other_client(app) -> PageClient:
    return PageClient(app.test_client())


@pytest.fixture
def separate_apps(app):
    """Build extra apps without losing the session app's database binding (the `db` extension is global)."""
    from casemgmt import create_app
    from casemgmt.extensions import db, limiter

    engine = db.engine
    built = []

    def build(env_name: str, **overrides):
        db.session.remove()
        extra = create_app(env_name, overrides=overrides or None)
        built.append(extra)
        return extra

    yield build
    db.session.remove()
    if db.engine is not engine:
        db.engine.dispose()
    db.engine = engine
    db.session.configure(bind=engine)
    limiter.init_app(app)  # the limiter is global too: point it back at the session app's storage
