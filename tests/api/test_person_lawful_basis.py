"""`POST /api/v1/persons` with `sharing`: a person shared with another organisation needs consent or a basis."""

import pytest
from sqlalchemy import func, select

from casemgmt.access.sharing import RecordGrant
from casemgmt.extensions import db
from casemgmt.people.models import Person
from tests.api.conftest import field_errors

SHARED_WITH_POLICE = {"scope": "partners", "organisations": ["leics-police"]}


def create(api, partnership, consent: str | None = None, **sharing):
    body = {"forename": "Jordan", "surname": "Smith", "sharing": {**SHARED_WITH_POLICE, **sharing}}
    if consent:
        body["consent_to_share"] = consent
    return api.post("/api/v1/persons", token=partnership.officer_token, json=body)


@pytest.mark.parametrize(
    ("consent", "sharing", "stored"),
    [
        (None, {"lawful_basis": "crime_and_disorder_act_s115"}, "Crime and Disorder Act 1998 s.115"),
        ("refused", {"lawful_basis": "data_protection_act_s35"}, "Data Protection Act 2018 s.35 (law enforcement)"),
        (None, {"lawful_basis": "other", "lawful_basis_detail": "Court order"}, "Other: Court order"),
        ("given", {}, "Consent given by the person"),
    ],
)
def test_the_consent_or_basis_is_stored_on_the_grant(api, partnership, consent, sharing, stored):
    response = create(api, partnership, consent, **sharing)
    assert response.status_code == 201, response.get_json()
    grant = db.session.scalar(select(RecordGrant))
    assert (grant.organisation_id, grant.lawful_basis) == (partnership.police.id, stored)


@pytest.mark.parametrize(
    ("consent", "sharing", "expected"),
    [
        (None, {}, {"sharing.lawful_basis": "has not consented"}),
        ("not_asked", {"lawful_basis": "consent"}, {"sharing.lawful_basis": "does not say they consented"}),
        (None, {"lawful_basis": "other"}, {"sharing.lawful_basis_detail": "Describe the lawful basis"}),
        (None, {"lawful_basis": "because"}, {"sharing.lawful_basis": "'crime_and_disorder_act_s115'"}),
        (None, {"lawful_basis": "other", "lawful_basis_detail": "x" * 191}, {"sharing.lawful_basis_detail": "190"}),
    ],
)
def test_a_missing_or_wrong_basis_is_a_400_naming_the_field(api, partnership, consent, sharing, expected):
    errors = field_errors(create(api, partnership, consent, **sharing))
    assert set(errors) == set(expected)
    for field, part in expected.items():
        assert part in errors[field]
    assert db.session.scalar(select(func.count()).select_from(Person)) == 0


def test_sharing_within_the_organisation_needs_no_basis(api, partnership):
    body = {
        "forename": "Jo",
        "surname": "Smith",
        "sharing": {"scope": "partners", "users": [partnership.colleague.email]},
    }
    assert api.post("/api/v1/persons", token=partnership.officer_token, json=body).status_code == 201
    assert db.session.scalar(select(RecordGrant.lawful_basis)) is None
