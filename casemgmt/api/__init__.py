"""JSON API v1 for partner systems: bearer tokens, the same validation and access rules as the pages,
errors as application/problem+json, and an OpenAPI 3 document at /api/v1/openapi.json.

Only a bearer token authenticates an API call (never the session cookie), so the API is exempt from CSRF.
"""

from flask import Blueprint

from casemgmt.access.tokens import load_api_user
from casemgmt.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)


@bp.record_once
def _authenticate_by_bearer_token(state) -> None:
    state.app.login_manager.request_loader(load_api_user)


from casemgmt.api import problems  # noqa: E402 - the views need `bp` first
from casemgmt.api.views import cases, docs, incidents, persons, reference  # noqa: E402, F401

problems.register(bp)
