"""Administration: who may manage whom, adding and editing users, vetting, organisations and teams."""

from datetime import date

import pytest
from sqlalchemy import select

from casemgmt.access.models import Organisation, OrganisationKind, Role, Team, User
from casemgmt.audit.models import AuditEvent
from casemgmt.extensions import db
from tests.pages import check_page, error_messages


@pytest.fixture
def partnership(app, factories, monkeypatch):
    """Two councils and the police, each with a team, and an admin of each kind."""
    monkeypatch.setitem(app.config, "REQUIRE_TWO_FACTOR", False)
    city = factories.organisation(code="city", name="City Council")
    borough = factories.organisation(code="borough", name="Borough Council")
    police = factories.organisation(code="police", name="County Police", kind=OrganisationKind.POLICE)
    teams = {org.code: factories.team(organisation=org, name="ASB team") for org in (city, borough, police)}
    return {
        "city": city,
        "borough": borough,
        "police": police,
        "teams": teams,
        "partnership_admin": factories.user(email="padmin@example.org", role=Role.PARTNERSHIP_ADMIN, organisation=city),
        "city_admin": factories.user(email="cityadmin@example.org", role=Role.ORG_ADMIN, organisation=city),
        "city_officer": factories.user(email="cityofficer@example.org", organisation=city, teams=[teams["city"]]),
        "borough_officer": factories.user(email="boroughofficer@example.org", organisation=borough),
        "police_officer": factories.user(email="pc@example.org", organisation=police),
    }


@pytest.mark.parametrize(
    ("who", "url", "status"),
    [
        ("city_officer", "/admin/users", 403),
        ("city_officer", "/admin/organisations", 403),
        ("city_admin", "/admin/organisations", 403),
        ("city_admin", "/admin/users", 200),
        ("partnership_admin", "/admin/organisations", 200),
    ],
)
def test_admin_pages_need_the_right_role(client, partnership, who, url, status):
    client.sign_in(partnership[who].email)
    check_page(client.get(url), status=status)


def test_organisation_admin_sees_and_edits_only_their_own_organisations_users(client, partnership):
    client.sign_in(partnership["city_admin"].email)
    listed = {row.select("td")[1].get_text(strip=True) for row in client.page("/admin/users").select("#users tbody tr")}
    # Not the partnership admin, though in the same organisation: an org admin cannot act on them.
    assert listed == {"cityadmin@example.org", "cityofficer@example.org"}
    check_page(client.get(f"/admin/users/{partnership['borough_officer'].id}"), status=404)
    check_page(client.get(f"/admin/users/{partnership['borough_officer'].id}/edit"), status=404)
    response = client.submit(f"/admin/users/{partnership['borough_officer'].id}/disable", {}, form_url="/admin/users")
    assert response.status_code == 404
    assert db.session.get(User, partnership["borough_officer"].id).disabled_at is None


def test_organisation_admin_cannot_touch_a_partnership_admin_of_their_own_organisation(client, partnership):
    padmin = partnership["partnership_admin"]
    client.sign_in(partnership["city_admin"].email)
    for page in ("", "/edit", "/vetting"):
        check_page(client.get(f"/admin/users/{padmin.id}{page}"), status=404)
    for action in ("reset-password", "disable"):
        assert client.submit(f"/admin/users/{padmin.id}/{action}", {}, form_url="/admin/users").status_code == 404
    demote = client.submit(
        f"/admin/users/{padmin.id}/edit",
        {"full_name": "X", "email": padmin.email, "role": "officer", "version": "1"},
        form_url="/admin/users",
    )
    assert demote.status_code == 404
    saved = db.session.get(User, padmin.id)
    assert (saved.role, saved.disabled_at, saved.full_name) == (Role.PARTNERSHIP_ADMIN, None, "Test User")


def test_nobody_records_their_own_vetting(client, partnership):
    admin = partnership["city_admin"]
    client.sign_in(admin.email)
    response = client.submit(f"/admin/users/{admin.id}/vetting", {"level": "3", "expires_on": ["1", "1", "2099"]})
    assert "You cannot record your own vetting" in error_messages(check_page(response))[0]
    assert db.session.get(User, admin.id).vetting_level is None


def test_garbled_version_numbers_are_treated_as_stale(client, partnership):
    officer = partnership["city_officer"]
    client.sign_in(partnership["city_admin"].email)
    for version in ("²", "1" * 5000, "-1", ""):
        response = client.submit(
            f"/admin/users/{officer.id}/edit",
            {"full_name": "Changed", "email": officer.email, "role": "officer", "version": version},
        )
        check_page(response, status=409, title="Someone else changed this user")
    assert db.session.get(User, officer.id).full_name == "Test User"


def test_partnership_admin_sees_every_user(client, partnership):
    client.sign_in(partnership["partnership_admin"].email)
    soup = client.page("/admin/users")
    assert "5 users" in soup.get_text()


def test_add_user_shows_a_temporary_password_that_must_be_changed(client, other_client, partnership):
    client.sign_in(partnership["city_admin"].email)
    team = partnership["teams"]["city"]
    response = client.submit(
        "/admin/users/new",
        {
            "full_name": "Nadia Hussain",
            "email": "Nadia.Hussain@Example.org",
            "phone": "0116 496 0000",
            "organisation_id": str(partnership["city"].id),
            "role": "officer",
            "team_ids": [str(team.id)],
        },
    )
    soup = check_page(response, title="User added")
    password = soup.select_one("#temporary-password").get_text(strip=True)
    user = db.session.scalar(select(User).where(User.email == "nadia.hussain@example.org"))
    assert user.must_change_password and [t.name for t in user.teams] == ["ASB team"]
    assert user.phone == "0116 496 0000"
    other_client.sign_in("nadia.hussain@example.org", password)
    assert other_client.get("/dashboard").headers["Location"] == "/account/change-password"


def test_add_user_validation_messages(client, partnership):
    client.sign_in(partnership["city_admin"].email)
    soup = check_page(client.submit("/admin/users/new", {"full_name": "", "email": "not-an-email", "role": ""}))
    messages = error_messages(soup)
    assert "Enter the user's full name" in messages
    assert "Enter an email address in the correct format, like name@example.org" in messages
    assert "Choose a role" in messages
    duplicate = client.submit(
        "/admin/users/new",
        {
            "full_name": "X",
            "email": "cityofficer@example.org",
            "organisation_id": str(partnership["city"].id),
            "role": "officer",
        },
    )
    assert "A user with this email address already exists" in error_messages(check_page(duplicate))


def test_organisation_admin_cannot_create_partnership_admins_or_users_elsewhere(client, partnership):
    client.sign_in(partnership["city_admin"].email)
    soup = client.page("/admin/users/new")
    assert "partnership_admin" not in [radio["value"] for radio in soup.select("input[name=role]")]
    response = client.submit(
        "/admin/users/new",
        {
            "full_name": "X",
            "email": "x@example.org",
            "organisation_id": str(partnership["borough"].id),
            "role": "officer",
        },
    )
    check_page(response)
    assert db.session.scalar(select(User).where(User.email == "x@example.org")) is None


def test_team_from_another_organisation_is_refused(client, partnership):
    client.sign_in(partnership["partnership_admin"].email)
    response = client.submit(
        "/admin/users/new",
        {
            "full_name": "X",
            "email": "x@example.org",
            "organisation_id": str(partnership["city"].id),
            "role": "officer",
            "team_ids": [str(partnership["teams"]["borough"].id)],
        },
    )
    assert "Choose teams that belong to the user's organisation" in error_messages(check_page(response))
    assert db.session.scalar(select(User).where(User.email == "x@example.org")) is None


def test_edit_with_a_stale_version_shows_a_conflict_and_keeps_the_other_save(client, other_client, partnership):
    officer = partnership["city_officer"]
    client.sign_in(partnership["city_admin"].email)
    other_client.sign_in(partnership["partnership_admin"].email)
    from tests.pages import csrf_token

    stale_form = client.page(f"/admin/users/{officer.id}/edit")
    stale_token, stale_version = csrf_token(stale_form), stale_form.select_one("input[name=version]")["value"]
    fields = {"email": officer.email, "role": "officer", "version": stale_version}
    first = other_client.submit(f"/admin/users/{officer.id}/edit", {**fields, "full_name": "Saved First"})
    assert first.status_code == 302
    second = client.post(
        f"/admin/users/{officer.id}/edit",
        data={**fields, "full_name": "Saved Second", "csrf_token": stale_token},
    )
    soup = check_page(second, status=409, title="Someone else changed this user")
    assert "Saved First" in soup.get_text()
    assert db.session.get(User, officer.id).full_name == "Saved First"


def test_record_vetting_for_a_council_officer_but_not_for_police(client, partnership):
    client.sign_in(partnership["partnership_admin"].email)
    officer = partnership["borough_officer"]
    missing_date = client.submit(f"/admin/users/{officer.id}/vetting", {"level": "2"})
    assert "Enter the date the vetting expires" in error_messages(check_page(missing_date))[0]
    response = client.submit(
        f"/admin/users/{officer.id}/vetting",
        {"level": "2", "expires_on": ["31", "3", "2028"]},
    )
    assert response.status_code == 302
    saved = db.session.get(User, officer.id)
    assert (saved.vetting_level, saved.vetting_expires_on) == (2, date(2028, 3, 31))
    not_a_date = client.submit(f"/admin/users/{officer.id}/vetting", {"level": "2", "expires_on": ["31", "2", "2028"]})
    assert "Enter a real date" in error_messages(check_page(not_a_date))[0]
    truncated = client.submit(f"/admin/users/{officer.id}/vetting", {"level": "2", "expires_on": ["31"]})
    assert "Enter a real date" in error_messages(check_page(truncated))[0]
    check_page(client.get(f"/admin/users/{partnership['police_officer'].id}/vetting"), status=404)
    audit = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "vetting_recorded"))
    assert audit.detail == "NPPV2 until 2028-03-31"


def test_disable_and_enable(client, partnership):
    client.sign_in(partnership["city_admin"].email)
    officer = partnership["city_officer"]
    client.submit(f"/admin/users/{officer.id}/disable", {}, form_url=f"/admin/users/{officer.id}")
    assert db.session.get(User, officer.id).disabled_at is not None
    client.submit(f"/admin/users/{officer.id}/enable", {}, form_url=f"/admin/users/{officer.id}")
    assert db.session.get(User, officer.id).disabled_at is None


def test_admin_cannot_disable_themselves(client, partnership):
    admin = partnership["city_admin"]
    client.sign_in(admin.email)
    response = client.submit(f"/admin/users/{admin.id}/disable", {}, form_url=f"/admin/users/{admin.id}")
    assert response.status_code == 302
    assert db.session.get(User, admin.id).disabled_at is None


def test_user_search_by_name_and_by_exact_phone(client, partnership, factories):
    factories.user(email="phoned@example.org", organisation=partnership["city"]).phone = "07700 900123"
    db.session.commit()
    client.sign_in(partnership["city_admin"].email)
    by_phone = client.page("/admin/users?q=%2B44+7700+900123")
    assert [row.select("td")[1].get_text(strip=True) for row in by_phone.select("#users tbody tr")] == [
        "phoned@example.org"
    ]
    with_brackets = client.page("/admin/users?q=%2B44+(0)7700+900123")
    assert len(with_brackets.select("#users tbody tr")) == 1
    by_name = client.page("/admin/users?q=CITYOFF&page=abc")
    assert [row.select("td")[1].get_text(strip=True) for row in by_name.select("#users tbody tr")] == [
        "cityofficer@example.org"
    ]
    nothing = client.page("/admin/users?q=zzzz")
    assert nothing.select_one("#no-users") is not None


def test_user_list_is_paginated(app, client, partnership, factories, monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_SIZE", 2)
    client.sign_in(partnership["partnership_admin"].email)
    first = client.page("/admin/users")
    assert len(first.select("#users tbody tr")) == 2
    last = client.page("/admin/users?page=3")
    assert len(last.select("#users tbody tr")) == 1  # 5 users, 2 a page
    beyond = client.page("/admin/users?page=99")
    assert len(beyond.select("#users tbody tr")) == 1  # clamped to the last page


def test_partnership_admin_adds_an_organisation_and_a_team(client, partnership):
    client.sign_in(partnership["partnership_admin"].email)
    response = client.submit(
        "/admin/organisations/new",
        {"code": "housing-one", "name": "Housing One", "kind": "housing", "district_code": ""},
    )
    assert response.status_code == 302
    organisation = db.session.scalar(select(Organisation).where(Organisation.code == "housing-one"))
    assert organisation.kind == OrganisationKind.HOUSING
    bad = client.submit("/admin/organisations/new", {"code": "Bad Code!", "name": "X", "kind": "other"})
    assert "Short code must be 2 to 32 lower-case letters, digits or hyphens" in error_messages(check_page(bad))
    client.submit(f"/admin/organisations/{organisation.id}", {"name": "Tenancy team"})
    again = client.submit(f"/admin/organisations/{organisation.id}", {"name": "Tenancy team"})
    assert "already has a team with that name" in error_messages(check_page(again))[0]
    assert db.session.scalars(select(Team.name).where(Team.organisation_id == organisation.id)).all() == [
        "Tenancy team"
    ]
