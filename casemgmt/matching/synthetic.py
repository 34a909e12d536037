"""Generated people for the matching benchmark and for the default model: Leicestershire-like names and homes
(the demo generator's), and about one person in twenty recorded again with the mistakes real records hold (a
nickname or another spelling, a typo, day and month swapped, a part left blank, a move of house), with the true
duplicate pairs.
"""

import random
from datetime import date, timedelta

from casemgmt.demo.names import another_spelling, pick_name
from casemgmt.demo.places import district_weights, street_map
from casemgmt.demo.weighted import Weighted
from casemgmt.matching.fields import BirthDate, PersonFields
from casemgmt.matching.variants import forename_variants

LETTERS = "abcdefghijklmnopqrstuvwxyz"


def typo(rng: random.Random, text: str) -> str:
    """One keying slip: a letter dropped, doubled, replaced or two swapped."""
    if len(text) < 3:
        return text
    position = rng.randrange(1, len(text) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return text[:position] + text[position + 1 :]
    if kind == 1:
        return text[:position] + text[position] + text[position:]
    if kind == 2:
        return text[:position] + rng.choice(LETTERS) + text[position + 1 :]
    return text[: position - 1] + text[position] + text[position - 1] + text[position + 1 :]


def nickname(rng: random.Random, forename: str) -> str:
    variants = forename_variants()
    key = forename.lower()
    options = [name for number in variants.group_ids.get(key, ()) for name in variants.groups[number] if name != key]
    return rng.choice(options).title() if options else another_spelling(rng, forename)


def _birth_variant(rng: random.Random, birth: BirthDate) -> BirthDate:
    roll = rng.random()
    if roll < 0.3 and birth.day and birth.day <= 12:
        return BirthDate(birth.year, birth.day, birth.month)
    if roll < 0.6:
        return BirthDate(birth.year, birth.month, min(28, max(1, (birth.day or 1) + rng.choice([-1, 1, 10]))))
    if roll < 0.8:
        return BirthDate(birth.year)
    return BirthDate()


class PeopleGenerator:
    def __init__(self, seed: int = 7):
        self.rng = random.Random(seed)  # noqa: S311 - invented people, not secrets
        self.streets = street_map(seed)
        self.districts = Weighted.from_mapping(district_weights())

    def new_person(self, number: int) -> PersonFields:
        rng = self.rng
        district = self.districts.pick(rng)
        home = self.streets.home(rng, self.streets.neighbourhood_in(rng, district))
        age = rng.randint(16, 90)
        name = pick_name(rng, district, age)
        born = date(2026, 1, 1) - timedelta(days=age * 365 + rng.randrange(365))
        phone = f"07700 9{rng.randrange(100000):05d}" if rng.random() < 0.5 else ""
        email = f"{name.forename}.{name.surname}{rng.randrange(100)}@example.org".lower() if rng.random() < 0.3 else ""
        return PersonFields(
            id=f"p{number}",
            forename=name.forename,
            surname=name.surname,
            date_of_birth=BirthDate(born.year, born.month, born.day) if rng.random() < 0.9 else BirthDate(),
            address_line=home.line1,
            town=home.street.town,
            postcode=home.postcode,
            phone=phone,
            email=email,
        )

    def recorded_again(self, number: int, person: PersonFields) -> PersonFields:
        """The same person as another agency records them: two or three fields differ."""
        rng, changes = self.rng, {}
        for change in rng.sample(["forename", "surname", "birth", "home", "contact", "blank"], rng.randint(1, 3)):
            if change == "forename":
                changes["forename"] = (
                    nickname(rng, person.forename) if rng.random() < 0.6 else typo(rng, person.forename)
                )
            elif change == "surname":
                changes["surname"] = (
                    another_spelling(rng, person.surname) if rng.random() < 0.4 else typo(rng, person.surname)
                )
            elif change == "birth" and not person.date_of_birth.is_missing:
                changes["date_of_birth"] = _birth_variant(rng, person.date_of_birth)
            elif change == "home":
                moved = self.new_person(number)
                changes.update(address_line=moved.address_line, town=moved.town, postcode=moved.postcode)
            elif change == "contact":
                changes.update(phone="", email="")
            elif change == "blank":
                changes[rng.choice(["address_line", "postcode", "town"])] = ""
        values = {field: getattr(person, field) for field in PersonFields.__dataclass_fields__}
        values.update(changes, id=f"p{number}")
        return PersonFields(**values)


def generate_people(count: int, seed: int = 7, duplicate_share: float = 0.05):
    """`count` people, about `duplicate_share` of them second records of earlier ones; and the true pairs."""
    generator = PeopleGenerator(seed)
    people: list[PersonFields] = []
    original_of: dict[int, int] = {}
    for number in range(count):
        if people and generator.rng.random() < duplicate_share:
            earlier = generator.rng.randrange(len(people))
            original = original_of.get(earlier, earlier)
            original_of[number] = original
            people.append(generator.recorded_again(number, people[original]))
        else:
            people.append(generator.new_person(number))
    groups: dict[int, list[int]] = {}
    for number, original in original_of.items():
        groups.setdefault(original, [original]).append(number)
    true_pairs = {
        tuple(sorted((f"p{a}", f"p{b}"))) for members in groups.values() for a in members for b in members if a < b
    }
    return people, true_pairs
