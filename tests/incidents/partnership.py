"""Fixtures shared by the officer page tests: two councils, an officer signed in, and a stranger."""

from dataclasses import dataclass

import pytest

from casemgmt.access.models import Organisation, Team, User


@dataclass
class Partnership:
    council: Organisation
    team: Team
    officer: User
    colleague: User
    other_council: Organisation
    stranger: User


@pytest.fixture
def partnership(app, factories, monkeypatch) -> Partnership:
    # These tests are about record pages, not sign-in: two-factor is tested in tests/access.
    monkeypatch.setitem(app.config, "REQUIRE_TWO_FACTOR", False)
    council = factories.organisation(code="charnwood", name="Charnwood Borough Council")
    team = factories.team(organisation=council, name="ASB team")
    other_council = factories.organisation(code="melton", name="Melton Borough Council")
    other_team = factories.team(organisation=other_council, name="Community safety")
    return Partnership(
        council=council,
        team=team,
        officer=factories.user(email="officer@charnwood.example", organisation=council, teams=[team]),
        colleague=factories.user(email="colleague@charnwood.example", organisation=council, teams=[team]),
        other_council=other_council,
        stranger=factories.user(email="officer@melton.example", organisation=other_council, teams=[other_team]),
    )


@pytest.fixture
def officer_client(client, partnership):
    """The page client, signed in as the Charnwood officer."""
    response = client.sign_in(partnership.officer.email)
    assert response.status_code == 302, response.data[:300]
    return client


@pytest.fixture
def stranger_client(other_client, partnership):
    """A second browser, signed in as an officer of another council."""
    response = other_client.sign_in(partnership.stranger.email)
    assert response.status_code == 302, response.data[:300]
    return other_client
