"""Stubs: what a user is shown of a record they may not open, and the signed token that asks for access to it.

A stub names the kind of record, its display name (unless the STUB_SHOWS_NAME setting is off) and the
organisations involved, never its details. Which records become stubs is decided in `casemgmt.access.policy`.
The token carries the record's kind and id signed with the app's secret, so the Request access page can
trust it and nothing in a page or API answer is an id that opens the record.
"""

import uuid
from dataclasses import dataclass
from typing import ClassVar

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from casemgmt.access.sharing import RecordKind

TOKEN_SALT = "casemgmt.request-access"  # noqa: S105 - a salt naming what is signed, not a secret
KIND_LABELS = {RecordKind.PERSON: "Person", RecordKind.INCIDENT: "Incident", RecordKind.CASE: "Case"}


@dataclass(frozen=True)
class RecordStub:
    kind: RecordKind
    display: str
    organisations: tuple[str, ...]
    request_token: str
    # A police record the user could not see even if shared with them: no access request can help until their
    # vetting is recorded, so none is offered.
    needs_police_vetting: bool = False
    # Lets a list that mixes full results and stubs tell them apart.
    restricted: ClassVar[bool] = True

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def police_vetting_note(self) -> str:
        return police_vetting_needed()


def police_vetting_needed() -> str:
    """Why a police record's stub offers no access request: sharing cannot show it to someone without vetting."""
    level = current_app.config["POLICE_VETTING_MIN_LEVEL"]
    return (
        f"This is a police record. Only police staff, and others with current police vetting at NPPV level {level} "
        "or above, may see it, so its owners cannot give you access. Ask your administrator to record your vetting."
    )


def stub_display(kind: RecordKind, name: str, *, show_name: bool = True) -> str:
    """The record's name as a stub shows it: the name itself, or only its kind when names are not shown
    (the STUB_SHOWS_NAME setting, or a caller for whom the name would say too much)."""
    return name if show_name and current_app.config["STUB_SHOWS_NAME"] else f"Restricted {kind.value} record"


def stub_name_columns(kind: RecordKind, model):
    """The columns a stub names a record of `model` by, how they read together, and the order stubs are listed in."""
    if kind == RecordKind.PERSON:
        return (model.forename, model.surname), "{} {}", (model.surname_key, model.forename_key)
    if kind == RecordKind.INCIDENT:
        from casemgmt.incidents.models import IncidentType

        label = select(IncidentType.label).where(IncidentType.id == model.incident_type_id).scalar_subquery()
        return (model.reference, label), "{}: {}", (model.reference,)
    return (model.reference, model.title), "{}: {}", (model.reference,)


def stubs_from_rows(
    kind: RecordKind, rows, pattern: str, *, show_names: bool = True, sees_police_records: bool = True
) -> dict[uuid.UUID, RecordStub]:
    """Stubs from rows of (record id, owning organisation, an organisation holding a grant or None, whether
    police-originated, *name parts), a row per grant: the owner first, then the others by name."""
    names: dict[uuid.UUID, str] = {}
    police: set[uuid.UUID] = set()
    organisations: dict[uuid.UUID, tuple[str, set[str]]] = {}
    for record_id, owner_name, grantee_name, police_originated, *name_parts in rows:
        names[record_id] = pattern.format(*name_parts)
        if police_originated:
            police.add(record_id)
        _, others = organisations.setdefault(record_id, (owner_name, set()))
        if grantee_name and grantee_name != owner_name:
            others.add(grantee_name)
    return {
        record_id: RecordStub(
            kind,
            stub_display(kind, name, show_name=show_names),
            (organisations[record_id][0], *sorted(organisations[record_id][1])),
            request_token(kind, record_id),
            needs_police_vetting=record_id in police and not sees_police_records,
        )
        for record_id, name in names.items()
    }


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=TOKEN_SALT)


def request_token(kind: RecordKind, record_id: uuid.UUID) -> str:
    """A URL-safe token naming one record, signed so it cannot be made up or altered."""
    return _serializer().dumps([kind.value, str(record_id)])


def read_request_token(token: str) -> tuple[RecordKind, uuid.UUID] | None:
    """The (kind, id) a token names, or None when it was not signed by this app or is malformed."""
    try:
        kind, record_id = _serializer().loads(token)
        return RecordKind(kind), uuid.UUID(record_id)
    except (BadSignature, ValueError, TypeError):
        return None


@dataclass
class LinkedRecords:
    """Records linked to the one on a page (a person's cases, say): those the user may see, and stubs of the rest."""

    visible: list
    stubs: list[RecordStub]

    def __bool__(self) -> bool:
        return bool(self.visible or self.stubs)
