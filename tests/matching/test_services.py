"""The stored model: the shipped default until trained, then the newest version, estimated from every person
in the partnership whoever owns them."""

from datetime import date

import pytest
from sqlalchemy import select

from casemgmt.audit.models import AuditEvent
from casemgmt.extensions import db
from casemgmt.matching import services
from casemgmt.matching.defaults import DEFAULT_MODEL
from casemgmt.matching.models import MatchModelVersion


def officer(factories):
    organisation = factories.organisation()
    return factories.user(organisation=organisation, teams=[factories.team(organisation=organisation)])


def test_the_default_model_scores_until_one_is_trained(app):
    assert services.current_model() is DEFAULT_MODEL


def test_training_needs_enough_people(app):
    result = app.test_cli_runner().invoke(args=["matching", "train"])
    assert result.exit_code != 0
    assert "at least 200 are needed" in result.output


def test_train_stores_a_new_version_from_everyones_people(app, factories, monkeypatch):
    monkeypatch.setattr(services, "FEWEST_PEOPLE_TO_TRAIN", 10)
    first, second = officer(factories), officer(factories)
    names = ["Smith", "Jones", "Patel", "Clarke", "Khan", "Brown", "Begum", "Taylor", "Wilson", "Evans", "Quaye", "Lee"]
    for number, surname in enumerate(names):
        factories.person(
            by=first if number % 2 else second,
            forename="Sam",
            surname=surname,
            date_of_birth=date(1980 + number, 1 + number % 12, 1 + number),
            postcode="LE11 3AB",
            phone=f"0116 496 00{number:02d}",
        )
    factories.person(by=first, forename="Samuel", surname="Smith", date_of_birth=date(1980, 1, 1), postcode="LE11 3AB")

    result = app.test_cli_runner().invoke(args=["matching", "train"])
    assert result.exit_code == 0, result.output
    assert "Stored match model version 1, estimated from 13 people" in result.output
    stored = db.session.scalars(select(MatchModelVersion)).one()
    assert stored.trained_on == 13
    model = services.current_model()
    assert model.version == "1" and model.population == 13
    assert model.name_frequencies["surname"]["smith"] == pytest.approx(2 / 13)
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "match_model_trained")).one()
    assert event.detail == "version 1, estimated from 13 people"

    assert app.test_cli_runner().invoke(args=["matching", "train"]).exit_code == 0
    assert services.current_model().version == "2"


def test_people_are_seen_with_their_address_and_phone_digest(app, factories):
    user = officer(factories)
    person = factories.person(
        by=user, forename="Ann", surname="Lee", date_of_birth=date(1970, 5, 6), postcode="le11 3ab", line1="2 Park Road"
    )
    person.phone = "0116 496 0000"
    db.session.commit()
    fields = services.partnership_people()[0]
    assert (fields.forename, fields.surname, fields.date_of_birth.display()) == ("Ann", "Lee", "06/05/1970")
    assert (fields.address_line, fields.postcode) == ("2 Park Road", "LE11 3AB")
    assert fields.phone and fields.phone != "01164960000"  # the blind index, never the number itself
