"""The API's search stubs: exactly kind, display, restricted, organisations, whether only police vetting would
help, and a request_access page; no id.

The records here are the police's, so the council officer searching is vetted: a stub offers an access request
only to someone a grant would let see it (tests/api/test_police_record_reads.py has the unvetted case).
"""

from datetime import date, timedelta

import pytest

from casemgmt.access.models import User
from casemgmt.access.sharing import SharingScope
from casemgmt.extensions import db
from tests.pages import PageClient


@pytest.fixture(autouse=True)
def vetted_officer(partnership) -> None:
    officer = db.session.get(User, partnership.officer.id)
    officer.vetting_level, officer.vetting_expires_on = 2, date.today() + timedelta(days=365)
    db.session.commit()


@pytest.fixture
def browser(app, partnership, monkeypatch) -> PageClient:
    """The officer signed in to the pages (the request_access address is a page, not an API call)."""
    monkeypatch.setitem(app.config, "REQUIRE_TWO_FACTOR", False)
    client = PageClient(app.test_client())
    assert client.sign_in(partnership.officer.email).status_code == 302
    return client


def test_a_stub_has_exactly_the_documented_fields_and_no_id(api, partnership, factories):
    person = factories.person(
        by=partnership.pc,
        forename="Jay",
        surname="Smithson",
        date_of_birth=date(1990, 1, 2),
        postcode="LE11 3AB",
        phone="07700 900111",
        scope=SharingScope.PARTNERS,
        organisation_ids=[partnership.housing.id],
    )
    response = api.get("/api/v1/search?q=smithson", token=partnership.officer_token)
    (stub,) = response.get_json()["results"]
    assert set(stub) == {"kind", "display", "restricted", "organisations", "needs_police_vetting", "request_access"}
    assert (stub["kind"], stub["display"], stub["restricted"]) == ("person", "Jay Smithson", True)
    assert stub["needs_police_vetting"] is False
    assert stub["organisations"] == ["Leicestershire Police", "Housing Association"]
    assert stub["request_access"].startswith("http://localhost/access-requests/new/")
    body = response.get_data(as_text=True)
    for secret in (str(person.id), "1990", "LE11", "07700"):
        assert secret not in body, secret


def test_the_request_access_address_opens_the_request_page_for_that_record(api, browser, partnership, factories):
    factories.person(by=partnership.pc, forename="Jay", surname="Smithson")
    stub = api.get("/api/v1/search?q=smithson", token=partnership.officer_token).get_json()["results"][0]
    page = browser.page(stub["request_access"].removeprefix("http://localhost"), title="Request access")
    assert "Jay Smithson" in page.select_one("#requested-record").get_text()
    assert "Leicestershire Police" in page.select_one("#requested-record").get_text()


def test_a_tampered_request_address_is_not_found(api, browser, partnership, factories):
    factories.person(by=partnership.pc, forename="Jay", surname="Smithson")
    stub = api.get("/api/v1/search?q=smithson", token=partnership.officer_token).get_json()["results"][0]
    path = stub["request_access"].removeprefix("http://localhost")
    browser.page(path[:-3] + ("abc" if not path.endswith("abc") else "xyz"), status=404)
