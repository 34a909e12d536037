"""`flask orgs ...` and `flask users ...`: account administration from the command line."""

import sys

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from casemgmt.access.models import Organisation, Role, Team
from casemgmt.access.passwords import password_problem
from casemgmt.access.services import AdminError, UserDetails, create_user, set_user_disabled
from casemgmt.access.signin import find_user_by_email
from casemgmt.access.tokens import issue_api_token
from casemgmt.extensions import db

orgs_cli = AppGroup("orgs", help="Partner organisations.")
users_cli = AppGroup("users", help="User accounts.")


@orgs_cli.command("list")
def list_organisations() -> None:
    """One organisation a line: code, kind and name, separated by tabs."""
    for organisation in db.session.scalars(select(Organisation).order_by(Organisation.code)):
        click.echo(f"{organisation.code}\t{organisation.kind.value}\t{organisation.name}")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--org", "org_code", required=True, help="Organisation code (see `orgs list`).")
@click.option("--role", type=click.Choice([role.value for role in Role]), required=True)
@click.option("--team", "team_names", multiple=True, help="Team name within the organisation (repeatable).")
@click.option("--name", "full_name", help="Full name (defaults to the part of the email before @).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create(
    email: str, org_code: str, role: str, team_names: tuple[str, ...], full_name: str | None, password_stdin: bool
) -> None:
    """Create a user. Without --password-stdin a temporary password is printed, to be changed at first sign-in."""
    organisation = db.session.scalar(select(Organisation).where(Organisation.code == org_code.strip().lower()))
    if organisation is None:
        raise click.ClickException(f"No organisation with code {org_code!r}; see `flask orgs list`")
    teams = []
    for name in team_names:
        team = db.session.scalar(select(Team).where(Team.organisation_id == organisation.id, Team.name == name))
        if team is None:
            known = ", ".join(t.name for t in organisation.teams) or "none"
            raise click.ClickException(f"{organisation.name} has no team {name!r} (teams: {known})")
        teams.append(team)
    password = None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
        problem = password_problem(password, email=email, minimum_length=current_app.config["MIN_PASSWORD_LENGTH"])
        if problem:
            raise click.ClickException(problem)
    details = UserDetails(
        email=email,
        full_name=full_name or email.split("@")[0],
        role=Role(role),
        organisation_id=organisation.id,
        team_ids=[team.id for team in teams],
    )
    try:
        user, initial_password = create_user(None, details, password)
    except AdminError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Created {user.email} ({user.role.label}, {organisation.name}).", err=True)
    if password is None:
        click.echo(f"Temporary password (must be changed at first sign-in): {initial_password}")


@users_cli.command("disable")
@click.option("--email", required=True)
def disable(email: str) -> None:
    """Disable an account and end all of its sessions at once."""
    user = _user_or_fail(email)
    set_user_disabled(None, user, True)
    click.echo(f"Disabled {user.email}.", err=True)


@users_cli.command("token")
@click.option("--email", required=True)
def token(email: str) -> None:
    """Issue an API token; it is printed once, alone, on standard output."""
    user = _user_or_fail(email)
    if not user.is_active:
        raise click.ClickException(f"{user.email} is disabled")
    click.echo(issue_api_token(user))


def _user_or_fail(email: str):
    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"No user with email {email!r}")
    return user
