"""Error pages. Each is rendered from the base layout and still gets the security headers."""

import logging

from flask import Flask, render_template, request, url_for
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from casemgmt.service_errors import EditConflict, RecordNotFound

logger = logging.getLogger(__name__)

PAGES = {
    400: ("errors/bad_request.html", "There is a problem with your request"),
    403: ("errors/forbidden.html", "You do not have permission to view this page"),
    404: ("errors/not_found.html", "Page not found"),
    405: ("errors/bad_request.html", "That action is not available here"),
    413: ("errors/bad_request.html", "What you sent was too large"),
    429: ("errors/too_many_requests.html", "Too many attempts"),
    500: ("errors/server_error.html", "Sorry, there is a problem with the service"),
}


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return render_template("errors/csrf.html", title="Your form has expired"), 400

    @app.errorhandler(RecordNotFound)
    def record_not_found(error: RecordNotFound):
        template, title = PAGES[404]
        return render_template(template, title=title, code=404), 404

    @app.errorhandler(EditConflict)
    def edit_conflict(conflict: EditConflict):
        from casemgmt.extensions import db

        db.session.rollback()
        return render_template(
            "errors/edit_conflict.html",
            title="Someone else changed this record",
            conflict=conflict,
            edit_url=_page_to_retry_from(conflict.record),
        ), 409

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        template, title = PAGES.get(code, PAGES[400] if code < 500 else PAGES[500])
        return render_template(template, title=title, code=code), code

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        from casemgmt.extensions import db

        logger.exception("unhandled error")
        db.session.rollback()
        template, title = PAGES[500]
        return render_template(template, title=title, code=500), 500


def _page_to_retry_from(record) -> str:
    """Where the editor goes to see the saved version: the form's own URL or, for a button-only action (a URL
    that takes no GET), the page of the record the button acted on."""
    rule = request.url_rule
    if rule is not None and "GET" in (rule.methods or ()):
        return request.full_path.rstrip("?")
    from casemgmt.incidents.case_models import Case, CaseAction
    from casemgmt.incidents.models import Incident
    from casemgmt.people.models import Person

    if isinstance(record, CaseAction):
        return url_for("cases.view_case", case_id=record.case_id)
    pages = {
        Case: ("cases.view_case", "case_id"),
        Incident: ("incidents.view_incident", "incident_id"),
        Person: ("people.view_person", "person_id"),
    }
    endpoint, argument = pages.get(type(record), ("dashboard.index", None))
    return url_for(endpoint, **({argument: record.id} if argument else {}))
