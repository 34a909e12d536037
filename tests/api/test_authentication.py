"""Only a bearer token authenticates an API call: never a session cookie, never a revoked or disabled one."""

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from casemgmt.access.models import ApiToken
from casemgmt.access.services import set_user_disabled
from casemgmt.access.tokens import issue_api_token
from casemgmt.db import utcnow
from casemgmt.extensions import db
from casemgmt.people.models import Person
from tests.api.conftest import ApiClient, problem

PERSON = {"forename": "Jordan", "surname": "Smith"}


def _assert_unauthorised(response) -> None:
    body = problem(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert "Location" not in response.headers
    assert body["title"] == "Unauthorized"


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer cm_not-a-real-token"},
        {"Authorization": "Bearer not-even-the-prefix"},
        {"Authorization": "Basic b2ZmaWNlcjpwYXNzd29yZA=="},
    ],
    ids=["no header", "empty bearer", "unknown token", "no prefix", "basic auth"],
)
def test_a_call_without_a_valid_token_is_a_401_problem_not_a_redirect(api, partnership, headers):
    _assert_unauthorised(api.get("/api/v1/organisations", headers=headers))
    _assert_unauthorised(api.post("/api/v1/persons", json=PERSON, headers=headers))
    assert db.session.scalar(select(func.count()).select_from(Person)) == 0


def test_a_valid_token_authenticates_and_the_scheme_is_case_insensitive(api, partnership):
    assert api.get("/api/v1/organisations", token=partnership.officer_token).status_code == 200
    lower = api.get("/api/v1/organisations", headers={"Authorization": f"bearer {partnership.officer_token}"})
    assert lower.status_code == 200


def test_a_revoked_token_is_refused(api, partnership):
    db.session.execute(ApiToken.__table__.update().values(revoked_at=utcnow()))
    db.session.commit()
    _assert_unauthorised(api.get("/api/v1/organisations", token=partnership.officer_token))


def test_the_token_of_a_disabled_user_is_refused(api, partnership):
    set_user_disabled(None, partnership.officer, True)
    _assert_unauthorised(api.get("/api/v1/organisations", token=partnership.officer_token))
    assert api.get("/api/v1/organisations", token=partnership.colleague_token).status_code == 200


def test_a_session_cookie_without_a_token_does_not_authenticate_the_api(app, client, api, partnership, monkeypatch):
    monkeypatch.setitem(app.config, "REQUIRE_TWO_FACTOR", False)
    client.sign_in(partnership.officer.email)
    assert client.get("/dashboard").status_code == 200  # the cookie is good for the pages
    cookie_only = ApiClient(client.client)
    _assert_unauthorised(cookie_only.get("/api/v1/organisations"))
    # Exempt from CSRF, so a cross-site form post riding on the cookie must not create anything either.
    _assert_unauthorised(cookie_only.post("/api/v1/persons", json=PERSON))
    assert db.session.scalar(select(func.count()).select_from(Person)) == 0
    assert client.get("/dashboard").status_code == 200  # and the API refusal did not sign the browser out


def test_with_both_a_cookie_and_a_token_the_token_decides_who_is_calling(app, client, partnership, monkeypatch):
    monkeypatch.setitem(app.config, "REQUIRE_TWO_FACTOR", False)
    client.sign_in(partnership.officer.email)
    created = ApiClient(client.client).post("/api/v1/persons", json=PERSON, token=partnership.pc_token)
    assert created.status_code == 201
    person = db.session.get(Person, uuid.UUID(created.get_json()["id"]))
    assert person.created_by_id == partnership.pc.id and person.owner_organisation_id == partnership.police.id


def test_posts_with_a_token_need_no_csrf_token(app, api, partnership, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    assert api.post("/api/v1/persons", json=PERSON, token=partnership.officer_token).status_code == 201


def test_a_user_who_must_change_their_password_may_still_use_their_token(api, factories, partnership):
    user = factories.user(organisation=partnership.council, teams=[partnership.asb_team], must_change_password=True)
    response = api.get("/api/v1/organisations", token=issue_api_token(user))
    assert response.status_code == 200 and response.mimetype == "application/json"


def test_last_used_is_written_at_most_once_a_minute(api, partnership):
    def last_used():
        db.session.expire_all()
        return db.session.scalar(select(ApiToken.last_used_at).where(ApiToken.user_id == partnership.officer.id))

    assert last_used() is None
    api.get("/api/v1/organisations", token=partnership.officer_token)
    first = last_used()
    assert first is not None and utcnow() - first < timedelta(seconds=10)
    api.get("/api/v1/organisations", token=partnership.officer_token)
    assert last_used() == first
    an_hour_ago = utcnow() - timedelta(hours=1)
    db.session.execute(
        ApiToken.__table__.update().where(ApiToken.user_id == partnership.officer.id).values(last_used_at=an_hour_ago)
    )
    db.session.commit()
    api.get("/api/v1/organisations", token=partnership.officer_token)
    assert last_used() > an_hour_ago + timedelta(minutes=59)


def test_the_openapi_document_is_public(api):
    response = api.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.get_json()["openapi"].startswith("3.")


def test_unknown_api_paths_and_methods_are_problems_too(api, partnership):
    problem(api.get("/api/v1/no-such-thing", token=partnership.officer_token), 404)
    problem(api.get("/api/v1/persons/not-a-uuid", token=partnership.officer_token), 404)
    not_allowed = problem(api.call("DELETE", "/api/v1/persons", token=partnership.officer_token), 405)
    assert not_allowed["status"] == 405
    assert "POST" in api.call("DELETE", "/api/v1/persons", token=partnership.officer_token).headers["Allow"]
