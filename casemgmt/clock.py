"""Time as the partnership reads it: stored in UTC, shown and entered in UK local time."""

from datetime import datetime
from zoneinfo import ZoneInfo

UK_TIME = ZoneInfo("Europe/London")


def uk_time(value: datetime) -> datetime:
    """An aware timestamp as UK local time (GMT or BST as it was on that date)."""
    return value.astimezone(UK_TIME)
