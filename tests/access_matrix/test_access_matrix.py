"""The access matrix: every role x every relationship to a record x every surface that shows records.

The table below is the specification (DESIGN section 3, issue 4) written out by hand: what a viewer in each
relationship to a person, incident and case must get, whatever their role. It is never computed from the
policy code. Each test builds one small world (tests/access_matrix/world.py) and checks every surface for all
three records: the lists a record appears in, its page, search, the CSV export and the API.
"""

import uuid
from urllib.parse import quote

import pytest

from casemgmt.access.models import Role
from tests.access_matrix.helpers import (
    answer_reason_question,
    links_to,
    not_found_difference,
    redirects_to_sign_in,
    request_as,
)
from tests.access_matrix.world import RELATIONSHIPS, World, build_world
from tests.pages import PageClient

SHOW = "shown in full"
HIDE = "hidden: 404 like a missing record, a stub in search, absent from lists and exports"
JUSTIFY = "shown in full, after the viewer says why they are opening a police record"
SIGN_IN = "not signed in: pages send to sign-in, the API answers 401"

ROLES = [Role.OFFICER, Role.SUPERVISOR, Role.ANALYST, Role.ORG_ADMIN, Role.PARTNERSHIP_ADMIN]

# relationship -> outcome for (officer, supervisor, analyst, org_admin, partnership_admin)
EXPECTED = {
    "owner_team": (SHOW, SHOW, SHOW, SHOW, SHOW),
    "same_organisation_team_scope": (HIDE, HIDE, HIDE, HIDE, HIDE),
    "same_organisation_organisation_scope": (SHOW, SHOW, SHOW, SHOW, SHOW),
    "shared_with_organisation": (SHOW, SHOW, SHOW, SHOW, SHOW),
    "named_user": (SHOW, SHOW, SHOW, SHOW, SHOW),
    "named_team": (SHOW, SHOW, SHOW, SHOW, SHOW),
    "unshared_other_organisation": (HIDE, HIDE, HIDE, HIDE, HIDE),
    "revoked_grant": (HIDE, HIDE, HIDE, HIDE, HIDE),
    "expired_grant": (HIDE, HIDE, HIDE, HIDE, HIDE),
    "police_record_no_vetting": (HIDE, HIDE, HIDE, HIDE, HIDE),
    "police_record_expired_vetting": (HIDE, HIDE, HIDE, HIDE, HIDE),
    "police_record_vetting_below_level": (HIDE, HIDE, HIDE, HIDE, HIDE),
    "police_record_current_vetting": (JUSTIFY, JUSTIFY, JUSTIFY, JUSTIFY, JUSTIFY),
    "police_record_vetted_but_not_shared": (HIDE, HIDE, HIDE, HIDE, HIDE),
}
KINDS = ["person", "incident", "case"]
CASE_LIST = "/cases?view=all&status=any"
CASE_EXPORT = "/cases/export.csv?view=all&status=any"
API_SEARCH = "/api/v1/search?q={}"


class Checks:
    """Runs the surfaces for one world, collecting every failure (so one run reports them all)."""

    def __init__(self, app, world: World, outcome: str):
        self.world, self.outcome = world, outcome
        self.pages = PageClient(app.test_client())
        self.api = app.test_client()
        self.failures: list[str] = []
        self.checked = 0
        if outcome != SIGN_IN:
            response = self.pages.sign_in(world.viewer_email)
            assert response.status_code == 302, response.data[:300]

    @property
    def token(self) -> str | None:
        return None if self.outcome == SIGN_IN else self.world.viewer_token

    def get(self, url: str, **kwargs):
        return request_as(self.pages.client, "GET", url, **kwargs)

    def get_api(self, url: str, **kwargs):
        return request_as(self.api, "GET", url, token=self.token, **kwargs)

    def expect(self, surface: str, condition: bool, message: str) -> None:
        self.checked += 1
        if not condition:
            self.failures.append(f"{surface}: {message}")

    def hidden_text(self, surface: str, body: str, kind: str, *, also: tuple[str, ...] = ()) -> None:
        """A hidden record leaves nothing in `body`: not its id (no link, nothing to open), not its details."""
        record = self.world.records[kind]
        leaked = [text for text in (str(record.id), *record.details, *also) if text.lower() in body.lower()]
        self.expect(surface, not leaked, f"hidden {kind} shows {leaked}")

    def like_a_missing_record(self, surface: str, kind: str, response, get, url: str) -> None:
        """The hidden record's answer is a 404 that cannot be told from a random id's, and tells nothing."""
        record, missing_id = self.world.records[kind], uuid.uuid4()
        missing = get(url.replace(str(record.id), str(missing_id)))
        difference = not_found_difference(response, missing, record.id, missing_id)
        self.expect(surface, difference is None, f"hidden record not like a missing one: {difference}")
        self.hidden_text(surface, response.get_data(as_text=True), kind)

    # -- lists ----------------------------------------------------------------------------------------

    def case_list(self) -> None:
        response = self.get(CASE_LIST)
        if self.signs_in("case list", response):
            return
        body, case = response.get_data(as_text=True), self.world.records["case"]
        if self.outcome == HIDE:
            self.hidden_text("case list", body, "case", also=(self.world.extra["case_reference"],))
        else:
            self.expect("case list", links_to(body, case.page), "the case is not listed with a link")

    def linked_lists(self) -> None:
        """The viewer's own person page lists the incident and case; their own incident page names the person."""
        person_page = self.get(self.world.anchor_person_page)
        incident_page = self.get(self.world.anchor_incident_page)
        if self.signs_in("person page lists", person_page) or self.signs_in("incident page people", incident_page):
            return
        self.expect("own person page", person_page.status_code == 200, f"status {person_page.status_code}")
        self.expect("own incident page", incident_page.status_code == 200, f"status {incident_page.status_code}")
        for surface, response, kind in (
            ("person page: incidents", person_page, "incident"),
            ("person page: cases", person_page, "case"),
            ("incident page: people", incident_page, "person"),
        ):
            body = response.get_data(as_text=True)
            if self.outcome == HIDE:
                self.hidden_text(surface, body, kind)
            else:
                self.expect(surface, links_to(body, self.world.records[kind].page), f"no link to the {kind}")

    def dashboard(self) -> None:
        """The dashboard lists some of what the viewer may see (not necessarily these), never a hidden record."""
        response = self.get("/dashboard")
        if self.signs_in("dashboard", response):
            return
        self.expect("dashboard", response.status_code == 200, f"status {response.status_code}")
        if self.outcome == HIDE:
            for kind in KINDS:
                self.hidden_text("dashboard", response.get_data(as_text=True), kind)

    def case_export(self) -> None:
        response = self.get(CASE_EXPORT)
        if self.signs_in("case export", response):
            return
        self.expect("case export", response.status_code == 200, f"status {response.status_code}")
        self.expect("case export", response.mimetype == "text/csv", f"type {response.mimetype}")
        body = response.get_data(as_text=True)
        if self.outcome == HIDE:
            also = (self.world.extra["case_reference"], self.world.extra["case_title"])
            self.hidden_text("case export", body, "case", also=also)
        else:
            self.expect("case export", self.world.extra["case_reference"] in body, "the case is not in the file")

    # -- one record: page, search, API ----------------------------------------------------------------

    def record_page(self, kind: str) -> None:
        record, surface = self.world.records[kind], f"{kind} page"
        response = self.get(record.page)
        if self.signs_in(surface, response):
            return
        if self.outcome == HIDE:
            self.like_a_missing_record(surface, kind, response, self.get, record.page)
            return
        if self.outcome == JUSTIFY:
            asked = response.get_data(as_text=True)
            self.expect(surface, not any(text in asked for text in record.details), "details shown before a reason")
            response = answer_reason_question(self.pages.client, response)
            self.expect(surface, response is not None, "no 'Why are you opening this record?' question")
            if response is None:
                return
        body = response.get_data(as_text=True)
        self.expect(surface, response.status_code == 200, f"status {response.status_code}")
        missing = [text for text in record.details if text not in body]
        self.expect(surface, not missing, f"details missing from the page: {missing}")

    def search_page(self, kind: str) -> None:
        record, surface = self.world.records[kind], f"search for the {kind}"
        response = self.get(f"/search?q={record.search_words}")
        if self.signs_in(surface, response):
            return
        body = response.get_data(as_text=True)
        self.expect(surface, response.status_code == 200, f"status {response.status_code}")
        if self.outcome == HIDE:
            self.hidden_text(surface, body, kind)
            if self.world.extra["vetting_blocks_access"]:
                # Asking cannot help: the stub says vetting is needed instead.
                offered = "Request access" in body or "needs police vetting" not in body
                self.expect(surface, not offered, "a police record's stub offers a request vetting would refuse")
            else:
                self.expect(surface, "Request access" in body, "no stub with a Request access action")
        else:
            self.expect(surface, links_to(body, record.page), "no result linking to the record")

    def api_record(self, kind: str) -> None:
        record, surface = self.world.records[kind], f"API {kind}"
        response = self.get_api(record.api)
        if self.outcome == SIGN_IN:
            self.expect(surface, response.status_code == 401, f"status {response.status_code}, expected 401")
            return
        if self.outcome == HIDE:
            self.like_a_missing_record(surface, kind, response, self.get_api, record.api)
            return
        if self.outcome == JUSTIFY:
            self.expect(surface, response.status_code == 428, f"no reason given: {response.status_code}, not 428")
            self.hidden_text(f"{surface} without a reason", response.get_data(as_text=True), kind)
            response = self.get_api(record.api, headers={"X-Access-Reason": "Preparing a case review"})
        self.expect(surface, response.status_code == 200, f"status {response.status_code}")
        if response.status_code == 200:
            self.expect(surface, response.get_json()["id"] == str(record.id), "another record came back")
            body = response.get_data(as_text=True)
            missing = [text for text in record.details if text not in body]
            self.expect(surface, not missing, f"details missing: {missing}")

    def api_search(self, kind: str) -> None:
        record, surface = self.world.records[kind], f"API search for the {kind}"
        response = self.get_api(API_SEARCH.format(record.search_words))
        if self.outcome == SIGN_IN:
            self.expect(surface, response.status_code == 401, f"status {response.status_code}, expected 401")
            return
        self.expect(surface, response.status_code == 200, f"status {response.status_code}")
        if response.status_code != 200:
            return
        results = [result for result in response.get_json()["results"] if result["kind"] == kind]
        if self.outcome == HIDE:
            self.hidden_text(surface, response.get_data(as_text=True), kind)
            self.expect(surface, len(results) == 1, f"expected one stub, got {results}")
            self.expect(surface, all(result.get("restricted") is True for result in results), "not restricted")
            self.expect(surface, all("id" not in result for result in results), "a stub carries an id")
            self.expect(surface, all(result.get("organisations") for result in results), "no organisations")
        else:
            self.expect(surface, [result.get("id") for result in results] == [str(record.id)], f"got {results}")
            self.expect(surface, all(result.get("restricted") is False for result in results), "restricted")

    def signs_in(self, surface: str, response) -> bool:
        """For the anonymous row: check the page sends to sign-in (True: nothing more to check).

        The redirect names the page asked for (to return to it after signing in): that is the visitor's own
        words, not something the record disclosed, so it is left out before looking for the records."""
        if self.outcome != SIGN_IN:
            return False
        self.expect(surface, redirects_to_sign_in(response), f"status {response.status_code}, not sent to sign-in")
        asked = response.request.path
        body = response.get_data(as_text=True).replace(asked, "").replace(quote(asked, safe=""), "")
        body += " " + response.headers.get("Location", "").replace(asked, "").replace(quote(asked, safe=""), "")
        for kind in KINDS:
            self.hidden_text(f"{surface} (signed out)", body, kind)
        return True

    def run_all(self) -> None:
        self.case_list()
        self.linked_lists()
        self.dashboard()
        self.case_export()
        for kind in KINDS:
            self.record_page(kind)
            self.search_page(kind)
            self.api_record(kind)
            self.api_search(kind)


CELLS = [
    pytest.param(role, relationship, id=f"{role.value}-{relationship}") for relationship in EXPECTED for role in ROLES
]


def test_the_table_covers_every_relationship_the_world_can_build():
    assert set(EXPECTED) | {"anonymous"} == set(RELATIONSHIPS)
    assert all(len(outcomes) == len(ROLES) for outcomes in EXPECTED.values())


@pytest.fixture
def two_factor_off(app, monkeypatch):
    # Sign-in is tested in tests/access; these tests are about what a signed-in user sees.
    monkeypatch.setitem(app.config, "REQUIRE_TWO_FACTOR", False)


@pytest.mark.parametrize(("role", "relationship"), CELLS)
def test_matrix(app, factories, two_factor_off, role, relationship):
    outcome = EXPECTED[relationship][ROLES.index(role)]
    checks = Checks(app, build_world(factories, role, relationship), outcome)
    checks.run_all()
    assert not checks.failures, f"{role.value} / {relationship} ({outcome}):\n" + "\n".join(checks.failures)


def test_matrix_anonymous(app, factories, two_factor_off):
    checks = Checks(app, build_world(factories, Role.OFFICER, "anonymous"), SIGN_IN)
    checks.run_all()
    assert not checks.failures, "anonymous:\n" + "\n".join(checks.failures)


@pytest.mark.parametrize("names_shown", [True, False], ids=["names-shown", "names-hidden"])
def test_linked_records_the_viewer_may_not_open_show_as_stubs(app, factories, two_factor_off, monkeypatch, names_shown):
    """The viewer's own incident names a person, and their own case holds an incident and a person, of another
    council's that the viewer may not open: each appears as a stub (kind, name unless the setting hides it,
    organisations, Request access) with no link to it and none of its details."""
    monkeypatch.setitem(app.config, "STUB_SHOWS_NAME", names_shown)
    world = build_world(factories, Role.OFFICER, "unshared_other_organisation")
    checks = Checks(app, world, HIDE)
    for surface, url, kinds in (
        ("viewer's incident page", world.anchor_incident_page, ["person"]),
        ("viewer's case page", world.extra["viewer_case_page"], ["incident", "person"]),
    ):
        response = checks.get(url)
        body = response.get_data(as_text=True)
        checks.expect(surface, response.status_code == 200, f"status {response.status_code}")
        for kind in kinds:
            checks.hidden_text(surface, body, kind)
        checks.expect(surface, body.count("Request access") >= len(kinds), "a linked record without Request access")
        checks.expect(surface, world.extra["owner_organisation"] in body, "the owning organisation is not named")
        names = {"person": world.extra["person_name"], "incident": world.extra["incident_reference"]}
        for kind in kinds:
            named = names[kind] in body
            checks.expect(surface, named is names_shown, f"the {kind}'s name shown: {named}, setting: {names_shown}")
    assert not checks.failures, "\n".join(checks.failures)
