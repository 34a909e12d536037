"""Person match keys and possible duplicates

The blocking keys each person is filed under, for the live duplicate lookup (one row per person and key,
found by key), and possible duplicates found when a person is recorded through the API, kept for triage.
An existing database gets its keys from `flask --app wsgi matching rebuild-keys`.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 09:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

import casemgmt.db

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "person_match_keys",
        sa.Column("key", sa.String(length=600), nullable=False),
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_person_match_keys_person_id_persons"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("key", "person_id", name=op.f("pk_person_match_keys")),
    )
    with op.batch_alter_table("person_match_keys", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_match_keys_person_id"), ["person_id"], unique=False)

    op.create_table(
        "person_match_candidates",
        sa.Column("person_id", sa.Uuid(), nullable=False),
        sa.Column("candidate_person_id", sa.Uuid(), nullable=False),
        sa.Column("probability", sa.Float(), nullable=False),
        sa.Column("band", sa.String(length=40), nullable=False),
        sa.Column("model_version", sa.String(length=40), nullable=False),
        sa.Column("found_at", casemgmt.db.UTCDateTime(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "linked",
                "dismissed",
                name="match_candidate_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_person_id"],
            ["persons.id"],
            name=op.f("fk_person_match_candidates_candidate_person_id_persons"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_person_match_candidates_person_id_persons"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_match_candidates")),
        sa.UniqueConstraint("person_id", "candidate_person_id", name="uq_person_match_candidates_pair"),
    )
    with op.batch_alter_table("person_match_candidates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_person_match_candidates_candidate_person_id"), ["candidate_person_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("person_match_candidates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_match_candidates_candidate_person_id"))
    op.drop_table("person_match_candidates")
    with op.batch_alter_table("person_match_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_match_keys_person_id"))
    op.drop_table("person_match_keys")
