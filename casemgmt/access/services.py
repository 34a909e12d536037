"""Administration use cases: users, vetting, organisations and teams.

Each takes the acting user, checks it against the policy, writes audit events and commits. Rule
breaches raise AdminError with a message fit to show the administrator.
"""

import secrets
import uuid
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from casemgmt.access import policy, sessions
from casemgmt.access.models import Organisation, OrganisationKind, Role, Team, User
from casemgmt.access.passwords import hash_password
from casemgmt.access.signin import find_user_by_email
from casemgmt.audit.services import record_event
from casemgmt.db import utcnow
from casemgmt.extensions import db


class AdminError(Exception):
    """An administration request that breaks a rule; the message is for the administrator."""

    def __init__(self, message: str, field_name: str | None = None):
        super().__init__(message)
        self.field_name = field_name


@dataclass
class UserDetails:
    email: str
    full_name: str
    role: Role
    organisation_id: uuid.UUID
    team_ids: list[uuid.UUID] = field(default_factory=list)
    phone: str | None = None


def temporary_password() -> str:
    return secrets.token_urlsafe(12)


def create_user(actor: User | None, details: UserDetails, password: str | None = None) -> tuple[User, str]:
    """Create a user; returns it and the password to hand over (generated when none is given).

    A generated password must be changed at first sign-in. `actor` None means the command line.
    """
    organisation = _organisation_for(actor, details.organisation_id)
    _check_role(actor, details.role)
    email = details.email.strip().lower()
    if find_user_by_email(email) is not None:
        raise AdminError("A user with this email address already exists", "email")
    initial_password = password or temporary_password()
    user = User(
        email=email,
        full_name=details.full_name.strip(),
        organisation=organisation,
        role=details.role,
        password_hash=hash_password(initial_password),
        must_change_password=password is None,
    )
    user.phone = details.phone
    user.teams = _teams_for(actor, organisation, details.team_ids)
    db.session.add(user)
    db.session.flush()
    record_event("user_created", actor=actor, object_type="user", object_id=user.id, detail=f"role={user.role.value}")
    _commit_or_duplicate()
    return user, initial_password


def update_user(actor: User, user: User, details: UserDetails, expected_version: int) -> User:
    """Update name, email, role, phone and teams; raises StaleDataError if someone saved in between."""
    _check_may_manage(actor, user)
    _check_version(user, expected_version)
    _check_role(actor, details.role)
    if user.id == actor.id and details.role != actor.role:
        raise AdminError("You cannot change your own role", "role")
    email = details.email.strip().lower()
    clash = find_user_by_email(email)
    if clash is not None and clash.id != user.id:
        raise AdminError("A user with this email address already exists", "email")
    user.email = email
    user.full_name = details.full_name.strip()
    user.role = details.role
    user.phone = details.phone
    user.teams = _teams_for(actor, user.organisation, details.team_ids)
    record_event("user_updated", actor=actor, object_type="user", object_id=user.id, detail=f"role={user.role.value}")
    _commit_or_duplicate()
    return user


def set_user_disabled(actor: User | None, user: User, disabled: bool) -> None:
    """Disable (revoking every session at once) or re-enable an account. `actor` None means the command line."""
    if actor is not None:
        _check_may_manage(actor, user)
        if user.id == actor.id:
            raise AdminError("You cannot disable your own account")
    if disabled and user.disabled_at is None:
        user.disabled_at = utcnow()
        sessions.revoke_all_sessions(user, "account_disabled")
        record_event("user_disabled", actor=actor, object_type="user", object_id=user.id)
    elif not disabled and user.disabled_at is not None:
        user.disabled_at = None
        user.failed_sign_in_count = 0
        user.locked_until = None
        record_event("user_enabled", actor=actor, object_type="user", object_id=user.id)
    db.session.commit()


def record_vetting(actor: User | None, user: User, level: int | None, expires_on: date | None) -> None:
    """Record NPPV vetting for a non-police user; level None clears it. Nobody may vet themselves."""
    if actor is not None:
        _check_may_manage(actor, user)
        if user.id == actor.id:
            raise AdminError("You cannot record your own vetting; ask another administrator")
    if user.organisation.is_police:
        raise AdminError("Police staff are vetted by the force; no NPPV record is kept for them")
    if level is not None and level not in (1, 2, 3):
        raise AdminError("Choose NPPV level 1, 2 or 3", "level")
    if level is not None and expires_on is None:
        raise AdminError("Enter the date the vetting expires", "expires_on")
    user.vetting_level = level
    user.vetting_expires_on = expires_on if level is not None else None
    detail = f"NPPV{level} until {expires_on.isoformat()}" if level is not None else "cleared"
    record_event("vetting_recorded", actor=actor, object_type="user", object_id=user.id, detail=detail)
    db.session.commit()


def reset_password(actor: User, user: User) -> str:
    """Issue a temporary password (to be changed at next sign-in) and sign the user out everywhere."""
    _check_may_manage(actor, user)
    password = temporary_password()
    user.password_hash = hash_password(password)
    user.must_change_password = True
    user.failed_sign_in_count = 0
    user.locked_until = None
    sessions.revoke_all_sessions(user, "password_reset")
    record_event("password_reset", actor=actor, object_type="user", object_id=user.id)
    db.session.commit()
    return password


def create_organisation(
    actor: User | None, code: str, name: str, kind: OrganisationKind, district_code: str | None = None
) -> Organisation:
    code = code.strip().lower()
    if db.session.scalar(select(Organisation.id).where(Organisation.code == code)):
        raise AdminError("An organisation with this code already exists", "code")
    organisation = Organisation(code=code, name=name.strip(), kind=kind, district_code=district_code or None)
    db.session.add(organisation)
    db.session.flush()
    record_event("organisation_created", actor=actor, object_type="organisation", object_id=organisation.id)
    _commit_or_duplicate()
    return organisation


def update_organisation(
    actor: User,
    organisation: Organisation,
    name: str,
    kind: OrganisationKind,
    district_code: str | None,
    is_active: bool,
) -> None:
    """The code is the stable identifier partners use in the API, so it is never changed here."""
    organisation.name = name.strip()
    organisation.kind = kind
    organisation.district_code = district_code or None
    organisation.is_active = is_active
    record_event("organisation_updated", actor=actor, object_type="organisation", object_id=organisation.id)
    db.session.commit()


def create_team(actor: User | None, organisation: Organisation, name: str) -> Team:
    name = name.strip()
    clash = db.session.scalar(select(Team.id).where(Team.organisation_id == organisation.id, Team.name == name))
    if clash:
        raise AdminError("This organisation already has a team with that name", "name")
    team = Team(organisation=organisation, name=name)
    db.session.add(team)
    db.session.flush()
    record_event("team_created", actor=actor, object_type="team", object_id=team.id, detail=organisation.code)
    _commit_or_duplicate()
    return team


def _organisation_for(actor: User | None, organisation_id: uuid.UUID) -> Organisation:
    if actor is None:
        organisation = db.session.get(Organisation, organisation_id)
    else:
        query = policy.manageable_organisations(actor).where(Organisation.id == organisation_id)
        organisation = db.session.scalar(query)
    if organisation is None:
        raise AdminError("Choose an organisation you administer", "organisation_id")
    return organisation


def _check_may_manage(actor: User, user: User) -> None:
    if not policy.may_manage_user(actor, user):
        raise AdminError("You do not administer this user")


def _check_role(actor: User | None, role: Role) -> None:
    if actor is not None and role not in policy.assignable_roles(actor):
        raise AdminError(f"You cannot give the role {role.label}", "role")


def _teams_for(actor: User | None, organisation: Organisation, team_ids: list[uuid.UUID]) -> list[Team]:
    if not team_ids:
        return []
    if actor is None:
        query = select(Team).where(Team.organisation_id == organisation.id)
    else:
        query = policy.assignable_teams(actor, organisation)
    teams = list(db.session.scalars(query.where(Team.id.in_(team_ids))))
    if len(teams) != len(set(team_ids)):
        raise AdminError("Choose teams that belong to the user's organisation", "team_ids")
    return teams


def _check_version(user: User, expected_version: int) -> None:
    from sqlalchemy.orm.exc import StaleDataError

    if user.version != expected_version:
        raise StaleDataError(f"user {user.id} is at version {user.version}, not {expected_version}")


def _commit_or_duplicate() -> None:
    """Commit; a unique-constraint race with another administrator becomes a clear message."""
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise AdminError("That conflicts with a record someone has just saved; check and try again") from error
