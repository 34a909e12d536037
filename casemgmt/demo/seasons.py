"""When generated incidents happen: the seasonal, weekly and daily rhythm of recorded ASB.

Police-recorded ASB peaks in the summer holidays, spikes around Halloween and Bonfire Night (and, in
Leicester, Diwali fireworks), dips in winter, rises on Friday and Saturday evenings and is quietest before
dawn. Days are walked oldest first with a count per day drawn from those weights, so references are handed
out in time order, as the app would have, while only one day's incidents are held in memory.
"""

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate

from casemgmt.clock import UK_TIME

MONTH_FACTOR = {
    1: 0.78,
    2: 0.8,
    3: 0.92,
    4: 1.0,
    5: 1.1,
    6: 1.22,
    7: 1.3,
    8: 1.28,
    9: 1.08,
    10: 1.02,
    11: 0.97,
    12: 0.82,
}
WEEKDAY_FACTOR = [0.9, 0.88, 0.9, 0.95, 1.2, 1.3, 1.05]  # Monday first
# (month, day): factor. Mischief night and Halloween, the run-up to and night of 5 November, New Year.
SPECIAL_DAYS = {
    (10, 30): 1.4, (10, 31): 2.2, (11, 1): 1.3, (11, 3): 1.3, (11, 4): 1.6, (11, 5): 2.8, (11, 6): 1.6,
    (12, 31): 1.7, (1, 1): 1.5,
}  # fmt: skip
# Leicester's Diwali is among the largest outside India; fireworks complaints follow it.
DIWALI = {2023: date(2023, 11, 12), 2024: date(2024, 11, 1), 2025: date(2025, 10, 21), 2026: date(2026, 11, 8)}
# Relative incidents per hour of the day on an ordinary weekday.
HOUR_WEIGHTS = [2.0, 1.3, 0.9, 0.6, 0.4, 0.4, 0.6, 1.0, 1.5, 2.0, 2.5, 2.8,
                3.0, 3.0, 3.2, 3.8, 4.5, 5.0, 5.5, 6.0, 6.2, 6.0, 5.0, 3.5]  # fmt: skip


def _hour_weights(weekday: int) -> list[float]:
    """Friday and Saturday evenings run late, so the small hours of Saturday and Sunday are busy too."""
    weights = list(HOUR_WEIGHTS)
    if weekday in (4, 5):
        for hour in range(18, 24):
            weights[hour] *= 1.5
    if weekday in (5, 6):
        for hour in range(0, 4):
            weights[hour] *= 2.0
    return list(accumulate(weights))


CUMULATIVE_HOURS = [_hour_weights(weekday) for weekday in range(7)]


def is_fireworks_season(day: date) -> bool:
    diwali = DIWALI.get(day.year)
    near_diwali = diwali is not None and abs((day - diwali).days) <= 2
    return near_diwali or (day.month, day.day) in {(10, 30), (10, 31), (11, 3), (11, 4), (11, 5), (11, 6), (12, 31)}


def day_weight(day: date) -> float:
    weight = MONTH_FACTOR[day.month] * WEEKDAY_FACTOR[day.weekday()] * SPECIAL_DAYS.get((day.month, day.day), 1.0)
    diwali = DIWALI.get(day.year)
    return weight * 1.5 if diwali is not None and abs((day - diwali).days) <= 1 else weight


def daily_counts(rng: random.Random, first_day: date, last_day: date, total: int) -> Iterator[tuple[date, int]]:
    """(day, number of incidents) for every day in the range, summing exactly to `total`.

    Each day's weight carries some noise (real daily counts are lumpy); cumulative rounding keeps the sum exact.
    """
    days = [first_day + timedelta(days=offset) for offset in range((last_day - first_day).days + 1)]
    weights = [day_weight(day) * rng.lognormvariate(0, 0.15) for day in days]
    scale = total / sum(weights)
    handed_out, running = 0, 0.0
    for day, weight in zip(days, weights, strict=True):
        running += weight * scale
        count = min(round(running), total) - handed_out
        handed_out += count
        yield day, count


def times_on(rng: random.Random, day: date, count: int, not_after: datetime) -> list[datetime]:
    """`count` UK-local times on `day` following the hourly rhythm, in order, as aware UTC datetimes."""
    hours = rng.choices(range(24), cum_weights=CUMULATIVE_HOURS[day.weekday()], k=count)
    times = []
    for hour in sorted(hours):
        local = datetime(day.year, day.month, day.day, hour, rng.randrange(60), rng.randrange(60), tzinfo=UK_TIME)
        times.append(min(local.astimezone(UTC), not_after))
    return sorted(times)


def report_delay(rng: random.Random, source: str) -> timedelta:
    """How long after the event it was reported: minutes to a police call handler, days on a web form."""
    if source == "police_system":
        return timedelta(minutes=rng.lognormvariate(3.0, 0.8))
    if source == "public_form":
        return timedelta(hours=rng.lognormvariate(2.5, 1.3))
    return timedelta(hours=rng.lognormvariate(1.5, 1.2))
