"""Project conventions that keep whole classes of mistakes out: markers on views, typed URL variables,
user access in one place, strict templates, and the page checker itself."""

import os
import re
import uuid
from types import SimpleNamespace

import pytest
from flask import render_template
from jinja2.exceptions import UndefinedError

from casemgmt import REPOSITORY_ROOT
from casemgmt.access.permissions import PERMISSION_MARKER, PUBLIC_MARKER, marker_of
from tests.pages import SERVICE_NAME, check_page

PACKAGE_ROOT = os.path.join(REPOSITORY_ROOT, "casemgmt")
TEMPLATES_ROOT = os.path.join(REPOSITORY_ROOT, "templates")

# Modules allowed to query users directly, besides the policy package: the one place access is decided.
POLICY_PACKAGE = "casemgmt/access/policy/"
USER_QUERY_ALLOWED = {
    "casemgmt/access/models.py",
    "casemgmt/models.py",
    # Sign-in must find an account by email before anyone is signed in, so no actor exists for the policy.
    "casemgmt/access/signin.py",
}
SELECT_USER = re.compile(r"\bselect\(\s*User\s*[,)]")


def python_sources() -> dict[str, str]:
    sources = {}
    for directory, _, files in os.walk(PACKAGE_ROOT):
        for name in files:
            if name.endswith(".py"):
                path = os.path.join(directory, name)
                with open(path, encoding="utf-8") as handle:
                    sources[os.path.relpath(path, REPOSITORY_ROOT).replace(os.sep, "/")] = handle.read()
    return sources


def render_temporary_template(*, app, source: str, **context) -> str:
    """Render `source` as a file in our real templates folder (strictness depends on where a template lives)."""
    name = f"_test_strict_tmp_{uuid.uuid4().hex}.html"
    path = os.path.join(TEMPLATES_ROOT, name)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(source)
    try:
        with app.test_request_context("/"):
            return render_template(name, **context)
    finally:
        os.remove(path)


# -- views and URLs -----------------------------------------------------------------------------------


def test_every_endpoint_has_exactly_one_marker(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()} | set(app.view_functions)
    problems = []
    for endpoint in sorted(endpoints):
        view = app.view_functions.get(endpoint)
        markers = [name for name in (PUBLIC_MARKER, PERMISSION_MARKER) if hasattr(view, name)]
        if view is None or len(markers) != 1 or marker_of(view) is None:
            problems.append(f"{endpoint}: {markers or 'unmarked'}")
    assert not problems, "endpoints without exactly one marker: " + ", ".join(problems)


def test_every_url_variable_is_typed(app):
    untyped = []
    for rule in app.url_map.iter_rules():
        for argument in sorted(rule.arguments):
            converter = type(rule._converters[argument]).__name__
            if converter == "UnicodeConverter" or (converter == "PathConverter" and rule.endpoint != "static"):
                untyped.append(f"{rule.rule} <{argument}> ({converter})")
    assert not untyped, "URL variables need a specific converter (e.g. uuid): " + ", ".join(untyped)


def test_url_variable_check_would_notice_a_string_variable():
    from werkzeug.routing import Map, Rule

    rule = Rule("/people/<name>", endpoint="people.view")
    Map([rule])
    assert type(rule._converters["name"]).__name__ == "UnicodeConverter"


# -- access in one place ------------------------------------------------------------------------------


def test_users_are_only_selected_in_the_policy_module():
    offenders = sorted(
        f"{path}:{source.count(chr(10), 0, match.start()) + 1}"
        for path, source in python_sources().items()
        if path not in USER_QUERY_ALLOWED and not path.startswith(POLICY_PACKAGE)
        for match in SELECT_USER.finditer(source)
    )
    assert not offenders, f"select(User) outside the policy package: {offenders}"


def test_user_select_pattern_matches_what_it_should():
    assert SELECT_USER.search("db.session.scalar(select(User).where(User.id == x))")
    assert SELECT_USER.search("select( User, Team )")
    assert not SELECT_USER.search("select(User.id).where(...)")
    assert not SELECT_USER.search("select(UserSession)")


# Protected records are only ever read through the policy's visible_* scopes (a hidden record is a 404).
PROTECTED_RECORD_QUERY = re.compile(r"\b(?:select\(\s*|session\.get\(\s*)(Person|Incident|Case)\s*[,)]")


def test_protected_records_are_only_selected_in_the_policy_module():
    offenders = sorted(
        f"{path}:{source.count(chr(10), 0, match.start()) + 1}"
        for path, source in python_sources().items()
        if not path.startswith(POLICY_PACKAGE)
        for match in PROTECTED_RECORD_QUERY.finditer(source)
    )
    assert not offenders, f"people, incidents or cases read outside the policy's scopes: {offenders}"


def test_protected_record_pattern_matches_what_it_should():
    assert PROTECTED_RECORD_QUERY.search("db.session.scalars(select(Person).where(Person.id == x))")
    assert PROTECTED_RECORD_QUERY.search("db.session.get(Incident, incident_id)")
    assert PROTECTED_RECORD_QUERY.search("select( Case, Team )")
    assert not PROTECTED_RECORD_QUERY.search("select(Person.id).where(...)")
    assert not PROTECTED_RECORD_QUERY.search("select(PersonAlias)")
    assert not PROTECTED_RECORD_QUERY.search("select(CaseAction)")


def test_allow_listed_modules_exist():
    missing = sorted(path for path in USER_QUERY_ALLOWED if not os.path.exists(os.path.join(REPOSITORY_ROOT, path)))
    assert not missing, f"stale entries in the allow-list: {missing}"
    assert os.path.isdir(os.path.join(REPOSITORY_ROOT, POLICY_PACKAGE))


# -- templates ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "{{ no_such_variable }}",
        "{% if no_such_variable %}yes{% endif %}",
        "{% for x in no_such_variable %}{% endfor %}",
    ],
    ids=["output", "test", "loop"],
)
def test_undefined_variable_in_our_template_fails(app, source):
    with pytest.raises(UndefinedError):
        render_temporary_template(app=app, source=source)


def test_defined_variable_in_our_template_renders(app):
    assert render_temporary_template(app=app, source="[{{ given }}]", given="here") == "[here]"


def test_govuk_macro_with_omitted_optional_params_renders(app):
    source = (
        '{% from "govuk_frontend_jinja/components/button/macro.html" import govukButton %}'
        '{{ govukButton({"text": "Continue"}) }}'
    )
    html = render_temporary_template(app=app, source=source)
    assert "<button" in html
    assert "Continue" in html


def test_sign_in_page_renders_with_strict_templates(app, client):
    assert app.config["STRICT_TEMPLATES"] is True
    soup = client.page("/sign-in", title="Sign in")
    assert soup.find("input", attrs={"name": "email"}) is not None


# -- the page checker ---------------------------------------------------------------------------------


def fake_response(*, body: str, status_code: int = 200) -> SimpleNamespace:
    page = f"<html><head><title>Example - {SERVICE_NAME}</title></head><body>{body}</body></html>"
    return SimpleNamespace(status_code=status_code, data=page.encode())


def test_check_page_rejects_duplicate_ids():
    with pytest.raises(AssertionError, match="duplicate ids"):
        check_page(fake_response(body='<p id="same">a</p><div id="same">b</div>'))


def test_check_page_accepts_distinct_ids():
    check_page(fake_response(body='<p id="one">a</p><div id="two">b</div>'), title="Example")


def test_check_page_rejects_the_wrong_status():
    with pytest.raises(AssertionError, match="expected 200, got 500"):
        check_page(fake_response(body="<p>a</p>", status_code=500))
