"""Asking for access to a record, and approving, refusing or withdrawing the request: audited, notified.

A decision is a conditional update of a request still waiting (`status = 'pending'`): of any number of
approvals or refusals sent at once, exactly one changes the request, and only that one grants access.
"""

import uuid
from datetime import date, timedelta

from flask import current_app, url_for
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from casemgmt.access import policy
from casemgmt.access.lawful_basis import lawful_basis_text
from casemgmt.access.models import User
from casemgmt.access.sharing import RecordKind
from casemgmt.access.sharing_services import grant_to
from casemgmt.access.stubs import police_vetting_needed
from casemgmt.access_requests import queries
from casemgmt.access_requests.models import AccessRequest, AccessRequestStatus
from casemgmt.audit.services import record_event
from casemgmt.db import utcnow
from casemgmt.extensions import db
from casemgmt.notifications.services import notify
from casemgmt.service_errors import ValidationFailed


class AlreadyDecided(ValidationFailed):
    """Someone decided (or the requester withdrew) the request first; nothing was changed."""

    def __init__(self, access_request: AccessRequest):
        super().__init__({"decision": f"This request has already been {access_request.status.label.lower()}"})


def _page(access_request_id: uuid.UUID) -> str:
    return url_for("access_requests.view_access_request", access_request_id=access_request_id)


def _named(access_request: AccessRequest, shown) -> str:
    """How a message names the record: as the recipient's page would (a stub's name at most)."""
    return shown.display if shown is not None else f"a {access_request.record_kind.value} record"


def request_access(
    actor: User, kind: RecordKind, record_id: uuid.UUID, reason: str, wanted_until: date | None
) -> AccessRequest:
    """Ask the record's owners for access; they are notified. Raises RecordNotFound for a record that does not
    exist, ValidationFailed for no reason, a past end date, a record the actor can already see, a police record
    their vetting keeps from them (a grant would not show it), or a second request while one is waiting."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed({"reason": "Say why you need to see this record"})
    if wanted_until is not None and wanted_until < date.today():
        raise ValidationFailed({"wanted_until": "The date you need it until must be today or in the future"})
    target = queries.request_target(actor, kind, record_id)
    if not target.record.restricted:
        raise ValidationFailed({"reason": "You can already see this record"})
    if target.record.needs_police_vetting:
        raise ValidationFailed({"record": police_vetting_needed()})
    if target.pending is not None:
        raise _already_waiting(target.pending)
    access_request = AccessRequest(
        record_kind=kind, record_id=record_id, requester_id=actor.id, reason=reason, wanted_until=wanted_until
    )
    db.session.add(access_request)
    try:
        db.session.flush()
    except IntegrityError:
        # Another request from the same user for the same record was saved a moment ago.
        db.session.rollback()
        raise _already_waiting(queries.pending_request(actor, kind, record_id)) from None
    wanted = f"until {wanted_until:%-d %B %Y}" if wanted_until else None
    record_event(
        "access_requested", actor=actor, object_type=kind.value, object_id=record_id, reason=reason, detail=wanted
    )
    named = target.record.display
    for decider in db.session.scalars(policy.access_deciders(kind, record_id)):
        if decider.id != actor.id:
            notify(
                decider,
                f"Access requested: {named}",
                f"{actor.full_name} ({actor.organisation.name}) asks to see the {kind.value} record {named}"
                + (f", {wanted}" if wanted else "")
                + f".\n\nTheir reason: {reason}",
                _page(access_request.id),
            )
    db.session.commit()
    return access_request


def _already_waiting(pending: AccessRequest | None) -> ValidationFailed:
    when = f" on {pending.requested_at:%-d %B %Y}" if pending is not None else ""
    return ValidationFailed(
        {"reason": f"You already asked for access to this record{when}. Wait for the owners to decide."}
    )


def _still_waiting(access_request: AccessRequest) -> None:
    """Say at once when the request was decided before this page was sent (`_decide` settles races)."""
    if access_request.status != AccessRequestStatus.PENDING:
        raise AlreadyDecided(access_request)


def _decide(actor: User, access_request: AccessRequest, status: AccessRequestStatus, **values) -> None:
    """The one change of a waiting request; raises AlreadyDecided when another got there first."""
    changed = db.session.execute(
        update(AccessRequest)
        .where(AccessRequest.id == access_request.id, AccessRequest.status == AccessRequestStatus.PENDING)
        .values(status=status, decided_by_id=actor.id, decided_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    )
    if changed.rowcount != 1:
        db.session.rollback()
        db.session.refresh(access_request)
        raise AlreadyDecided(access_request)


def approve_access_request(
    actor: User,
    access_request_id: uuid.UUID,
    *,
    days: int | None,
    lawful_basis: str | None = None,
    lawful_basis_detail: str | None = None,
    note: str | None = None,
) -> AccessRequest:
    """Grant the requester access for `days` (None: no end date) and tell them.

    Only the owning team's members and the owning organisation's supervisors may (else RecordNotFound). A
    person shared with a user of another organisation needs consent or a lawful basis, and a police record a
    requester whose vetting would keep it from them cannot be approved (ValidationFailed).
    """
    decision = queries.decision(actor, access_request_id)
    access_request, record = decision.request, decision.record
    _still_waiting(access_request)
    if decision.requester_needs_vetting:  # asked before their vetting lapsed, say
        raise ValidationFailed({"request": _requester_needs_vetting(access_request.requester)})
    basis = None
    if decision.asks_lawful_basis:
        basis = lawful_basis_text(lawful_basis, lawful_basis_detail, consented=decision.person_consented)
    requester = access_request.requester
    until = utcnow() + timedelta(days=days) if days else None
    note = (note or "").strip() or None
    _decide(actor, access_request, AccessRequestStatus.APPROVED, granted_until=until, decision_note=note)
    # Named as the requester's stub named it, before the grant lets them see more.
    named = _named(access_request, queries.shown_as(requester, access_request.record_kind, record.id))
    grant = grant_to(
        actor,
        record,
        access_request.record_kind,
        reason=f"Access request approved: {access_request.reason}",
        user_id=requester.id,
    )
    grant.expires_at, grant.lawful_basis = until, basis
    ends = f"until {until:%-d %B %Y}" if until else "with no end date"
    return _record_decision(
        actor,
        access_request,
        "access_request_approved",
        reason=note,
        detail=f"for {requester.email} {ends}" + (f"; {basis}" if basis else ""),
        subject=f"Access approved: {named}",
        body=f"{actor.full_name} ({actor.organisation.name}) approved your request to see {named}, {ends}."
        + (f"\n\nTheir note: {note}" if note else ""),
    )


def _requester_needs_vetting(requester: User) -> str:
    level = current_app.config["POLICE_VETTING_MIN_LEVEL"]
    return (
        f"{requester.full_name} does not have current police vetting at NPPV level {level} or above, so access "
        "would show them nothing. Refuse the request, or ask their administrator to record their vetting first."
    )


def refuse_access_request(actor: User, access_request_id: uuid.UUID, reason: str) -> AccessRequest:
    """Refuse with a reason and tell the requester, naming the record only as their stub does."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed({"reason": "Say why you are refusing, so the requester knows"})
    access_request = queries.request_to_decide(actor, access_request_id)
    _still_waiting(access_request)
    requester = access_request.requester
    _decide(actor, access_request, AccessRequestStatus.REFUSED, decision_note=reason)
    named = _named(access_request, queries.shown_as(requester, access_request.record_kind, access_request.record_id))
    return _record_decision(
        actor,
        access_request,
        "access_request_refused",
        reason=reason,
        detail=f"for {requester.email}",
        subject=f"Access refused: {named}",
        body=f"{actor.full_name} ({actor.organisation.name}) refused your request to see {named}."
        f"\n\nTheir reason: {reason}",
    )


def _record_decision(
    actor: User, access_request: AccessRequest, action: str, *, reason, detail: str, subject: str, body: str
) -> AccessRequest:
    """Audit a decision, tell the requester, and commit them with it (and with the grant, if any)."""
    record_event(
        action,
        actor=actor,
        object_type=access_request.record_kind.value,
        object_id=access_request.record_id,
        reason=reason,
        detail=detail,
    )
    notify(access_request.requester, subject, body, _page(access_request.id))
    db.session.commit()
    db.session.refresh(access_request)
    return access_request


def withdraw_access_request(actor: User, access_request_id: uuid.UUID) -> AccessRequest:
    """The requester withdraws a request still waiting (anyone else's is RecordNotFound)."""
    access_request = queries.own_request(actor, access_request_id)
    _decide(actor, access_request, AccessRequestStatus.WITHDRAWN)
    record_event(
        "access_request_withdrawn",
        actor=actor,
        object_type=access_request.record_kind.value,
        object_id=access_request.record_id,
    )
    db.session.commit()
    db.session.refresh(access_request)
    return access_request
