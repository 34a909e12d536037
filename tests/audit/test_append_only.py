"""The database itself keeps the audit trail append-only: no path through the app's engine changes a row.

The ORM listeners refuse first for ORM changes; bulk statements and raw SQL bypass them, and meet the
migration's triggers. Runs on whichever engine the suite runs on (SQLite, or PostgreSQL with
CASEMGMT_TEST_DATABASE_URL).
"""

from datetime import datetime

import pytest
from alembic import command
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.exc import IntegrityError

from casemgmt.audit.models import AuditEvent
from casemgmt.audit.services import record_event
from casemgmt.extensions import db, make_engine
from casemgmt.migrate import alembic_config
from tests.test_migrations import throwaway_postgres_url  # noqa: F401  (a fixture: a new PostgreSQL database)

ORIGINAL = "password"


@pytest.fixture
def recorded(app):
    record_event("sign_in", actor_label="someone@example.org", detail=ORIGINAL)
    record_event("sign_out", actor_label="someone@example.org")
    db.session.commit()
    db.session.remove()


def trail() -> list[tuple[str, str | None]]:
    db.session.remove()
    return list(db.session.execute(select(AuditEvent.action, AuditEvent.detail).order_by(AuditEvent.id)))


UNCHANGED = [("sign_in", ORIGINAL), ("sign_out", None)]


@pytest.mark.parametrize(
    "statement",
    [
        update(AuditEvent).values(detail="rewritten"),
        update(AuditEvent).where(AuditEvent.action == "sign_in").values(actor_label="someone.else@example.org"),
        delete(AuditEvent),
        delete(AuditEvent).where(AuditEvent.action == "sign_in"),
        text("UPDATE audit_events SET detail = 'rewritten'"),
        text("DELETE FROM audit_events"),
    ],
    ids=["orm bulk update", "orm update one", "orm bulk delete", "orm delete one", "sql update", "sql delete"],
)
def test_statements_through_the_session_cannot_change_or_remove_events(recorded, statement):
    with pytest.raises(IntegrityError, match="append-only"):
        db.session.execute(statement)
        db.session.commit()
    db.session.rollback()
    assert trail() == UNCHANGED


@pytest.mark.parametrize(
    "sql",
    ["UPDATE audit_events SET action = 'viewed'", "DELETE FROM audit_events WHERE action = 'sign_out'"],
    ids=["update", "delete"],
)
def test_raw_sql_on_the_apps_engine_cannot_change_or_remove_events(recorded, sql):
    with pytest.raises(IntegrityError, match="append-only"), db.engine.begin() as connection:
        connection.execute(text(sql))
    assert trail() == UNCHANGED


def test_postgresql_refuses_truncate(recorded):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no TRUNCATE; DELETE without a condition is refused above")
    with pytest.raises(IntegrityError, match="append-only"), db.engine.begin() as connection:
        connection.execute(text("TRUNCATE audit_events"))
    assert trail() == UNCHANGED


def test_orm_changes_to_a_loaded_event_are_refused_and_adding_still_works(recorded):
    from casemgmt.audit.models import AuditImmutableError

    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "sign_in"))
    event.detail = "rewritten"
    with pytest.raises(AuditImmutableError):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.scalar(select(AuditEvent).where(AuditEvent.action == "sign_in")))
    with pytest.raises(AuditImmutableError):
        db.session.commit()
    db.session.rollback()
    record_event("sign_in", actor_label="another@example.org")
    db.session.commit()
    assert trail() == [*UNCHANGED, ("sign_in", None)]


def test_the_triggers_come_from_the_migration_and_survive_the_cleanup_between_tests(app):
    """The suite's database was built by the migrations; the triggers are there, and the events the tests above
    wrote were removed by the cleanup between tests without losing them."""
    with db.engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            names = connection.scalars(
                text("SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_events'::regclass AND NOT tgisinternal")
            ).all()
            expected = {"audit_events_refuse_update_or_delete", "audit_events_refuse_truncate"}
        else:
            names = connection.scalars(
                text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_events'")
            ).all()
            expected = {"audit_events_refuse_update", "audit_events_refuse_delete"}
    assert set(names) == expected
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == 0


# -- the triggers follow the migrations down and up again ---------------------------------------------


def append_only(url: str) -> bool:
    """Whether the database at `url` refuses to change an audit row (adding one first if there is none)."""
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(
                text("INSERT INTO audit_events (occurred_at, actor_label, action) VALUES (:at, 'cli', 'test')"),
                {"at": datetime(2026, 1, 1, 12, 0)},
            )
        try:
            with engine.begin() as connection:
                connection.execute(text("UPDATE audit_events SET detail = 'changed'"))
        except IntegrityError:
            return True
        return False
    finally:
        engine.dispose()


def check_triggers_round_trip(url: str) -> None:
    config = alembic_config(url)
    command.upgrade(config, "head")
    assert append_only(url)
    command.downgrade(config, "0003")
    assert not append_only(url)
    command.upgrade(config, "head")
    assert append_only(url)
    command.downgrade(config, "base")
    command.upgrade(config, "head")
    assert append_only(url)


def test_triggers_go_with_a_downgrade_and_return_with_an_upgrade_on_sqlite(tmp_path):
    check_triggers_round_trip(f"sqlite:///{tmp_path / 'round-trip.sqlite3'}")


@pytest.mark.postgres
def test_triggers_go_with_a_downgrade_and_return_with_an_upgrade_on_postgresql(request):
    check_triggers_round_trip(request.getfixturevalue("throwaway_postgres_url"))
