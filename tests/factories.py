"""Keyword-only factories for test records, writing through the same models the app uses."""

import itertools
from datetime import date

import pyotp

from casemgmt.access.models import Organisation, OrganisationKind, Role, Team, User
from casemgmt.access.passwords import hash_password
from casemgmt.db import utcnow
from casemgmt.extensions import db

DEFAULT_PASSWORD = "correct horse battery staple"
_numbers = itertools.count(1)


class Factories:
    def __init__(self, app):
        self.app = app

    def organisation(
        self,
        *,
        code: str | None = None,
        name: str | None = None,
        kind: OrganisationKind = OrganisationKind.LOCAL_AUTHORITY,
    ) -> Organisation:
        number = next(_numbers)
        organisation = Organisation(code=code or f"org-{number}", name=name or f"Organisation {number}", kind=kind)
        db.session.add(organisation)
        db.session.commit()
        return organisation

    def team(self, *, organisation: Organisation, name: str | None = None) -> Team:
        team = Team(organisation=organisation, name=name or f"Team {next(_numbers)}")
        db.session.add(team)
        db.session.commit()
        return team

    def user(
        self,
        *,
        organisation: Organisation | None = None,
        role: Role = Role.OFFICER,
        email: str | None = None,
        password: str = DEFAULT_PASSWORD,
        teams: list[Team] | None = None,
        totp_secret: str | None = None,
        must_change_password: bool = False,
        vetting_level: int | None = None,
        vetting_expires_on: date | None = None,
    ) -> User:
        organisation = organisation or self.organisation()
        user = User(
            email=email or f"user{next(_numbers)}@example.org",
            full_name="Test User",
            organisation=organisation,
            role=role,
            password_hash=hash_password(password),
            must_change_password=must_change_password,
            vetting_level=vetting_level,
            vetting_expires_on=vetting_expires_on,
        )
        if totp_secret:
            user.totp_secret = totp_secret
            user.totp_confirmed_at = utcnow()
        user.teams = teams or []
        db.session.add(user)
        db.session.commit()
        return user


def totp_code(secret: str, at: float | None = None) -> str:
    """What an authenticator app would show, computed with pyotp (independently of the app's checker)."""
    totp = pyotp.TOTP(secret)
    return totp.at(at) if at is not None else totp.now()
