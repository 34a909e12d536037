"""Audit trail append-only in the database

The application can only add audit events: the database itself refuses to change or remove one, whatever
path the statement takes (ORM, bulk statement or raw SQL). On PostgreSQL row-level triggers refuse UPDATE
and DELETE and a statement-level trigger refuses TRUNCATE; on SQLite, BEFORE UPDATE and BEFORE DELETE
triggers abort the statement (SQLite has no TRUNCATE).

Dropping the table is still possible, as a downgrade must. A later SQLite migration that rebuilds
`audit_events` in batch mode (copy and rename) would lose these triggers and must create them again.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 06:20:00.000000
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

MESSAGE = "audit events are append-only"

POSTGRESQL_UPGRADE = (
    f"""
    CREATE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{MESSAGE}: % refused', TG_OP USING ERRCODE = 'restrict_violation';
    END
    $$
    """,
    """
    CREATE TRIGGER audit_events_refuse_update_or_delete BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change()
    """,
    """
    CREATE TRIGGER audit_events_refuse_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change()
    """,
)
POSTGRESQL_DOWNGRADE = (
    "DROP TRIGGER IF EXISTS audit_events_refuse_truncate ON audit_events",
    "DROP TRIGGER IF EXISTS audit_events_refuse_update_or_delete ON audit_events",
    "DROP FUNCTION IF EXISTS audit_events_refuse_change()",
)

SQLITE_UPGRADE = tuple(
    f"""
    CREATE TRIGGER audit_events_refuse_{operation.lower()} BEFORE {operation} ON audit_events
    BEGIN
        SELECT RAISE(ABORT, '{MESSAGE}: {operation} refused');
    END
    """
    for operation in ("UPDATE", "DELETE")
)
SQLITE_DOWNGRADE = (
    "DROP TRIGGER IF EXISTS audit_events_refuse_delete",
    "DROP TRIGGER IF EXISTS audit_events_refuse_update",
)


def _statements(postgresql: tuple[str, ...], sqlite: tuple[str, ...]) -> tuple[str, ...]:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql
    if dialect == "sqlite":
        return sqlite
    raise NotImplementedError(f"no append-only triggers for {dialect}")


def upgrade() -> None:
    for statement in _statements(POSTGRESQL_UPGRADE, SQLITE_UPGRADE):
        op.execute(statement)


def downgrade() -> None:
    for statement in _statements(POSTGRESQL_DOWNGRADE, SQLITE_DOWNGRADE):
        op.execute(statement)
