"""Errors as RFC 9457 problem details (`application/problem+json`), for every way an API call can fail.

Each problem has `type` "about:blank", so `title` is the HTTP status phrase; `detail` says what went wrong
and a 400 lists each field's problem in `errors` (`{"field": "people.0.person_id", "message": "..."}`; an
empty field names the body as a whole). A hidden record and a missing one give byte-identical 404s.
"""

import logging
from http import HTTPStatus

from flask import Blueprint, Response, current_app, json, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

from casemgmt.access.sessions import is_api_request
from casemgmt.extensions import db
from casemgmt.service_errors import EditConflict, RecordNotFound, ValidationFailed

logger = logging.getLogger(__name__)

PROBLEM_CONTENT_TYPE = "application/problem+json"

DETAILS = {
    400: "The request could not be understood.",
    401: "Send a valid API token in the header 'Authorization: Bearer <token>'.",
    403: "Your account may not do this.",
    404: "There is no record with this id, or you may not see it.",
    405: "This method is not allowed here.",
    409: "Someone else changed this record after you read it; nothing was saved.",
    413: "The request body is too large.",
    428: "This record came from the police: say why you are reading it in the header "
    "'X-Access-Reason: <why>' (kept in the audit trail, Data Protection Act 2018 s.62).",
    500: "Something went wrong on our side; nothing was saved.",
}


def problem(status: int, detail: str | None = None, **extensions) -> Response:
    body = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail or DETAILS.get(status, HTTPStatus(status).description),
        **extensions,
    }
    response = current_app.response_class(json.dumps(body), status=status, mimetype=PROBLEM_CONTENT_TYPE)
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="casemgmt API"'
    return response


def validation_problem(errors: dict[str, str]) -> Response:
    listed = [{"field": field, "message": message} for field, message in errors.items()]
    return problem(400, "Some of what was sent is missing or not valid; see errors.", errors=listed)


def register(bp: Blueprint) -> None:
    """Error handlers for the API's own routes, and problem answers for /api/ paths that match no route."""
    bp.register_error_handler(ValidationFailed, _validation_failed)
    bp.register_error_handler(RecordNotFound, _record_not_found)
    bp.register_error_handler(EditConflict, _edit_conflict)
    bp.register_error_handler(HTTPException, _http_error)
    bp.register_error_handler(Exception, _unexpected_error)
    bp.before_app_request(_unmatched_api_route)


def _validation_failed(failure: ValidationFailed) -> Response:
    db.session.rollback()
    return validation_problem(failure.errors)


def _record_not_found(_error: RecordNotFound) -> Response:
    db.session.rollback()
    return problem(404)


def _edit_conflict(conflict: EditConflict) -> Response:
    db.session.rollback()
    changed = [change.label for change in conflict.changes]
    return problem(409, changed_fields=changed, updated_by=conflict.updated_by)


def _http_error(error: HTTPException) -> Response:
    status = error.code or 500
    response = problem(status)
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


def _unexpected_error(_error: Exception) -> Response:
    logger.exception("unhandled error in the API")
    db.session.rollback()
    return problem(500)


def _unmatched_api_route():
    """Flask's routing errors never reach a blueprint's handlers, so answer them here for API paths."""
    routing_error = request.routing_exception
    if isinstance(routing_error, NotFound | MethodNotAllowed) and is_api_request():
        return _http_error(routing_error)
    return None
