"""Partnership search: people, incidents and cases by name, reference, postcode, registration, phone or email.

What the words look like decides which indexes are asked (a reference, a postcode, a registration, a
name...). The search page looks through every record in the partnership (the policy's partnership_records),
so someone looking for a person another agency holds learns that the record exists: each result on a page
is shown in full when the user may see it, otherwise as a stub (kind, name, organisations and a way to ask
for access). Pickers that link records search only what the user may see. Results from all sources are
paged as one list: people first, then incidents, then cases.
"""

import math
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import ClassVar

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from casemgmt.access import policy
from casemgmt.access.models import User
from casemgmt.access.sharing import RecordKind
from casemgmt.access.stubs import RecordStub
from casemgmt.clock import uk_time
from casemgmt.incidents.case_models import Case
from casemgmt.incidents.models import Incident, IncidentVehicle
from casemgmt.pagination import count_rows_of, page_ids
from casemgmt.people.models import Address, Person, PersonAddress, PersonAlias, Vehicle
from casemgmt.people.normalise import (
    name_key,
    normalise_outcode,
    normalise_postcode,
    normalise_registration,
    registration_key,
)

REFERENCE = re.compile(r"^(ASB|CASE)-\d{4}-\d+$", re.IGNORECASE)
REGISTRATION = re.compile(r"^(?=.*[A-Z])(?=.*[0-9])[A-Z0-9]{2,8}$")
# Times are shown as people in the partnership read them.
# Counting every match of a broad search (a whole postcode district) costs more than it tells anyone.
COUNT_CAP = 1000


# The records a source may match: every one in the partnership, or only those the user may see.
Scope = Callable[[RecordKind], Select]


@dataclass
class SearchResult:
    kind: str  # "person", "incident" or "case"
    id: uuid.UUID
    display: str
    detail: str
    # A result the user may open; a stub (`RecordStub`) in the same list says True.
    restricted: ClassVar[bool] = False


@dataclass
class SearchPage:
    results: list[SearchResult | RecordStub]
    number: int
    size: int
    total: int
    total_is_capped: bool

    @property
    def count(self) -> int:
        return max(1, math.ceil(self.total / self.size))


def _people_sources(scope: Scope, words: str) -> list[Select]:
    """Name searches: surname alone, or forename(s) then surname; people known by that name (aliases) next.

    Each source walks an index in display order, so a common surname stops after one page of people
    instead of sorting every match.
    """
    tokens = name_key(words).split()
    if not tokens:
        return []
    surname = tokens[-1]
    forename = tokens[0] if len(tokens) > 1 else None
    by_name = Person.surname_key == surname
    by_alias = Person.id.in_(select(PersonAlias.person_id).where(PersonAlias.surname_key == surname)) & (
        Person.surname_key != surname
    )
    if forename:
        starts = Person.forename_key.startswith(forename, autoescape=True)
        by_name, by_alias = by_name & starts, by_alias & starts
    order = (Person.surname_key, Person.forename_key, Person.id)
    return [scope(RecordKind.PERSON).where(condition).order_by(*order) for condition in (by_name, by_alias)]


def _contact_sources(scope: Scope, words: str) -> list[Select]:
    if "@" in words:
        return [scope(RecordKind.PERSON).where(Person.email_index == Person.email.lookup_hash(Person, words))]
    digits = re.sub(r"\D", "", words)
    if len(digits) >= 10 and not re.search(r"[A-Za-z]", words):
        return [scope(RecordKind.PERSON).where(Person.phone_index == Person.phone.lookup_hash(Person, words))]
    return []


def _place_sources(scope: Scope, words: str) -> list[Select]:
    postcode = normalise_postcode(words)
    outcode = None if postcode else normalise_outcode(words)
    if not (postcode or outcode):
        return []
    addresses = select(Address.id).where(Address.postcode == postcode if postcode else Address.outcode == outcode)
    people = scope(RecordKind.PERSON).where(
        Person.id.in_(select(PersonAddress.person_id).where(PersonAddress.address_id.in_(addresses)))
    )
    incidents = scope(RecordKind.INCIDENT).where(Incident.address_id.in_(addresses))
    return [
        people.order_by(Person.surname_key, Person.forename_key, Person.id),
        incidents.order_by(Incident.occurred_at.desc(), Incident.id),
    ]


def _vehicle_sources(scope: Scope, words: str) -> list[Select]:
    registration = normalise_registration(words)
    # A full postcode ("LE3 5XP") also has the letters and digits of a registration; it is read as a postcode.
    if not REGISTRATION.match(registration) or len(words.split()) > 2 or normalise_postcode(words):
        return []
    vehicle_incidents = (
        select(IncidentVehicle.incident_id)
        .join(Vehicle, Vehicle.id == IncidentVehicle.vehicle_id)
        # By key, so "AB12 C0E" finds AB12COE and the other way round (O and 0, I and 1 confused).
        .where(Vehicle.registration_key == registration_key(registration))
    )
    return [
        scope(RecordKind.INCIDENT)
        .where(Incident.id.in_(vehicle_incidents))
        .order_by(Incident.occurred_at.desc(), Incident.id)
    ]


def _reference_sources(scope: Scope, words: str) -> list[Select]:
    reference = words.strip().upper()
    if not REFERENCE.match(reference):
        return []
    if reference.startswith("CASE"):
        return [scope(RecordKind.CASE).where(Case.reference == reference)]
    return [scope(RecordKind.INCIDENT).where(Incident.reference == reference)]


def search_sources(user: User, words: str, *, partnership_wide: bool = False) -> list[Select]:
    """The selects answering `words`, in display order: over only the records the user may see, or, when
    `partnership_wide`, over every record (to be shown through `results_by_id`, never as they are)."""
    scope = policy.partnership_records if partnership_wide else partial(policy.visible_records, user)
    return _read_words(scope, words)[0]


def _read_words(scope: Scope, words: str) -> tuple[list[Select], bool]:
    """The sources answering `words`, and whether they were read as a detail (a phone number, email address,
    postcode or registration) rather than as a name or a reference."""
    words = words.strip()
    if not words:
        return [], False
    sources = _reference_sources(scope, words)
    if sources:
        return sources, False
    sources = _contact_sources(scope, words) or _place_sources(scope, words) + _vehicle_sources(scope, words)
    if sources:
        return sources, True
    return _people_sources(scope, words), False


def search(
    user: User, words: str, page_number: int = 1, size: int = 25, *, partnership_wide: bool = True
) -> SearchPage:
    """One page of results over all sources, with the total (capped at COUNT_CAP + 1 per source).

    Partnership-wide (the search page and API), a record the user may not see is on the page as a stub;
    otherwise only records the user may see are searched (pickers that link records). A stub found by a
    detail never names its record: "this phone number is Jane Doe's" would tell the searcher more than the
    record's existence, which is all a stub may say.
    """
    scope = policy.partnership_records if partnership_wide else partial(policy.visible_records, user)
    sources, by_detail = _read_words(scope, words)
    counts = count_rows_of(sources, cap=COUNT_CAP)
    total = sum(counts)
    number = min(max(1, page_number), max(1, math.ceil(total / size)))
    start, results = (number - 1) * size, []
    for source, count in zip(sources, counts, strict=True):
        if start >= count:
            start -= count
            continue
        kind = KIND_OF_MODEL[source.column_descriptions[0]["entity"]]
        page = page_ids(source, size - len(results), start)
        results.extend(results_by_id(user, kind, page, stub_names=not by_detail).values())
        start = 0
        if len(results) >= size:
            break
    return SearchPage(results, number, size, total, any(count > COUNT_CAP for count in counts))


KIND_OF_MODEL = {Person: RecordKind.PERSON, Incident: RecordKind.INCIDENT, Case: RecordKind.CASE}


def results_by_id(
    user: User, kind: RecordKind, ids: list[uuid.UUID], *, stub_names: bool = True
) -> dict[uuid.UUID, SearchResult | RecordStub]:
    """Each of `ids` as the user may see it, in the order given: in full, or as a stub when hidden (named
    only when `stub_names`).

    One query loads the visible ones with what they show; one more makes stubs, only when some are hidden.
    Ids of records that do not exist are left out. The keys are for placing results, never for showing.
    """
    visible = {record.id: record for record in policy.visible_among(user, kind, ids, DISPLAY_DETAILS[kind])}
    hidden = [record_id for record_id in ids if record_id not in visible]
    stubs = policy.hidden_record_stubs(user, kind, hidden, show_names=stub_names)
    return {
        record_id: describe(visible[record_id]) if record_id in visible else stubs[record_id]
        for record_id in ids
        if record_id in visible or record_id in stubs
    }


# What `describe` shows comes in the same round trip, so a page of results costs one query per source.
DISPLAY_DETAILS = {
    RecordKind.PERSON: policy.LoaderOptions(joinedload(Person.addresses)),
    RecordKind.INCIDENT: policy.LoaderOptions(),
    RecordKind.CASE: policy.LoaderOptions(),
}


def describe(record) -> SearchResult:
    """How a record appears in a result list."""
    if isinstance(record, Person):
        born = f"born {record.date_of_birth:%d/%m/%Y}" if record.date_of_birth else "date of birth not recorded"
        address = record.current_address
        return SearchResult("person", record.id, record.display_name, f"{born}; {address.display}" if address else born)
    if isinstance(record, Incident):
        return SearchResult(
            "incident",
            record.id,
            f"{record.reference}: {record.incident_type.label}",
            f"{uk_time(record.occurred_at):%d/%m/%Y %H:%M}, {record.location_display}",
        )
    return SearchResult("case", record.id, f"{record.reference}: {record.title}", record.status.label)
