"""Incident pages: log an incident in one form, view it, edit it, link people."""

from flask import Blueprint

bp = Blueprint("incidents", __name__, url_prefix="/incidents")
