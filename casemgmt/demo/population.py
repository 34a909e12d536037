"""Generated people: LLR residents in the parts ASB gives them, with homes, contact details and markers.

Each person joins one pool in their district: victims (each with a heavy-tailed weight, so a few are victims
again and again, as repeat victims are), lone perpetrators (likewise), groups of three to six young people
who offend together, and witnesses and reporters. People are numbered; incidents refer to them by number
and the id is derived from it, so only a few compact arrays are held however many are made. About one in
fifty is the same person recorded again by another agency, with a spelling variant of their name.
"""

import random
from array import array
from bisect import bisect
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from casemgmt.access.sharing import RecordKind
from casemgmt.demo.bulk_load import BulkLoader, IdSpaces, Sealer
from casemgmt.demo.directory import Directory, grant_rows, owner_columns
from casemgmt.demo.names import another_spelling, pick_name
from casemgmt.demo.places import StreetMap, address_row, le_outcodes
from casemgmt.demo.weighted import Weighted
from casemgmt.matching.fields import BirthDate, PersonFields
from casemgmt.matching.key_index import FILING_CHUNK, filing_rows
from casemgmt.people.models import ConsentToShare, Person, Vulnerability
from casemgmt.people.normalise import name_key

# Ofcom keeps these ranges for drama and demonstrations, so no real subscriber can be reached on them.
# They hold only a few thousand numbers: at scale, unrelated people share a number.
PHONE_FORMATS = ["07700 900{:03d}", "07700900{:03d}", "+44 7700 900{:03d}", "0116 496 0{:03d}", "0115 496 0{:03d}"]
EMAIL_DOMAINS = ["example.com", "example.org", "example.net"]  # reserved for documentation (RFC 2606)
VICTIM_MARKERS = [
    Vulnerability.MENTAL_HEALTH, Vulnerability.PHYSICAL_DISABILITY, Vulnerability.LEARNING_DISABILITY,
    Vulnerability.SOCIAL_ISOLATION, Vulnerability.DOMESTIC_ABUSE,
]  # fmt: skip
KINDS = ["victim", "loner", "group", "witness"]
KIND_CHOICE = Weighted(KINDS, [50, 8, 15, 27])
CONSENT = Weighted([ConsentToShare.NOT_ASKED, ConsentToShare.GIVEN, ConsentToShare.REFUSED], [50, 35, 15])
AGE_RANGES = {"victim": (18, 92, 45), "loner": (18, 68, 32), "witness": (18, 88, 45)}  # low, high, most common
OUTCODES = sorted(le_outcodes())
PROGRESS_EVERY = 50_000


def heavy_tail(rng: random.Random) -> float:
    """A Pareto weight: most people are involved once or twice, a few dozens of times (capped at 50 times
    the least involved, so no one person takes over a small demo)."""
    return min(rng.paretovariate(1.1), 50.0)


@dataclass
class Pool:
    """People (or groups, by their first member) of one district with cumulative draw weights."""

    members: array = field(default_factory=lambda: array("q"))
    cumulative: array = field(default_factory=lambda: array("d"))

    def add(self, number: int, weight: float) -> None:
        self.members.append(number)
        self.cumulative.append((self.cumulative[-1] if self.cumulative else 0.0) + weight)

    def draw(self, rng: random.Random) -> int | None:
        if not self.members:
            return None
        return self.members[bisect(self.cumulative, rng.random() * self.cumulative[-1], 0, len(self.members) - 1)]


@dataclass
class Home:
    address_number: int
    address_id: object
    latitude: float
    longitude: float
    outcode: str


class Population:
    """Makes people and remembers per person what incidents need: their home and, for groups, who is in it."""

    def __init__(self, rng: random.Random, streets: StreetMap, directory: Directory, ids: IdSpaces, sealer: Sealer):
        self.rng, self.streets, self.directory, self.ids, self.sealer = rng, streets, directory, ids, sealer
        self.pools: dict[str, dict[str, Pool]] = {}
        self.group_size: dict[int, int] = {}
        self._home_address = array("q")
        self._home_point = array("d")  # latitude, longitude pairs
        self._home_outcode = array("B")
        self._previous: tuple | None = None
        self._previous_home: tuple[str, str, str] = ("", "", "")
        self._unfiled: list[PersonFields] = []  # people whose duplicate-matching keys are not yet worked out
        self.count = 0

    def person_id(self, number: int):
        return self.ids.of("person", number)

    def home(self, number: int) -> Home:
        address = self._home_address[number]
        latitude, longitude = self._home_point[2 * number], self._home_point[2 * number + 1]
        return Home(address, self.ids.of("address", address), latitude, longitude, OUTCODES[self._home_outcode[number]])

    def pool(self, district_code: str, kind: str) -> Pool:
        if district_code not in self.pools:
            self.pools[district_code] = {name: Pool() for name in KINDS}
        return self.pools[district_code][kind]

    def draw(self, district_code: str, kind: str) -> int | None:
        """A person (or group) of `kind` from the district; with few people, from the district that has most."""
        number = self.pool(district_code, kind).draw(self.rng)
        if number is None and self.pools:
            fullest = max(self.pools.values(), key=lambda pools: len(pools[kind].members))
            number = fullest[kind].draw(self.rng)
        return number

    def generate(
        self,
        loader: BulkLoader,
        count: int,
        districts: dict[str, float],
        first_day: date,
        now: datetime,
        progress: Callable[[int], None] = lambda made: None,
    ) -> None:
        """Add `count` people, spread over districts by `districts` weights; `progress` hears every 50,000."""
        district_choice = Weighted.from_mapping(districts)
        earliest = datetime.combine(first_day, datetime.min.time(), now.tzinfo) - timedelta(days=365)
        target, next_report = self.count + count, self.count + PROGRESS_EVERY
        while self.count < target:
            if self.count >= next_report:
                progress(self.count)
                next_report += PROGRESS_EVERY
            district = district_choice.pick(self.rng)
            neighbourhood = self.streets.neighbourhood_in(self.rng, district)
            kind = KIND_CHOICE.pick(self.rng)
            created_at = earliest + (now - earliest) * self.rng.random() ** 0.7
            if kind == "group":
                size = min(self.rng.randint(3, 6), target - self.count)
                self.pool(district, "group").add(self.count, heavy_tail(self.rng))
                self.group_size[self.count] = size
                age = self.rng.randint(13, 19)
                for _ in range(size):
                    self._person(loader, district, neighbourhood, age + self.rng.randint(0, 2), "group", created_at)
                continue
            self.pool(district, kind).add(self.count, 1.0 if kind == "witness" else heavy_tail(self.rng))
            low, high, mode = AGE_RANGES[kind]
            age = (
                self.rng.randint(10, 17)
                if kind == "victim" and self.rng.random() < 0.05
                else round(self.rng.triangular(low, high, mode))
            )
            self._person(loader, district, neighbourhood, age, kind, created_at)
        self.file_keys(loader)
        if count:
            progress(self.count)

    def _person(self, loader: BulkLoader, district: str, neighbourhood: int, age: int, kind: str, created_at) -> None:
        rng, person_id = self.rng, self.person_id(self.count)
        if self._previous is not None and kind != "group" and rng.random() < 0.02:
            forename, surname, date_of_birth, phone = self._previous
            if rng.random() < 0.5:
                forename = another_spelling(rng, forename)
            else:
                surname = another_spelling(rng, surname)
            self._same_home_as(self.count - 1)
        else:
            name = pick_name(rng, district, age)
            forename, surname = name.forename, name.surname
            date_of_birth = created_at.date() - timedelta(days=age * 365 + rng.randrange(365))
            phone = rng.choice(PHONE_FORMATS).format(rng.randrange(1000)) if rng.random() < 0.7 else None
            self._new_home(loader, neighbourhood, created_at)
        ownership = self.directory.ownership(rng, self.directory.owner_agency(rng, district), district)
        email = self._email(forename, surname, date_of_birth) if rng.random() < 0.4 else None
        sealed = self.sealer.seal(Person, person_id, phone=phone, email=email)
        loader.add(
            "persons",
            {
                "id": person_id,
                "forename": forename,
                "surname": surname,
                "forename_key": name_key(forename),
                "surname_key": name_key(surname),
                "date_of_birth": date_of_birth,
                "consent_to_share": CONSENT.pick(rng),
                **sealed,
                **owner_columns(ownership, created_at),
            },
        )
        line1, town, postcode = self._previous_home
        self._unfiled.append(
            PersonFields(
                str(self.count), forename, surname, BirthDate.parse(date_of_birth), line1, town, postcode,
                sealed["phone_index"] or "", sealed["email_index"] or "",
            )
        )  # fmt: skip
        if len(self._unfiled) >= FILING_CHUNK:
            self.file_keys(loader)
        home = self._home_address[self.count]
        loader.add(
            "person_addresses", {"person_id": person_id, "address_id": self.ids.of("address", home), "is_current": True}
        )
        for grant in grant_rows(self.ids, RecordKind.PERSON, person_id, ownership, created_at):
            loader.add("record_grants", grant)
        self._markers(loader, person_id, age, kind, surname)
        self._previous = (forename, surname, date_of_birth, phone)
        self.count += 1

    def file_keys(self, loader: BulkLoader) -> None:
        """The duplicate-matching keys of the people made since last time, as the app files a person's."""
        for row in filing_rows(self._unfiled, lambda person: self.ids.of("person", int(person.id))):
            loader.add("person_match_keys", row)
        self._unfiled = []

    def _new_home(self, loader: BulkLoader, neighbourhood: int, created_at: datetime) -> None:
        address = self.streets.home(self.rng, neighbourhood)
        number, address_id = self.ids.new("address")
        row = address_row(address_id, address, created_at)
        loader.add("addresses", row)
        self._previous_home = (row["line1"] or "", row["town"] or "", row["postcode"] or "")
        self._home_address.append(number)
        self._home_point.extend((address.latitude, address.longitude))
        self._home_outcode.append(OUTCODES.index(address.street.outcode))

    def _same_home_as(self, other: int) -> None:
        self._home_address.append(self._home_address[other])
        self._home_point.extend(self._home_point[2 * other : 2 * other + 2])
        self._home_outcode.append(self._home_outcode[other])

    def _email(self, forename: str, surname: str, date_of_birth: date) -> str:
        local = f"{name_key(forename)}.{name_key(surname)}".replace(" ", "")
        if self.rng.random() < 0.5:
            local += f"{date_of_birth.year % 100:02d}"
        return f"{local}@{self.rng.choice(EMAIL_DOMAINS)}"

    def _markers(self, loader: BulkLoader, person_id, age: int, kind: str, surname: str) -> None:
        """Vulnerability markers and the odd alias, at the rates ASB caseworkers record them."""
        rng = self.rng
        markers = set()
        if age < 18:
            markers.add(Vulnerability.CHILD)
        if age >= 70:
            markers.add(Vulnerability.OLDER_PERSON)
        if kind == "victim" and rng.random() < 0.15:
            markers.update(rng.sample(VICTIM_MARKERS, k=rng.randint(1, 2)))
        if kind in ("loner", "group") and rng.random() < 0.12:
            markers.add(Vulnerability.SUBSTANCE_MISUSE)
        for marker in sorted(markers):
            loader.add("person_vulnerabilities", {"person_id": person_id, "marker": marker})
        if kind in ("loner", "group") and rng.random() < 0.06:
            # Known by another spelling, or by a previous family name.
            alias = another_spelling(rng, surname)
            if alias == surname:
                alias = pick_name(rng, "", 30).surname
            loader.add(
                "person_aliases",
                {
                    "id": self.ids.new("alias")[1],
                    "person_id": person_id,
                    "forename": rng.choice([None, "Jay", "Kez", "Mo", "Tank", "Smithy", "Little"]),
                    "surname": alias,
                    "surname_key": name_key(alias),
                },
            )
