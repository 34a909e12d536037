"""In-app notifications and the email outbox."""

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from casemgmt.db import Base, UTCDateTime, UUIDPrimaryKey, utcnow


class Notification(UUIDPrimaryKey, Base):
    """A message for one user, listed on their notifications page until (and after) they read it."""

    __tablename__ = "notifications"
    # The header's unread count on every page, and each user's list, newest first.
    __table_args__ = (Index("ix_notifications_user_id_read_at", "user_id", "read_at"),)

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    # A path within the service (e.g. the access request), never an address outside it.
    link: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class OutboundEmail(UUIDPrimaryKey, Base):
    """An email waiting to be sent. The outbox is the email backend: nothing here talks to a mail server."""

    __tablename__ = "outbound_emails"

    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
