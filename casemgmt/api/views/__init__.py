"""The API's routes, one module per resource. Each view reads the body, calls one service, serialises."""

from flask import Response, current_app, json
from flask_login import current_user

from casemgmt.access.models import User


def actor() -> User:
    """The user behind the request's bearer token (the API never accepts a session cookie)."""
    return current_user._get_current_object()


def respond(body: dict, status: int = 200, location: str | None = None) -> Response:
    response = current_app.response_class(json.dumps(body), status=status, mimetype="application/json")
    if location is not None:
        response.headers["Location"] = location
    return response
