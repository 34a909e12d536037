"""The OpenAPI document, public so that partners can read it before they have a token."""

from casemgmt.access.permissions import public_endpoint
from casemgmt.api import bp
from casemgmt.api.openapi import openapi_document
from casemgmt.api.views import respond


@bp.get("/openapi.json")
@public_endpoint
def openapi_json():
    return respond(openapi_document())
