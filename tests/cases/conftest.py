"""A small partnership for the case pages: two councils (one with two teams) and a housing provider."""

from dataclasses import dataclass

import pytest

from casemgmt.access.models import Organisation, OrganisationKind, Team, User
from casemgmt.extensions import db
from casemgmt.incidents.models import IncidentRole
from tests.pages import PageClient


@dataclass
class Partnership:
    city: Organisation
    borough: Organisation
    housing: Organisation
    asb_team: Team
    licensing_team: Team
    lead: User  # city ASB team: signs in as `client`
    teammate: User  # city ASB team
    licensing_officer: User  # city, another team
    borough_officer: User
    housing_officer: User


@pytest.fixture
def partnership(app, factories, monkeypatch) -> Partnership:
    monkeypatch.setitem(app.config, "REQUIRE_TWO_FACTOR", False)
    city = factories.organisation(code="city", name="City Council")
    borough = factories.organisation(code="borough", name="Borough Council")
    housing = factories.organisation(code="homes", name="Example Homes", kind=OrganisationKind.HOUSING)
    asb_team = factories.team(organisation=city, name="City ASB team")
    licensing_team = factories.team(organisation=city, name="City licensing team")
    borough_team = factories.team(organisation=borough, name="Borough ASB team")
    housing_team = factories.team(organisation=housing, name="Tenancy team")

    def officer(name: str, email: str, organisation: Organisation, team: Team) -> User:
        user = factories.user(email=email, organisation=organisation, teams=[team])
        user.full_name = name
        db.session.commit()
        return user

    return Partnership(
        city=city,
        borough=borough,
        housing=housing,
        asb_team=asb_team,
        licensing_team=licensing_team,
        lead=officer("Priya Lead", "priya@city.example.org", city, asb_team),
        teammate=officer("Tom Teammate", "tom@city.example.org", city, asb_team),
        licensing_officer=officer("Lena Licensing", "lena@city.example.org", city, licensing_team),
        borough_officer=officer("Bob Borough", "bob@borough.example.org", borough, borough_team),
        housing_officer=officer("Hana Housing", "hana@homes.example.org", housing, housing_team),
    )


@pytest.fixture
def officer_client(client, partnership) -> PageClient:
    """`client`, signed in as the city ASB officer who leads the cases."""
    client.sign_in(partnership.lead.email)
    return client


@pytest.fixture
def noise_case(factories, partnership):
    """An open case, opened through the service by the lead, with one incident (a victim and a perpetrator)."""
    victim = factories.person(by=partnership.lead, forename="Vera", surname="Victim")
    perpetrator = factories.person(by=partnership.lead, forename="Percy", surname="Noisy")
    incident = factories.incident(
        by=partnership.lead, people=[(victim, IncidentRole.VICTIM), (perpetrator, IncidentRole.PERPETRATOR)]
    )
    return factories.case(by=partnership.lead, title="Noise on Example Street", incidents=[incident])
