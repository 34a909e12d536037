"""Blocking: which pairs are worth comparing at all.

Comparing everyone with everyone is N^2/2 pairs (5 x 10^9 for 100,000 people). Instead each person gets a few
keys, one per rule below, and only people sharing at least one key are compared. Rules combine a phonetic key
(Double Metaphone) or initial of one name with another field, so one typo, a swapped day and month, a
nickname or a move of house leaves at least one rule that still brings the pair together.

A key shared by more than `LARGEST_BLOCK` people says too little (everyone born in 1990 and called Smith in a
large city): that block is skipped, and the other rules must find its pairs.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from casemgmt.matching.table import PeopleTable, distinct_sorted, factorise

LARGEST_BLOCK = 100


@dataclass(frozen=True)
class BlockingRule:
    """A named rule giving each row its keys (none, one or several): rows sharing a key are compared."""

    name: str
    keys: Callable[[PeopleTable, int], tuple[str, ...]]


def _text(table: PeopleTable, field: str, row: int) -> str:
    return table.text[field][row]


def _joined(*parts: str) -> tuple[str, ...]:
    return ("|".join(parts),) if all(parts) else ()


def _birth_date(table: PeopleTable, row: int) -> str:
    year, month, day = (int(table.birth_year[row]), int(table.birth_month[row]), int(table.birth_day[row]))
    return f"{year}-{month}-{day}" if year and month and day else ""


def _birth_date_any_order(table: PeopleTable, row: int) -> tuple[str, ...]:
    """Year with day and month in either order, so a swapped day and month share the key."""
    year, month, day = (int(table.birth_year[row]), int(table.birth_month[row]), int(table.birth_day[row]))
    return (f"{year}-{min(month, day)}-{max(month, day)}",) if year and month and day else ()


def _year(table: PeopleTable, row: int) -> str:
    return str(table.birth_year[row] or "")


def _either_name(table: PeopleTable, row: int, other: Callable[[PeopleTable, int], str], initials=False):
    """Keys pairing `other` with each name's sound (or the other name's initial with each name's sound), so
    a forename and surname entered the wrong way round still share a key."""
    forename_sound, surname_sound = _text(table, "forename_sound", row), _text(table, "surname_sound", row)
    if initials:
        forename_initial, surname_initial = _text(table, "forename", row)[:1], _text(table, "surname", row)[:1]
        return _joined(surname_sound, forename_initial) + _joined(forename_sound, surname_initial)
    value = other(table, row)
    return _joined(surname_sound, value) + _joined(forename_sound, value)


def _name_sounds(table: PeopleTable, row: int) -> tuple[str, ...]:
    sounds = sorted((_text(table, "forename_sound", row), _text(table, "surname_sound", row)))
    return _joined(*sounds)


def _initials_with(field: str):
    def keys(table: PeopleTable, row: int) -> tuple[str, ...]:
        value = _text(table, field, row)
        return _joined(value, _text(table, "forename", row)[:1]) + _joined(value, _text(table, "surname", row)[:1])

    return keys


RULES: tuple[BlockingRule, ...] = (
    BlockingRule("names", _name_sounds),
    BlockingRule("name_and_other_initial", lambda t, r: _either_name(t, r, None, initials=True)),
    BlockingRule("name_and_birth_year", lambda t, r: _either_name(t, r, _year)),
    BlockingRule("name_and_town", lambda t, r: _either_name(t, r, lambda t, r: _text(t, "town", r))),
    BlockingRule("name_and_house_number", lambda t, r: _either_name(t, r, lambda t, r: _text(t, "house_numbers", r))),
    BlockingRule("forename_and_birth_date", lambda t, r: _joined(_text(t, "forename_sound", r), _birth_date(t, r))),
    BlockingRule("birth_date", _birth_date_any_order),
    BlockingRule("postcode_and_initial", _initials_with("postcode")),
    BlockingRule("address_and_town", lambda t, r: _joined(_text(t, "address", r), _text(t, "town", r))),
    BlockingRule("phone", lambda t, r: _joined(_text(t, "phone", r))),
    BlockingRule("email", lambda t, r: _joined(_text(t, "email", r))),
)
RULES_BY_NAME = {rule.name: rule for rule in RULES}


def keys_of(table: PeopleTable, row: int, rules=RULES) -> list[str]:
    """The blocking keys of one row, each prefixed with its rule's name (for an index of keys), each once (a
    forename and surname with the same initial give the same postcode key twice)."""
    return list(dict.fromkeys(f"{rule.name}:{key}" for rule in rules for key in rule.keys(table, row)))


def pairs_within_blocks(rows: np.ndarray, codes: np.ndarray, size: int, largest_block=LARGEST_BLOCK) -> np.ndarray:
    """Every pair of distinct rows sharing a code, encoded `low * size + high`, skipping blocks larger than
    `largest_block`. `rows[i]` holds key `codes[i]`; a row may appear with several codes."""
    order = np.argsort(codes, kind="stable")
    rows, codes = rows[order], codes[order]
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]]) if len(codes) else np.zeros(0, dtype=np.int64)
    counts = np.diff(np.r_[starts, len(codes)])
    keep = np.repeat(counts <= largest_block, counts)
    rows, codes = rows[keep], codes[keep]
    found = []
    for offset in range(1, int(counts[counts <= largest_block].max(initial=1))):
        same = (codes[offset:] == codes[:-offset]) & (rows[offset:] != rows[:-offset])
        if not same.any():
            break
        first, second = rows[:-offset][same], rows[offset:][same]
        found.append(np.minimum(first, second).astype(np.int64) * size + np.maximum(first, second))
    return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)


def rule_pairs(table: PeopleTable, rule: BlockingRule, largest_block: int = LARGEST_BLOCK) -> np.ndarray:
    """The encoded pairs one rule brings together."""
    rows, keys = [], []
    for row in range(table.size):
        for key in rule.keys(table, row):
            rows.append(row)
            keys.append(key)
    codes = factorise(keys)[0]
    return pairs_within_blocks(np.array(rows, dtype=np.int64), codes, table.size, largest_block)


def candidate_pairs(
    table: PeopleTable, rules=RULES, largest_block: int = LARGEST_BLOCK
) -> tuple[np.ndarray, np.ndarray]:
    """The distinct pairs (left < right) sharing a key under at least one rule."""
    encoded = [rule_pairs(table, rule, largest_block) for rule in rules]
    unique = distinct_sorted(np.concatenate(encoded)) if encoded else np.zeros(0, dtype=np.int64)
    return unique // max(table.size, 1), unique % max(table.size, 1)
