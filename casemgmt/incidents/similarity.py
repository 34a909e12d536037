"""Is this the same problem? Incidents of the same category close in place and time, across the partnership.

Two incidents are possibly the same problem when they share a category, lie within SAME_PROBLEM_RADIUS_METRES
(default 250 m) of each other by great-circle distance and happened within SAME_PROBLEM_DAYS (default 14)
of each other. A box of latitude and longitude around the point is asked of the database first (indexed), and
the exact distance is worked out for what falls in it (haversine, on a sphere of the Earth's mean radius).

The search runs over every incident in the partnership (the public form will use it to spot a report of a
problem already known); what a user is shown of each match is decided by the policy: in full when they may
see it, otherwise as a stub.
"""

import math
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache

from flask import current_app
from sqlalchemy import Float, Integer, Select, bindparam

from casemgmt.access import policy
from casemgmt.access.models import User
from casemgmt.access.sharing import RecordKind
from casemgmt.access.stubs import RecordStub
from casemgmt.db import UTCDateTime, seconds_apart
from casemgmt.extensions import db
from casemgmt.incidents.models import Category, Incident

# The mean Earth radius (IUGG): one degree of latitude is 111,195 m on it.
EARTH_RADIUS_METRES = 6_371_008.8
# The flat-map test lets through points up to this fraction beyond the radius, and a limited search reads this
# many more rows than asked for, so that where the flat map and the sphere disagree (by a centimetre or so at
# the edge) the exact test still has every point it needs.
FLAT_MARGIN = 0.001
FLAT_SLACK = 20
# How many the incident page lists: nearest first.
SHOWN_ON_INCIDENT_PAGE = 5


def haversine_metres(latitude: float, longitude: float, other_latitude: float, other_longitude: float) -> float:
    """The great-circle distance between two points in metres."""
    phi, other_phi = math.radians(latitude), math.radians(other_latitude)
    half_chord = (
        math.sin((other_phi - phi) / 2) ** 2
        + math.cos(phi) * math.cos(other_phi) * math.sin(math.radians(other_longitude - longitude) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_METRES * math.asin(math.sqrt(min(1.0, half_chord)))


def bounding_box(latitude: float, longitude: float, radius_metres: float) -> tuple[float, float, float, float]:
    """(south, north, west, east) in degrees: the smallest box holding every point within `radius_metres`.

    The widest point of the circle in longitude is asin(sin r / cos latitude), a little more than r / cos
    latitude; near a pole the box takes every longitude.
    """
    angle = radius_metres / EARTH_RADIUS_METRES
    spread = math.sin(angle) / max(math.cos(math.radians(latitude)), 1e-12)
    half_width = 180.0 if spread >= 1 else math.degrees(math.asin(spread))
    half_height = math.degrees(angle)
    return latitude - half_height, latitude + half_height, longitude - half_width, longitude + half_width


@dataclass(frozen=True)
class SameProblem:
    """An incident that is possibly the same problem, how far away and how many days apart (either way)."""

    incident_id: uuid.UUID
    distance_metres: float
    days_apart: float

    @property
    def distance_label(self) -> str:
        return f"{round(self.distance_metres):,} m away"

    @property
    def days_label(self) -> str:
        days = int(self.days_apart)
        return "the same day" if days == 0 else f"{days} day{'s' if days != 1 else ''} apart"


def find_same_problem(
    category: Category,
    latitude: float,
    longitude: float,
    occurred_at: datetime,
    *,
    exclude_id: uuid.UUID | None = None,
    radius_metres: float | None = None,
    days: float | None = None,
    limit: int | None = None,
) -> list[SameProblem]:
    """Incidents in the partnership of `category` within the radius and period (the settings, unless given),
    nearest first, then closest in time: every one, or the first `limit`. For matching only: show each through
    `possibly_same_problem` or the policy, never as it is."""
    radius = current_app.config["SAME_PROBLEM_RADIUS_METRES"] if radius_metres is None else radius_metres
    period = timedelta(days=current_app.config["SAME_PROBLEM_DAYS"] if days is None else days)
    south, north, west, east = bounding_box(latitude, longitude, radius)
    radius_degrees = math.degrees(radius / EARTH_RADIUS_METRES) * (1 + FLAT_MARGIN)
    parameters = {
        "category": category,
        "south": south,
        "north": north,
        "west": west,
        "east": east,
        "earliest": occurred_at - period,
        "latest": occurred_at + period,
        "latitude": latitude,
        "longitude": longitude,
        "longitude_scale": math.cos(math.radians(latitude)),
        "radius_squared": radius_degrees * radius_degrees,
        "occurred_at": occurred_at,
        "exclude_id": exclude_id,
        "row_limit": None if limit is None else limit + FLAT_SLACK,
    }
    rows = db.session.execute(_nearby_incidents(exclude_id is not None, limit is not None), parameters)
    found = []
    for incident_id, other_latitude, other_longitude, other_time in rows:
        distance = haversine_metres(latitude, longitude, other_latitude, other_longitude)
        apart = abs(other_time - occurred_at)
        if distance <= radius and apart <= period:
            found.append(SameProblem(incident_id, distance, apart / timedelta(days=1)))
    found.sort(key=lambda match: (match.distance_metres, match.days_apart, str(match.incident_id)))
    return found[:limit]


@cache
def _nearby_incidents(excluding: bool, limited: bool) -> Select:
    """The same-problem search, built once (it runs on every incident page) and run with the place, time and
    settings as parameters: incidents of the category in the box and period, nearest first, then closest in time.

    The database ranks by distance on a flat map of the box (squared, in degrees of latitude), which at a few
    hundred metres orders points as the great-circle distance does to within a centimetre; so a town centre with
    hundreds of incidents in the box sends back only the nearest few. The exact test is made by the caller.
    """
    north_offset = Incident.latitude - bindparam("latitude", type_=Float())
    east_offset = (Incident.longitude - bindparam("longitude", type_=Float())) * bindparam(
        "longitude_scale", type_=Float()
    )
    flat_distance = north_offset * north_offset + east_offset * east_offset
    query = (
        policy.partnership_records(RecordKind.INCIDENT)
        .with_only_columns(Incident.id, Incident.latitude, Incident.longitude, Incident.occurred_at)
        .where(
            Incident.category == bindparam("category"),
            Incident.latitude.between(bindparam("south"), bindparam("north")),
            Incident.longitude.between(bindparam("west"), bindparam("east")),
            Incident.occurred_at.between(bindparam("earliest"), bindparam("latest")),
            flat_distance <= bindparam("radius_squared", type_=Float()),
        )
        .order_by(flat_distance, seconds_apart(Incident.occurred_at, bindparam("occurred_at", type_=UTCDateTime())))
        .order_by(Incident.id)
    )
    if excluding:
        query = query.where(Incident.id != bindparam("exclude_id"))
    return query.limit(bindparam("row_limit", type_=Integer())) if limited else query


@dataclass
class PossiblySameProblem:
    """What a user is shown of the incidents that may be the same problem: those they may see, in full with
    how far and how long apart, and stubs of the rest (which say neither)."""

    visible: list[tuple[Incident, SameProblem]] = field(default_factory=list)
    stubs: list[RecordStub] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.visible or self.stubs)


def possibly_same_problem(user: User, incident: Incident, limit: int = SHOWN_ON_INCIDENT_PAGE) -> PossiblySameProblem:
    """The nearest `limit` incidents that may be the same problem as `incident` (one with coordinates), as the
    user may see them. Two queries (the matches, the visible ones among them), a third only for stubs."""
    if incident.latitude is None or incident.longitude is None:
        return PossiblySameProblem()
    found = find_same_problem(
        incident.category,
        incident.latitude,
        incident.longitude,
        incident.occurred_at,
        exclude_id=incident.id,
        limit=limit,
    )
    ids = [match.incident_id for match in found]
    shown = policy.visible_among(user, RecordKind.INCIDENT, ids)
    visible = {record.id: record for record in shown}
    stubs = policy.hidden_record_stubs(user, RecordKind.INCIDENT, [i for i in ids if i not in visible])
    return PossiblySameProblem(
        [(visible[match.incident_id], match) for match in found if match.incident_id in visible],
        [stubs[incident_id] for incident_id in ids if incident_id in stubs],
    )
