"""Every failure of an API call is application/problem+json, never an HTML page or a redirect."""

import casemgmt.api.views.persons as person_views
from tests.api.conftest import problem


def test_a_body_over_the_size_limit_is_a_413_problem(app, api, partnership):
    too_big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = api.post(
        "/api/v1/persons", data=too_big, content_type="application/json", token=partnership.officer_token
    )
    problem(response, 413)


def test_an_unexpected_error_is_a_500_problem_that_says_nothing_was_saved(api, partnership, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(person_views, "create_person_for_triage", broken)
    response = api.post("/api/v1/persons", json={"forename": "A", "surname": "B"}, token=partnership.officer_token)
    body = problem(response, 500)
    assert "nothing was saved" in body["detail"] and b"on fire" not in response.data


def test_api_responses_are_never_cached(api, partnership):
    for response in (
        api.get("/api/v1/organisations", token=partnership.officer_token),
        api.get("/api/v1/organisations"),
    ):
        assert response.headers["Cache-Control"] == "no-store"
