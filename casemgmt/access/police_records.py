"""Opening a police-originated record: a non-police user first says why, and the reason is audited.

Data Protection Act 2018 Part 3, s.62 asks for a log of who consulted police data, when and why. Pages ask
"Why are you opening this record?" once per record per sign-in session (remembered in
`PoliceRecordJustification`, keyed by the user session); the API asks for an `X-Access-Reason` header on
every read. Who must justify is decided by `policy.must_justify_opening`.
"""

import enum
import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Uuid, exists, select
from sqlalchemy.orm import Mapped, mapped_column

from casemgmt.access import policy
from casemgmt.access.models import User, UserSession
from casemgmt.access.sharing import RecordKind
from casemgmt.audit.services import record_event
from casemgmt.db import Base, UTCDateTime, UUIDPrimaryKey, enum_column, utcnow
from casemgmt.extensions import db
from casemgmt.service_errors import ValidationFailed

JUSTIFIED_ACTION = "police_record_justified"
API_REASON_HEADER = "X-Access-Reason"
REASON_MAX_LENGTH = 500


class OpeningReason(enum.StrEnum):
    ASB_CASE = "asb_case"
    SAFEGUARDING = "safeguarding"
    PARTNERSHIP_MEETING = "partnership_meeting"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "asb_case": "Investigating an ASB case",
            "safeguarding": "Safeguarding concern",
            "partnership_meeting": "Partnership meeting preparation",
            "other": "Other",
        }[self.value]


class PoliceRecordJustification(UUIDPrimaryKey, Base):
    """A reason given in one sign-in session for opening one police-originated record (the audit trail
    holds the reason itself); while the session lasts the record is not asked about again."""

    __tablename__ = "police_record_justifications"
    __table_args__ = (
        Index("ix_police_record_justifications_session_record", "user_session_id", "record_kind", "record_id"),
    )

    user_session_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("user_sessions.id", ondelete="CASCADE"))
    record_kind: Mapped[RecordKind] = mapped_column(enum_column(RecordKind, "record_kind"))
    record_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    justified_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def reason_text(choice: str | None, detail: str | None) -> str:
    """The reason as the audit trail keeps it: the chosen label, with any detail after a colon.

    Raises ValidationFailed (fields `reason`, `detail`) when nothing is chosen, or "Other" has no detail.
    """
    detail = " ".join((detail or "").split())
    try:
        chosen = OpeningReason(choice or "")
    except ValueError:
        raise ValidationFailed({"reason": "Select why you are opening this record"}) from None
    if chosen == OpeningReason.OTHER and not detail:
        raise ValidationFailed({"detail": "Say why you are opening this record"})
    if len(detail) > REASON_MAX_LENGTH:
        raise ValidationFailed({"detail": f"Keep the reason to {REASON_MAX_LENGTH} characters or fewer"})
    return f"{chosen.label}: {detail}" if detail else chosen.label


def needs_reason(actor: User, user_session: UserSession | None, kind: RecordKind, record) -> bool:
    """Whether the actor must give a reason before this record is shown: they must justify opening it and have
    not yet done so in this sign-in session (one query, and only for records they must justify)."""
    if not policy.must_justify_opening(actor, record):
        return False
    if user_session is None:
        return True
    return not db.session.scalar(
        select(
            exists().where(
                PoliceRecordJustification.user_session_id == user_session.id,
                PoliceRecordJustification.record_kind == kind,
                PoliceRecordJustification.record_id == record.id,
            )
        )
    )


def give_reason_for_opening(
    actor: User,
    user_session: UserSession | None,
    kind: RecordKind,
    record_id: uuid.UUID,
    choice: str | None,
    detail: str | None,
) -> None:
    """Record the actor's reason for opening a police record in the audit trail (see `reason_text`), and
    remember it for the rest of the sign-in session. Raises RecordNotFound for a record they may not see,
    ValidationFailed for a missing reason. Commits."""
    record = policy.find_visible_record(actor, kind, record_id)
    reason = reason_text(choice, detail)
    record_event(JUSTIFIED_ACTION, actor=actor, object_type=kind.value, object_id=record.id, reason=reason)
    if user_session is not None:
        db.session.add(
            PoliceRecordJustification(user_session_id=user_session.id, record_kind=kind, record_id=record.id)
        )
    db.session.commit()


def justify_api_read(actor: User, kind: RecordKind, record, header_value: str | None) -> bool:
    """For an API read: False when the actor must justify opening the record and sent no reason; otherwise
    True, after adding the reason (if one was needed) to the audit trail. Not committed here."""
    if not policy.must_justify_opening(actor, record):
        return True
    reason = " ".join((header_value or "").split())[:REASON_MAX_LENGTH]
    if not reason:
        return False
    record_event(
        JUSTIFIED_ACTION, actor=actor, object_type=kind.value, object_id=record.id, reason=reason, detail="api"
    )
    return True
