"""Stubs: what a user is shown of a record they may not open. Only kind, name, organisations and a token."""

import uuid
from dataclasses import asdict
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from casemgmt.access import policy
from casemgmt.access.sharing import RecordGrant, RecordKind, SharingScope
from casemgmt.access.stubs import read_request_token, request_token
from casemgmt.db import utcnow
from casemgmt.extensions import db


@pytest.fixture
def councils(factories):
    charnwood = factories.organisation(code="charnwood", name="Charnwood Borough Council")
    melton = factories.organisation(code="melton", name="Melton Borough Council")
    housing = factories.organisation(code="housing", name="Housing Association")
    blaby = factories.organisation(code="blaby", name="Blaby District Council")
    asb = factories.team(organisation=charnwood, name="ASB team")
    return {
        "owner": factories.user(organisation=charnwood, teams=[asb]),
        "stranger": factories.user(
            organisation=melton, teams=[factories.team(organisation=melton, name="Community safety")]
        ),
        "housing": housing,
        "blaby": blaby,
        "blaby_team": factories.team(organisation=blaby, name="Blaby ASB"),
        "melton": melton,
    }


def secret_person(factories, by, **sharing):
    return factories.person(
        by=by,
        forename="Dean",
        surname="Walsh",
        date_of_birth=date(1987, 4, 12),
        postcode="LE11 3AB",
        line1="4 Ashby Road",
        phone="07700 900456",
        email="dean.walsh@example.net",
        **sharing,
    )


def test_a_person_stub_names_only_the_kind_the_name_and_the_owner(factories, councils):
    person = secret_person(factories, councils["owner"])
    stubs = policy.hidden_record_stubs(councils["stranger"], RecordKind.PERSON, [person.id])
    stub = stubs[person.id]
    assert (stub.kind, stub.display, stub.organisations, stub.restricted) == (
        RecordKind.PERSON,
        "Dean Walsh",
        ("Charnwood Borough Council",),
        True,
    )
    assert read_request_token(stub.request_token) == (RecordKind.PERSON, person.id)
    everything = repr(asdict(stub))
    for detail in ("1987", "12/04", "Ashby", "LE11", "07700", "900456", "example.net", str(person.id)):
        assert detail not in everything, detail


def test_incident_and_case_stubs_show_reference_and_type_or_title_but_no_narrative(factories, councils):
    incident = factories.incident(by=councils["owner"], narrative="Shouting at 3am outside number 9")
    case = factories.case(by=councils["owner"], title="Noise on Forest Road", incidents=[incident])
    stranger = councils["stranger"]
    incident_stub = policy.hidden_record_stubs(stranger, RecordKind.INCIDENT, [incident.id])[incident.id]
    case_stub = policy.hidden_record_stubs(stranger, RecordKind.CASE, [case.id])[case.id]
    assert incident_stub.display == f"{incident.reference}: Noise"
    assert case_stub.display == f"{case.reference}: Noise on Forest Road"
    assert "Shouting" not in repr(asdict(incident_stub)) and "LE1" not in repr(asdict(incident_stub))


def test_records_the_user_may_see_never_become_stubs(factories, councils):
    person = secret_person(factories, councils["owner"])
    assert policy.hidden_record_stubs(councils["owner"], RecordKind.PERSON, [person.id]) == {}
    assert policy.hidden_record_stubs(councils["stranger"], RecordKind.PERSON, [uuid.uuid4()]) == {}
    assert policy.hidden_record_stubs(councils["stranger"], RecordKind.PERSON, []) == {}


def test_organisations_are_the_owner_then_each_live_grantee_by_name(factories, councils):
    person = secret_person(
        factories,
        councils["owner"],
        scope=SharingScope.PARTNERS,
        organisation_ids=[councils["housing"].id],
        team_ids=[councils["blaby_team"].id],
    )
    stranger = councils["stranger"]
    stub = policy.hidden_record_stubs(stranger, RecordKind.PERSON, [person.id])[person.id]
    assert stub.organisations == ("Charnwood Borough Council", "Blaby District Council", "Housing Association")
    # Revoked and expired grants no longer involve their organisation.
    grants = {grant.organisation_id or grant.team_id: grant for grant in db.session.scalars(select(RecordGrant))}
    grants[councils["housing"].id].revoked_at = utcnow()
    grants[councils["blaby_team"].id].expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    stub = policy.hidden_record_stubs(stranger, RecordKind.PERSON, [person.id])[person.id]
    assert stub.organisations == ("Charnwood Borough Council",)


def test_the_setting_can_hide_even_the_name(app, factories, councils, monkeypatch):
    monkeypatch.setitem(app.config, "STUB_SHOWS_NAME", False)
    person = secret_person(factories, councils["owner"])
    incident = factories.incident(by=councils["owner"])
    case = factories.case(by=councils["owner"], title="Noise on Forest Road")
    stranger = councils["stranger"]
    displays = [
        policy.hidden_record_stubs(stranger, kind, [record.id])[record.id].display
        for kind, record in ((RecordKind.PERSON, person), (RecordKind.INCIDENT, incident), (RecordKind.CASE, case))
    ]
    assert displays == ["Restricted person record", "Restricted incident record", "Restricted case record"]


def test_tokens_cannot_be_made_up_or_altered(app, separate_apps):
    record_id = uuid.uuid4()
    token = request_token(RecordKind.CASE, record_id)
    assert read_request_token(token) == (RecordKind.CASE, record_id)
    assert read_request_token(token[:-2] + ("AA" if not token.endswith("AA") else "BB")) is None
    assert read_request_token("not-a-token") is None
    other = separate_apps("test", SECRET_KEY="a different secret key for another installation")
    with other.app_context():
        assert read_request_token(token) is None


def test_visible_ids_answers_for_a_page_of_ids_at_once(factories, councils):
    mine = secret_person(factories, councils["owner"])
    shared = factories.person(
        by=councils["owner"], scope=SharingScope.PARTNERS, organisation_ids=[councils["melton"].id]
    )
    stranger = councils["stranger"]
    assert policy.visible_ids(stranger, RecordKind.PERSON, [mine.id, shared.id, uuid.uuid4()]) == {shared.id}
    assert policy.visible_ids(councils["owner"], RecordKind.PERSON, [mine.id, shared.id]) == {mine.id, shared.id}
