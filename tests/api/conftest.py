"""An API client that sends a bearer token, and a small partnership to call the API as."""

from dataclasses import dataclass

import pytest

from casemgmt.access.models import Organisation, OrganisationKind, Team, User
from casemgmt.access.tokens import issue_api_token
from casemgmt.extensions import db

PROBLEM_JSON = "application/problem+json"


class ApiClient:
    def __init__(self, client):
        self.client = client

    def call(self, method: str, url: str, *, token: str | None = None, **kwargs):
        headers = dict(kwargs.pop("headers", {}))
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        # The request gets a session of its own, as it would in another process: the test's objects keep
        # what they loaded whatever the request commits or rolls back (a fresh app context, as in tests/pages.py).
        db.session.expunge_all()
        with self.client.application.app_context():
            return self.client.open(url, method=method, headers=headers, **kwargs)

    def get(self, url: str, **kwargs):
        return self.call("GET", url, **kwargs)

    def post(self, url: str, **kwargs):
        return self.call("POST", url, **kwargs)


def problem(response, status: int) -> dict:
    """Check a problem+json answer and return its body."""
    assert response.status_code == status, response.data[:500]
    assert response.mimetype == PROBLEM_JSON
    body = response.get_json(force=True)
    assert body["status"] == status and body["type"] == "about:blank"
    assert body["title"] and body["detail"]
    return body


def field_errors(response) -> dict[str, str]:
    """The 400's `errors` as {field: message}, each field named once."""
    body = problem(response, 400)
    fields = [item["field"] for item in body["errors"]]
    assert len(fields) == len(set(fields)), fields
    return {item["field"]: item["message"] for item in body["errors"]}


@dataclass
class Partnership:
    council: Organisation
    police: Organisation
    housing: Organisation
    asb_team: Team
    licensing_team: Team
    officer: User  # council, ASB team
    colleague: User  # council, licensing team
    pc: User  # police
    housing_officer: User
    officer_token: str
    colleague_token: str
    pc_token: str
    housing_token: str


@pytest.fixture
def api(app) -> ApiClient:
    return ApiClient(app.test_client())


@pytest.fixture
def partnership(factories) -> Partnership:
    council = factories.organisation(code="charnwood", name="Charnwood Borough Council")
    police = factories.organisation(code="leics-police", name="Leicestershire Police", kind=OrganisationKind.POLICE)
    housing = factories.organisation(code="housing", name="Housing Association", kind=OrganisationKind.HOUSING)
    asb_team = factories.team(organisation=council, name="ASB team")
    licensing_team = factories.team(organisation=council, name="Licensing team")
    police_team = factories.team(organisation=police, name="Neighbourhood team")
    housing_team = factories.team(organisation=housing, name="Tenancy team")
    officer = factories.user(organisation=council, teams=[asb_team], email="officer@charnwood.example")
    colleague = factories.user(organisation=council, teams=[licensing_team], email="colleague@charnwood.example")
    pc = factories.user(organisation=police, teams=[police_team], email="pc@police.example")
    housing_officer = factories.user(organisation=housing, teams=[housing_team], email="officer@housing.example")
    return Partnership(
        council=council,
        police=police,
        housing=housing,
        asb_team=asb_team,
        licensing_team=licensing_team,
        officer=officer,
        colleague=colleague,
        pc=pc,
        housing_officer=housing_officer,
        officer_token=issue_api_token(officer),
        colleague_token=issue_api_token(colleague),
        pc_token=issue_api_token(pc),
        housing_token=issue_api_token(housing_officer),
    )
