"""Migration 0009 gives the addresses and vehicles already held their match keys, and undoes cleanly."""

import uuid
from datetime import datetime

import sqlalchemy as sa
from alembic import command

from casemgmt.extensions import make_engine
from casemgmt.migrate import alembic_config

ADDRESSES = sa.table(
    "addresses",
    sa.column("id", sa.Uuid()),
    sa.column("line1"),
    sa.column("line2"),
    sa.column("precision"),
    sa.column("created_at", sa.DateTime()),
    sa.column("line_key"),
)
VEHICLES = sa.table(
    "vehicles",
    sa.column("id", sa.Uuid()),
    sa.column("registration"),
    sa.column("created_at", sa.DateTime()),
    sa.column("registration_key"),
)


def test_addresses_and_vehicles_held_before_0009_get_their_keys(tmp_path):
    url = f"sqlite:///{tmp_path / 'held.sqlite3'}"
    command.upgrade(alembic_config(url), "0008")
    engine = make_engine(url)
    now = datetime(2026, 1, 1)
    lines = [("12 St Mary's St", None), ("Flat 3", "12 Church Ln"), (None, None)]
    addresses = {uuid.uuid4(): pair for pair in lines}
    vehicles = {uuid.uuid4(): "AB12COE", uuid.uuid4(): "AI12CDE"}
    with engine.begin() as connection:
        for address_id, (line1, line2) in addresses.items():
            row = {"id": address_id, "line1": line1, "line2": line2, "precision": "none", "created_at": now}
            connection.execute(ADDRESSES.insert().values(row))
        for vehicle_id, registration in vehicles.items():
            connection.execute(VEHICLES.insert().values(id=vehicle_id, registration=registration, created_at=now))
    try:
        command.upgrade(alembic_config(url), "0009")
        with engine.connect() as connection:
            keys = dict(connection.execute(sa.select(ADDRESSES.c.id, ADDRESSES.c.line_key)).all())
            registrations = dict(connection.execute(sa.select(VEHICLES.c.id, VEHICLES.c.registration_key)).all())
        assert sorted(keys.values()) == ["", "12 saint marys street", "flat 3 12 church lane"]
        assert sorted(registrations.values()) == ["A112CDE", "AB12C0E"]
        command.downgrade(alembic_config(url), "0008")
        with engine.connect() as connection:
            assert "line_key" not in {column["name"] for column in sa.inspect(connection).get_columns("addresses")}
    finally:
        engine.dispose()
