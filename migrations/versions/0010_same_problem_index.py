"""Index for "is this the same problem?" by category, place and time

The same-problem search asks for one category in a small box of latitude and longitude and a period. An index
on (category, latitude, longitude, occurred_at) answers all four from the index, where the index on latitude and
longitude alone left PostgreSQL preferring a scan of every incident in the period.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29 11:00:00.000000
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_index("ix_incidents_latitude_longitude")
        batch_op.create_index(
            "ix_incidents_category_latitude_longitude_occurred_at",
            ["category", "latitude", "longitude", "occurred_at"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_index("ix_incidents_category_latitude_longitude_occurred_at")
        batch_op.create_index("ix_incidents_latitude_longitude", ["latitude", "longitude"], unique=False)
