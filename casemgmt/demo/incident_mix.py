"""What kinds of incident are generated, and how often: the national category mix and the commonest types.

Nationally about two thirds of recorded ASB is nuisance, a quarter personal and a tenth environmental;
rowdy behaviour and noise lead the types. Types come from the `incident_types` table (administrators can
add and retire them), so a type this table does not know still turns up, rarely. Fireworks complaints
multiply around Halloween, Bonfire Night and Diwali.
"""

import random

from casemgmt.demo.directory import IncidentKind
from casemgmt.demo.weighted import Weighted

CATEGORY_SHARES = {"nuisance": 65, "personal": 25, "environmental": 10}
TYPE_WEIGHTS = {
    "intimidation": 35, "threatening_behaviour": 25, "neighbour_nuisance": 30, "nuisance_communications": 10,
    "rowdy_behaviour": 34, "noise": 26, "vehicle_nuisance": 14, "drugs": 10, "street_drinking": 5, "begging": 3,
    "fireworks": 3, "animal_nuisance": 5,
    "fly_tipping": 30, "criminal_damage": 25, "graffiti": 15, "litter": 12, "abandoned_vehicle": 10, "dog_fouling": 8,
}  # fmt: skip
UNKNOWN_TYPE_WEIGHT = 3
FIREWORKS_SEASON_BOOST = 15
# Hate-motivated share by category: about 2% overall, mostly personal incidents.
HATE_RATES = {"personal": 0.06, "nuisance": 0.008, "environmental": 0.003}
VICTIM_RATES = {"personal": 0.95, "nuisance": 0.55, "environmental": 0.15}
GROUP_TYPES = {
    "rowdy_behaviour", "drugs", "street_drinking", "fireworks", "criminal_damage", "graffiti", "vehicle_nuisance",
    "threatening_behaviour", "intimidation", "litter",
}  # fmt: skip
LONE_TYPES = {
    "noise", "neighbour_nuisance", "nuisance_communications", "intimidation", "threatening_behaviour",
    "animal_nuisance", "dog_fouling", "fly_tipping", "begging",
}  # fmt: skip
# Types that usually happen at the victim's own home.
AT_HOME_TYPES = {"noise", "neighbour_nuisance", "animal_nuisance", "nuisance_communications", "intimidation"}
VEHICLE_TYPES = {"vehicle_nuisance": 0.9, "abandoned_vehicle": 0.95}


class IncidentMix:
    """Draws incident types so categories and types come out in the proportions above."""

    def __init__(self, kinds: list[IncidentKind]):
        self.kinds = kinds
        self.ordinary = self._weighted(fireworks_boost=1)
        self.fireworks_season = self._weighted(fireworks_boost=FIREWORKS_SEASON_BOOST)

    def _weighted(self, fireworks_boost: int) -> Weighted[IncidentKind]:
        in_category: dict[str, float] = {}
        for kind in self.kinds:
            in_category[kind.category] = in_category.get(kind.category, 0) + TYPE_WEIGHTS.get(
                kind.code, UNKNOWN_TYPE_WEIGHT
            )
        weights = []
        for kind in self.kinds:
            share = CATEGORY_SHARES.get(kind.category, 0) / in_category[kind.category]
            boost = fireworks_boost if kind.code == "fireworks" else 1
            weights.append(share * TYPE_WEIGHTS.get(kind.code, UNKNOWN_TYPE_WEIGHT) * boost)
        return Weighted(self.kinds, weights)

    def pick(self, rng: random.Random, fireworks_season: bool) -> IncidentKind:
        return (self.fireworks_season if fireworks_season else self.ordinary).pick(rng)
