"""The canary sweep: every GET endpoint in the URL map, as every persona, looking for markers they may not read.

tests/access_matrix/canary_world.py seeds records whose every text field holds a unique marker. Each persona
then requests every GET endpoint (with the seeded ids, request tokens and search words put in), and the test
fails if a marker appears where the persona may not read it: a response body or header (a CSV download is a
body), an email in the outbox, or the application log. Stubs are set to hide names (STUB_SHOWS_NAME off), so
a record a persona may not open must leave no marker at all.
"""

import inspect
import logging
import re
import sys
from dataclasses import dataclass, field
from itertools import product
from urllib.parse import parse_qsl, quote, quote_plus, urlencode, urlsplit

import pytest
from sqlalchemy import select

from casemgmt.extensions import db
from casemgmt.notifications.models import OutboundEmail
from tests.access_matrix.canary_world import CanaryWorld, Marker, Persona, build_canary_world
from tests.access_matrix.helpers import request_as
from tests.pages import PageClient

# Endpoints deliberately not swept, with why.
EXCLUDED = {
    "static": "vendored front-end files: no data",
}
# Marker group -> personas who may read it (anywhere), and who may read it only on some pages.
ALLOWED = {
    "council record": {"council owner"},
    "police record": {"police owner"},
    "council reference": {"council owner"},
    "police reference": {"police owner"},
    # The requester wrote the reason; the owning team and the owning organisation's supervisors decide on it.
    "council request": {"other council", "council owner", "council supervisor other team"},
    "police request": {"other council", "police owner"},
    "council refused request": {"council other team", "council owner", "council supervisor other team"},
    "council notification": {"council owner"},
    # A record's history page shows its owning team and its organisation's supervisors who did what and why.
    "council audit": {"council owner", "council supervisor other team"},
}
# The partnership administrators search and download the whole audit trail, and read any record's history
# page; a record's owning team and its organisation's supervisors read its history page. There they read who did
# what, when and why (the reasons people gave, the words searched for, which record: its id or reference).
# Nothing else of a record.
AUDIT_SEARCH = re.compile(r"^/admin/audit")
RECORD_HISTORY = re.compile(r"^/(people|incidents|cases)/[^/?]+/history")
AUDIT_READERS = {
    "partnership admin": (AUDIT_SEARCH, RECORD_HISTORY),
    "council supervisor other team": (RECORD_HISTORY,),
}
AUDIT_GROUPS = {
    "council request",
    "police request",
    "council refused request",
    "council audit",
    # An incident's or case's reference says which record an event was about, as its id does.
    "council reference",
    "police reference",
}
PERSONA_ORDER = [
    # The owners first: what they do (views, edits, searches) must not show through to the others afterwards.
    "council owner",
    "police owner",
    "council other team",
    "council supervisor other team",
    "other council",
    "housing without vetting",
    "partnership admin",
    "anonymous",
]
VARIABLE = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")
LOGGERS = ("casemgmt", "flask", "flask.app", "werkzeug")


@dataclass
class Sweep:
    world: CanaryWorld
    leaks: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    swept: set[str] = field(default_factory=set)
    typed: set[str] = field(default_factory=set)
    unfilled: set[str] = field(default_factory=set)  # URL variables the canary world has no value for
    requests: int = 0
    emails: int = 0
    seen_by: dict[str, dict[str, str]] = field(default_factory=dict)  # persona -> record page -> text


def get_endpoints(app) -> dict[str, list]:
    rules: dict[str, list] = {}
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods:
            rules.setdefault(rule.endpoint, []).append(rule)
    return rules


def reads_query_string(app, endpoint: str) -> bool:
    """Whether the view's module reads the query string (those get every query; the others one)."""
    module = sys.modules[app.view_functions[endpoint].__module__]
    return "request.args" in inspect.getsource(module)


def urls_for(rule, world: CanaryWorld, every_query: bool, unfilled: set[str]) -> list[str]:
    """The rule with the seeded ids put in (every combination, capped): each bare, and the first with the
    queries that name records; a page of lists and searches (no ids in its path, and a view reading the query
    string) with every search too."""
    names = VARIABLE.findall(rule.rule)
    choices = []
    for converter, name in names:
        if converter == "request_token":
            choices.append(world.tokens)
        elif name == "record_id" and "kind" in (rule.defaults or {}):
            choices.append(world.kind_ids[str(rule.defaults["kind"])])
        elif name in world.ids:
            choices.append(world.ids[name])
        else:
            unfilled.add(f"<{converter}:{name}> in {rule.rule}")
            return []
    paths = []
    for values in list(product(*choices))[:12]:
        path = rule.rule
        for value in values:
            path = VARIABLE.sub(str(value), path, count=1)
        paths.append(path)
    queries = world.record_queries + (world.search_queries if every_query and not names else [])
    return paths + [f"{paths[0]}?{urlencode(query)}" for query in queries]


def readable(response) -> str:
    headers = "\n".join(f"{name}: {value}" for name, value in response.headers.items())
    return headers + "\n" + response.get_data(as_text=True)


def found(marker: Marker, text: str) -> bool:
    """Whether the marker is in `text`, which is in lower case (see `Readable`)."""
    return any(form in text for form in marker.forms)


@dataclass
class Readable:
    """A text in lower case, and without white space for the markers made of digits (phone numbers)."""

    text: str

    def __post_init__(self):
        self.text = self.text.lower()
        self.compact = re.sub(r"\s", "", self.text)

    def has(self, marker: Marker) -> bool:
        return found(marker, self.compact if marker.digits else self.text)


def without_typed_words(text: str, words: set[str]) -> str:
    """The text without the words the persona typed, as typed or as written in a URL (a search page repeats
    them, a sign-in redirect carries them: that discloses nothing)."""
    for word in sorted(words, key=len, reverse=True):
        in_url = {quote(word, safe=""), quote_plus(word, safe="")}
        in_url_in_url = {quote(form, safe="") for form in in_url}  # a sign-in redirect's `next` holds a URL
        for form in {word, re.sub(r"\s", "", word), *in_url, *in_url_in_url}:
            text = re.sub(re.escape(form), "<typed>", text, flags=re.IGNORECASE)
    return text


def may_read(persona: str, marker: Marker, url: str) -> bool:
    if persona in ALLOWED.get(marker.group, set()):
        return True
    return reads_audit_trail(persona, url) and marker.group in AUDIT_GROUPS


def reads_audit_trail(persona: str, url: str) -> bool:
    return any(pattern.match(url) for pattern in AUDIT_READERS.get(persona, ()))


def check(sweep: Sweep, persona: str, url: str, text: str, *, typed: set[str] = frozenset()) -> None:
    if reads_audit_trail(persona, url):
        typed = typed | sweep.typed  # the audit trail records everyone's searches
    readable = Readable(without_typed_words(text, typed))
    for marker in sweep.world.markers:
        if readable.has(marker) and not may_read(persona, marker, url):
            sweep.leaks.append(f"{persona}: {url}: {marker.group} marker '{marker.name}'")


def query_words(url: str) -> set[str]:
    return {value for _, value in parse_qsl(urlsplit(url).query) if value}


def sweep_persona(app, sweep: Sweep, persona: Persona, endpoints: dict[str, list]) -> None:
    client = PageClient(app.test_client())
    if persona.email:
        assert client.sign_in(persona.email).status_code == 302, persona.name
    seen = sweep.seen_by.setdefault(persona.name, {})
    record_pages = set(sweep.world.pages.values())
    for endpoint, rules in sorted(endpoints.items()):
        if endpoint in EXCLUDED:
            continue
        for rule in rules:
            for url in urls_for(rule, sweep.world, reads_query_string(app, endpoint), sweep.unfilled):
                response = request_as(client.client, "GET", url, token=persona.token)
                sweep.requests += 1
                sweep.swept.add(endpoint)
                if response.status_code >= 500:
                    sweep.errors.append(f"{persona.name}: {url}: {response.status_code}")
                text = readable(response)
                if url in record_pages:
                    seen[url] = text
                words = query_words(url)
                sweep.typed |= words
                check(sweep, persona.name, url, text, typed=words)


def outbox_leaks(sweep: Sweep, emails: dict[str, str]) -> None:
    """Each email may hold only what its recipient may read."""
    for email in db.session.scalars(select(OutboundEmail)):
        sweep.emails += 1
        persona = emails.get(email.to_address, email.to_address)
        check(sweep, persona, f"email to {persona}", f"{email.subject}\n{email.body}")


def log_leaks(sweep: Sweep, records: list[logging.LogRecord]) -> None:
    """The application log is read by whoever runs the service: no marker may reach it (the words people
    searched for aside, which are theirs)."""
    for record in records:
        text = Readable(without_typed_words(f"{record.getMessage()}\n{record.exc_text or ''}", sweep.typed))
        for marker in sweep.world.markers:
            if text.has(marker):
                sweep.leaks.append(f"log ({record.name}, {record.levelname}): {marker.group} marker '{marker.name}'")


@pytest.fixture
def canary_app(app, monkeypatch):
    monkeypatch.setitem(app.config, "REQUIRE_TWO_FACTOR", False)
    monkeypatch.setitem(app.config, "STUB_SHOWS_NAME", False)
    return app


def test_canary_sweep(canary_app, factories, caplog):
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    with canary_app.test_request_context():  # services that notify link to pages
        world = build_canary_world(factories)
    sweep = Sweep(world)
    endpoints = get_endpoints(canary_app)
    personas = {persona.name: persona for persona in world.personas}
    assert set(personas) == set(PERSONA_ORDER)
    for name in PERSONA_ORDER:
        sweep_persona(canary_app, sweep, personas[name], endpoints)
    outbox_leaks(sweep, {persona.email: persona.name for persona in world.personas if persona.email})
    log_leaks(sweep, caplog.records)

    missed = set(endpoints) - set(EXCLUDED) - sweep.swept
    unshown = [
        f"{marker.group} '{marker.name}' not on {marker.shown_on}"
        for marker in world.markers
        if marker.shown_on and not _shown(sweep, marker)
    ]
    problems = [
        *(f"GET endpoint not swept: {endpoint}" for endpoint in sorted(missed)),
        *(f"no value in the canary world for {variable}" for variable in sorted(sweep.unfilled)),
        *(f"server error: {error}" for error in sweep.errors),
        *(f"leak: {leak}" for leak in sorted(set(sweep.leaks))),
        # The allowed persona must see each marker where it belongs, or the sweep could not fail on it.
        *(f"not shown to its owner: {item}" for item in unshown),
    ]
    if not sweep.emails:
        problems.append("no email in the outbox: the seeded access requests and notification should have sent some")
    assert not problems, f"{sweep.requests} requests to {len(sweep.swept)} endpoints:\n" + "\n".join(problems)


def _shown(sweep: Sweep, marker: Marker) -> bool:
    owner = "police owner" if marker.group.startswith("police") else "council owner"
    page = sweep.world.pages[marker.shown_on]
    return Readable(sweep.seen_by[owner].get(page, "")).has(marker)
