"""`flask seed-demo`: the demo partnership and sign-ins for the embedded default."""

import click
from flask import current_app

from casemgmt.demo.partnership import DEMO_PASSWORD, seed_partnership


@click.command("seed-demo")
def seed_demo() -> None:
    """Create the LLR demo partnership, its teams and demo users (safe to run again)."""
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
