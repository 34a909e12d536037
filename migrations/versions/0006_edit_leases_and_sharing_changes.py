"""Edit leases and sharing changes

Edit leases (one live lease per record, unique on kind and id) and the reasons given in a sign-in session for
opening police-originated records.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 06:20:00.000000
"""

import sqlalchemy as sa
from alembic import op

import casemgmt.db

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _record_kind() -> sa.Enum:
    return sa.Enum(
        "person", "incident", "case", name="record_kind", native_enum=False, create_constraint=True, length=32
    )


def upgrade() -> None:
    op.create_table(
        "edit_leases",
        sa.Column("record_kind", _record_kind(), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("taken_at", casemgmt.db.UTCDateTime(), nullable=False),
        sa.Column("expires_at", casemgmt.db.UTCDateTime(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_edit_leases_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_edit_leases")),
        sa.UniqueConstraint("record_kind", "record_id", name="uq_edit_leases_record"),
    )
    with op.batch_alter_table("edit_leases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_edit_leases_user_id"), ["user_id"], unique=False)

    op.create_table(
        "police_record_justifications",
        sa.Column("user_session_id", sa.Uuid(), nullable=False),
        sa.Column("record_kind", _record_kind(), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("justified_at", casemgmt.db.UTCDateTime(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_session_id"],
            ["user_sessions.id"],
            name=op.f("fk_police_record_justifications_user_session_id_user_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_police_record_justifications")),
    )
    with op.batch_alter_table("police_record_justifications", schema=None) as batch_op:
        batch_op.create_index(
            "ix_police_record_justifications_session_record",
            ["user_session_id", "record_kind", "record_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("police_record_justifications", schema=None) as batch_op:
        batch_op.drop_index("ix_police_record_justifications_session_record")
    op.drop_table("police_record_justifications")
    with op.batch_alter_table("edit_leases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_edit_leases_user_id"))
    op.drop_table("edit_leases")
