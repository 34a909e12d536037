"""The policy for people and organisations: what each role may do, and whom an administrator may manage."""

from sqlalchemy import Select, select

from casemgmt.access.models import Organisation, Role, Team, User
from casemgmt.access.permissions import Permission

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.OFFICER: frozenset({Permission.USE_SYSTEM}),
    Role.SUPERVISOR: frozenset({Permission.USE_SYSTEM}),
    Role.ANALYST: frozenset({Permission.USE_SYSTEM}),
    Role.ORG_ADMIN: frozenset({Permission.USE_SYSTEM, Permission.MANAGE_USERS}),
    Role.PARTNERSHIP_ADMIN: frozenset(
        {Permission.USE_SYSTEM, Permission.MANAGE_USERS, Permission.MANAGE_ORGANISATIONS, Permission.VIEW_AUDIT_TRAIL}
    ),
}


def has_permission(user: User, permission: Permission) -> bool:
    return user.is_active and permission in ROLE_PERMISSIONS[user.role]


def manageable_organisations(actor: User) -> Select[tuple[Organisation]]:
    """Organisations whose users the actor administers: all for a partnership admin, else their own."""
    query = select(Organisation).order_by(Organisation.name)
    if actor.role == Role.PARTNERSHIP_ADMIN:
        return query
    if actor.role == Role.ORG_ADMIN:
        return query.where(Organisation.id == actor.organisation_id)
    return query.where(False)


def manageable_users(actor: User) -> Select[tuple[User]]:
    """Users the actor may view and edit in the admin pages; anyone else is a 404 to them.

    An organisation admin manages their own organisation's users, except partnership admins, who
    could otherwise be demoted, disabled or have their password reset by someone they outrank.
    """
    query = select(User).order_by(User.full_name, User.email)
    if actor.role == Role.PARTNERSHIP_ADMIN:
        return query
    if actor.role == Role.ORG_ADMIN:
        return query.where(User.organisation_id == actor.organisation_id, User.role.in_(assignable_roles(actor)))
    return query.where(False)


def may_manage_user(actor: User, user: User) -> bool:
    """The single-record form of `manageable_users`, for services acting on a user already loaded."""
    if actor.role == Role.PARTNERSHIP_ADMIN:
        return True
    return (
        actor.role == Role.ORG_ADMIN
        and user.organisation_id == actor.organisation_id
        and (user.role in assignable_roles(actor))
    )


def assignable_roles(actor: User) -> list[Role]:
    """An organisation admin cannot create partnership admins; only a partnership admin can."""
    if actor.role == Role.PARTNERSHIP_ADMIN:
        return list(Role)
    if actor.role == Role.ORG_ADMIN:
        return [role for role in Role if role != Role.PARTNERSHIP_ADMIN]
    return []


def assignable_teams(actor: User, organisation: Organisation) -> Select[tuple[Team]]:
    """Teams a user of `organisation` may be placed in by the actor (teams of that organisation only)."""
    allowed = manageable_organisations(actor).where(Organisation.id == organisation.id).exists()
    return select(Team).where(Team.organisation_id == organisation.id, allowed).order_by(Team.name)


def colleagues(actor: User) -> Select[tuple[User]]:
    """Active users of the actor's organisation: who may lead the actor's cases."""
    return members_of(actor.organisation_id)


def members_of(organisation_id) -> Select[tuple[User]]:
    """Active users of one organisation (e.g. to own an action given to that organisation)."""
    return (
        select(User).where(User.organisation_id == organisation_id, User.disabled_at.is_(None)).order_by(User.full_name)
    )
