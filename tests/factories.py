"""Keyword-only factories for test records, writing through the same models the app uses."""

import itertools
from datetime import UTC, date, datetime, timedelta

import pyotp

from casemgmt.access.models import Organisation, OrganisationKind, Role, Team, User
from casemgmt.access.passwords import hash_password
from casemgmt.access.sharing import Sharing, SharingScope
from casemgmt.db import utcnow
from casemgmt.extensions import db
from casemgmt.people.models import ConsentToShare

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

    # -- records, created through the same services the pages and API use -------------------------

    def person(
        self,
        *,
        by: User,
        forename: str = "Alex",
        surname: str = "Example",
        date_of_birth: date | None = None,
        postcode: str | None = None,
        line1: str | None = None,
        phone: str | None = None,
        email: str | None = None,
        scope: SharingScope = SharingScope.TEAM,
        consent_to_share: ConsentToShare = ConsentToShare.NOT_ASKED,
        lawful_basis: str | None = "crime_and_disorder_act_s115",
        **sharing,
    ):
        """`lawful_basis` is recorded only if the person is shared with another organisation."""
        from casemgmt.people.services import AddressInput, PersonInput, create_person

        address = AddressInput(line1=line1, postcode=postcode) if (postcode or line1) else None
        data = PersonInput(
            forename=forename,
            surname=surname,
            date_of_birth=date_of_birth,
            phone=phone,
            email=email,
            address=address,
            consent_to_share=consent_to_share,
        )
        return create_person(by, data, Sharing(scope=scope, lawful_basis=lawful_basis, **sharing))

    def incident(
        self,
        *,
        by: User,
        type_code: str = "noise",
        occurred_at: datetime | None = None,
        narrative: str = "Loud music late at night",
        postcode: str | None = "LE1 5WW",
        line1: str | None = None,
        people: list | None = None,
        vehicles: list[str] | None = None,
        scope: SharingScope = SharingScope.TEAM,
        **sharing,
    ):
        """`people` is a list of (person, role) pairs."""
        from sqlalchemy import select

        from casemgmt.incidents.models import IncidentType
        from casemgmt.incidents.services import IncidentInput, LocationInput, PersonLink, create_incident
        from casemgmt.people.services import AddressInput, VehicleInput

        category = db.session.scalar(select(IncidentType.category).where(IncidentType.code == type_code))
        data = IncidentInput(
            occurred_at=occurred_at or datetime.now(UTC) - timedelta(hours=2),
            category=category,
            type_code=type_code,
            narrative=narrative,
            location=LocationInput(address=AddressInput(line1=line1, postcode=postcode)),
            people=[PersonLink(person.id, role) for person, role in (people or [])],
            vehicles=[VehicleInput(registration=registration) for registration in (vehicles or [])],
        )
        return create_incident(by, data, Sharing(scope=scope, **sharing))

    def case(
        self,
        *,
        by: User,
        title: str = "Noise on Example Street",
        incidents: list | None = None,
        scope: SharingScope = SharingScope.TEAM,
        **sharing,
    ):
        from casemgmt.incidents.case_services import CaseInput, open_case

        data = CaseInput(title=title, incident_ids=[incident.id for incident in (incidents or [])])
        return open_case(by, data, Sharing(scope=scope, **sharing))


def totp_code(secret: str, at: float | None = None) -> str:
    """What an authenticator app would show, computed with pyotp (independently of the app's checker)."""
    totp = pyotp.TOTP(secret)
    return totp.at(at) if at is not None else totp.now()
