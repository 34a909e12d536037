"""The canary sweep's partnership: records whose every text field holds a unique marker, and the personas.

Two sets of protected records, each a person, two incidents and two cases (one closed) with everything that
can hold personal data: one set owned by a council team (shared with that team only), one by the police
(shared with a housing provider, whose user has no vetting). Around them: an access request with a reason
for each set (the police one from another council's vetted officer: asking cannot help the unvetted), a
notification, an audit event with a reason, and "bridge" records that the other personas may see and that name
the canary records (a shared case a canary person was added to, incidents naming them).

Markers are grouped by who may read them; `ALLOWED` in the test says which persona may read which group.
"""

import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta

from casemgmt.access.models import OrganisationKind, Role, User
from casemgmt.access.sharing import RecordKind, Sharing, SharingScope
from casemgmt.access.stubs import request_token
from casemgmt.access.tokens import issue_api_token
from casemgmt.access_requests.services import refuse_access_request, request_access
from casemgmt.audit.services import record_event
from casemgmt.extensions import db
from casemgmt.incidents import case_services
from casemgmt.incidents.case_models import CaseIncident, CaseOutcome, CasePerson
from casemgmt.incidents.case_services import ActionInput, CaseInput
from casemgmt.incidents.models import Category, IncidentPerson, IncidentRole, IncidentStatus
from casemgmt.incidents.services import (
    IncidentChanges,
    IncidentInput,
    LocationInput,
    PersonLink,
    create_incident,
    update_incident,
)
from casemgmt.matching.merges import merge_people
from casemgmt.matching.models import PersonMatchCandidate
from casemgmt.notifications.services import notify
from casemgmt.people.models import ConsentToShare, Vulnerability
from casemgmt.people.services import AddressInput, PersonInput, VehicleInput, create_person, update_person


@dataclass
class Marker:
    group: str  # who may read it: see ALLOWED in the test
    name: str  # the field it was put in
    forms: tuple[str, ...]  # how it may appear (all compared in lower case; `digits` ones with spaces removed)
    digits: bool = False
    shown_on: str | None = None  # the page of the allowed persona that must show it (proving the sweep can fail)


@dataclass
class Persona:
    name: str
    email: str | None
    token: str | None


@dataclass
class CanaryWorld:
    markers: list[Marker]
    personas: list[Persona]
    ids: dict[str, list[uuid.UUID]]  # URL variable name -> ids to put in it
    tokens: list[str]  # request tokens naming the canary records
    kind_ids: dict[str, list[uuid.UUID]]  # record kind -> ids (for routes whose kind is a default)
    record_queries: list[dict[str, str]]  # query strings naming records, tried on every endpoint
    search_queries: list[dict[str, str]]  # searches, tried on list and search pages
    pages: dict[str, str] = field(default_factory=dict)  # "council person" -> /people/<id>, ...


class MarkerMaker:
    def __init__(self):
        self.markers: list[Marker] = []

    def text(self, group: str, name: str, shown_on: str | None = None) -> str:
        value = f"Canary{name.replace('_', '').replace(' ', '')}{uuid.uuid4().hex[:8]}"
        self.markers.append(Marker(group, name, (value.lower(),), shown_on=shown_on))
        return value

    def add(self, group: str, name: str, *forms: str, digits: bool = False, shown_on: str | None = None) -> None:
        self.markers.append(Marker(group, name, tuple(form.lower() for form in forms), digits, shown_on))


def _user(factories, organisation, team, role=Role.OFFICER, **extra) -> User:
    return factories.user(
        organisation=organisation, teams=[team], role=role, email=f"{uuid.uuid4().hex[:8]}@example.org", **extra
    )


def build_canary_world(factories) -> CanaryWorld:
    council = factories.organisation(code="canary-council", name="Canary Council")
    other = factories.organisation(code="other-council", name="Other Council")
    police = factories.organisation(code="canary-police", name="Canary Police", kind=OrganisationKind.POLICE)
    housing = factories.organisation(code="canary-homes", name="Canary Homes", kind=OrganisationKind.HOUSING)
    partnership = factories.organisation(code="partnership", name="The Partnership")
    asb = factories.team(organisation=council, name="ASB team")
    licensing = factories.team(organisation=council, name="Licensing team")
    users = {
        "council owner": _user(factories, council, asb),
        "police owner": _user(factories, police, factories.team(organisation=police, name="Neighbourhood team")),
        "council other team": _user(factories, council, licensing),
        "council supervisor other team": _user(factories, council, licensing, Role.SUPERVISOR),
        # Vetted, so the police record (not shared with them) is a stub they may ask for.
        "other council": _user(
            factories,
            other,
            factories.team(organisation=other, name="Community safety"),
            vetting_level=2,
            vetting_expires_on=date.today() + timedelta(days=365),
        ),
        "housing without vetting": _user(factories, housing, factories.team(organisation=housing, name="Tenancy")),
        "partnership admin": _user(
            factories, partnership, factories.team(organisation=partnership, name="Admins"), Role.PARTNERSHIP_ADMIN
        ),
    }
    maker = MarkerMaker()
    council_records = _protected_records(maker, "council", users["council owner"], Sharing(SharingScope.TEAM))
    police_records = _protected_records(
        maker,
        "police",
        users["police owner"],
        Sharing(SharingScope.PARTNERS, organisation_ids=[housing.id], lawful_basis="crime_and_disorder_act_s115"),
        date_of_birth=date(1912, 12, 12),
    )
    bridges = _bridges(users, council_records, police_records, other, housing)
    requests = _access_requests(maker, users, council_records, police_records)
    merges = _merges(maker, users["council owner"], council_records["person"])
    pairs = _possible_duplicates(council_records["person"], [police_records["person"], merges["second"]])
    notification = notify(
        users["council owner"],
        maker.text("council notification", "notification subject", "notifications"),
        maker.text("council notification", "notification body", "notifications"),
    )
    record_event(
        "viewed",
        actor=users["council owner"],
        object_type="person",
        object_id=council_records["person"].id,
        reason=maker.text("council audit", "audit reason", "council person history"),
    )
    db.session.commit()
    personas = [Persona(name, user.email, issue_api_token(user)) for name, user in users.items()] + [
        Persona("anonymous", None, None)
    ]
    world = _ids(council_records, police_records, bridges, requests, notification, users, [council, other])
    world.ids["person_id"].append(merges["merged"].id)  # its page leads on to the council person, for the owners
    world.ids["other_id"] = [merges["second"].id, merges["merged"].id, police_records["person"].id]
    world.ids["merge_id"] = [merges["merge"].id]
    world.ids["pair_id"] = [pair.id for pair in pairs]
    world.markers, world.personas = maker.markers, personas
    db.session.expunge_all()
    return world


def _protected_records(maker: MarkerMaker, owner: str, actor: User, sharing: Sharing, **extra) -> dict:
    group = f"{owner} record"
    person_page, incident_page, case_page = f"{owner} person", f"{owner} incident", f"{owner} case"
    born = extra.get("date_of_birth", date(1911, 11, 11))
    maker.add(group, "date of birth", f"{born:%-d %B %Y}", born.isoformat(), f"{born:%d/%m/%Y}", shown_on=person_page)
    phone = f"07911 {uuid.uuid4().int % 1000000:06d}"
    maker.add(group, "phone", phone.replace(" ", ""), digits=True, shown_on=person_page)
    details = PersonInput(
        forename=maker.text(group, "forename", person_page),
        surname=maker.text(group, "surname", person_page),
        date_of_birth=born,
        phone=phone,
        email=maker.text(group, "email", person_page) + "@example.org",
        address=AddressInput(
            line1=maker.text(group, "address line 1", person_page),
            line2=maker.text(group, "address line 2", person_page),
            town=maker.text(group, "town", person_page),
            postcode="LE1 5WW",
        ),
        vulnerabilities=[Vulnerability.MENTAL_HEALTH],
        consent_to_share=ConsentToShare.GIVEN,
        aliases=[(maker.text(group, "alias forename", person_page), maker.text(group, "alias surname", person_page))],
    )
    first_email = maker.text(group, "first email") + "@example.org"
    person = create_person(actor, replace(details, email=first_email), sharing)
    person = update_person(actor, person.id, person.version, details)  # an edit, so its audit is swept too
    registration = f"CY{uuid.uuid4().int % 90 + 10}{''.join(chr(65 + int(c, 16) % 26) for c in uuid.uuid4().hex[:3])}"
    maker.add(group, "registration", registration, digits=True, shown_on=incident_page)
    incident = create_incident(
        actor,
        IncidentInput(
            occurred_at=datetime.now(UTC) - timedelta(hours=3),
            category=Category.NUISANCE,
            type_code="noise",
            narrative=maker.text(group, "first narrative"),
            location=LocationInput(
                address=AddressInput(line1=maker.text(group, "incident address", incident_page), postcode="LE1 5WW"),
                description=maker.text(group, "location description", incident_page),
            ),
            people=[PersonLink(person.id, IncidentRole.VICTIM)],
            vehicles=[
                VehicleInput(
                    registration=registration,
                    make=maker.text(group, "vehicle make", incident_page),
                    model=maker.text(group, "vehicle model", incident_page),
                    colour=maker.text(group, "vehicle colour", incident_page),
                )
            ],
        ),
        sharing,
    )
    incident = update_incident(
        actor,
        incident.id,
        incident.version,
        IncidentChanges(
            occurred_at=incident.occurred_at,
            type_code="noise",
            hate_motivated=False,
            narrative=maker.text(group, "narrative", incident_page),
            status=IncidentStatus.OPEN,
        ),
    )
    case = case_services.open_case(
        actor,
        CaseInput(
            title=maker.text(group, "case title", case_page),
            summary=maker.text(group, "case summary", case_page),
            incident_ids=[incident.id],
            people=[PersonLink(person.id, IncidentRole.VICTIM)],
        ),
        sharing,
    )
    case_services.add_note(actor, case.id, maker.text(group, "case note", case_page))
    case_services.add_action(
        actor,
        case.id,
        ActionInput(
            description=maker.text(group, "action", case_page),
            owner_organisation_id=actor.organisation_id,
            due_on=date.today() + timedelta(days=7),
        ),
    )
    closed = case_services.open_case(
        actor, CaseInput(title=maker.text(group, "closed case title", f"{owner} closed case")), sharing
    )
    case_services.close_case(
        actor,
        closed.id,
        closed.version,
        CaseOutcome.RESOLVED,
        maker.text(group, "closing note", f"{owner} closed case"),
    )
    # References are what a stub shows of an incident or case, unless names are hidden (as in the sweep).
    for name, record, page in (
        ("incident reference", incident, incident_page),
        ("case reference", case, case_page),
        ("closed case reference", closed, f"{owner} closed case"),
    ):
        maker.add(f"{owner} reference", name, record.reference, shown_on=page)
    return {"person": person, "incident": incident, "case": case, "closed case": closed, "actor": actor}


def _bridges(users: dict, council_records: dict, police_records: dict, other, housing) -> dict:
    """Records the other personas may see that name canary records they may not: a case shared with the other
    council and the housing provider that the council person was added to (its timeline says so), an incident
    shared likewise naming the council person, and the housing provider's own incident and case naming the
    police person and incident (linked straight in the tables: no housing user could pick them)."""
    owner = users["council owner"]
    shared = Sharing(SharingScope.PARTNERS, organisation_ids=[other.id, housing.id])
    case = case_services.open_case(owner, CaseInput(title="Shared case about the park"), shared)
    case_services.add_incident_to_case(owner, case.id, council_records["incident"].id)
    case_services.add_person_to_case(owner, case.id, PersonLink(council_records["person"].id, IncidentRole.VICTIM))
    incident = _plain_incident(
        owner, "The park", shared, people=[PersonLink(council_records["person"].id, IncidentRole.WITNESS)]
    )
    tenant = users["housing without vetting"]
    housing_incident = _plain_incident(tenant, "The flats", Sharing(SharingScope.ORGANISATION))
    housing_case = case_services.open_case(tenant, CaseInput(title="Housing case"), Sharing(SharingScope.ORGANISATION))
    police_person, police_incident = police_records["person"], police_records["incident"]
    db.session.add(
        IncidentPerson(incident_id=housing_incident.id, person_id=police_person.id, role=IncidentRole.WITNESS)
    )
    db.session.add(CaseIncident(case_id=housing_case.id, incident_id=police_incident.id))
    db.session.add(CasePerson(case_id=housing_case.id, person_id=police_person.id, role=IncidentRole.VICTIM))
    db.session.commit()
    return {"case": [case, housing_case], "incident": [incident, housing_incident]}


def _merges(maker: MarkerMaker, owner: User, person) -> dict:
    """A marker-free record merged into the council person (the merge's reason goes in its history), and a
    second marker-free council record the owner could merge with it."""
    team_only = Sharing(SharingScope.TEAM)
    merged = create_person(owner, PersonInput(forename="Merged", surname="Duplicate"), team_only)
    second = create_person(owner, PersonInput(forename="Second", surname="Record"), team_only)
    versions = {person.id: person.version, merged.id: merged.version}
    reason = maker.text("council audit", "merge reason", "council person history")
    merge = merge_people(owner, person.id, merged.id, versions, reason)
    return {"merged": merged, "second": second, "merge": merge}


def _possible_duplicates(person, others: list) -> list[PersonMatchCandidate]:
    """Possible duplicates kept for triage (as an API create keeps them): the council person with the police
    person (no one may see both) and with the second council record (the council owner may review that pair)."""
    pairs = [
        PersonMatchCandidate(
            person_id=person.id, candidate_person_id=other.id, probability=0.9, band="Possibly the same person",
            model_version="default",
        )
        for other in others
    ]  # fmt: skip
    db.session.add_all(pairs)
    db.session.commit()
    return pairs


def _plain_incident(actor: User, place: str, sharing: Sharing, people: list[PersonLink] | None = None):
    """A marker-free incident (a bridge: its own words may be read by those it is shared with)."""
    data = IncidentInput(
        occurred_at=datetime.now(UTC) - timedelta(hours=1),
        category=Category.NUISANCE,
        type_code="noise",
        narrative=f"Music late at night: {place}",
        location=LocationInput(description=place),
        people=people or [],
    )
    return create_incident(actor, data, sharing)


def _access_requests(maker: MarkerMaker, users: dict, council_records: dict, police_records: dict) -> list:
    """The other council asks to see the council person and the police person (its officer is vetted);
    the council's other team asks to see the council incident and is refused, with a reason."""
    requests = [
        request_access(
            users["other council"],
            RecordKind.PERSON,
            council_records["person"].id,
            maker.text("council request", "access request reason", "council owner access request"),
            date.today() + timedelta(days=30),
        ),
        request_access(
            users["other council"],
            RecordKind.PERSON,
            police_records["person"].id,
            maker.text("police request", "access request reason", "police owner access request"),
            None,
        ),
        request_access(
            users["council other team"],
            RecordKind.INCIDENT,
            council_records["incident"].id,
            maker.text("council refused request", "refused request reason", "council refused access request"),
            None,
        ),
    ]
    refusal = maker.text("council refused request", "refusal reason", "council refused access request")
    refuse_access_request(users["council owner"], requests[-1].id, refusal)
    return requests


def _ids(council_records, police_records, bridges, requests, notification, users, organisations) -> CanaryWorld:
    sets = (council_records, police_records)
    kind_ids = {
        "person": [records["person"].id for records in sets],
        "incident": [records["incident"].id for records in sets] + [item.id for item in bridges["incident"]],
        "case": [records[key].id for records in sets for key in ("case", "closed case")]
        + [item.id for item in bridges["case"]],
    }
    actions = [action.id for records in sets for action in records["case"].actions]
    ids = {
        "person_id": kind_ids["person"],
        "incident_id": kind_ids["incident"],
        "case_id": kind_ids["case"],
        "action_id": actions,
        "access_request_id": [item.id for item in requests],
        "notification_id": [notification.id],
        "user_id": [users["council owner"].id, users["police owner"].id],
        "organisation_id": [organisation.id for organisation in organisations],
    }
    tokens = [
        request_token(RecordKind(kind), record_id)
        for kind in ("person", "incident", "case")
        for record_id in kind_ids[kind][:2]
    ]
    search_queries = [
        {"q": council_records["person"].surname},
        {"q": police_records["person"].surname},
        {"q": council_records["person"].email},
        {"q": council_records["person"].phone},
        {"q": council_records["incident"].vehicles[0].vehicle.registration},
        {"q": council_records["incident"].reference},
        {"q": police_records["incident"].reference},
        {"q": council_records["case"].reference},
        {"q": police_records["case"].reference},
        {"q": "LE1 5WW"},
    ]
    record_queries = [
        {
            "view": "all",
            "status": "any",
            "person_id": str(records["person"].id),
            "incident_id": str(records["incident"].id),
            "case_id": str(records["case"].id),
            "record_id": str(records["person"].id),
            "object_id": str(records["person"].id),
        }
        for records in sets
    ]
    # As someone adding a person types them, for anything that looks for likely duplicates.
    person = council_records["person"]
    record_queries.append(
        {"forename": person.forename, "surname": person.surname, "date_of_birth": person.date_of_birth.isoformat()}
    )
    pages = {}
    for owner, records in (("council", council_records), ("police", police_records)):
        pages[f"{owner} person"] = f"/people/{records['person'].id}"
        pages[f"{owner} incident"] = f"/incidents/{records['incident'].id}"
        pages[f"{owner} case"] = f"/cases/{records['case'].id}"
        pages[f"{owner} closed case"] = f"/cases/{records['closed case'].id}"
    pages["council person history"] = f"/people/{council_records['person'].id}/history"
    pages["council owner access request"] = f"/access-requests/{requests[0].id}"
    pages["police owner access request"] = f"/access-requests/{requests[1].id}"
    pages["council refused access request"] = f"/access-requests/{requests[2].id}"
    pages["notifications"] = "/notifications"
    return CanaryWorld([], [], ids, tokens, kind_ids, record_queries, search_queries, pages)
