"""`flask seed-demo`: the demo partnership and sign-ins, and generated demo people, incidents and cases."""

import click
from flask import current_app
from sqlalchemy import exists, select

from casemgmt.demo.partnership import DEMO_PASSWORD, seed_partnership
from casemgmt.extensions import db

# Enough for every demo officer's lists and the maps to look lived-in, small enough to load in a second.
DEFAULT_INCIDENTS = 300
DEFAULT_PEOPLE = 200


@click.command("seed-demo")
@click.option(
    "--incidents",
    type=click.IntRange(min=0),
    default=None,
    help="Generate this many more incidents (with people, places, vehicles and cases). "
    f"Without it, {DEFAULT_INCIDENTS} are generated only if there are no incidents yet.",
)
@click.option(
    "--people", type=click.IntRange(min=0), default=None, help="People to generate (default: half the incidents)."
)
@click.option(
    "--seed",
    type=int,
    default=2026,
    show_default=True,
    help="Random seed: the same seed repeats the same names, places and patterns.",
)
def seed_demo(incidents: int | None, people: int | None, seed: int) -> None:
    """Create the LLR demo partnership, its teams and demo users (safe to run again), and demo records."""
    users = seed_partnership()
    width = max(len(email) for email, _, _ in users)
    click.echo("Demo sign-ins (all use the password below):")
    for email, role, organisation in users:
        click.echo(f"  {email.ljust(width)}  {role}, {organisation}")
    click.echo(f"  password: {DEMO_PASSWORD}")
    if current_app.config["REQUIRE_TWO_FACTOR"]:
        click.echo("Two-factor sign-in is on: each user sets up an authenticator app at first sign-in.")
    else:
        click.echo("Two-factor sign-in is off for this local demo (set CASEMGMT_REQUIRE_TWO_FACTOR=1 to turn it on).")
    _seed_records(incidents, people, seed)


def _seed_records(incidents: int | None, people: int | None, seed: int) -> None:
    from casemgmt.demo.generator import GenerationError, generate
    from casemgmt.incidents.models import Incident, IncidentType

    db.session.commit()  # the generator writes through its own connection
    if incidents is None and people is None:
        # Without options the command stays idempotent: demo records only go into an empty system.
        if db.session.scalar(select(exists().where(Incident.id.isnot(None)))):
            click.echo("Demo incidents already present: none added (use --incidents N to add more).")
            return
        if not db.session.scalar(select(exists().where(IncidentType.is_active.is_(True)))):
            click.echo("No active incident types, so no demo incidents were generated.")
            return
        incidents, people = DEFAULT_INCIDENTS, DEFAULT_PEOPLE
    incidents = incidents or 0
    people = incidents // 2 if people is None else people
    db.session.close()
    click.echo(f"Generating {incidents:,} incidents and {people:,} people (seed {seed})...")
    try:
        with db.engine.connect() as connection:
            summary = generate(connection, incidents=incidents, people=people, seed=seed, report=click.echo)
    except GenerationError as error:
        raise click.ClickException(str(error)) from error
    click.echo(
        f"Loaded {summary.incidents:,} incidents, {summary.people:,} people and {summary.cases:,} cases "
        f"({summary.rows:,} rows) in {summary.seconds:,.1f}s: {summary.rows / max(summary.seconds, 0.001):,.0f} rows/s."
    )
