"""Migrations build exactly the schema the models describe, downgrade cleanly to nothing, and upgrade again.

Run against a brand-new SQLite file, and against a throwaway PostgreSQL database when a server is reachable
(set CASEMGMT_REQUIRE_POSTGRES=1 to make an unreachable server a failure instead of a skip).
"""

import os
import uuid

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

import casemgmt.models  # noqa: F401  (every model, so the metadata is complete)
from casemgmt.db import Base
from casemgmt.extensions import make_engine
from casemgmt.migrate import alembic_config

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def schema_differences(*, url: str) -> list:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()


def table_names(*, url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def check_migrations_round_trip(*, url: str) -> None:
    model_tables = set(Base.metadata.tables)
    assert model_tables, "no models imported"

    command.upgrade(alembic_config(url), "head")
    assert table_names(url=url) == model_tables | {"alembic_version"}
    assert schema_differences(url=url) == []

    command.downgrade(alembic_config(url), "base")
    assert table_names(url=url) == {"alembic_version"}

    command.upgrade(alembic_config(url), "head")
    assert table_names(url=url) == model_tables | {"alembic_version"}
    assert schema_differences(url=url) == []


def test_migrations_match_models_and_round_trip_on_sqlite(tmp_path):
    check_migrations_round_trip(url=f"sqlite:///{tmp_path / 'fresh.sqlite3'}")


@pytest.fixture
def throwaway_postgres_url():
    server_url = make_url(os.environ.get("CASEMGMT_POSTGRES_URL") or DEFAULT_POSTGRES_URL)
    admin = create_engine(server_url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    name = f"casemgmt_migration_test_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as error:
        admin.dispose()
        reason = f"PostgreSQL at {server_url.render_as_string(hide_password=True)} is not reachable: {error.orig}"
        if os.environ.get("CASEMGMT_REQUIRE_POSTGRES") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    try:
        yield server_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


@pytest.mark.postgres
def test_migrations_match_models_and_round_trip_on_postgresql(throwaway_postgres_url):
    assert make_url(throwaway_postgres_url).get_backend_name() == "postgresql"
    check_migrations_round_trip(url=throwaway_postgres_url)
