"""Who sees a person, incident or case, checked against an allow/deny table written out by hand here.

The table below states the sharing rules of DESIGN section 3 for each relationship a user can have to
a record; the policy's visible_* scopes must agree for all three record kinds.
"""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

import casemgmt.db
from casemgmt.access import policy
from casemgmt.access.models import OrganisationKind
from casemgmt.access.sharing import RecordGrant, SharingScope
from casemgmt.db import utcnow
from casemgmt.extensions import db
from casemgmt.incidents.case_models import Case
from casemgmt.incidents.models import Incident
from casemgmt.people.models import Person
from casemgmt.service_errors import RecordNotFound

# relationship of the viewer to a record shared with `scope` -> may they see it?
EXPECTED = {
    # (viewer, scope): visible
    ("owner_team", SharingScope.TEAM): True,
    ("owner_team", SharingScope.ORGANISATION): True,
    ("same_organisation_other_team", SharingScope.TEAM): False,
    ("same_organisation_other_team", SharingScope.ORGANISATION): True,
    ("same_organisation_other_team", SharingScope.PARTNERS): True,
    ("named_partner_organisation", SharingScope.TEAM): False,  # no grant made for team scope
    ("named_partner_organisation", SharingScope.PARTNERS): True,
    ("unnamed_organisation", SharingScope.ORGANISATION): False,
    ("unnamed_organisation", SharingScope.PARTNERS): False,
}

SCOPE_FOR = {"person": Person, "incident": Incident, "case": Case}
SCOPES = {"person": policy.visible_people, "incident": policy.visible_incidents, "case": policy.visible_cases}


@pytest.fixture
def partnership(factories):
    council = factories.organisation(code="council-a")
    partner = factories.organisation(code="council-b")
    stranger_org = factories.organisation(code="council-c")
    owner_team = factories.team(organisation=council, name="ASB")
    other_team = factories.team(organisation=council, name="Housing")
    partner_team = factories.team(organisation=partner, name="ASB")
    partner_other_team = factories.team(organisation=partner, name="Parks")
    stranger_team = factories.team(organisation=stranger_org, name="ASB")
    return {
        "owner_team": factories.user(organisation=council, teams=[owner_team]),
        "same_organisation_other_team": factories.user(organisation=council, teams=[other_team]),
        "named_partner_organisation": factories.user(organisation=partner, teams=[partner_team]),
        "partner_other_team": factories.user(organisation=partner, teams=[partner_other_team]),
        "unnamed_organisation": factories.user(organisation=stranger_org, teams=[stranger_team]),
        "partner": partner,
        "partner_team": partner_team,
    }


def make_record(factories, kind: str, *, by, scope, **sharing):
    if kind == "person":
        return factories.person(by=by, forename="Vic", surname="Tim", scope=scope, **sharing)
    if kind == "incident":
        return factories.incident(by=by, scope=scope, **sharing)
    return factories.case(by=by, scope=scope, **sharing)


def can_see(user, kind: str, record) -> bool:
    model = SCOPE_FOR[kind]
    return db.session.scalar(SCOPES[kind](user).where(model.id == record.id)) is not None


@pytest.mark.parametrize("kind", ["person", "incident", "case"])
@pytest.mark.parametrize(("viewer", "scope"), list(EXPECTED))
def test_sharing_scopes(factories, partnership, kind, viewer, scope):
    owner = partnership["owner_team"]
    sharing = {"organisation_ids": [partnership["partner"].id]} if scope == SharingScope.PARTNERS else {}
    record = make_record(factories, kind, by=owner, scope=scope, **sharing)
    assert can_see(partnership[viewer], kind, record) is EXPECTED[(viewer, scope)]


@pytest.mark.parametrize("kind", ["person", "incident", "case"])
def test_team_and_user_grants_reach_only_whom_they_name(factories, partnership, kind):
    owner = partnership["owner_team"]
    named_user = partnership["unnamed_organisation"]
    record = make_record(
        factories,
        kind,
        by=owner,
        scope=SharingScope.PARTNERS,
        team_ids=[partnership["partner_team"].id],
        user_ids=[named_user.id],
    )
    assert can_see(partnership["named_partner_organisation"], kind, record)  # in the named team
    assert not can_see(partnership["partner_other_team"], kind, record)  # same organisation, other team
    assert can_see(named_user, kind, record)


@pytest.mark.parametrize("change", ["expired", "revoked"])
def test_expired_or_revoked_grants_give_nothing(factories, partnership, change):
    owner, partner_user = partnership["owner_team"], partnership["named_partner_organisation"]
    incident = factories.incident(by=owner, scope=SharingScope.PARTNERS, organisation_ids=[partnership["partner"].id])
    assert can_see(partner_user, "incident", incident)
    grant = db.session.scalar(select(RecordGrant).where(RecordGrant.record_id == incident.id))
    if change == "expired":
        grant.expires_at = utcnow() - timedelta(minutes=1)
    else:
        grant.revoked_at = utcnow()
    db.session.commit()
    assert not can_see(partner_user, "incident", incident)


def _shared_with_partner_until(factories, partnership, expires_at):
    """An incident shared with the partner organisation by a grant that expires at `expires_at`."""
    incident = factories.incident(
        by=partnership["owner_team"], scope=SharingScope.PARTNERS, organisation_ids=[partnership["partner"].id]
    )
    grant = db.session.scalar(select(RecordGrant).where(RecordGrant.record_id == incident.id))
    grant.expires_at = expires_at
    db.session.commit()
    return incident


def test_a_grant_that_expires_later_still_counts(factories, partnership):
    incident = _shared_with_partner_until(factories, partnership, utcnow() + timedelta(days=30))
    assert can_see(partnership["named_partner_organisation"], "incident", incident)


def test_a_grant_stops_counting_when_its_expiry_passes_between_two_requests(factories, partnership, monkeypatch):
    # The visibility condition is built once per user and reused: "now" must be read on each query, not once.
    incident = _shared_with_partner_until(factories, partnership, utcnow() + timedelta(hours=1))
    assert can_see(partnership["named_partner_organisation"], "incident", incident)
    two_hours_on = utcnow() + timedelta(hours=2)
    monkeypatch.setattr(casemgmt.db, "utcnow", lambda: two_hours_on)
    assert not can_see(partnership["named_partner_organisation"], "incident", incident)


# (vetting level, expires in days or None for no vetting) -> may a non-police partner see a police record?
VETTING_EXPECTED = [
    (None, None, False),
    (1, 365, False),  # below the default minimum of NPPV 2
    (2, 365, True),
    (3, 30, True),
    (2, -1, False),  # expired yesterday
]


@pytest.mark.parametrize(("level", "expires_in", "visible"), VETTING_EXPECTED)
def test_police_records_need_current_vetting_as_well_as_a_grant(factories, level, expires_in, visible):
    police = factories.organisation(code="police", kind=OrganisationKind.POLICE)
    council = factories.organisation(code="council")
    police_officer = factories.user(organisation=police, teams=[factories.team(organisation=police)])
    expires_on = date.today() + timedelta(days=expires_in) if expires_in is not None else None
    council_officer = factories.user(
        organisation=council,
        teams=[factories.team(organisation=council)],
        vetting_level=level,
        vetting_expires_on=expires_on,
    )
    incident = factories.incident(by=police_officer, scope=SharingScope.PARTNERS, organisation_ids=[council.id])
    assert incident.police_originated is True
    assert can_see(council_officer, "incident", incident) is visible


def test_police_colleagues_need_no_vetting(factories):
    police = factories.organisation(code="police", kind=OrganisationKind.POLICE)
    author = factories.user(organisation=police, teams=[factories.team(organisation=police)])
    colleague = factories.user(organisation=police, teams=[factories.team(organisation=police)])
    incident = factories.incident(by=author, scope=SharingScope.ORGANISATION)
    assert can_see(colleague, "incident", incident)


def test_disabled_users_see_nothing(factories, partnership):
    owner = partnership["owner_team"]
    incident = factories.incident(by=owner)
    owner.disabled_at = utcnow()
    db.session.commit()
    assert not can_see(owner, "incident", incident)


def test_list_scopes_return_exactly_the_visible_records(factories, partnership):
    owner, colleague = partnership["owner_team"], partnership["same_organisation_other_team"]
    team_only = [factories.incident(by=owner) for _ in range(3)]
    organisation_wide = [factories.incident(by=owner, scope=SharingScope.ORGANISATION) for _ in range(2)]
    count = select(func.count()).select_from(policy.visible_incidents(colleague).subquery())
    assert db.session.scalar(count) == len(organisation_wide)
    owner_ids = set(db.session.scalars(policy.visible_incidents(owner).with_only_columns(Incident.id)))
    assert owner_ids == {incident.id for incident in team_only + organisation_wide}


def test_the_statement_of_a_record_page_is_reused_and_still_answers_for_whoever_asks(factories, partnership):
    """find_visible_* keeps one statement per user's condition and LoaderOptions; loose options are never kept
    (they compare by identity, so they would only fill the store), and each user still gets their own answer."""
    from sqlalchemy.orm import joinedload

    from casemgmt.access.policy import visibility

    owner, stranger = partnership["owner_team"], partnership["unnamed_organisation"]
    person = make_record(factories, "person", by=owner, scope=SharingScope.TEAM)
    details = policy.LoaderOptions(joinedload(Person.addresses))
    visibility._visible_one.cache_clear()
    for _ in range(3):
        assert policy.find_visible_person(owner, person.id, details).id == person.id
        with pytest.raises(RecordNotFound):
            policy.find_visible_person(stranger, person.id, details)
    kept = visibility._visible_one.cache_info()
    assert (kept.currsize, kept.hits) == (2, 4)  # one statement per user, reused twice each

    for _ in range(3):
        assert policy.find_visible_person(owner, person.id, joinedload(Person.addresses)).id == person.id
    assert visibility._visible_one.cache_info().currsize == 2
