"""The partnership search page."""

from itertools import groupby
from operator import attrgetter

from flask import Blueprint, render_template, request
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovTextInput
from wtforms import StringField
from wtforms.validators import Length, Optional

from casemgmt.access.permissions import Permission, acting_user, requires
from casemgmt.audit.services import record_search
from casemgmt.pagination import Page
from casemgmt.search.queries import search as search_records

bp = Blueprint("search", __name__, url_prefix="/search")

KIND_HEADINGS = {"person": "People", "incident": "Incidents", "case": "Cases"}


class SearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(
        "Search",
        widget=GovTextInput(),
        validators=[Optional(), Length(max=200, message="Search for 200 characters or fewer")],
    )


@bp.route("")
@requires(Permission.USE_SYSTEM)
def search():
    form = SearchForm(request.args)
    words = (form.q.data or "").strip() if form.validate() else ""
    actor = acting_user()
    results = search_records(actor, words, request.args.get("page", 1, type=int))
    record_search(actor, words, results.total)
    # The GOV.UK pagination parameters, worked out the same way as for any other paged list.
    pages = Page(results.results, results.number, results.size, results.total)
    return render_template(
        "search/search.html",
        form=form,
        words=words,
        results=results,
        pagination=pages.govuk_params() if words else None,
        groups=[
            (KIND_HEADINGS[kind], kind, list(rows)) for kind, rows in groupby(results.results, key=attrgetter("kind"))
        ],
    )
