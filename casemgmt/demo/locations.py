"""Where a generated incident happened, located the way the app locates a report, and the vehicles in it.

Incidents happen at the victim's home (most personal and neighbour incidents), at a hotspot that draws
repeat calls (a few shops, parks and bus shelters per district take a large share) or somewhere on a
street. A map pin gives an `exact` point; a report giving only an address or postcode is placed at the
postcode district's centre with `outcode` precision, as the app's offline geocoder would place it.
"""

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from casemgmt.demo.bulk_load import BulkLoader, IdSpaces
from casemgmt.demo.directory import IncidentKind
from casemgmt.demo.incident_mix import AT_HOME_TYPES, VEHICLE_TYPES
from casemgmt.demo.places import SHOP_NAMES, GeneratedAddress, StreetMap, address_row, jitter, le_outcodes
from casemgmt.demo.population import Pool, Population
from casemgmt.demo.vehicles import Registrations, vehicle_row
from casemgmt.people.models import LocationPrecision

INCIDENTS_PER_HOTSPOT = 40
RECENT_VEHICLES_KEPT = 300  # per district: vehicles that may come back in later reports


@dataclass
class Placement:
    columns: dict  # the incident's address and location columns
    where: str  # for the narrative: "on Mill Lane"
    label: str  # for a case title: "Co-op, Mill Lane, Loughborough"
    subject: tuple | None  # a repeat address


def _located(address_id, description, point, outcode: str, pinned: bool) -> dict:
    """Location columns: the pin's point when there is one, else the postcode district's centre."""
    if pinned:
        latitude, longitude, precision = point[0], point[1], LocationPrecision.EXACT
    else:
        centre = le_outcodes()[outcode]
        latitude, longitude, precision = centre.latitude, centre.longitude, LocationPrecision.OUTCODE
    return {
        "address_id": address_id,
        "location_description": description,
        "latitude": latitude,
        "longitude": longitude,
        "location_precision": precision,
    }


class Locations:
    """Places incidents; keeps the district hotspots and recently seen vehicles that reports come back to."""

    def __init__(
        self, rng: random.Random, streets: StreetMap, population: Population, ids: IdSpaces, loader: BulkLoader
    ):
        self.rng, self.streets, self.population, self.ids, self.loader = rng, streets, population, ids, loader
        self.hotspots: dict[str, Pool] = {}
        self.hotspot_addresses: dict[int, GeneratedAddress] = {}
        self.recent_vehicles: dict[str, list] = {}

    def add_hotspots(self, incidents: int, districts: dict[str, float], first_day: date) -> None:
        """About one hotspot per 40 of a district's incidents; the first few draw most (Zipf-like weights,
        flattened at the top so no single place takes more than a percent or two)."""
        total = sum(districts.values())
        created_at = datetime.combine(first_day, time(), tzinfo=UTC)
        for district, weight in districts.items():
            pool = self.hotspots.setdefault(district, Pool())
            for rank in range(max(3, round(incidents * weight / total / INCIDENTS_PER_HOTSPOT))):
                address = self.streets.hotspot(self.rng, self.streets.neighbourhood_in(self.rng, district))
                number, address_id = self.ids.new("address")
                self.loader.add("addresses", address_row(address_id, address, created_at))
                self.hotspot_addresses[number] = address
                pool.add(number, 1 / (rank + 10))

    def place(self, district: str, kind: IncidentKind, victim: int | None, reported_at: datetime) -> Placement:
        at_home = kind.category == "personal" or kind.code in AT_HOME_TYPES
        if victim is not None and at_home and self.rng.random() < 0.8:
            return self._at_home(victim)
        if self.rng.random() < 0.45:
            return self._at_hotspot(district)
        return self._on_street(district, reported_at, residential=at_home)

    def _at_home(self, victim: int) -> Placement:
        home = self.population.home(victim)
        point = jitter(self.rng, home.latitude, home.longitude, 10)
        columns = _located(home.address_id, None, point, home.outcode, pinned=self.rng.random() < 0.4)
        town = le_outcodes()[home.outcode].name
        return Placement(columns, "near the caller's home", f"home address in {town}", ("address", home.address_number))

    def _at_hotspot(self, district: str) -> Placement:
        number = self.hotspots[district].draw(self.rng)
        address = self.hotspot_addresses[number]
        point = jitter(self.rng, address.latitude, address.longitude, 20)
        columns = _located(self.ids.of("address", number), None, point, address.street.outcode, self.rng.random() < 0.6)
        name = address.line1 if address.line1 in SHOP_NAMES else address.line1.lower()
        where = f"at the {name} on {address.street.name}"
        return Placement(
            columns, where, f"{address.line1}, {address.street.name}, {address.street.town}", ("address", number)
        )

    def _on_street(self, district: str, reported_at: datetime, *, residential: bool) -> Placement:
        neighbourhood = self.streets.neighbourhood_in(self.rng, district)
        spot = self.streets.street_spot(self.rng, neighbourhood, residential=residential)
        description, street, latitude, longitude = spot
        pinned = self.rng.random() < 0.75
        address_id = None
        if not pinned:
            # Given only a postcode, the app keeps it as an address with no first line.
            address_id = self.ids.new("address")[1]
            postcode = f"{street.outcode} {street.inward_codes[0]}"
            bare = GeneratedAddress(None, None, street, postcode, latitude, longitude)
            self.loader.add("addresses", address_row(address_id, bare, reported_at))
        columns = _located(address_id, description, (latitude, longitude), street.outcode, pinned)
        return Placement(columns, f"on {street.name}", f"{street.name}, {street.town}", None)

    def add_vehicles(
        self, incident_id, type_code: str, district: str, created_at: datetime, registrations: Registrations
    ):
        """Vehicles seen in vehicle incidents; a car causing nuisance is often reported again."""
        rng = self.rng
        if rng.random() >= VEHICLE_TYPES.get(type_code, 0.0):
            return
        recent = self.recent_vehicles.setdefault(district, [])
        seen = set()
        for _ in range(2 if type_code == "vehicle_nuisance" and rng.random() < 0.2 else 1):
            if recent and rng.random() < 0.3:
                vehicle_id = rng.choice(recent)
            else:
                vehicle_id = self.ids.new("vehicle")[1]
                self.loader.add("vehicles", vehicle_row(rng, vehicle_id, registrations.issue(rng), created_at))
                if len(recent) < RECENT_VEHICLES_KEPT:
                    recent.append(vehicle_id)
                else:
                    recent[rng.randrange(RECENT_VEHICLES_KEPT)] = vehicle_id
            if vehicle_id not in seen:
                seen.add(vehicle_id)
                self.loader.add("incident_vehicles", {"incident_id": incident_id, "vehicle_id": vehicle_id})
