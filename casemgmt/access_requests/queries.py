"""Reads for access requests. A request is seen only by its requester and by those who may decide it (the
policy's deciders: the owning team and supervisors of the owning organisation); to anyone else it is a 404.
The record each one is about is shown as the reader may see it: in full, or as its stub. None commits."""

import uuid
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, or_, select

from casemgmt.access import policy
from casemgmt.access.models import User
from casemgmt.access.sharing import RecordKind
from casemgmt.access.stubs import RecordStub
from casemgmt.access_requests.models import AccessRequest, AccessRequestStatus
from casemgmt.extensions import db
from casemgmt.people.models import ConsentToShare
from casemgmt.search.queries import SearchResult, results_by_id
from casemgmt.service_errors import RecordNotFound

LIST_LIMIT = 100


@dataclass
class RequestTarget:
    """The record a stub's token names, as the user may see it, and their own request already waiting."""

    kind: RecordKind
    record: SearchResult | RecordStub
    pending: AccessRequest | None


@dataclass
class ListedRequest:
    request: AccessRequest
    record: SearchResult | RecordStub | None  # None: the record no longer exists


@dataclass
class RequestPage:
    request: AccessRequest
    record: SearchResult | RecordStub | None
    may_decide: bool


@dataclass
class Decision:
    """A request being decided, and whether approving it must record consent or a lawful basis."""

    request: AccessRequest
    shown: SearchResult | RecordStub | None
    # The record itself, for the decision; shown to the decider only as `shown`.
    record: object
    asks_lawful_basis: bool
    person_consented: bool
    # A police record, and the requester's vetting would keep it from them: approving could show them nothing.
    requester_needs_vetting: bool = False


def shown_as(user: User, kind: RecordKind, record_id: uuid.UUID) -> SearchResult | RecordStub | None:
    """The record as the user may see it (in full, or its stub); None when it no longer exists."""
    return results_by_id(user, kind, [record_id]).get(record_id)


def request_target(user: User, kind: RecordKind, record_id: uuid.UUID) -> RequestTarget:
    """What the Request access page shows; RecordNotFound when the record no longer exists."""
    shown = shown_as(user, kind, record_id)
    if shown is None:
        raise RecordNotFound()
    return RequestTarget(kind, shown, pending_request(user, kind, record_id))


def pending_request(user: User, kind: RecordKind, record_id: uuid.UUID) -> AccessRequest | None:
    """The user's undecided request for access to this record, if they have one."""
    return db.session.scalar(
        select(AccessRequest).where(
            AccessRequest.requester_id == user.id,
            AccessRequest.record_kind == kind,
            AccessRequest.record_id == record_id,
            AccessRequest.status == AccessRequestStatus.PENDING,
        )
    )


def _decided_by(user: User) -> ColumnElement[bool]:
    """Requests the user may decide: for records they decide for, and never their own."""
    for_their_records = or_(
        *(
            and_(AccessRequest.record_kind == kind, policy.decides_access_to(user, kind, AccessRequest.record_id))
            for kind in RecordKind
        )
    )
    return and_(AccessRequest.requester_id != user.id, for_their_records)


def request_to_decide(user: User, request_id: uuid.UUID) -> AccessRequest:
    """A request the user may approve or refuse (whatever its status); else RecordNotFound."""
    found = db.session.scalar(select(AccessRequest).where(AccessRequest.id == request_id, _decided_by(user)))
    if found is None:
        raise RecordNotFound()
    return found


def own_request(user: User, request_id: uuid.UUID) -> AccessRequest:
    """One of the user's own requests; else RecordNotFound."""
    found = db.session.scalar(
        select(AccessRequest).where(AccessRequest.id == request_id, AccessRequest.requester_id == user.id)
    )
    if found is None:
        raise RecordNotFound()
    return found


def access_request_page(user: User, request_id: uuid.UUID) -> RequestPage:
    """A request as its requester or one of its deciders sees it; RecordNotFound for anyone else."""
    found = db.session.execute(
        select(AccessRequest, _decided_by(user)).where(
            AccessRequest.id == request_id, or_(AccessRequest.requester_id == user.id, _decided_by(user))
        )
    ).one_or_none()
    if found is None:
        raise RecordNotFound()
    access_request, may_decide = found
    record = shown_as(user, access_request.record_kind, access_request.record_id)
    return RequestPage(access_request, record, bool(may_decide))


def decision(user: User, request_id: uuid.UUID) -> Decision:
    """A request the user may decide, with what the approve page needs; RecordNotFound for anyone else."""
    access_request = request_to_decide(user, request_id)
    record = policy.find_record_to_decide(user, access_request.record_kind, access_request.record_id)
    # Approving shares a person with a user of another organisation: consent or a lawful basis is recorded.
    asks_lawful_basis = (
        access_request.record_kind == RecordKind.PERSON
        and record.owner_organisation_id != access_request.requester.organisation_id
    )
    return Decision(
        access_request,
        shown_as(user, access_request.record_kind, access_request.record_id),
        record,
        asks_lawful_basis,
        getattr(record, "consent_to_share", None) == ConsentToShare.GIVEN,
        policy.vetting_keeps_from(access_request.requester, record),
    )


def _with_records(user: User, requests: list[AccessRequest]) -> list[ListedRequest]:
    """Each request with its record as the user may see it: at most two queries per kind of record."""
    shown: dict[uuid.UUID, SearchResult | RecordStub] = {}
    for kind in RecordKind:
        ids = list(dict.fromkeys(item.record_id for item in requests if item.record_kind == kind))
        if ids:
            shown.update(results_by_id(user, kind, ids))
    return [ListedRequest(item, shown.get(item.record_id)) for item in requests]


def my_access_requests(user: User) -> list[ListedRequest]:
    """The user's own requests, newest first (the latest LIST_LIMIT)."""
    requests = db.session.scalars(
        select(AccessRequest)
        .where(AccessRequest.requester_id == user.id)
        .order_by(AccessRequest.requested_at.desc(), AccessRequest.id)
        .limit(LIST_LIMIT)
    )
    return _with_records(user, list(requests))


def access_requests_to_decide(user: User) -> list[ListedRequest]:
    """Undecided requests the user may decide, oldest first (the first LIST_LIMIT)."""
    requests = db.session.scalars(
        select(AccessRequest)
        .where(AccessRequest.status == AccessRequestStatus.PENDING, _decided_by(user))
        .order_by(AccessRequest.requested_at, AccessRequest.id)
        .limit(LIST_LIMIT)
    )
    return _with_records(user, list(requests))
