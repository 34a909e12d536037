"""The API's routes, one module per resource. Each view reads the body, calls one service, serialises."""

from flask import Response, current_app, json

from casemgmt.access.models import User
from casemgmt.access.permissions import acting_user


def actor() -> User:
    """The user behind the request's bearer token (the API never accepts a session cookie)."""
    return acting_user()


def respond(body: dict, status: int = 200, location: str | None = None) -> Response:
    response = current_app.response_class(json.dumps(body), status=status, mimetype="application/json")
    if location is not None:
        response.headers["Location"] = location
    return response
