"""`flask db ...`: Alembic migrations driven from the app's configured database."""

import os

import click
from alembic import command
from alembic.config import Config
from flask import current_app
from flask.cli import AppGroup

from casemgmt import REPOSITORY_ROOT

db_cli = AppGroup("db", help="Database migrations.")


def alembic_config(database_url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", os.path.join(REPOSITORY_ROOT, "migrations"))
    config.set_main_option("path_separator", "os")
    config.attributes["database_url"] = database_url or current_app.config["DATABASE_URL"]
    return config


def upgrade_database(database_url: str | None = None, revision: str = "head") -> None:
    command.upgrade(alembic_config(database_url), revision)


@db_cli.command("upgrade")
@click.argument("revision", default="head")
def upgrade(revision: str) -> None:
    """Apply migrations up to REVISION (default: the latest)."""
    upgrade_database(revision=revision)


@db_cli.command("downgrade")
@click.argument("revision")
def downgrade(revision: str) -> None:
    """Undo migrations back to REVISION (`base` empties the database)."""
    command.downgrade(alembic_config(), revision)


@db_cli.command("current")
def current() -> None:
    """Show the revision the database is at."""
    command.current(alembic_config())
