"""Is this the same problem? Incidents of the same category within 250 m and 14 days (the settings), across the
partnership: those the user may see in full, with how far and how long apart, the others as stubs.

Offsets are worked out by hand on a sphere of the Earth's mean radius, 6,371,008.8 m: one degree of latitude is
6,371,008.8 x pi / 180 = 111,195.08 m, so 249 m north is 249 / 111,195.08 = 0.00223931 degrees and 251 m is
0.00225729 degrees. One degree of longitude at 52.7721 N is 111,195.08 x cos(52.7721) = 67,271.57 m, so 249 m
east is 0.00370142 degrees.
"""

from datetime import UTC, datetime, timedelta

import pytest

from casemgmt.access.sharing import Sharing, SharingScope
from casemgmt.extensions import db
from casemgmt.incidents import similarity
from casemgmt.incidents.models import Category
from casemgmt.incidents.services import IncidentInput, LocationInput, create_incident
from casemgmt.incidents.similarity import bounding_box, find_same_problem, haversine_metres, possibly_same_problem

LATITUDE, LONGITUDE = 52.7721, -1.2062  # Loughborough market place
NORTH_249_M = 0.00223931
NORTH_251_M = 0.00225729
EAST_249_M = 0.00370142
WHEN = datetime(2026, 10, 1, 12, 0, tzinfo=UTC)


def incident_at(user, *, north=0.0, east=0.0, days=0.0, type_code="noise", scope=SharingScope.TEAM):
    category = {"noise": Category.NUISANCE, "graffiti": Category.ENVIRONMENTAL}[type_code]
    data = IncidentInput(
        occurred_at=WHEN + timedelta(days=days),
        category=category,
        type_code=type_code,
        narrative="Shouting in the street",
        location=LocationInput(latitude=LATITUDE + north, longitude=LONGITUDE + east),
    )
    return create_incident(user, data, Sharing(scope=scope))


def test_distances_on_the_mean_earth_sphere():
    assert haversine_metres(LATITUDE, LONGITUDE, LATITUDE + NORTH_249_M, LONGITUDE) == pytest.approx(249.0, abs=0.01)
    assert haversine_metres(LATITUDE, LONGITUDE, LATITUDE + NORTH_251_M, LONGITUDE) == pytest.approx(251.0, abs=0.01)
    assert haversine_metres(LATITUDE, LONGITUDE, LATITUDE, LONGITUDE + EAST_249_M) == pytest.approx(249.0, abs=0.01)
    south, north, west, east = bounding_box(LATITUDE, LONGITUDE, 250)
    # 250 / 111,195.08 = 0.00224830 degrees of latitude; 250 / 67,271.57 = 0.00371629 degrees of longitude.
    assert (north - LATITUDE, LATITUDE - south) == pytest.approx((0.00224830, 0.00224830), abs=1e-8)
    assert (east - LONGITUDE, LONGITUDE - west) == pytest.approx((0.00371629, 0.00371629), abs=1e-7)


def test_within_250_metres_and_14_days_of_the_same_category(app, partnership):
    officer = partnership.officer
    here = incident_at(officer)
    near = incident_at(officer, north=NORTH_249_M)
    incident_at(officer, north=NORTH_251_M)  # 251 m: too far
    east = incident_at(officer, east=EAST_249_M, days=-14)  # 14 days before: still the same period
    later = incident_at(officer, days=14)
    incident_at(officer, days=15)  # 15 days after: too late
    incident_at(officer, days=-15)  # and 15 before: too early
    incident_at(officer, type_code="graffiti")  # the same place and time, but environmental, not nuisance

    found = find_same_problem(Category.NUISANCE, LATITUDE, LONGITUDE, WHEN, exclude_id=here.id)

    assert [(match.incident_id, round(match.distance_metres), match.days_apart) for match in found] == [
        (later.id, 0, 14.0),
        (near.id, 249, 0.0),
        (east.id, 249, 14.0),
    ]


def test_the_radius_and_period_are_settings(app, partnership, monkeypatch):
    officer = partnership.officer
    farther = incident_at(officer, north=NORTH_251_M, days=15)
    monkeypatch.setitem(app.config, "SAME_PROBLEM_RADIUS_METRES", 300)
    monkeypatch.setitem(app.config, "SAME_PROBLEM_DAYS", 15)
    assert [match.incident_id for match in find_same_problem(Category.NUISANCE, LATITUDE, LONGITUDE, WHEN)] == [
        farther.id
    ]


def test_incidents_the_user_may_not_see_are_stubs(app, partnership, monkeypatch):
    monkeypatch.setitem(app.config, "STUB_SHOWS_NAME", True)
    here = incident_at(partnership.officer)
    mine = incident_at(partnership.officer, north=NORTH_249_M, days=3)
    theirs = incident_at(partnership.stranger, days=-2)  # another council's, shared with its team only

    shown = possibly_same_problem(partnership.officer, here)

    assert [(incident.id, round(match.distance_metres), match.days_apart) for incident, match in shown.visible] == [
        (mine.id, 249, 3.0)
    ]
    assert [(stub.display, stub.organisations) for stub in shown.stubs] == [
        (f"{theirs.reference}: Noise", ("Melton Borough Council",))
    ]


def test_the_incident_page_lists_possibly_the_same_problem(officer_client, partnership):
    here = incident_at(partnership.officer)
    near = incident_at(partnership.officer, north=NORTH_249_M, days=-3)
    theirs = incident_at(partnership.stranger, east=EAST_249_M, days=1)
    db.session.commit()

    page = officer_client.page(f"/incidents/{here.id}")

    assert page.select_one("#same-problem-heading").get_text(strip=True) == "Possibly the same problem"
    items = page.select("#same-problem li")
    assert items[0].select_one("a")["href"] == f"/incidents/{near.id}"
    assert items[0].select_one(".app-same-problem-distance").get_text(strip=True) == "249 m away, 3 days apart"
    # The other council's incident: only what a stub says, never where or when it was.
    stub = items[1].get_text(" ", strip=True)
    assert f"{theirs.reference}: Noise" in stub and "Request access" in stub
    assert "m away" not in stub and "apart" not in stub


def test_no_list_for_an_incident_alone_or_without_coordinates(officer_client, partnership):
    alone = incident_at(partnership.officer)
    assert officer_client.page(f"/incidents/{alone.id}").select_one("#same-problem") is None
    data = IncidentInput(
        occurred_at=WHEN,
        category=Category.NUISANCE,
        type_code="noise",
        narrative="Shouting",
        location=LocationInput(description="Behind the shops"),
    )
    unplaced = create_incident(partnership.officer, data, Sharing(scope=SharingScope.TEAM))
    assert unplaced.latitude is None
    assert not possibly_same_problem(partnership.officer, unplaced)
    assert officer_client.page(f"/incidents/{unplaced.id}").select_one("#same-problem") is None


def test_a_limited_search_keeps_the_nearest_then_the_closest_in_time(app, partnership, monkeypatch):
    # Many incidents share a spot (geocoded to the same street or postcode): among them the closest in time
    # come first. The database ranks and limits (with no rows to spare here, so its order alone decides).
    monkeypatch.setattr(similarity, "FLAT_SLACK", 0)
    officer = partnership.officer
    same_spot = [incident_at(officer, days=days) for days in (-3, 1, 2, -6, 5, -4)]
    farther = [incident_at(officer, north=NORTH_249_M * share, days=0) for share in (0.2, 0.5, 0.9)]
    incident_at(officer, north=NORTH_251_M)  # beyond the radius

    nearest = find_same_problem(Category.NUISANCE, LATITUDE, LONGITUDE, WHEN, limit=3)
    every = find_same_problem(Category.NUISANCE, LATITUDE, LONGITUDE, WHEN)

    # 0 m: 1, 2, 3, 4, 5 then 6 days apart; then about 50 m (0.2 x 249), 125 m and 224 m.
    by_days = [same_spot[index] for index in (1, 2, 0, 5, 4, 3)]
    assert [match.incident_id for match in nearest] == [incident.id for incident in by_days[:3]]
    assert [match.incident_id for match in every] == [incident.id for incident in by_days + farther]
    assert [round(match.distance_metres) for match in every] == [0] * 6 + [50, 125, 224]
