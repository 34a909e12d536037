"""The demo partnership: Leicester, Leicestershire and Rutland's agencies, teams and demo users."""

from sqlalchemy import select

from casemgmt.access.models import Organisation, OrganisationKind, Role, Team
from casemgmt.access.services import UserDetails, create_organisation, create_team, create_user
from casemgmt.access.signin import find_user_by_email
from casemgmt.extensions import db

# A documented password for the local demo only; production accounts are created by administrators.
DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - documented demo password
ASB_TEAM = "Anti-social behaviour team"

# (code, name, kind, ONS district code)
ORGANISATIONS = [
    ("leics-police", "Leicestershire Police", OrganisationKind.POLICE, None),
    ("leics-cc", "Leicestershire County Council", OrganisationKind.LOCAL_AUTHORITY, "E10000018"),
    ("leicester-city", "Leicester City Council", OrganisationKind.LOCAL_AUTHORITY, "E06000016"),
    ("rutland", "Rutland County Council", OrganisationKind.LOCAL_AUTHORITY, "E06000017"),
    ("blaby", "Blaby District Council", OrganisationKind.LOCAL_AUTHORITY, "E07000129"),
    ("charnwood", "Charnwood Borough Council", OrganisationKind.LOCAL_AUTHORITY, "E07000130"),
    ("harborough", "Harborough District Council", OrganisationKind.LOCAL_AUTHORITY, "E07000131"),
    ("hinckley-bosworth", "Hinckley and Bosworth Borough Council", OrganisationKind.LOCAL_AUTHORITY, "E07000132"),
    ("melton", "Melton Borough Council", OrganisationKind.LOCAL_AUTHORITY, "E07000133"),
    ("nw-leics", "North West Leicestershire District Council", OrganisationKind.LOCAL_AUTHORITY, "E07000134"),
    ("oadby-wigston", "Oadby and Wigston Borough Council", OrganisationKind.LOCAL_AUTHORITY, "E07000135"),
    # An invited agency, so the demo shows a partner with no police vetting.
    ("demo-housing", "Demo Housing Association", OrganisationKind.HOUSING, None),
]

# Extra teams beyond each organisation's ASB team.
EXTRA_TEAMS = [
    ("leics-police", "Neighbourhood policing team"),
    ("leics-cc", "Community safety partnership team"),
]

# (email, full name, organisation code, role, NPPV level or None)
USERS = [
    ("admin@leics-cc.demo", "Priya Shah", "leics-cc", Role.PARTNERSHIP_ADMIN, 2),
    ("analyst@leics-cc.demo", "Tom Whitaker", "leics-cc", Role.ANALYST, 2),
    ("officer@leicester-city.demo", "Aisha Patel", "leicester-city", Role.OFFICER, 2),
    ("supervisor@leicester-city.demo", "Gareth Jones", "leicester-city", Role.SUPERVISOR, 2),
    ("orgadmin@leicester-city.demo", "Helen Morris", "leicester-city", Role.ORG_ADMIN, 2),
    ("officer@charnwood.demo", "Daniel Kowalski", "charnwood", Role.OFFICER, 1),
    ("officer@blaby.demo", "Sarah Bennett", "blaby", Role.OFFICER, 2),
    ("pc@leics-police.demo", "PC James Carter", "leics-police", Role.OFFICER, None),
    ("sergeant@leics-police.demo", "Sgt Lucy Evans", "leics-police", Role.SUPERVISOR, None),
    ("officer@demo-housing.demo", "Mark Robinson", "demo-housing", Role.OFFICER, None),
]


def seed_partnership() -> list[tuple[str, str, str]]:
    """Create whatever of the demo partnership is missing; returns (email, role, organisation) of demo users.

    Running it again changes nothing: existing organisations, teams and users are left as they are.
    """
    from datetime import date

    from casemgmt.access.services import record_vetting

    organisations = {}
    for code, name, kind, district in ORGANISATIONS:
        organisation = db.session.scalar(select(Organisation).where(Organisation.code == code))
        organisations[code] = organisation or create_organisation(None, code, name, kind, district)
    for code in organisations:
        _ensure_team(organisations[code], ASB_TEAM)
    for code, team_name in EXTRA_TEAMS:
        _ensure_team(organisations[code], team_name)

    for email, full_name, code, role, level in USERS:
        user = find_user_by_email(email)
        if user is None:
            organisation = organisations[code]
            team = next(t for t in organisation.teams if t.name == ASB_TEAM)
            details = UserDetails(email, full_name, role, organisation.id, [team.id])
            user, _ = create_user(None, details, DEMO_PASSWORD)
            if level is not None:
                record_vetting(None, user, level, date(date.today().year + 2, 3, 31))
    return [(email, role.label, organisations[code].name) for email, _, code, role, _ in USERS]


def _ensure_team(organisation: Organisation, name: str) -> Team:
    team = next((t for t in organisation.teams if t.name == name), None)
    if team is None:
        team = create_team(None, organisation, name)
        db.session.refresh(organisation)
    return team
