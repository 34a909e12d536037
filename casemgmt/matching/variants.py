"""Forenames one person may be recorded under (Jon and John, Bill and William, Peggy and Margaret).

The table is `data/forename_variants.txt`: one group per line, the formal name first. Two names are variants
when they share a group.
"""

import os
from dataclasses import dataclass, field
from functools import cache

from casemgmt.people.normalise import name_key

VARIANTS_FILE = os.path.join(os.path.dirname(__file__), "data", "forename_variants.txt")


@dataclass(frozen=True)
class NameVariants:
    """Groups of names, looked up by a name's key (see `casemgmt.people.normalise.name_key`)."""

    groups: tuple[tuple[str, ...], ...]
    group_ids: dict[str, frozenset[int]] = field(default_factory=dict)

    @classmethod
    def from_lines(cls, lines) -> "NameVariants":
        groups = []
        for line in lines:
            if line.strip() and not line.lstrip().startswith("#"):
                names = tuple(dict.fromkeys(name_key(name) for name in line.split(",") if name_key(name)))
                if len(names) > 1:
                    groups.append(names)
        ids: dict[str, set[int]] = {}
        for number, names in enumerate(groups):
            for name in names:
                ids.setdefault(name, set()).add(number)
        return cls(tuple(groups), {name: frozenset(numbers) for name, numbers in ids.items()})

    def are_variants(self, name: str, other: str) -> bool:
        """True when the two keys differ and some group holds both."""
        return name != other and not self.group_ids.get(name, frozenset()).isdisjoint(self.group_ids.get(other, ()))

    def formal_name(self, name: str, other: str) -> str | None:
        """Of two variants, the one that is the formal name of a group holding both ("john" for jon/john)."""
        for number in self.group_ids.get(name, frozenset()) & self.group_ids.get(other, frozenset()):
            if self.groups[number][0] in (name, other):
                return self.groups[number][0]
        return None


@cache
def forename_variants() -> NameVariants:
    """The shipped table, read once."""
    with open(VARIANTS_FILE, encoding="utf-8") as handle:
        return NameVariants.from_lines(handle)
