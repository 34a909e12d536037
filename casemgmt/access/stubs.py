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
    # Lets a list that mixes full results and stubs tell them apart.
    restricted: ClassVar[bool] = True

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


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


def stubs_from_rows(kind: RecordKind, rows, pattern: str, *, show_names: bool = True) -> dict[uuid.UUID, RecordStub]:
    """Stubs from rows of (record id, owning organisation, an organisation holding a grant or None, *name
    parts), a row per grant: the owner first, then the others by name."""
    names: dict[uuid.UUID, str] = {}
    organisations: dict[uuid.UUID, tuple[str, set[str]]] = {}
    for record_id, owner_name, grantee_name, *name_parts in rows:
        names[record_id] = pattern.format(*name_parts)
        _, others = organisations.setdefault(record_id, (owner_name, set()))
        if grantee_name and grantee_name != owner_name:
            others.add(grantee_name)
    return {
        record_id: RecordStub(
            kind,
            stub_display(kind, name, show_name=show_names),
            (organisations[record_id][0], *sorted(organisations[record_id][1])),
            request_token(kind, record_id),
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
