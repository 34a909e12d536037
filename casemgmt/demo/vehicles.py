"""Vehicles for generated vehicle-nuisance and abandoned-vehicle incidents: current-style UK registrations
with a common make, model and colour.

A current registration reads memory tag (region letter, then a local office letter), two-digit age
identifier (March: the year, "24"; September: year + 50, "74"), then three random letters, which never use
I or Q. Registrations are unique in the `vehicles` table, so the generator remembers what it has issued.
"""

import random
import string

from casemgmt.demo.names import weighted_table
from casemgmt.demo.weighted import Weighted
from casemgmt.people.normalise import registration_key

# Region letters, weighted towards the East Midlands ("F") and neighbouring offices.
REGIONS = weighted_table(
    "F 25, B 14, A 6, E 5, K 8, L 7, M 6, N 5, Y 6, W 4, V 4, R 4, G 3, H 3, D 2, O 2, P 2, S 1, C 1"
)
OFFICE_LETTERS = "ABCDEFGHJKLMNOPRSTUVWXY"
RANDOM_LETTERS = "".join(letter for letter in string.ascii_uppercase if letter not in "IQ")
MAKES_AND_MODELS = weighted_table("""
    Ford|Fiesta 8, Vauxhall|Corsa 7, Ford|Focus 6, Volkswagen|Golf 6, Vauxhall|Astra 5, Volkswagen|Polo 4,
    Nissan|Qashqai 4, BMW|3 Series 3, Mercedes-Benz|A-Class 3, Audi|A3 3, Toyota|Yaris 3, Peugeot|208 3,
    Mini|Hatch 3, Kia|Sportage 3, Renault|Clio 3, Honda|Civic 2, Seat|Leon 2, Skoda|Octavia 2, BMW|1 Series 2,
    Audi|A4 2, Mercedes-Benz|C-Class 2, Toyota|Prius 1, Ford|Transit 3, Vauxhall|Vivaro 1, Land Rover|Evoque 1,
    Subaru|Impreza 1, Honda|CBR125R 1, Yamaha|YZF-R125 1
""")
COLOURS = weighted_table(
    "Black 20, Grey 18, White 16, Silver 14, Blue 14, Red 10, Green 2, Orange 1, Yellow 1, Brown 1, Bronze 1, Purple 1"
)
FIRST_YEAR, LAST_YEAR = 2005, 2025
YEARS = range(FIRST_YEAR, LAST_YEAR + 1)
# Cars in nuisance reports are mostly neither new nor very old: weight the mid-2010s most.
AGE_IDENTIFIERS = Weighted(
    [f"{year % 100:02d}" for year in YEARS] + [f"{year % 100 + 50:02d}" for year in YEARS],
    [1 + min(year - FIRST_YEAR, LAST_YEAR - year) for year in YEARS] * 2,
)


class Registrations:
    """Issues registrations no vehicle already holds."""

    def __init__(self, taken: set[str]):
        self.taken = taken

    def issue(self, rng: random.Random) -> str:
        while True:
            registration = (
                REGIONS.pick(rng)
                + rng.choice(OFFICE_LETTERS)
                + AGE_IDENTIFIERS.pick(rng)
                + "".join(rng.choices(RANDOM_LETTERS, k=3))
            )
            if registration not in self.taken:
                self.taken.add(registration)
                return registration


def vehicle_row(rng: random.Random, vehicle_id, registration: str, created_at) -> dict:
    make, model = MAKES_AND_MODELS.pick(rng).split("|")
    colour = COLOURS.pick(rng)
    return {
        "id": vehicle_id,
        "registration": registration,
        "registration_key": registration_key(registration),
        "make": make,
        "model": model,
        "colour": colour,
        "created_at": created_at,
    }
