"""Match models

Stored versions of the duplicate-matching model (parameters estimated by `flask matching train`).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 07:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

import casemgmt.db

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "match_models",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", casemgmt.db.UTCDateTime(), nullable=False),
        sa.Column("parameters", sa.Text(), nullable=False),
        sa.Column("trained_on", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_models")),
        sa.UniqueConstraint("version", name=op.f("uq_match_models_version")),
    )


def downgrade() -> None:
    op.drop_table("match_models")
