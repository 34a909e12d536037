"""The blocking keys in the database: kept in step with every create and edit, filed alike by the bulk load and
`matching rebuild-keys`, and read back by the live lookup's source exactly as the in-memory index reads them."""

import dataclasses
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import delete, func, select

from casemgmt.access.sharing import Sharing, SharingScope
from casemgmt.extensions import db
from casemgmt.incidents.models import Category, IncidentRole
from casemgmt.incidents.services import IncidentInput, LocationInput, NewPersonLink, create_incident
from casemgmt.matching import candidates as candidates_module
from casemgmt.matching import key_index
from casemgmt.matching.candidates import InMemoryPeopleIndex, blocking_keys, find_candidates
from casemgmt.matching.defaults import DEFAULT_MODEL
from casemgmt.matching.key_index import PartnershipPeopleSource
from casemgmt.matching.lookup import typed_person
from casemgmt.matching.merges import unmerge_people
from casemgmt.matching.models import PersonMatchKey
from casemgmt.matching.services import person_to_fields
from casemgmt.matching.synthetic import PeopleGenerator, generate_people
from casemgmt.people.models import Person
from casemgmt.people.services import AddressInput, PersonInput, create_person, update_person
from tests.matching.merging import merge

# Keys worked out by hand for John Smith, born 2 March 1990, of 12 Ashby Road, Loughborough LE11 3AB: Double
# Metaphone gives JN for John and SM0 for Smith; the date of birth key puts the smaller of day and month first.
JOHN_SMITHS_KEYS = {
    "names:JN|SM0",
    "name_and_other_initial:SM0|j",
    "name_and_other_initial:JN|s",
    "name_and_birth_year:SM0|1990",
    "name_and_birth_year:JN|1990",
    "name_and_town:SM0|loughborough",
    "name_and_town:JN|loughborough",
    "name_and_house_number:SM0|12",
    "name_and_house_number:JN|12",
    "forename_and_birth_date:JN|1990-3-2",
    "birth_date:1990-2-3",
    "postcode_and_initial:LE11 3AB|j",
    "postcode_and_initial:LE11 3AB|s",
    "address_and_town:12 ashby road|loughborough",
}


def john_smith(**changes) -> PersonInput:
    details = {
        "forename": "John",
        "surname": "Smith",
        "date_of_birth": date(1990, 3, 2),
        "address": AddressInput(line1="12 Ashby Rd", town="Loughborough", postcode="le113ab"),
    }
    return PersonInput(**{**details, **changes})


def keys_of(person_id) -> set[str]:
    return set(db.session.scalars(select(PersonMatchKey.key).where(PersonMatchKey.person_id == person_id)))


def test_a_new_person_is_filed_under_their_keys(partnership):
    person = create_person(partnership.officer, john_smith(), Sharing())
    assert keys_of(person.id) == JOHN_SMITHS_KEYS


def test_an_edit_files_the_person_under_their_new_keys_only(partnership):
    person = create_person(partnership.officer, john_smith(), Sharing())
    other = create_person(partnership.officer, john_smith(forename="Mary", date_of_birth=None), Sharing())
    others_keys = keys_of(other.id)

    moved = AddressInput(line1="3 Forest Road", town="Loughborough", postcode="LE11 3NP")
    update_person(partnership.officer, person.id, 1, john_smith(surname="Smyth", address=moved))

    keys = keys_of(person.id)
    assert "names:JN|SM0" in keys  # Smyth sounds like Smith
    assert "postcode_and_initial:LE11 3NP|s" in keys and "address_and_town:3 forest road|loughborough" in keys
    assert "postcode_and_initial:LE11 3AB|s" not in keys and "name_and_house_number:SM0|12" not in keys
    assert keys == set(blocking_keys(person_to_fields(db.session.get(Person, person.id))))
    assert keys_of(other.id) == others_keys


def test_a_new_person_on_an_incident_is_filed(partnership):
    incident = create_incident(
        partnership.officer,
        IncidentInput(
            occurred_at=datetime.now(UTC) - timedelta(hours=2),
            category=Category.NUISANCE,
            type_code="noise",
            narrative="Shouting in the street",
            location=LocationInput(address=AddressInput(postcode="LE11 3AB")),
            new_people=[NewPersonLink(john_smith(), IncidentRole.WITNESS)],
        ),
        Sharing(),
    )
    (link,) = incident.people
    assert keys_of(link.person_id) == JOHN_SMITHS_KEYS


def _stored(officer, people) -> list[Person]:
    """Generated people recorded through the service (dates of birth that are not real dates left out)."""
    stored = []
    for person in people:
        birth = person.date_of_birth
        try:
            born = date(birth.year, birth.month, birth.day) if birth.is_complete else None
        except ValueError:
            born = None
        address = AddressInput(line1=person.address_line, town=person.town, postcode=person.postcode)
        data = PersonInput(
            forename=person.forename,
            surname=person.surname,
            date_of_birth=born,
            phone=person.phone or None,
            email=person.email or None,
            address=address,
        )
        stored.append(create_person(officer, data, Sharing(scope=SharingScope.ORGANISATION), commit=False))
    db.session.commit()
    return stored


def scored(found) -> list[tuple[str, float]]:
    return sorted((candidate.person_id, round(candidate.match_probability, 9)) for candidate in found)


def test_the_database_source_finds_what_the_in_memory_index_finds(partnership):
    people, _ = generate_people(80, seed=11, duplicate_share=0.25)
    stored = _stored(partnership.officer, people)
    in_memory = InMemoryPeopleIndex([person_to_fields(person) for person in stored])
    generator = PeopleGenerator(seed=4)
    typed = []
    for original in people[:40]:  # each as typed again with a difference or two, phone and email as digests
        again = dataclasses.asdict(generator.recorded_again(0, original))
        again.pop("id")
        born = again.pop("date_of_birth")
        born_text = f"{born['year']:04d}-{born['month']:02d}-{born['day']:02d}" if None not in born.values() else ""
        typed.append(typed_person(**{**again, "date_of_birth": born_text}))
    found_any = 0
    for person in typed:
        expected = scored(find_candidates(person, in_memory, DEFAULT_MODEL))
        found = scored(find_candidates(person, PartnershipPeopleSource(), DEFAULT_MODEL))
        assert found == expected
        found_any += bool(found)
    assert found_any >= 30  # the comparison is about something
    assert PartnershipPeopleSource().population() == in_memory.population() == 80


def test_a_key_shared_by_too_many_people_is_skipped_like_the_in_memory_index_skips_it(partnership, monkeypatch):
    monkeypatch.setattr(key_index, "LARGEST_BLOCK", 3)
    monkeypatch.setattr(candidates_module, "LARGEST_BLOCK", 3)
    for number in range(3):
        create_person(partnership.officer, john_smith(forename=f"Person{number}", phone="07700 900111"), Sharing())
    (phone_key,) = {key for key in db.session.scalars(select(PersonMatchKey.key)) if key.startswith("phone:")}
    assert len(PartnershipPeopleSource().people_with_keys([phone_key])) == 3
    create_person(partnership.officer, john_smith(forename="Person4", phone="07700900111"), Sharing())
    assert PartnershipPeopleSource().people_with_keys([phone_key]) == []
    assert (
        InMemoryPeopleIndex([person_to_fields(p) for p in db.session.scalars(select(Person))]).people_with_keys(
            [phone_key]
        )
        == []
    )


def test_rebuild_keys_files_everyone_again(app, partnership):
    first = create_person(partnership.officer, john_smith(), Sharing())
    second = create_person(partnership.officer, john_smith(forename="Jane", phone="07700 900222"), Sharing())
    before = {person.id: keys_of(person.id) for person in (first, second)}
    db.session.execute(delete(PersonMatchKey))
    db.session.execute(PersonMatchKey.__table__.insert(), [{"key": "stale:key", "person_id": first.id}])
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["matching", "rebuild-keys"])

    assert result.exit_code == 0, result.output
    assert "Filed 2 people" in result.output
    db.session.expire_all()
    assert {person.id: keys_of(person.id) for person in (first, second)} == before
    assert db.session.scalar(select(func.count()).select_from(PersonMatchKey)) == sum(map(len, before.values()))


def test_the_bulk_load_files_people_as_the_app_files_them(app):
    result = app.test_cli_runner().invoke(args=["seed-demo", "--incidents", "0", "--people", "60"])
    assert result.exit_code == 0, result.output
    stored = db.session.scalars(select(Person)).all()
    assert len(stored) == 60
    for person in stored:
        assert keys_of(person.id) == set(blocking_keys(person_to_fields(person))), person.display_name


def test_a_merge_files_the_record_kept_under_its_new_keys_and_an_undo_puts_the_keys_back(partnership):

    officer = partnership.officer
    kept = create_person(officer, john_smith(address=None), Sharing())
    gone = create_person(officer, john_smith(forename="Jon"), Sharing())
    kept_before, gone_before = keys_of(kept.id), keys_of(gone.id)
    # Without an address John is filed under his names and date of birth only.
    assert kept_before == {
        key for key in JOHN_SMITHS_KEYS if not key.startswith(("postcode", "address", "name_and_t", "name_and_h"))
    }

    record = merge(officer, kept, gone)

    # John had no address, so Jon's current one is now his: he is filed under it, and Jon is filed under nothing.
    assert keys_of(kept.id) == JOHN_SMITHS_KEYS
    assert keys_of(gone.id) == set()

    unmerge_people(officer, kept.id, record.id, db.session.get(Person, kept.id).version, "Two people after all")
    assert keys_of(kept.id) == kept_before
    assert keys_of(gone.id) == gone_before
