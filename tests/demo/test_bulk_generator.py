"""`flask seed-demo --incidents N`: generated demo data that the app can read, search and number after.

Expectations are worked out here from the database and the national figures, not from the generator's
own helpers, so a generator that drifts from them fails.
"""

import re
from collections import Counter
from datetime import date

import pytest
from sqlalchemy import func, select

from casemgmt.db import utcnow
from casemgmt.extensions import db
from casemgmt.incidents.case_models import Case, CaseAction, CaseNote
from casemgmt.incidents.models import Incident, IncidentPerson, IncidentType, ReferenceCounter
from casemgmt.incidents.references import next_reference
from casemgmt.people.models import Person

LLR_DISTRICTS = {
    "E06000016", "E06000017", "E07000129", "E07000130", "E07000131",
    "E07000132", "E07000133", "E07000134", "E07000135",
}  # fmt: skip
INCIDENT_REFERENCE = re.compile(r"^ASB-(\d{4})-(\d{6})$")
CASE_REFERENCE = re.compile(r"^CASE-(\d{4})-(\d{5})$")


def seed(app, *args):
    result = app.test_cli_runner().invoke(args=["seed-demo", *args])
    assert result.exit_code == 0, result.output
    return result


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def generated(app):
    """500 incidents and 250 people on top of the demo partnership."""
    return seed(app, "--incidents", "500", "--people", "250", "--seed", "7")


def test_generates_exactly_the_rows_asked_for(generated):
    assert count(Incident) == 500
    assert count(Person) == 250
    assert "Loaded 500 incidents, 250 people" in generated.output


def test_categories_follow_the_national_mix_and_each_type_belongs_to_its_category(generated):
    rows = db.session.execute(
        select(Incident.category, IncidentType.category, IncidentType.code).join(
            IncidentType, Incident.incident_type_id == IncidentType.id
        )
    ).all()
    assert all(incident_category == type_category for incident_category, type_category, _ in rows)
    shares = {category: number / len(rows) for category, number in Counter(str(row[0]) for row in rows).items()}
    # Nationally about 65% nuisance, 25% personal, 10% environmental.
    assert shares["nuisance"] == pytest.approx(0.65, abs=0.08)
    assert shares["personal"] == pytest.approx(0.25, abs=0.07)
    assert shares["environmental"] == pytest.approx(0.10, abs=0.05)
    types = Counter(code for _, _, code in rows).most_common(2)
    assert {code for code, _ in types} == {"rowdy_behaviour", "noise"}


def test_encrypted_values_open_through_the_models_and_the_phone_index_finds_the_person(generated):
    incidents = db.session.scalars(select(Incident)).all()
    assert all(isinstance(incident.narrative, str) and len(incident.narrative) > 20 for incident in incidents)
    people = [person for person in db.session.scalars(select(Person)) if person.phone_ciphertext]
    assert len(people) > 100
    for person in people:
        digits = re.sub(r"\D", "", person.phone)
        assert len(digits) >= 10
        typed_differently = "+44 " + digits[1:] if digits.startswith("0") else digits
        found = db.session.scalars(
            select(Person.id).where(Person.phone_index == Person.phone.lookup_hash(Person, typed_differently))
        ).all()
        assert person.id in found
    emails = [person.email for person in db.session.scalars(select(Person)) if person.email_ciphertext]
    assert emails and all(email.endswith(("@example.com", "@example.org", "@example.net")) for email in emails)
    assert all(case.summary for case in db.session.scalars(select(Case)))
    assert all(note.body for note in db.session.scalars(select(CaseNote)))


def test_references_are_unique_and_the_app_numbers_on_after_them(generated):
    references = db.session.scalars(select(Incident.reference)).all()
    assert len(set(references)) == len(references) == 500
    highest: dict[str, int] = {}
    for reference in references:
        year, number = INCIDENT_REFERENCE.match(reference).groups()
        highest[f"ASB-{year}"] = max(highest.get(f"ASB-{year}", 0), int(number))
    for reference in db.session.scalars(select(Case.reference)):
        year, number = CASE_REFERENCE.match(reference).groups()
        highest[f"CASE-{year}"] = max(highest.get(f"CASE-{year}", 0), int(number))
    counters = dict(db.session.execute(select(ReferenceCounter.series, ReferenceCounter.value)).all())
    assert counters == highest
    this_year = f"ASB-{utcnow().year}"
    assert next_reference("ASB") == f"{this_year}-{highest.get(this_year, 0) + 1:06d}"
    db.session.rollback()


def test_a_second_run_continues_the_numbering(app, generated):
    before_counters = dict(db.session.execute(select(ReferenceCounter.series, ReferenceCounter.value)).all())
    before = set(db.session.scalars(select(Incident.reference)))
    seed(app, "--incidents", "50", "--seed", "7")
    references = db.session.scalars(select(Incident.reference)).all()
    assert len(set(references)) == len(references) == 550
    assert count(Person) == 275
    for reference in set(references) - before:
        year, number = INCIDENT_REFERENCE.match(reference).groups()
        assert int(number) > before_counters.get(f"ASB-{year}", 0)


def test_some_victims_and_places_come_back_again_and_again(generated):
    victim_counts = db.session.execute(
        select(IncidentPerson.person_id, func.count())
        .where(IncidentPerson.role == "victim")
        .group_by(IncidentPerson.person_id)
    ).all()
    counts = sorted((number for _, number in victim_counts), reverse=True)
    assert counts[0] >= 3
    # A minority of victims account for a large share of victimisation: the top tenth for over a quarter.
    assert sum(counts[: len(counts) // 10]) > 0.25 * sum(counts)
    per_address = db.session.execute(
        select(Incident.address_id, func.count()).where(Incident.address_id.isnot(None)).group_by(Incident.address_id)
    ).all()
    assert max(number for _, number in per_address) >= 5


def test_incidents_are_in_llr_districts_with_the_city_busiest(generated):
    districts = Counter(db.session.scalars(select(Incident.district_code)))
    assert set(districts) <= LLR_DISTRICTS
    assert districts.most_common(1)[0][0] == "E06000016"  # Leicester
    assert 0.3 < districts["E06000016"] / 500 < 0.6


def test_demo_officers_see_records_and_action_owners_see_their_cases(app, generated):
    from casemgmt.access import policy
    from casemgmt.access.signin import find_user_by_email

    officer = find_user_by_email("officer@leicester-city.demo")
    assert db.session.scalar(select(func.count()).select_from(policy.visible_incidents(officer).subquery())) > 20
    assert db.session.scalar(select(func.count()).select_from(policy.visible_people(officer).subquery())) > 10
    actions = db.session.scalars(select(CaseAction).where(CaseAction.owner_user_id.isnot(None))).all()
    assert actions
    minimum = app.config["POLICE_VETTING_MIN_LEVEL"]
    for action in actions:
        owner, case = action.owner_user, action.case
        if case.police_originated and not policy.may_see_police_records(owner, date.today(), minimum):
            continue  # no grant can show a police record to someone without the vetting
        assert db.session.scalar(policy.visible_cases(owner).where(Case.id == case.id)) is not None


def test_seed_demo_without_options_adds_nothing_once_there_are_incidents(app, generated):
    counts = [count(model) for model in (Incident, Person, Case)]
    result = seed(app)
    assert "none added" in result.output
    assert [count(model) for model in (Incident, Person, Case)] == counts


def test_seed_demo_without_options_fills_an_empty_system_once(app):
    seed(app)
    counts = [count(model) for model in (Incident, Person)]
    assert counts == [300, 200]
    seed(app)
    assert [count(model) for model in (Incident, Person)] == counts
