"""People pages: add a person, their profile (every incident and case they appear in), edit."""

from flask import Blueprint

bp = Blueprint("people", __name__, url_prefix="/people")
