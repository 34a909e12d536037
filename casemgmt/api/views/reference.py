"""Partnership search, and the lists a partner system needs to fill in a body: organisations and types."""

from flask import request

from casemgmt.access.permissions import Permission, requires
from casemgmt.api import bp
from casemgmt.api.serialise import incident_types_json, organisations_json, search_json
from casemgmt.api.views import actor, respond
from casemgmt.audit.services import record_search
from casemgmt.incidents.services import incident_types
from casemgmt.search.queries import search
from casemgmt.service_errors import ValidationFailed

QUERY_MAX = 200
PAGE_SIZE = 25


def _search_arguments() -> tuple[str, int]:
    errors = {}
    words = request.args.get("q", "").strip()
    if not words:
        errors["q"] = "Enter a name, reference, postcode, registration, phone number or email to search for"
    elif len(words) > QUERY_MAX:
        errors["q"] = f"Must be {QUERY_MAX} characters or fewer"
    page = request.args.get("page", "1").strip()
    if not (page.isascii() and page.isdigit() and 1 <= int(page) <= 100_000):
        errors["page"] = "Must be a whole number from 1"
    unknown = sorted(set(request.args) - {"q", "page"})
    errors.update({name: "Unknown parameter" for name in unknown})
    if errors:
        raise ValidationFailed(errors)
    return words, int(page)


@bp.get("/search")
@requires(Permission.USE_SYSTEM)
def search_records():
    user = actor()
    words, page_number = _search_arguments()
    page = search(user, words, page_number, PAGE_SIZE)
    record_search(user, words, page.total)
    return respond(search_json(page))


@bp.get("/organisations")
@requires(Permission.USE_SYSTEM)
def list_organisations():
    return respond(organisations_json())


@bp.get("/incident-types")
@requires(Permission.USE_SYSTEM)
def list_incident_types():
    return respond(incident_types_json(incident_types()))
