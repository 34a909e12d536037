"""Case pages: open a case, its incidents and people, action plan, timeline, edits and closure."""

from flask import Blueprint

bp = Blueprint("cases", __name__, url_prefix="/cases")
