"""Where generated people live and incidents happen: invented streets in real LLR neighbourhoods.

Each LSOA (a census neighbourhood of about 1,500 residents) gets a stable set of invented streets scattered
around its representative point, so addresses on one street share a postcode and a returning address is
recognisably the same place. A street's postcode district is the nearest LE postcode district centre and its
town is that district's town. Stored addresses are what the app itself would make of a typed address with
no full-postcode table: the postcode district's centre at `outcode` precision; only a map pin is `exact`.
"""

import math
import random
from dataclasses import dataclass
from functools import cache

from casemgmt.demo.weighted import Weighted
from casemgmt.maps.reference_data import district_populations, lsoa_points, outcode_centres
from casemgmt.people.models import LocationPrecision
from casemgmt.people.normalise import address_line_key

KM_PER_DEGREE_LATITUDE = 111.2
KM_PER_DEGREE_LONGITUDE = 111.2 * math.cos(math.radians(52.65))  # at LLR's latitude
LEICESTER = "E06000016"
# Recorded ASB per head is markedly higher in the city than in the shire districts.
CITY_OVER_REPRESENTATION = 1.6
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # letters a postcode's inward code may use

STREET_WORDS = [
    "Church", "Mill", "Station", "Victoria", "Albert", "King", "Queen", "Park", "Manor", "Orchard", "Meadow",
    "Willow", "Oak", "Ash", "Beech", "Elm", "Cedar", "Chestnut", "Holly", "Hawthorn", "Jubilee", "Coronation",
    "Windsor", "Gladstone", "Nelson", "Wellington", "Grange", "Spinney", "Brook", "Bridge", "Hall", "School",
    "Chapel", "Farm", "Field", "Green", "Hill", "Forest", "Sycamore", "Rowan", "Laburnum", "Lime", "Highfield",
    "Fosse", "Welford", "Melton", "Belgrave", "Narborough", "Aylestone", "Humberstone", "Evington", "Braunstone",
    "Beaumont", "Saffron", "Uppingham", "Hinckley", "Groby", "Anstey", "Ashby", "Bradgate", "Quorn", "Wolsey",
    "Abbey", "Castle", "Charnwood", "Glenfield", "Kirby", "Syston", "Birstall", "Thurmaston", "Stanley", "Cromwell",
    "Hastings", "Denton", "Burleigh", "Bosworth", "Ratby", "Wigston", "Knighton", "Clarendon", "Westfield",
    "Southfields", "Eastfield", "Northfield",
]  # fmt: skip
STREET_SUFFIXES = [
    "Road", "Street", "Lane", "Avenue", "Close", "Drive", "Way", "Crescent", "Gardens", "Court", "Walk", "Place",
    "Grove", "Rise", "Mews", "View",
]  # fmt: skip
SUFFIXES = Weighted(STREET_SUFFIXES, [30, 18, 10, 8, 10, 8, 5, 4, 3, 2, 2, 2, 3, 2, 1, 1])
# Shops keep their capital letters in a sentence ("at the Co-op"); other places do not ("at the play area").
SHOP_NAMES = {"Co-op", "One Stop", "Tesco Express", "Londis"}
# Places that draw repeat calls: (name, whether it has a street number)
HOTSPOT_KINDS = [
    ("Co-op", True), ("One Stop", True), ("Tesco Express", True), ("Londis", True), ("Chip shop", True),
    ("Takeaway", True), ("Bus shelter", False), ("Recreation ground", False), ("Play area", False),
    ("Skate park", False), ("Car park", False), ("Community centre", True), ("Public house", True),
    ("Garages", False), ("Shopping parade", False), ("Playing fields", False), ("Petrol station", True),
    ("Library", True), ("Leisure centre", True), ("Church hall", True),
]  # fmt: skip


@dataclass(frozen=True)
class Street:
    name: str
    latitude: float
    longitude: float
    outcode: str
    town: str
    inward_codes: tuple[str, ...]
    district_code: str


@dataclass(frozen=True)
class GeneratedAddress:
    line1: str
    line2: str | None
    street: Street
    postcode: str
    latitude: float  # the true point, for incidents whose reporter dropped a pin
    longitude: float


def jitter(rng: random.Random, latitude: float, longitude: float, metres: float) -> tuple[float, float]:
    """A point scattered around another, normally distributed with `metres` standard deviation."""
    return (
        round(latitude + rng.gauss(0, metres / 1000) / KM_PER_DEGREE_LATITUDE, 6),
        round(longitude + rng.gauss(0, metres / 1000) / KM_PER_DEGREE_LONGITUDE, 6),
    )


def _distance_km(latitude: float, longitude: float, other_latitude: float, other_longitude: float) -> float:
    return math.hypot(
        (latitude - other_latitude) * KM_PER_DEGREE_LATITUDE, (longitude - other_longitude) * KM_PER_DEGREE_LONGITUDE
    )


@cache
def le_outcodes() -> dict:
    """The LE postcode districts: generated postcodes stay within Leicester's postcode area."""
    return {code: place for code, place in outcode_centres().items() if code.startswith("LE")}


def nearest_outcode(latitude: float, longitude: float) -> str:
    centres = le_outcodes()
    return min(
        centres, key=lambda code: _distance_km(latitude, longitude, centres[code].latitude, centres[code].longitude)
    )


def district_weights() -> dict[str, float]:
    """Each district's share of incidents: its population, with the city over-represented as real ASB is."""
    return {
        code: population * (CITY_OVER_REPRESENTATION if code == LEICESTER else 1.0)
        for code, population in sorted(district_populations().items())
    }


@cache
def street_map(seed: int) -> "StreetMap":
    """One street map per seed and process: the streets never change, so later runs reuse them."""
    return StreetMap(seed)


class StreetMap:
    """The invented streets of every LLR neighbourhood, the same for the same seed."""

    def __init__(self, seed: int):
        self.seed = seed
        self.neighbourhoods = lsoa_points()
        rng = random.Random(f"{seed}:neighbourhoods")  # noqa: S311 - invented demo data, not secrets
        # Some neighbourhoods see far more ASB than others; a skewed weight per LSOA makes hotspots.
        weights: dict[str, dict[int, float]] = {}
        for index, row in enumerate(self.neighbourhoods):
            weights.setdefault(row["lad_code"], {})[index] = rng.lognormvariate(0, 0.7)
        self.by_district = {code: Weighted.from_mapping(district) for code, district in weights.items()}
        self._streets: dict[int, list[Street]] = {}

    def neighbourhood_in(self, rng: random.Random, district_code: str) -> int:
        return self.by_district[district_code].pick(rng)

    def streets(self, neighbourhood: int) -> list[Street]:
        if neighbourhood not in self._streets:
            self._streets[neighbourhood] = self._make_streets(neighbourhood)
        return self._streets[neighbourhood]

    def _make_streets(self, neighbourhood: int) -> list[Street]:
        row = self.neighbourhoods[neighbourhood]
        # Seeded per LSOA so a neighbourhood's streets are the same whichever order they are first asked for.
        rng = random.Random(f"{self.seed}:{row['lsoa11cd']}")  # noqa: S311 - invented demo data, not secrets
        # Rural LSOAs cover many km2, but people live in villages: cap the spread.
        spread_metres = min(350 * math.sqrt(float(row["area_km2_approx"])), 1500)
        names: set[str] = set()
        streets: list[Street] = []
        count = rng.randint(10, 18)
        while len(streets) < count:
            name = self._street_name(rng)
            if name in names:
                continue
            names.add(name)
            latitude, longitude = jitter(rng, float(row["rep_point_lat"]), float(row["rep_point_lon"]), spread_metres)
            outcode = nearest_outcode(latitude, longitude)
            inward = tuple(
                f"{rng.randint(0, 9)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"
                for _ in range(rng.randint(1, 2))
            )
            town = le_outcodes()[outcode].name
            streets.append(Street(name, latitude, longitude, outcode, town, inward, row["lad_code"]))
        return streets

    @staticmethod
    def _street_name(rng: random.Random) -> str:
        if rng.random() < 0.04:
            return rng.choice(["High Street", "Main Street", "Market Place", "The Green", "The Crescent"])
        return f"{rng.choice(STREET_WORDS)} {SUFFIXES.pick(rng)}"

    def home(self, rng: random.Random, neighbourhood: int) -> GeneratedAddress:
        street = rng.choice(self.streets(neighbourhood))
        number = rng.randint(1, 160)
        latitude, longitude = jitter(rng, street.latitude, street.longitude, 80)
        postcode = f"{street.outcode} {street.inward_codes[number % len(street.inward_codes)]}"
        if rng.random() < 0.15:  # about one household in seven lives in a flat
            court = f"{rng.choice(STREET_WORDS)} {rng.choice(['Court', 'House', 'Lodge'])}"
            return GeneratedAddress(
                f"Flat {number % 40 + 1}, {court}", street.name, street, postcode, latitude, longitude
            )
        return GeneratedAddress(f"{number} {street.name}", None, street, postcode, latitude, longitude)

    def hotspot(self, rng: random.Random, neighbourhood: int) -> GeneratedAddress:
        street = rng.choice(self.streets(neighbourhood))
        kind, numbered = rng.choice(HOTSPOT_KINDS)
        latitude, longitude = jitter(rng, street.latitude, street.longitude, 80)
        line2 = f"{rng.randint(1, 160)} {street.name}" if numbered else street.name
        return GeneratedAddress(kind, line2, street, f"{street.outcode} {street.inward_codes[0]}", latitude, longitude)

    def street_spot(
        self, rng: random.Random, neighbourhood: int, *, residential: bool
    ) -> tuple[str, Street, float, float]:
        """A place on a street with no address of its own: a description and a point near it.

        A residential problem (noise, a neighbour) is outside a house; anything else may be anywhere.
        """
        streets = self.streets(neighbourhood)
        street, other = rng.choice(streets), rng.choice(streets)
        description = (
            f"Outside {rng.randint(1, 160)} {street.name}"
            if residential
            else rng.choice(
                [
                    f"Outside {rng.randint(1, 160)} {street.name}",
                    f"Junction of {street.name} and {other.name}" if other is not street else f"{street.name}",
                    f"Alleyway behind {street.name}",
                    f"Bus stop on {street.name}",
                    f"{street.name}, near the shops",
                ]
            )
        )
        latitude, longitude = jitter(rng, street.latitude, street.longitude, 150)
        return f"{description}, {street.town}", street, latitude, longitude


def address_row(address_id, address: GeneratedAddress, created_at) -> dict:
    """An `addresses` row as the app stores a typed address: located at its postcode district's centre."""
    street = address.street
    centre = le_outcodes()[street.outcode]
    return {
        "id": address_id,
        "line1": address.line1,
        "line2": address.line2,
        "line_key": address_line_key(address.line1, address.line2),
        "town": street.town,
        "postcode": address.postcode,
        "outcode": street.outcode,
        "uprn": None,
        "latitude": centre.latitude,
        "longitude": centre.longitude,
        "precision": LocationPrecision.OUTCODE,
        "district_code": street.district_code,
        "created_at": created_at,
    }
