"""Two councils: Charnwood owns the records (its ASB team, a supervisor and an officer of another team),
and Melton's officer finds them as stubs and asks for access."""

from dataclasses import dataclass
from datetime import date

import pytest

from casemgmt.access.models import Role, User
from casemgmt.access.sharing import RecordKind
from casemgmt.access.stubs import request_token
from tests.pages import PageClient


@dataclass
class Partnership:
    owner: User  # Charnwood, ASB team: owns the records
    teammate: User  # Charnwood, ASB team
    supervisor: User  # Charnwood supervisor, licensing team
    other_team: User  # Charnwood officer, licensing team: may not decide
    requester: User  # Melton officer
    melton_supervisor: User


@pytest.fixture
def partnership(app, factories, monkeypatch) -> Partnership:
    monkeypatch.setitem(app.config, "REQUIRE_TWO_FACTOR", False)
    charnwood = factories.organisation(code="charnwood", name="Charnwood Borough Council")
    melton = factories.organisation(code="melton", name="Melton Borough Council")
    asb = factories.team(organisation=charnwood, name="ASB team")
    licensing = factories.team(organisation=charnwood, name="Licensing team")
    community = factories.team(organisation=melton, name="Community safety")

    def user(email: str, organisation, team, role: Role = Role.OFFICER) -> User:
        made = factories.user(email=email, organisation=organisation, teams=[team], role=role)
        made.full_name = email.split("@")[0].replace(".", " ").title()
        return made

    people = Partnership(
        owner=user("olive.owner@charnwood.example", charnwood, asb),
        teammate=user("tom.teammate@charnwood.example", charnwood, asb),
        supervisor=user("sue.supervisor@charnwood.example", charnwood, licensing, Role.SUPERVISOR),
        other_team=user("liam.licensing@charnwood.example", charnwood, licensing),
        requester=user("rita.requester@melton.example", melton, community),
        melton_supervisor=user("max.boss@melton.example", melton, community, Role.SUPERVISOR),
    )
    from casemgmt.extensions import db

    db.session.commit()
    return people


@pytest.fixture
def sign_in(app):
    """A new browser signed in as `user`."""

    def signed_in(user: User) -> PageClient:
        client = PageClient(app.test_client())
        response = client.sign_in(user.email)
        assert response.status_code == 302, response.data[:300]
        return client

    return signed_in


@pytest.fixture
def victim(factories, partnership):
    """A victim's record that the owning team keeps to itself."""
    return factories.person(
        by=partnership.owner,
        forename="Mary",
        surname="Clarke",
        date_of_birth=date(1961, 4, 12),
        line1="4 Ashby Road",
        postcode="LE11 3AB",
        phone="07700 900456",
        email="mary@example.org",
    )


def request_path(kind: RecordKind, record) -> str:
    return f"/access-requests/new/{request_token(kind, record.id)}"
