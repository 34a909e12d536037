"""`flask matching ...`: estimate the duplicate-matching model, and evaluate it."""

import click
from flask.cli import AppGroup

from casemgmt.matching.services import TrainingError, train_model

matching_cli = AppGroup("matching", help="Duplicate matching of people.")


@matching_cli.command("train")
def train_command() -> None:
    """Estimate the model from the partnership's people (EM, no labels needed) and store it as a new version."""
    try:
        stored = train_model(progress=lambda message: click.echo(message, err=True))
    except TrainingError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Stored match model version {stored.version}, estimated from {stored.trained_on:,} people")


@matching_cli.command("evaluate")
@click.option("--splink/--no-splink", default=True, show_default=True, help="Run Splink on the same data too.")
@click.option(
    "--lookup-people", type=int, default=500_000, show_default=True, help="People for the live-lookup timing."
)
@click.option("--lookups", type=int, default=1_000, show_default=True, help="Live lookups timed.")
def evaluate_command(splink: bool, lookup_people: int, lookups: int) -> None:
    """FEBRL1 and FEBRL2 (blocking, precision, recall, F1; Splink side by side), then live-lookup latency.

    Needs the optional dependency group: pip install -e ".[matching-eval]".
    """
    from casemgmt.matching.benchmark import run_evaluation

    try:
        run_evaluation(splink=splink, lookup_people=lookup_people, lookups=lookups, echo=click.echo)
    except ModuleNotFoundError as error:
        raise click.ClickException(
            f'{error}: install the evaluation packages with pip install -e ".[matching-eval]"'
        ) from None


@matching_cli.command("rebuild-keys")
def rebuild_keys_command() -> None:
    """File every person under their blocking keys again (after upgrading a database that holds people)."""
    from casemgmt.matching.key_index import rebuild_keys

    filed = rebuild_keys(progress=lambda filed: click.echo(f"  {filed:,} people filed", err=True))
    click.echo(f"Filed {filed:,} people under their duplicate-matching keys")
