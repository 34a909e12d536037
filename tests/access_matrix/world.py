"""A compact partnership for one cell of the access matrix: a viewer, an owner, and one person, incident and
case standing in a given relationship to the viewer, plus the viewer's own records that link to them.

Every text is unique to the world (a random hex tag), so a page can be searched for it without mistaking
another test's data for a leak.
"""

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import update

from casemgmt.access.models import OrganisationKind, Role, User
from casemgmt.access.sharing import RecordGrant, Sharing, SharingScope
from casemgmt.access.tokens import issue_api_token
from casemgmt.db import utcnow
from casemgmt.extensions import db
from casemgmt.incidents.case_models import CaseIncident, CasePerson
from casemgmt.incidents.case_services import CaseInput, open_case
from casemgmt.incidents.models import IncidentPerson, IncidentRole
from casemgmt.incidents.services import PersonLink


@dataclass
class RecordFacts:
    """What the tests know about one record, as plain values (no ORM object outlives the build)."""

    kind: str  # "person", "incident" or "case"
    id: uuid.UUID
    page: str  # its page, e.g. /people/<id>
    api: str  # its API resource
    search_words: str  # what finds it, and only it, in search
    details: list[str]  # texts only someone allowed to see it may read (never in a stub)


@dataclass
class World:
    viewer: User | None
    viewer_email: str | None
    viewer_token: str | None
    records: dict[str, RecordFacts]
    anchor_person_page: str  # the viewer's own person, a victim in the incident under test
    anchor_incident_page: str  # the viewer's own incident, naming the person under test
    tag: str
    extra: dict = field(default_factory=dict)


# Where the viewer sits and who owns the records, for each relationship:
#   viewer_at: "council-asb", "council-licensing" or "housing"
#   owner_at: "council-asb", "other-council" or "police"
#   sharing: the owner's sharing choice ("viewer", "viewer-team", "viewer-organisation" name grantees)
#   grant: what then happens to the grants ("revoked", "expired")
#   vetting: the viewer's NPPV vetting (level, days until expiry)
#   vetting_blocks_access: a police record the viewer's vetting keeps from them, grant or no grant
RELATIONSHIPS = {
    "owner_team": {"viewer_at": "council-asb", "owner_at": "council-asb", "scope": SharingScope.TEAM},
    "same_organisation_team_scope": {
        "viewer_at": "council-licensing",
        "owner_at": "council-asb",
        "scope": SharingScope.TEAM,
    },
    "same_organisation_organisation_scope": {
        "viewer_at": "council-licensing",
        "owner_at": "council-asb",
        "scope": SharingScope.ORGANISATION,
    },
    "shared_with_organisation": {
        "viewer_at": "council-asb",
        "owner_at": "other-council",
        "scope": SharingScope.PARTNERS,
        "sharing": "viewer-organisation",
    },
    "named_user": {
        "viewer_at": "council-asb",
        "owner_at": "other-council",
        "scope": SharingScope.PARTNERS,
        "sharing": "viewer",
    },
    "named_team": {
        "viewer_at": "council-asb",
        "owner_at": "other-council",
        "scope": SharingScope.PARTNERS,
        "sharing": "viewer-team",
    },
    "unshared_other_organisation": {
        "viewer_at": "council-asb",
        "owner_at": "other-council",
        "scope": SharingScope.ORGANISATION,
    },
    "revoked_grant": {
        "viewer_at": "council-asb",
        "owner_at": "other-council",
        "scope": SharingScope.PARTNERS,
        "sharing": "viewer-organisation",
        "grant": "revoked",
    },
    "expired_grant": {
        "viewer_at": "council-asb",
        "owner_at": "other-council",
        "scope": SharingScope.PARTNERS,
        "sharing": "viewer",
        "grant": "expired",
    },
    "police_record_no_vetting": {
        "viewer_at": "housing",
        "owner_at": "police",
        "scope": SharingScope.PARTNERS,
        "sharing": "viewer-organisation",
        "vetting_blocks_access": True,
    },
    "police_record_expired_vetting": {
        "viewer_at": "housing",
        "owner_at": "police",
        "scope": SharingScope.PARTNERS,
        "sharing": "viewer-organisation",
        "vetting_blocks_access": True,
        "vetting": (2, -1),
    },
    "police_record_vetting_below_level": {
        "viewer_at": "housing",
        "owner_at": "police",
        "scope": SharingScope.PARTNERS,
        "sharing": "viewer-organisation",
        "vetting_blocks_access": True,
        "vetting": (1, 365),
    },
    "police_record_current_vetting": {
        "viewer_at": "housing",
        "owner_at": "police",
        "scope": SharingScope.PARTNERS,
        "sharing": "viewer-organisation",
        "vetting": (2, 365),
    },
    "police_record_vetted_but_not_shared": {
        "viewer_at": "housing",
        "owner_at": "police",
        "scope": SharingScope.ORGANISATION,
        "vetting": (3, 365),
    },
    # Not signed in: the records are the council's own, shared with its whole organisation.
    "anonymous": {"viewer_at": "council-asb", "owner_at": "council-asb", "scope": SharingScope.ORGANISATION},
}


def build_world(factories, role: Role, relationship: str) -> World:
    spec = RELATIONSHIPS[relationship]
    tag = uuid.uuid4().hex[:10]
    council = factories.organisation(code=f"council-{tag}", name=f"Council {tag}")
    other_council = factories.organisation(code=f"other-{tag}", name=f"Other Council {tag}")
    police = factories.organisation(code=f"police-{tag}", name=f"Police {tag}", kind=OrganisationKind.POLICE)
    housing = factories.organisation(code=f"housing-{tag}", name=f"Homes {tag}", kind=OrganisationKind.HOUSING)
    teams = {
        "council-asb": factories.team(organisation=council, name="ASB team"),
        "council-licensing": factories.team(organisation=council, name="Licensing team"),
        "other-council": factories.team(organisation=other_council, name="Community safety"),
        "police": factories.team(organisation=police, name="Neighbourhood policing"),
        "housing": factories.team(organisation=housing, name="Tenancy team"),
    }
    level, days = spec.get("vetting", (None, None))
    viewer_team = teams[spec["viewer_at"]]
    viewer = factories.user(
        organisation=viewer_team.organisation,
        teams=[viewer_team],
        role=role,
        email=f"viewer-{tag}@example.org",
        vetting_level=level,
        vetting_expires_on=date.today() + timedelta(days=days) if days is not None else None,
    )
    owner_team = teams[spec["owner_at"]]
    owner = factories.user(organisation=owner_team.organisation, teams=[owner_team], email=f"owner-{tag}@example.org")
    sharing = _sharing(spec, viewer)

    # The viewer's own person, shared with the owner so the owner can name them in the incident under test.
    anchor_person = factories.person(
        by=viewer, forename="Anchor", surname=f"Anchor{tag}", scope=SharingScope.PARTNERS, user_ids=[owner.id]
    )
    person = factories.person(
        by=owner,
        forename="Hidden",
        surname=f"Zed{tag}",
        date_of_birth=date(1911, 11, 11),
        phone=f"07700 9{int(tag[:6], 16) % 100000:05d}",
        email=f"person-{tag}@example.org",
        line1=f"{tag} Person Road",
        postcode="LE1 5WW",
        scope=spec["scope"],
        **sharing,
    )
    incident = factories.incident(
        by=owner,
        narrative=f"Narrative {tag}: shouting at the bus stop",
        line1=f"{tag} Incident Lane",
        people=[(person, IncidentRole.PERPETRATOR), (anchor_person, IncidentRole.VICTIM)],
        scope=spec["scope"],
        **sharing,
    )
    case = open_case(
        owner,
        CaseInput(
            title=f"Case {tag}",
            summary=f"Summary {tag}: repeated shouting",
            incident_ids=[incident.id],
            people=[PersonLink(anchor_person.id, IncidentRole.VICTIM)],
        ),
        Sharing(scope=spec["scope"], **sharing),
    )
    anchor_incident = factories.incident(
        by=viewer, narrative=f"Anchor narrative {tag}", people=[(anchor_person, IncidentRole.VICTIM)]
    )
    viewer_case = open_case(viewer, CaseInput(title=f"The viewer's own {tag}"), Sharing())
    # Named in the viewer's own incident and case (set up directly: the viewer may not be able to see them).
    db.session.add(IncidentPerson(incident_id=anchor_incident.id, person_id=person.id, role=IncidentRole.WITNESS))
    db.session.add(CaseIncident(case_id=viewer_case.id, incident_id=incident.id))
    db.session.add(CasePerson(case_id=viewer_case.id, person_id=person.id, role=IncidentRole.PERPETRATOR))
    db.session.commit()
    _end_grants(spec.get("grant"), [person.id, incident.id, case.id])

    records = {
        "person": RecordFacts(
            "person",
            person.id,
            f"/people/{person.id}",
            f"/api/v1/persons/{person.id}",
            f"Zed{tag}",
            [f"person-{tag}@example.org", f"{tag} Person Road"],
        ),
        "incident": RecordFacts(
            "incident",
            incident.id,
            f"/incidents/{incident.id}",
            f"/api/v1/incidents/{incident.id}",
            incident.reference,
            [f"Narrative {tag}", f"{tag} Incident Lane"],
        ),
        "case": RecordFacts(
            "case",
            case.id,
            f"/cases/{case.id}",
            f"/api/v1/cases/{case.id}",
            case.reference,
            [f"Summary {tag}"],
        ),
    }
    world = World(
        viewer=viewer,
        viewer_email=viewer.email,
        viewer_token=issue_api_token(viewer),
        records=records,
        anchor_person_page=f"/people/{anchor_person.id}",
        anchor_incident_page=f"/incidents/{anchor_incident.id}",
        tag=tag,
        extra={
            "case_title": f"Case {tag}",
            "case_reference": case.reference,
            "incident_reference": incident.reference,
            "person_name": f"Hidden Zed{tag}",
            "owner_organisation": owner_team.organisation.name,
            "viewer_case_page": f"/cases/{viewer_case.id}",
            "vetting_blocks_access": spec.get("vetting_blocks_access", False),
        },
    )
    db.session.expunge_all()
    return world


def _sharing(spec: dict, viewer: User) -> dict:
    grantee = spec.get("sharing")
    if grantee == "viewer":
        return {"user_ids": [viewer.id]}
    if grantee == "viewer-team":
        return {"team_ids": [team.id for team in viewer.teams]}
    if grantee == "viewer-organisation":
        return {"organisation_ids": [viewer.organisation_id]}
    return {}


def _end_grants(how: str | None, record_ids: list[uuid.UUID]) -> None:
    """Revoke the grants, or let them expire (an hour ago), straight in the table."""
    if how is None:
        return
    ended = utcnow() - timedelta(hours=1)
    values = {"revoked_at": ended} if how == "revoked" else {"expires_at": ended}
    changed = db.session.execute(update(RecordGrant).where(RecordGrant.record_id.in_(record_ids)).values(**values))
    assert changed.rowcount == len(record_ids), "each record under test should hold exactly one grant"
    db.session.commit()
