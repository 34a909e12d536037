"""Offline geocoding and district attribution against facts from the published reference data."""

import csv
import os

import pytest

from casemgmt.maps.geocoding import district_at, locate
from casemgmt.people.models import LocationPrecision

SHARED_CENTROIDS = os.path.join(
    os.path.dirname(__file__), "..", "..", "casemgmt", "maps", "data", "llr_lsoa2011_centroids.csv"
)


def test_every_lsoa_point_falls_in_the_district_ons_puts_it_in():
    # The ONS assigns each LSOA to one district; its representative point must land inside that outline.
    with open(SHARED_CENTROIDS, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 611
    wrong = [
        row["lsoa11cd"]
        for row in rows
        if district_at(float(row["rep_point_lat"]), float(row["rep_point_lon"])) != row["lad_code"]
    ]
    assert wrong == []


@pytest.mark.parametrize(
    ("postcode", "district"),
    [("LE11 3AB", "E07000130"), ("le1 5ww", "E06000016"), ("LE13", "E07000133"), ("LE10 0AA", "E07000132")],
    ids=["Loughborough is Charnwood", "Leicester", "Melton Mowbray", "Hinckley"],
)
def test_postcodes_resolve_to_their_district_centre_marked_approximate(postcode, district):
    location = locate(postcode=postcode)
    assert location.precision == LocationPrecision.OUTCODE
    assert location.district_code == district


def test_points_outside_llr_have_no_district():
    assert district_at(51.5014, -0.1419) is None  # Westminster
    assert locate(postcode="SW1A 1AA") is None  # no offline centre for a London postcode district


def test_a_place_name_is_used_when_there_is_no_postcode():
    location = locate(town="Oakham")
    assert (location.precision, location.district_code) == (LocationPrecision.PLACE, "E06000017")


def test_a_pin_is_exact():
    assert locate(latitude=52.7721, longitude=-1.2062).precision == LocationPrecision.EXACT
