"""Logging and editing incidents through the services: what is stored, what is refused, what is never lost."""

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from casemgmt.access import policy
from casemgmt.access.sharing import RecordGrant, Sharing, SharingScope
from casemgmt.extensions import db
from casemgmt.incidents.models import Category, Incident, IncidentRole, IncidentVehicle
from casemgmt.incidents.references import next_reference
from casemgmt.incidents.services import (
    IncidentChanges,
    IncidentInput,
    LocationInput,
    NewPersonLink,
    PersonLink,
    create_incident,
    update_incident,
)
from casemgmt.people.models import Address, Person, Vehicle
from casemgmt.people.services import AddressInput, PersonInput, VehicleInput
from casemgmt.service_errors import EditConflict, RecordNotFound, ValidationFailed


@pytest.fixture
def officer(factories):
    council = factories.organisation(code="charnwood")
    return factories.user(organisation=council, teams=[factories.team(organisation=council, name="ASB")])


def incident_input(**changes) -> IncidentInput:
    values = dict(
        occurred_at=datetime(2026, 6, 5, 22, 30, tzinfo=UTC),
        category=Category.NUISANCE,
        type_code="noise",
        narrative="Music from number 4 until 3am",
        location=LocationInput(address=AddressInput(line1="4 Ashby Road", postcode="le11 3ab")),
    )
    values.update(changes)
    return IncidentInput(**values)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_logging_an_incident_with_new_and_existing_people_and_a_vehicle(officer, factories):
    known = factories.person(by=officer, forename="Dean", surname="Walsh")
    data = incident_input(
        people=[PersonLink(known.id, IncidentRole.PERPETRATOR)],
        new_people=[
            NewPersonLink(PersonInput(forename="Mary", surname="Clarke", phone="07700 900456"), IncidentRole.VICTIM)
        ],
        vehicles=[VehicleInput(registration="ab12 cde", make="Ford", colour="Red")],
    )
    incident = create_incident(officer, data, Sharing())
    assert re.fullmatch(r"ASB-\d{4}-000001", incident.reference)
    roles = {(link.person.display_name, link.role) for link in incident.people}
    assert roles == {("Dean Walsh", IncidentRole.PERPETRATOR), ("Mary Clarke", IncidentRole.VICTIM)}
    victim = next(link.person for link in incident.people if link.role == IncidentRole.VICTIM)
    assert victim.phone == "07700 900456"
    assert victim.owner_team_id == incident.owner_team_id == officer.teams[0].id
    assert incident.sharing_scope == SharingScope.TEAM
    vehicle = db.session.scalar(select(Vehicle).join(IncidentVehicle).where(IncidentVehicle.incident_id == incident.id))
    assert (vehicle.registration, vehicle.make, vehicle.colour) == ("AB12CDE", "Ford", "Red")
    assert incident.address.postcode == "LE11 3AB"
    # Offline geocoding: LE11 is a Charnwood postcode district; the point is its centre, so approximate.
    assert incident.district_code == "E07000130"
    assert incident.location_precision.value == "outcode"


def test_an_invalid_incident_names_every_problem_and_writes_nothing(officer, factories):
    stranger = factories.user(organisation=factories.organisation(), teams=[])
    hidden = factories.person(by=officer, forename="Hidden", surname="Person")
    people_before, addresses_before = count(Person), count(Address)
    data = incident_input(
        occurred_at=datetime.now(UTC) + timedelta(days=2),
        type_code="graffiti",  # environmental, not nuisance
        narrative="  ",
        location=LocationInput(latitude=52.7),
        new_people=[NewPersonLink(PersonInput(forename="", surname="Clarke"), IncidentRole.VICTIM)],
        vehicles=[VehicleInput(registration="?")],
    )
    stranger_team = factories.team(organisation=stranger.organisation)
    stranger.teams = [stranger_team]
    db.session.commit()
    data.people = [PersonLink(hidden.id, IncidentRole.VICTIM)]
    with pytest.raises(ValidationFailed) as failure:
        create_incident(stranger, data, Sharing())
    assert set(failure.value.errors) == {
        "occurred_at",
        "type",
        "description",
        "location",
        "people.0.person_id",
        "new_people.0.forename",
        "vehicles.0.registration",
    }
    db.session.rollback()
    assert (count(Person), count(Address)) == (people_before, addresses_before)


def test_incident_located_by_coordinates_is_exact_and_in_its_district(officer):
    incident = create_incident(
        officer, incident_input(location=LocationInput(latitude=52.6369, longitude=-1.1398)), Sharing()
    )
    assert incident.location_precision.value == "exact"
    assert incident.district_code == "E06000016"  # Leicester city centre


def test_partners_scope_creates_one_grant_per_named_partner(officer, factories):
    partner = factories.organisation(code="blaby")
    incident = create_incident(
        officer, incident_input(), Sharing(scope=SharingScope.PARTNERS, organisation_ids=[partner.id])
    )
    grants = db.session.scalars(select(RecordGrant).where(RecordGrant.record_id == incident.id)).all()
    assert [(grant.organisation_id, grant.team_id, grant.user_id) for grant in grants] == [(partner.id, None, None)]


def test_references_count_up_per_year(app):
    first, second = next_reference("ASB"), next_reference("ASB")
    db.session.commit()
    year = datetime.now(UTC).year
    assert (first, second) == (f"ASB-{year}-000001", f"ASB-{year}-000002")
    assert next_reference("CASE") == f"CASE-{year}-00001"


def test_parallel_creators_never_share_a_reference(app):
    def allocate(_):
        with app.app_context():
            reference = next_reference("ASB")
            db.session.commit()
            return reference

    with ThreadPoolExecutor(max_workers=8) as pool:
        references = list(pool.map(allocate, range(40)))
    assert len(set(references)) == 40
    numbers = sorted(int(reference.rsplit("-", 1)[1]) for reference in references)
    assert numbers == list(range(1, 41))


def changes_from(incident, **overrides) -> IncidentChanges:
    values = dict(
        occurred_at=incident.occurred_at,
        type_code=incident.incident_type.code,
        hate_motivated=incident.hate_motivated,
        narrative=incident.narrative,
        status=incident.status,
    )
    values.update(overrides)
    return IncidentChanges(**values)


def test_a_stale_edit_is_refused_with_the_differences_and_nothing_is_overwritten(officer, factories):
    incident = factories.incident(by=officer, narrative="First account")
    read_version = incident.version
    update_incident(officer, incident.id, read_version, changes_from(incident, narrative="Second account"))
    with pytest.raises(EditConflict) as conflict:
        update_incident(
            officer, incident.id, read_version, changes_from(incident, narrative="Third account", hate_motivated=True)
        )
    changed = {change.label: (change.saved_value, change.your_value) for change in conflict.value.changes}
    assert changed == {"Description": ("Second account", "Third account"), "Hate-motivated": ("No", "Yes")}
    db.session.expire_all()
    stored = db.session.scalar(policy.visible_incidents(officer).where(Incident.id == incident.id))
    assert (stored.narrative, stored.hate_motivated, stored.version) == ("Second account", False, read_version + 1)


def test_editing_a_hidden_incident_is_not_found(officer, factories):
    incident = factories.incident(by=officer)
    outsider = factories.user(organisation=factories.organisation(), teams=[])
    with pytest.raises(RecordNotFound):
        update_incident(outsider, incident.id, incident.version, changes_from(incident))


def test_a_closed_case_takes_notes_but_no_other_changes(officer, factories):
    from casemgmt.incidents.case_models import CaseOutcome
    from casemgmt.incidents.case_services import ActionInput, add_action, add_note, close_case

    case = factories.case(by=officer)
    close_case(officer, case.id, case.version, CaseOutcome.RESOLVED, "")
    with pytest.raises(ValidationFailed) as failure:
        add_action(officer, case.id, ActionInput("Visit again", officer.organisation_id, datetime.now(UTC).date()))
    assert failure.value.errors == {"case": "This case is closed. Reopen it to change it."}
    add_note(officer, case.id, "Victim phoned to say thank you")


def test_a_save_that_loses_the_race_after_the_version_check_is_a_conflict_too(officer, factories):
    from sqlalchemy import update

    from casemgmt.editing import commit_edit
    from casemgmt.incidents.services import describe_incident

    incident = factories.incident(by=officer, narrative="First account")
    incident.narrative = "Mine"
    yours = describe_incident(incident)
    # Another editor's save lands between this editor's version check and commit.
    with db.engine.begin() as connection:
        connection.execute(
            update(Incident.__table__).where(Incident.id == incident.id).values(version=Incident.version + 1)
        )
    with pytest.raises(EditConflict) as conflict:
        commit_edit(incident, describe_incident, yours)
    assert [(c.label, c.saved_value, c.your_value) for c in conflict.value.changes] == [
        ("Description", "First account", "Mine")
    ]
    db.session.expire_all()
    stored = db.session.scalar(policy.visible_incidents(officer).where(Incident.id == incident.id))
    assert (stored.narrative, stored.version) == ("First account", 2)
