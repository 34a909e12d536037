"""Stored versions of the matching model: each `flask matching train` adds one; the newest is used."""

from datetime import datetime

from sqlalchemy import Integer, Text
from sqlalchemy.orm import Mapped, mapped_column

from casemgmt.db import Base, UTCDateTime, UUIDPrimaryKey, utcnow


class MatchModelVersion(UUIDPrimaryKey, Base):
    """One estimated model: its parameters as JSON (see `MatchModel.to_json`) and how many people it saw."""

    __tablename__ = "match_models"

    version: Mapped[int] = mapped_column(Integer, unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    parameters: Mapped[str] = mapped_column(Text)
    trained_on: Mapped[int] = mapped_column(Integer)
