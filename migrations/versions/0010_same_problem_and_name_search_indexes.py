"""Indexes for the same-problem search and the search by name

The same-problem search asks for one category in a small box of latitude and longitude and a period. An index
on (category, latitude, longitude, occurred_at) answers all four from the index, where the index on latitude and
longitude alone left PostgreSQL preferring a scan of every incident in the period.

The search by name counts and lists current people (not merged into another) with a surname, in name order. A
partial index of current people by (surname_key, forename_key, id) answers both from the index alone; the index
on (surname_key, forename_key) it replaces left a common surname counted by reading the table.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29 11:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


CURRENT = sa.text("merged_into_id IS NULL")


def upgrade() -> None:
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_index("ix_incidents_latitude_longitude")
        batch_op.create_index(
            "ix_incidents_category_latitude_longitude_occurred_at",
            ["category", "latitude", "longitude", "occurred_at"],
            unique=False,
        )
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.drop_index("ix_persons_surname_key_forename_key")
        batch_op.create_index(
            "ix_persons_current_by_name",
            ["surname_key", "forename_key", "id"],
            unique=False,
            postgresql_where=CURRENT,
            sqlite_where=CURRENT,
        )


def downgrade() -> None:
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.drop_index("ix_persons_current_by_name")
        batch_op.create_index("ix_persons_surname_key_forename_key", ["surname_key", "forename_key"], unique=False)
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_index("ix_incidents_category_latitude_longitude_occurred_at")
        batch_op.create_index("ix_incidents_latitude_longitude", ["latitude", "longitude"], unique=False)
