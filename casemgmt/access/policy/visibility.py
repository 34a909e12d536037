"""The policy for records: which people, incidents and cases a user may see, as query scopes, and what a user
is shown of those they may not (stubs). Matching across the partnership starts from `partnership_records`,
never for showing."""

import uuid
from collections.abc import Callable, Iterable
from datetime import date
from functools import lru_cache

from flask import current_app
from sqlalchemy import ColumnElement, Select, and_, bindparam, exists, false, func, not_, or_, select
from sqlalchemy.orm import aliased

from casemgmt.access.models import Organisation, Team, User
from casemgmt.access.sharing import RecordGrant, RecordKind, SharingScope, live_grant
from casemgmt.access.stubs import RecordStub, stub_name_columns, stubs_from_rows
from casemgmt.db import now_parameter, utcnow
from casemgmt.extensions import db
from casemgmt.service_errors import RecordNotFound


def may_see_police_records(user: User, today: date, minimum_level: int) -> bool:
    """Police users always may; others need current NPPV vetting at or above the configured level."""
    if user.organisation.is_police:
        return True
    return user.vetting_is_current(today) and (user.vetting_level or 0) >= minimum_level


def _vetting_allows_police_records(user: User) -> bool:
    return may_see_police_records(user, date.today(), current_app.config["POLICE_VETTING_MIN_LEVEL"])


def vetting_keeps_from(user: User, record) -> bool:
    """Whether `record` is a police record the user's vetting keeps from them, however it is shared."""
    return bool(record.police_originated) and not _vetting_allows_police_records(user)


def visibility_clause(user: User, model, kind: RecordKind) -> ColumnElement[bool]:
    """The SQL condition under which `user` may see a row of `model` (a person, incident or case table).

    Visible to: the owning team; the owning organisation unless shared with the team only; and any
    organisation, team or user holding an unrevoked, unexpired grant. A police-originated record is
    additionally hidden from non-police users without current vetting at the configured level.
    """
    if not user.is_active:
        return false()
    team_ids = tuple(sorted(team.id for team in user.teams))
    return _visibility_clause(
        model, kind, user.id, user.organisation_id, team_ids, _vetting_allows_police_records(user)
    )


# Building the condition, and working out its statement cache key, is pure Python work repeated on every
# request; clause objects are immutable and memoise their cache key, so one built for the same user, teams and
# vetting serves every later request. "Now" is a parameter evaluated each time a statement runs.
@lru_cache(maxsize=1024)
def _visibility_clause(
    model, kind: RecordKind, user_id, organisation_id, team_ids: tuple, sees_police_records: bool
) -> ColumnElement[bool]:
    now = now_parameter()

    def granted_to(grantee_condition) -> ColumnElement[bool]:
        # One test per kind of grantee (not one OR across them), so each is answered from its own index.
        return exists().where(
            RecordGrant.record_id == model.id,
            RecordGrant.record_kind == kind,
            grantee_condition,
            live_grant(now),
        )

    granted = or_(
        granted_to(RecordGrant.organisation_id == organisation_id),
        granted_to(RecordGrant.team_id.in_(team_ids)),
        granted_to(RecordGrant.user_id == user_id),
    )
    shared = or_(
        model.owner_team_id.in_(team_ids),
        and_(model.owner_organisation_id == organisation_id, model.sharing_scope != SharingScope.TEAM),
        granted,
    )
    if sees_police_records:
        return shared
    return and_(model.police_originated.is_(False), shared)


class LoaderOptions(tuple):
    """Loader options (`joinedload(...)` and the like) made once, at module level, so the statements that use them
    are built once per user's access condition and reused. Loose options work too, but build a statement each time:
    options compare by identity, so fresh ones would never find the one built before."""

    def __new__(cls, *options):
        return super().__new__(cls, options)


def _statement(build, kind: RecordKind, visible_to_user: ColumnElement[bool], load_options: tuple) -> Select:
    """`build` (an lru_cached statement builder) for these options: kept for none or one LoaderOptions, built
    afresh for loose options."""
    if not load_options:
        return build(kind, visible_to_user, ())
    if len(load_options) == 1 and isinstance(load_options[0], LoaderOptions):
        return build(kind, visible_to_user, load_options[0])
    return build.__wrapped__(kind, visible_to_user, load_options)


def _one_or_not_found(query: Select, parameters: dict | None = None):
    # unique(): the record's small collections may come joined in the same row set.
    record = db.session.scalars(query, parameters).unique().first()
    if record is None:
        raise RecordNotFound()
    return record


def find_visible_person(user: User, person_id, *load_options):
    """The person if the user may see them, else RecordNotFound: a hidden record and a missing one look alike.

    `load_options`: a LoaderOptions made at module level, so the statement is built once per user's condition
    and options, and run with the id as a parameter.
    """
    return find_visible_record(user, RecordKind.PERSON, person_id, *load_options)


def find_visible_incident(user: User, incident_id, *load_options):
    """The incident if the user may see it, else RecordNotFound."""
    return find_visible_record(user, RecordKind.INCIDENT, incident_id, *load_options)


def find_visible_case(user: User, case_id, *load_options):
    """The case if the user may see it, else RecordNotFound."""
    return find_visible_record(user, RecordKind.CASE, case_id, *load_options)


def visible_people(user: User) -> Select:
    """Current people the user may see; narrow with `.where(Person.id == ...)` for a detail page (else 404)."""
    from casemgmt.people.models import Person

    return _current(select(Person).where(visibility_clause(user, Person, RecordKind.PERSON)), Person, RecordKind.PERSON)


def visible_incidents(user: User) -> Select:
    from casemgmt.incidents.models import Incident

    return select(Incident).where(visibility_clause(user, Incident, RecordKind.INCIDENT))


def visible_cases(user: User) -> Select:
    from casemgmt.incidents.case_models import Case

    return select(Case).where(visibility_clause(user, Case, RecordKind.CASE))


def _record_model(kind: RecordKind):
    from casemgmt.incidents.case_models import Case
    from casemgmt.incidents.models import Incident
    from casemgmt.people.models import Person

    return {RecordKind.PERSON: Person, RecordKind.INCIDENT: Incident, RecordKind.CASE: Case}[kind]


def _current(query: Select, model, kind: RecordKind) -> Select:
    """Only current records: a person merged into another is kept for its history but is no longer current. It
    is not listed, searched, matched or picked, and its page sends readers on to the record it went into."""
    return query.where(model.merged_into_id.is_(None)) if kind == RecordKind.PERSON else query


def visible_records(user: User, kind: RecordKind) -> Select:
    """`visible_people`, `visible_incidents` or `visible_cases`, chosen by kind."""
    model = _record_model(kind)
    return _current(select(model).where(visibility_clause(user, model, kind)), model, kind)


def find_visible_record(user: User, kind: RecordKind, record_id: uuid.UUID, *load_options):
    """`find_visible_person`, `find_visible_incident` or `find_visible_case`, chosen by kind."""
    statement = _statement(_visible_one, kind, visibility_clause(user, _record_model(kind), kind), load_options)
    return _one_or_not_found(statement, {"record_id": record_id})


@lru_cache(maxsize=1024)
def _visible_one(kind: RecordKind, visible_to_user: ColumnElement[bool], load_options: tuple) -> Select:
    # Every record page and edit asks for its record: built once per kind, user's condition and options.
    model = _record_model(kind)
    query = select(model).where(visible_to_user, model.id == bindparam("record_id")).options(*load_options)
    return _current(query, model, kind)


def visible_records_refined(user: User, kind: RecordKind, refine: Callable[[Select], Select]) -> Select:
    """`refine(visible_records(user, kind))`, built once per user's condition and `refine`.

    For lists shown on every visit (the dashboard's): `refine` is a module-level function adding conditions,
    order and limit with `bindparam`s for the values that change (the user's id, today's date), so the statement
    is reused and run with parameters.
    """
    return _refined(kind, visibility_clause(user, _record_model(kind), kind), refine)


@lru_cache(maxsize=1024)
def _refined(kind: RecordKind, visible_to_user: ColumnElement[bool], refine: Callable[[Select], Select]) -> Select:
    model = _record_model(kind)
    return refine(_current(select(model).where(visible_to_user), model, kind))


def partnership_records(kind: RecordKind) -> Select:
    """Every current record of one kind, whoever owns it: for matching across the partnership (search), never
    for showing. Each match is then shown in full only through `visible_records`, otherwise as a stub from
    `hidden_record_stubs`."""
    model = _record_model(kind)
    return _current(select(model), model, kind)


def visible_among(user: User, kind: RecordKind, record_ids: Iterable[uuid.UUID], *load_options) -> list:
    """Those of `record_ids` (current records of one kind) the user may see, loaded in full (with `load_options`,
    a LoaderOptions made at module level), in no set order."""
    record_ids = list(record_ids)
    if not record_ids:
        return []
    statement = _statement(_visible_among, kind, visibility_clause(user, _record_model(kind), kind), load_options)
    return list(db.session.scalars(statement, {"ids": record_ids}).unique())


@lru_cache(maxsize=1024)
def _visible_among(kind: RecordKind, visible_to_user: ColumnElement[bool], load_options: tuple) -> Select:
    # Asked on most pages (search results, the people on an incident, the incidents that may be the same
    # problem): built once per kind, user's condition and options, run with the ids as a parameter.
    model = _record_model(kind)
    query = select(model).where(visible_to_user, model.id.in_(bindparam("ids", expanding=True))).options(*load_options)
    return _current(query, model, kind)


def visible_ids(user: User, kind: RecordKind, record_ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    """Which of `record_ids` the user may see, in one query."""
    record_ids = list(record_ids)
    if not record_ids:
        return set()
    model = _record_model(kind)
    return set(
        db.session.scalars(select(model.id).where(model.id.in_(record_ids), visibility_clause(user, model, kind)))
    )


def has_organisation_grant(record, organisation: Organisation) -> bool:
    """Whether `organisation` as a whole already holds a live grant on `record`."""
    now = utcnow()
    return db.session.scalar(
        select(
            exists().where(
                RecordGrant.record_id == record.id,
                RecordGrant.organisation_id == organisation.id,
                live_grant(now),
            )
        )
    )


def hidden_record_stubs(
    user: User, kind: RecordKind, record_ids, *, show_names: bool = True
) -> dict[uuid.UUID, RecordStub]:
    """Stubs for those of `record_ids` (a list, or a select of ids) that exist and the user may NOT see.

    In one query, listed by name or reference. A stub carries the kind, the display name (or only the kind,
    per STUB_SHOWS_NAME, or when `show_names` is False), the owning organisation then every organisation
    holding a live grant (directly, or through one of its teams or users), a signed request token, and whether
    it is a police record the user's vetting keeps from them (so asking for access cannot help); never any other
    detail. The ids are keys for the caller to place each stub, never for showing.
    """
    if isinstance(record_ids, list | tuple | set) and not record_ids:
        return {}
    model = _record_model(kind)
    _, pattern, _ = stub_name_columns(kind, model)
    visible_to_user = visibility_clause(user, model, kind)  # one object per user, teams and vetting
    if isinstance(record_ids, list | tuple | set):
        rows = db.session.execute(_stubs_of_listed(kind, visible_to_user), {"ids": list(record_ids)})
    else:
        rows = db.session.execute(_stubs_query(kind, model.id.in_(record_ids), visible_to_user))
    return stubs_from_rows(
        kind, rows, pattern, show_names=show_names, sees_police_records=_vetting_allows_police_records(user)
    )


@lru_cache(maxsize=1024)
def _stubs_of_listed(kind: RecordKind, visible_to_user: ColumnElement[bool]) -> Select:
    # Pages ask for stubs of a list of ids on most views: built once per kind and user's condition, run with
    # the ids as a parameter.
    return _stubs_query(kind, _record_model(kind).id.in_(bindparam("ids", expanding=True)), visible_to_user)


def _stubs_query(kind: RecordKind, chosen: ColumnElement[bool], visible_to_user: ColumnElement[bool]) -> Select:
    model = _record_model(kind)
    names, _, order = stub_name_columns(kind, model)
    owner, grantee = aliased(Organisation, name="stub_owner"), aliased(Organisation, name="stub_grantee")
    grant_team, grant_user = aliased(Team, name="stub_grant_team"), aliased(User, name="stub_grant_user")
    # An alias, so the visibility test's own grant subqueries are not correlated with this join.
    grant = aliased(RecordGrant, name="stub_grant")
    return (
        select(model.id, owner.name, grantee.name, model.police_originated, *names)
        .join(owner, owner.id == model.owner_organisation_id)
        .outerjoin(
            grant, and_(grant.record_id == model.id, grant.record_kind == kind, live_grant(now_parameter(), grant))
        )
        .outerjoin(grant_team, grant_team.id == grant.team_id)
        .outerjoin(grant_user, grant_user.id == grant.user_id)
        .outerjoin(
            grantee,
            grantee.id == func.coalesce(grant.organisation_id, grant_team.organisation_id, grant_user.organisation_id),
        )
        .where(chosen, not_(visible_to_user))
        .order_by(*order, model.id)
    )
