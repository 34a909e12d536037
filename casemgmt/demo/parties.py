"""Who is involved in a generated incident: the victim, perpetrators, the reporter and any witnesses.

Victims, lone perpetrators and groups are drawn by their heavy-tailed weights, so the same few recur;
a group turns up two to six strong; most victims report for themselves; one incident in five has
witnesses. Nobody is linked twice to the same incident.
"""

import random
from dataclasses import dataclass, field

from casemgmt.demo.incident_mix import GROUP_TYPES, LONE_TYPES, VICTIM_RATES
from casemgmt.demo.population import Population
from casemgmt.incidents.models import IncidentRole


@dataclass
class Parties:
    links: list[tuple[int, IncidentRole]] = field(default_factory=list)  # (person number, role)
    subjects: list[tuple] = field(default_factory=list)  # the repeat victim, group or offender behind it
    victim: int | None = None

    def add(self, number: int | None, role: IncidentRole) -> None:
        if number is not None and all(existing != number for existing, _ in self.links):
            self.links.append((number, role))


def involve_people(rng: random.Random, population: Population, district: str, type_code: str, category: str) -> Parties:
    parties = Parties()
    if rng.random() < VICTIM_RATES.get(category, 0.3):
        parties.victim = population.draw(district, "victim")
        if parties.victim is not None:
            parties.add(parties.victim, IncidentRole.VICTIM)
            parties.subjects.append(("victim", parties.victim))
    _perpetrators(rng, population, district, type_code, parties)
    if parties.victim is not None and rng.random() < 0.7:
        # The victim reporting for themselves holds both roles.
        parties.links.append((parties.victim, IncidentRole.REPORTER))
    elif rng.random() < 0.5:
        parties.add(population.draw(district, "witness"), IncidentRole.REPORTER)
    if rng.random() < 0.2:
        for _ in range(rng.randint(1, 2)):
            parties.add(population.draw(district, "witness"), IncidentRole.WITNESS)
    return parties


def _perpetrators(rng: random.Random, population: Population, district: str, type_code: str, parties: Parties) -> None:
    if type_code in GROUP_TYPES and rng.random() < 0.35:
        first = population.draw(district, "group")
        if first is not None:
            size = population.group_size[first]
            for number in rng.sample(range(first, first + size), k=rng.randint(min(2, size), size)):
                parties.add(number, IncidentRole.PERPETRATOR)
            parties.subjects.append(("group", first))
    elif type_code in LONE_TYPES and rng.random() < 0.55:
        perpetrator = population.draw(district, "loner")
        if perpetrator is not None:
            parties.add(perpetrator, IncidentRole.PERPETRATOR)
            parties.subjects.append(("perpetrator", perpetrator))
