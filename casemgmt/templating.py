"""Jinja set-up: GOV.UK Frontend macros, form helpers, strict undefined variables and shared globals."""

import os
import sys

from flask import Flask
from flask.templating import Environment
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader, Undefined
from jinja2.utils import missing

from casemgmt import form_rendering

SERVICE_NAME = "ASB case management"
OUR_TEMPLATES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "templates") + os.sep


def _used_in_our_templates() -> bool:
    """Whether the innermost template on the stack is one of ours (not a GOV.UK library macro)."""
    frame = sys._getframe(2)
    while frame is not None:
        filename = frame.f_code.co_filename
        if filename.endswith(".html"):
            return filename.startswith(OUR_TEMPLATES)
        frame = frame.f_back
    return False


class JinjaEnvironment(Environment):
    """Flask's environment, with each template's globals in a plain dict rather than a ChainMap.

    Every `{% from ... import %}` compares the importing context's globals with the imported template's, and
    through a ChainMap that looks up each name in turn: a few per cent of rendering a page. Every global is set
    while the app is made, before any template loads, so a dict holds the same names.
    """

    def make_globals(self, d):
        return {**self.globals, **(d or {})}


class TopLevelStrictUndefined(Undefined):
    """Fail on a misspelt variable in our templates, but let library macros probe optional values.

    GOV.UK Frontend macros rely on undefined names and keys (`params.classes`, `undefined`) being
    falsy, so full StrictUndefined breaks them; a missing top-level name in our own templates,
    however, is always a bug, so there it fails.
    """

    __slots__ = ()

    def _strict(self):
        if self._undefined_obj is missing and _used_in_our_templates():
            self._fail_with_undefined_error()

    def __str__(self):
        self._strict()
        return ""

    def __iter__(self):
        self._strict()
        return iter(())

    def __bool__(self):
        self._strict()
        return False

    def __len__(self):
        self._strict()
        return 0

    # Comparisons stay lenient: GOV.UK macros test `value not in [undefined, null]`.
    __eq__ = Undefined.__eq__
    __ne__ = Undefined.__ne__
    __hash__ = Undefined.__hash__


def init_app(app: Flask) -> None:
    app.jinja_loader = ChoiceLoader(
        [
            app.jinja_loader,
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    if app.config["STRICT_TEMPLATES"]:
        app.jinja_env.undefined = TopLevelStrictUndefined
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    WTFormsHelpers(app)
    form_rendering.install()
    app.jinja_env.globals["service_name"] = SERVICE_NAME
    app.jinja_env.filters["datetime"] = format_datetime
    app.jinja_env.filters["date"] = _format_date


def format_datetime(value) -> str:
    """A UTC timestamp as people in the partnership read it: UK local time."""
    if value is None:
        return ""
    from casemgmt.clock import uk_time

    return uk_time(value).strftime("%-d %B %Y at %H:%M")


def _format_date(value) -> str:
    return "" if value is None else value.strftime("%-d %B %Y")
