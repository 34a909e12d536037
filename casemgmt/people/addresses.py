"""Address matching: is the address being entered one already held?

Addresses are shared reference records, so entering a known address again (for a person, an incident, a public
report or an import) should reuse its row rather than make another. What counts as the same address:

- the same UPRN: decisive, whatever the text says; two different UPRNs are two different properties;
- the same first lines once normalised (`normalise.address_line_key`: "12 High St" and "12 high street." alike,
  a different house number never) and something that places them together: the same full postcode; or, when
  one of them lacks a full postcode, the same town or the same postcode district, with nothing contradicting;
- a bare postcode, postcode district or town (no first line) is the same as another bare one of the same.

A first line alone ("12 High Street", nothing else) matches only another address with nothing else either:
every town has a High Street.
"""

from dataclasses import dataclass

from sqlalchemy import select

from casemgmt.extensions import db
from casemgmt.people.models import Address
from casemgmt.people.normalise import address_line_key, name_key, normalise_postcode, normalise_uprn, outcode_of

# More addresses than this sharing one first line would be a data problem; compare the oldest.
CANDIDATE_LIMIT = 500

SAME_UPRN = "same UPRN"
SAME_POSTCODE = "same address and postcode"
SAME_DISTRICT = "same address and postcode district"
SAME_TOWN = "same address and town"
SAME_LINES = "same address (no postcode or town on either)"
# Strongest first: the order matches are returned in.
STRENGTH = (SAME_UPRN, SAME_POSTCODE, SAME_TOWN, SAME_DISTRICT, SAME_LINES)


@dataclass(frozen=True)
class AddressMatch:
    address: Address
    reason: str  # one of STRENGTH, for telling the user why

    @property
    def decisive(self) -> bool:
        return self.reason == SAME_UPRN


@dataclass(frozen=True)
class _Wanted:
    key: str
    postcode: str | None
    outcode: str | None
    town: str
    uprn: str | None


def find_matching_addresses(
    line1: str | None, town: str | None, postcode: str | None, uprn: str | None, *, line2: str | None = None
) -> list[AddressMatch]:
    """The addresses already held that are the one described, strongest match first (see the module's rules).

    An exact UPRN match is decisive and returned alone. Reads only; never writes.
    """
    wanted = _Wanted(
        address_line_key(line1, line2),
        normalise_postcode(postcode),
        outcode_of(postcode),
        name_key(town),
        normalise_uprn(uprn),
    )
    if wanted.uprn:
        same = db.session.scalar(
            select(Address).where(Address.uprn == wanted.uprn).order_by(Address.created_at, Address.id).limit(1)
        )
        if same is not None:
            return [AddressMatch(same, SAME_UPRN)]
    if not (wanted.key or wanted.postcode or wanted.outcode or wanted.town):
        return []
    query = select(Address).where(Address.line_key == wanted.key)
    if not wanted.key:  # a bare postcode, district or town: only addresses held in the same one can be it
        query = query.where(_same_area(wanted))
    candidates = db.session.scalars(query.order_by(Address.created_at, Address.id).limit(CANDIDATE_LIMIT))
    matches = [AddressMatch(address, reason) for address in candidates if (reason := _reason(address, wanted))]
    return sorted(matches, key=lambda match: STRENGTH.index(match.reason))


def _same_area(wanted: _Wanted):
    if wanted.postcode:
        return Address.postcode == wanted.postcode
    if wanted.outcode:
        return Address.postcode.is_(None) & (Address.outcode == wanted.outcode)
    return Address.postcode.is_(None) & Address.outcode.is_(None)


def _reason(address: Address, wanted: _Wanted) -> str | None:
    """Why `address` is the one wanted (its first lines already agree), or None when it is not."""
    if wanted.uprn and address.uprn and wanted.uprn != address.uprn:
        return None
    if wanted.postcode and address.postcode:
        return SAME_POSTCODE if wanted.postcode == address.postcode else None
    if wanted.outcode and address.outcode and wanted.outcode != address.outcode:
        return None
    town = name_key(address.town)
    if wanted.town and town:
        return SAME_TOWN if wanted.town == town else None
    if wanted.outcode and address.outcode:
        return SAME_DISTRICT
    if not (wanted.postcode or wanted.outcode or wanted.town or address.postcode or address.outcode or town):
        return SAME_LINES
    return None
