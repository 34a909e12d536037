"""Offline geocoding: a point, a postcode or a place name becomes coordinates, a precision and a district.

There is no full-postcode table, so a full postcode resolves to its district's centre and is marked as
approximate (`outcode`). Exact points come from a map pin or coordinates given through the API.
"""

from dataclasses import dataclass

from casemgmt.maps.reference_data import district_polygons, outcode_centres, places
from casemgmt.people.models import LocationPrecision
from casemgmt.people.normalise import outcode_of


@dataclass(frozen=True)
class Location:
    latitude: float
    longitude: float
    precision: LocationPrecision
    district_code: str | None


def _inside_ring(longitude: float, latitude: float, ring: list[tuple[float, float]]) -> bool:
    """Ray casting: an odd number of edge crossings to the right means inside."""
    inside = False
    previous_x, previous_y = ring[-1]
    for x, y in ring:
        if (y > latitude) != (previous_y > latitude):
            crossing_x = x + (latitude - y) * (previous_x - x) / (previous_y - y)
            if longitude < crossing_x:
                inside = not inside
        previous_x, previous_y = x, y
    return inside


def district_at(latitude: float, longitude: float) -> str | None:
    """The ONS code of the LLR district containing the point, or None outside LLR.

    Holes are rings too, so counting the rings that contain the point (even-odd rule) handles them.
    """
    for code, rings in district_polygons().items():
        if sum(_inside_ring(longitude, latitude, ring) for ring in rings) % 2 == 1:
            return code
    return None


def locate(
    *,
    latitude: float | None = None,
    longitude: float | None = None,
    postcode: str | None = None,
    town: str | None = None,
) -> Location | None:
    """The best location the inputs give, most precise first; None when nothing can be placed."""
    if latitude is not None and longitude is not None:
        return Location(latitude, longitude, LocationPrecision.EXACT, district_at(latitude, longitude))
    outcode = outcode_of(postcode)
    centre = outcode_centres().get(outcode) if outcode else None
    precision = LocationPrecision.OUTCODE
    if centre is None and town:
        centre, precision = places().get(town.strip().lower()), LocationPrecision.PLACE
    if centre is None:
        return None
    return Location(centre.latitude, centre.longitude, precision, district_at(centre.latitude, centre.longitude))
