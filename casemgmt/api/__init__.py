"""JSON API v1 for partner systems: bearer tokens, the same validation and access rules as the pages,
errors as application/problem+json, and an OpenAPI 3 document at /api/v1/openapi.json."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")
