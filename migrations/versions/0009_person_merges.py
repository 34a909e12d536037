"""Person merges, address and registration match keys

Merges of two person records with the undo log that lets each be undone exactly (`person_merges`,
`person_merge_rows`), and on `persons` the record a merged person went into and when. Addresses get the key
their first lines are matched by (`line_key`, filled in here for those already held) and vehicles the key
registrations are matched and searched by (`registration_key`: O read as 0, I as 1). Incidents get an index
on latitude and longitude for "is this the same problem?".

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

import casemgmt.db
from casemgmt.people.normalise import address_line_key

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# Addresses are keyed in batches, so a large database is not read into memory at once.
BATCH = 5_000


def upgrade() -> None:
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.add_column(sa.Column("merged_into_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("merged_at", casemgmt.db.UTCDateTime(), nullable=True))
        batch_op.create_index(batch_op.f("ix_persons_merged_into_id"), ["merged_into_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_persons_merged_into_id_persons"), "persons", ["merged_into_id"], ["id"]
        )

    with op.batch_alter_table("vehicles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("registration_key", sa.String(length=10), nullable=True))
    op.execute("UPDATE vehicles SET registration_key = REPLACE(REPLACE(registration, 'O', '0'), 'I', '1')")
    with op.batch_alter_table("vehicles", schema=None) as batch_op:
        batch_op.alter_column("registration_key", existing_type=sa.String(length=10), nullable=False)
        batch_op.create_index(batch_op.f("ix_vehicles_registration_key"), ["registration_key"], unique=False)

    with op.batch_alter_table("addresses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("line_key", sa.String(length=400), nullable=False, server_default=""))
    _key_existing_addresses()
    with op.batch_alter_table("addresses", schema=None) as batch_op:
        batch_op.alter_column("line_key", existing_type=sa.String(length=400), server_default=None)
        batch_op.create_index(batch_op.f("ix_addresses_line_key"), ["line_key"], unique=False)

    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.create_index("ix_incidents_latitude_longitude", ["latitude", "longitude"], unique=False)

    op.create_table(
        "person_merges",
        sa.Column("survivor_id", sa.Uuid(), nullable=False),
        sa.Column("merged_id", sa.Uuid(), nullable=False),
        sa.Column("merged_by_id", sa.Uuid(), nullable=False),
        sa.Column("merged_at", casemgmt.db.UTCDateTime(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("undone_at", casemgmt.db.UTCDateTime(), nullable=True),
        sa.Column("undone_by_id", sa.Uuid(), nullable=True),
        sa.Column("undo_reason", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(["merged_by_id"], ["users.id"], name=op.f("fk_person_merges_merged_by_id_users")),
        sa.ForeignKeyConstraint(["merged_id"], ["persons.id"], name=op.f("fk_person_merges_merged_id_persons")),
        sa.ForeignKeyConstraint(["survivor_id"], ["persons.id"], name=op.f("fk_person_merges_survivor_id_persons")),
        sa.ForeignKeyConstraint(["undone_by_id"], ["users.id"], name=op.f("fk_person_merges_undone_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_merges")),
    )
    with op.batch_alter_table("person_merges", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_merges_merged_id"), ["merged_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_person_merges_survivor_id"), ["survivor_id"], unique=False)

    op.create_table(
        "person_merge_rows",
        sa.Column("merge_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(length=60), nullable=False),
        sa.Column(
            "change",
            sa.Enum(
                "moved",
                "removed",
                "created",
                "changed",
                name="merge_change",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after_key", sa.Text(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["merge_id"],
            ["person_merges.id"],
            name=op.f("fk_person_merge_rows_merge_id_person_merges"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_merge_rows")),
    )
    with op.batch_alter_table("person_merge_rows", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_merge_rows_merge_id"), ["merge_id"], unique=False)


def _key_existing_addresses() -> None:
    connection = op.get_bind()
    addresses = sa.table(
        "addresses", sa.column("id", sa.Uuid()), sa.column("line1"), sa.column("line2"), sa.column("line_key")
    )
    last_id = None
    while True:
        query = sa.select(addresses.c.id, addresses.c.line1, addresses.c.line2).order_by(addresses.c.id).limit(BATCH)
        if last_id is not None:
            query = query.where(addresses.c.id > last_id)
        rows = connection.execute(query).all()
        if not rows:
            return
        keyed = [{"row_id": row.id, "key": address_line_key(row.line1, row.line2)} for row in rows]
        keyed = [item for item in keyed if item["key"]]
        if keyed:
            connection.execute(
                addresses.update().where(addresses.c.id == sa.bindparam("row_id")).values(line_key=sa.bindparam("key")),
                keyed,
            )
        last_id = rows[-1].id


def downgrade() -> None:
    with op.batch_alter_table("person_merge_rows", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_merge_rows_merge_id"))
    op.drop_table("person_merge_rows")
    with op.batch_alter_table("person_merges", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_merges_survivor_id"))
        batch_op.drop_index(batch_op.f("ix_person_merges_merged_id"))
    op.drop_table("person_merges")

    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_index("ix_incidents_latitude_longitude")
    with op.batch_alter_table("addresses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_addresses_line_key"))
        batch_op.drop_column("line_key")
    with op.batch_alter_table("vehicles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vehicles_registration_key"))
        batch_op.drop_column("registration_key")
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_persons_merged_into_id_persons"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_persons_merged_into_id"))
        batch_op.drop_column("merged_at")
        batch_op.drop_column("merged_into_id")
