"""Possible duplicates as one user may see them: the live lookup while a person is typed, on the add-person and
log-an-incident pages and their JSON endpoint, and the candidates kept for triage.

Matching runs over the whole partnership; what a user is shown of each candidate is the policy's decision, per
candidate. One they may open is shown in full: name, date of birth and address, with one plain sentence per
field saying what agreed and what differed. One they may not is a stub (kind, organisations, Request access)
that says only which details agree ("name, date of birth and postcode"), never the values: the explanation's
sentences quote them ('Smyth' and 'Smith', 03/02/1990). Nor does it carry the name, whatever STUB_SHOWS_NAME
says: "John Smith, matches on date of birth and postcode" next to what was typed would tell the user John
Smith's date of birth and postcode, as search leaves out the name of a record found by a detail.
"""

import uuid
from dataclasses import dataclass
from datetime import date

from casemgmt.access.models import User
from casemgmt.access.sharing import RecordKind
from casemgmt.access.stubs import RecordStub
from casemgmt.audit.services import record_search
from casemgmt.matching.candidates import Candidate, blocking_keys, find_candidates
from casemgmt.matching.explain import SOME_BITS, Explanation
from casemgmt.matching.fields import BirthDate, PersonFields
from casemgmt.matching.key_index import PartnershipPeopleSource
from casemgmt.matching.services import current_model
from casemgmt.people.models import Person
from casemgmt.search.queries import SearchResult, results_by_id

# Most candidates the page or the API shows: the lookup sorts them most likely first.
SHOWN_AT_MOST = 10
# How the details that agree read, in the order a sentence names them ("name, date of birth and postcode").
DETAIL_WORDS = {
    "name": "name",
    "forename": "first name",
    "surname": "last name",
    "date_of_birth": "date of birth",
    "address": "address",
    "town": "town",
    "postcode": "postcode",
    "phone": "phone number",
    "email": "email address",
}


@dataclass(frozen=True)
class PossibleDuplicate:
    """A candidate as one user may see it: `person` (with `explanation`) when they may open the record, else
    `stub`. `agreeing` names the details that agree, without their values."""

    match_probability: float
    band: str
    agreeing: str
    person: SearchResult | None = None
    explanation: tuple[str, ...] = ()
    stub: RecordStub | None = None

    @property
    def restricted(self) -> bool:
        return self.stub is not None


def typed_person(
    *,
    forename: str | None = None,
    surname: str | None = None,
    date_of_birth: date | str | None = None,
    address_line: str | None = None,
    town: str | None = None,
    postcode: str | None = None,
    phone: str | None = None,
    email: str | None = None,
) -> PersonFields:
    """A person as typed so far, for the lookup: nothing needs to be valid yet (a date that is not one is left
    out). Phone and email become their blind-index digests, as the stored people hold them."""
    try:
        born = BirthDate.parse(date_of_birth)
    except ValueError:
        born = BirthDate()
    phone, email = (phone or "").strip(), (email or "").strip()
    return PersonFields(
        forename=(forename or "").strip(),
        surname=(surname or "").strip(),
        date_of_birth=born,
        address_line=(address_line or "").strip(),
        town=(town or "").strip(),
        postcode=(postcode or "").strip(),
        phone=Person.phone.lookup_hash(Person, phone) if phone else "",
        email=Person.email.lookup_hash(Person, email) if email else "",
    )


def described(person: PersonFields) -> str:
    """What was typed, for the audit trail's record of the lookup, as the query string carries it: names, date
    of birth (YYYY-MM-DD, or as much of it as was given) and postcode; never the phone number or email address,
    which the database holds only encrypted."""
    birth = person.date_of_birth
    born = "-".join(f"{part:0{width}d}" for part, width in ((birth.year, 4), (birth.month, 2), (birth.day, 2)) if part)
    return " ".join(part for part in (person.forename, person.surname, born, person.postcode) if part)


def agreeing_details(explanation: Explanation) -> list[str]:
    """The details counting for the match ("some evidence" or more), by name only."""
    agreeing = [row.field for row in explanation.rows if row.weight >= SOME_BITS]
    if "forename" in agreeing and "surname" in agreeing:
        agreeing = ["name", *(field for field in agreeing if field not in ("forename", "surname"))]
    return agreeing


def in_words(details: list[str]) -> str:
    words = [DETAIL_WORDS[detail] for detail in details] or ["some details"]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def shown_to(user: User, candidates: list[Candidate]) -> list[PossibleDuplicate]:
    """The candidates as `user` may see them, most likely first (two or three queries, however many)."""
    ids = [uuid.UUID(candidate.person_id) for candidate in candidates]
    records = results_by_id(user, RecordKind.PERSON, ids, stub_names=False)
    shown = []
    for record_id, candidate in zip(ids, candidates, strict=True):
        record = records.get(record_id)
        if record is None:
            continue  # gone since the lookup read it
        common = {
            "match_probability": candidate.match_probability,
            "band": candidate.band,
            "agreeing": in_words(agreeing_details(candidate.explanation)),
        }
        if record.restricted:
            shown.append(PossibleDuplicate(**common, stub=record))
        else:
            shown.append(PossibleDuplicate(**common, person=record, explanation=tuple(candidate.explanation.lines())))
    return shown


def look_for_duplicates(actor: User, person: PersonFields) -> list[PossibleDuplicate]:
    """`possible_duplicates`, recorded in the audit trail as a search (it reads across the partnership) and
    committed. Nothing is looked up, or recorded, until enough is typed to look by (a name, say)."""
    if not blocking_keys(person):
        return []
    found = possible_duplicates(actor, person)
    record_search(actor, f"Possible duplicates of {described(person)}", len(found))
    return found


def possible_duplicates(user: User, person: PersonFields) -> list[PossibleDuplicate]:
    """People already held, anywhere in the partnership, who may be `person` (as typed, or as stored: a
    record with the same id is left out), as `user` may see them, most likely first. Nothing is written."""
    candidates = find_candidates(person, PartnershipPeopleSource(), current_model(), limit=SHOWN_AT_MOST)
    return shown_to(user, candidates)
