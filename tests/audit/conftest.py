"""People around one council team's records, for the audit tests: who owns, who supervises, who is outside."""

from dataclasses import dataclass

import pytest

from casemgmt.access.models import Organisation, Role, User
from tests.pages import PageClient


@dataclass
class People:
    council: Organisation
    other_council: Organisation
    officer: User  # council, ASB team: creates the records
    teammate: User  # council, ASB team
    colleague: User  # council, licensing team
    supervisor: User  # council supervisor, in no team
    org_admin: User  # council organisation administrator
    stranger: User  # other council, an officer
    other_supervisor: User  # other council, a supervisor
    admin: User  # partnership administrator (of the other council)

    def by_name(self, name: str) -> User:
        return getattr(self, name)


@pytest.fixture
def people(app, factories, monkeypatch) -> People:
    monkeypatch.setitem(app.config, "REQUIRE_TWO_FACTOR", False)
    council = factories.organisation(code="charnwood", name="Charnwood Borough Council")
    other_council = factories.organisation(code="melton", name="Melton Borough Council")
    asb = factories.team(organisation=council, name="ASB team")
    licensing = factories.team(organisation=council, name="Licensing team")
    community = factories.team(organisation=other_council, name="Community safety")

    def user(email, organisation, role=Role.OFFICER, teams=()):
        return factories.user(email=email, organisation=organisation, role=role, teams=list(teams))

    return People(
        council=council,
        other_council=other_council,
        officer=user("officer@charnwood.example", council, teams=[asb]),
        teammate=user("teammate@charnwood.example", council, teams=[asb]),
        colleague=user("colleague@charnwood.example", council, teams=[licensing]),
        supervisor=user("supervisor@charnwood.example", council, Role.SUPERVISOR),
        org_admin=user("orgadmin@charnwood.example", council, Role.ORG_ADMIN),
        stranger=user("officer@melton.example", other_council, teams=[community]),
        other_supervisor=user("supervisor@melton.example", other_council, Role.SUPERVISOR),
        admin=user("admin@melton.example", other_council, Role.PARTNERSHIP_ADMIN),
    )


@pytest.fixture
def signed_in(app, people):
    """A new browser signed in as one of `people`, named by attribute: signed_in("supervisor")."""

    def sign_in(name: str) -> PageClient:
        client = PageClient(app.test_client())
        response = client.sign_in(people.by_name(name).email)
        assert response.status_code == 302, response.data[:300]
        return client

    return sign_in
