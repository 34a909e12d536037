"""The API's routes, one module per resource. Each view reads the body, calls one service, serialises."""

from flask import Response, current_app, json, request

from casemgmt.access.models import User
from casemgmt.access.permissions import acting_user
from casemgmt.access.police_records import API_REASON_HEADER, justify_api_read
from casemgmt.access.sharing import RecordKind
from casemgmt.api.problems import problem


def actor() -> User:
    """The user behind the request's bearer token (the API never accepts a session cookie)."""
    return acting_user()


def reason_missing(user: User, kind: RecordKind, record) -> Response | None:
    """A 428 problem when a non-police caller reads a police-originated record without saying why in the
    X-Access-Reason header; otherwise None, with the reason (if one was needed) added to the audit trail."""
    if justify_api_read(user, kind, record, request.headers.get(API_REASON_HEADER)):
        return None
    return problem(428)


def respond(body: dict, status: int = 200, location: str | None = None) -> Response:
    response = current_app.response_class(json.dumps(body), status=status, mimetype="application/json")
    if location is not None:
        response.headers["Location"] = location
    return response
