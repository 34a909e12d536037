"""The policy for acting on records: who decides access requests, changes sharing, reads a record's history and
merges people, and when a reason must be given first."""

import uuid

from sqlalchemy import ColumnElement, Select, and_, exists, false, or_, select

from casemgmt.access.models import Role, User, team_memberships
from casemgmt.access.permissions import Permission
from casemgmt.access.policy.administration import has_permission
from casemgmt.access.policy.visibility import (
    _one_or_not_found,
    _record_model,
    find_visible_record,
    visibility_clause,
    visible_people,
)
from casemgmt.access.sharing import RecordKind
from casemgmt.service_errors import RecordNotFound


def _decides_access(user: User, model) -> ColumnElement[bool]:
    """Records whose access requests the user decides: their owning team's members, and supervisors of the
    owning organisation."""
    if not user.is_active:
        return false()
    condition = model.owner_team_id.in_([team.id for team in user.teams])
    if user.role == Role.SUPERVISOR:
        condition = or_(condition, model.owner_organisation_id == user.organisation_id)
    return condition


def decides_access_to(user: User, kind: RecordKind, record_id) -> ColumnElement[bool]:
    """Whether the user decides access requests for the record of `kind` whose id is `record_id` (a column of
    the outer query, such as the request's record id): a test made row by row through the record's primary key,
    so it costs the same however many records the user's teams own."""
    model = _record_model(kind)
    return exists().where(model.id == record_id, _decides_access(user, model))


def find_record_to_decide(user: User, kind: RecordKind, record_id: uuid.UUID):
    """The record, when the user may decide requests for access to it; else RecordNotFound (a 404)."""
    model = _record_model(kind)
    return _one_or_not_found(select(model).where(model.id == record_id, _decides_access(user, model)))


def access_deciders(kind: RecordKind, record_id: uuid.UUID) -> Select[tuple[User]]:
    """Active users who may decide requests for access to the record (to tell them a request is waiting)."""
    model = _record_model(kind)
    owner_team = select(model.owner_team_id).where(model.id == record_id).scalar_subquery()
    owner_organisation = select(model.owner_organisation_id).where(model.id == record_id).scalar_subquery()
    members = select(team_memberships.c.user_id).where(team_memberships.c.team_id == owner_team)
    return (
        select(User)
        .where(
            User.disabled_at.is_(None),
            or_(User.id.in_(members), and_(User.role == Role.SUPERVISOR, User.organisation_id == owner_organisation)),
        )
        .order_by(User.full_name)
    )


def owns_record(user: User, record) -> bool:
    """Whether the user is a member of the record's owning team: who may change who sees it."""
    return user.is_active and record.owner_team_id in {team.id for team in user.teams}


def find_owned_record(user: User, kind: RecordKind, record_id: uuid.UUID):
    """The record, when the user may see it and is in its owning team; else RecordNotFound (a 404, even for
    someone who may see it: only its owners learn that its sharing page exists)."""
    record = find_visible_record(user, kind, record_id)
    if not owns_record(user, record):
        raise RecordNotFound()
    return record


def must_justify_opening(user: User, record) -> bool:
    """Whether the user must say why before a police-originated record is shown (Data Protection Act 2018
    s.62 logging): every non-police user; police users never."""
    return bool(record.police_originated) and not user.organisation.is_police


def may_view_record_history(user: User, record) -> bool:
    """Whether the user may see the record's history page: its owning team's members and supervisors of its
    owning organisation (those who decide access to it, as `_decides_access`), and whoever holds the whole
    audit trail (partnership administrators). The single-record form of `find_record_for_history`, for showing
    the link without a query."""
    if has_permission(user, Permission.VIEW_AUDIT_TRAIL):
        return True
    if not user.is_active:
        return False
    if record.owner_team_id in {team.id for team in user.teams}:
        return True
    return user.role == Role.SUPERVISOR and record.owner_organisation_id == user.organisation_id


def find_record_for_history(user: User, kind: RecordKind, record_id: uuid.UUID):
    """The record whose history page the user asked for, when `may_view_record_history`; else RecordNotFound
    (a 404 exactly like a missing record).

    Not narrowed by visibility: a supervisor answers for their organisation's team-only records too. Show
    anything about the record beyond its kind and id only if `visible_ids` says the user may see it.
    """
    model = _record_model(kind)
    query = select(model).where(model.id == record_id)
    if not has_permission(user, Permission.VIEW_AUDIT_TRAIL):
        query = query.where(_decides_access(user, model))
    return _one_or_not_found(query)


def searchable_audit_events(user: User) -> Select:
    """Audit events the user may search and download: every one for whoever holds the whole audit trail
    (partnership administrators), none for anyone else."""
    from casemgmt.audit.models import AuditEvent

    query = select(AuditEvent)
    return query if has_permission(user, Permission.VIEW_AUDIT_TRAIL) else query.where(false())


def may_merge_person(user: User, person) -> bool:
    """Whether the user may merge this person with another record, or undo a merge into or out of it: the
    members of its owning team (as `owns_record`). Merging needs it of both records."""
    return owns_record(user, person)


def mergeable_people(user: User) -> Select:
    """Current people the user may see and merge (`may_merge_person`): what the merge page offers to pick."""
    from casemgmt.people.models import Person

    return visible_people(user).where(Person.owner_team_id.in_([team.id for team in user.teams]))


def find_mergeable_person(user: User, person_id: uuid.UUID):
    """A current person the user may merge, else RecordNotFound: to anyone else the merge pages do not exist,
    like the sharing page."""
    from casemgmt.people.models import Person

    return _one_or_not_found(mergeable_people(user).where(Person.id == person_id))


def find_merged_person(user: User, person_id: uuid.UUID):
    """A person merged into another, when the user may see that record (its page then sends them on to the
    survivor); else RecordNotFound."""
    from casemgmt.people.models import Person

    return _one_or_not_found(
        select(Person).where(
            Person.id == person_id,
            Person.merged_into_id.is_not(None),
            visibility_clause(user, Person, RecordKind.PERSON),
        )
    )
