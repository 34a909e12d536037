"""Possible duplicates kept for triage: found when a person is recorded with no one at the keyboard to check
(the API), stored with the model version that found them, shown on both people's pages until someone decides.

A stored pair is reviewed (and dismissed as different people) only by someone who may see both records: one
who may see only one of them is shown the other as a stub, with Request access.
"""

import uuid
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from casemgmt.access import policy
from casemgmt.access.models import User
from casemgmt.access.sharing import RecordKind, Sharing
from casemgmt.audit.services import record_event
from casemgmt.extensions import db
from casemgmt.matching.candidates import find_candidates
from casemgmt.matching.explain import explain
from casemgmt.matching.key_index import PartnershipPeopleSource
from casemgmt.matching.lookup import SHOWN_AT_MOST, PossibleDuplicate, agreeing_details, in_words, shown_to
from casemgmt.matching.models import CandidateStatus, PersonMatchCandidate
from casemgmt.matching.services import current_model, person_to_fields
from casemgmt.people.models import Person
from casemgmt.people.services import PersonInput, create_person
from casemgmt.search.queries import results_by_id
from casemgmt.service_errors import RecordNotFound

# Loaded with each person of a pair, for the explanation; made once, so the person's statement is built once.
WITH_ADDRESSES = policy.LoaderOptions(selectinload(Person.addresses))


def create_person_for_triage(actor: User, data: PersonInput, sharing: Sharing) -> tuple[Person, list]:
    """`create_person`, then keep everyone across the partnership who may be the same person as open
    candidates for triage (audited with the person's creation, one transaction). Returns the person and the
    candidates as the actor may see them. Raises what `create_person` raises."""
    person = create_person(actor, data, sharing, commit=False)
    model = current_model()
    candidates = find_candidates(person_to_fields(person), PartnershipPeopleSource(), model, limit=SHOWN_AT_MOST)
    db.session.add_all(
        PersonMatchCandidate(
            person_id=person.id,
            candidate_person_id=uuid.UUID(candidate.person_id),
            probability=candidate.match_probability,
            band=candidate.band,
            model_version=model.version,
        )
        for candidate in candidates
    )
    if candidates:
        count = len(candidates)
        detail = f"{count} possible duplicate{'' if count == 1 else 's'} kept for triage (model {model.version})"
        record_event("possible_duplicates_found", actor=actor, object_type="person", object_id=person.id, detail=detail)
    db.session.commit()
    return person, shown_to(actor, candidates)


def _open_pairs_of(person_id: uuid.UUID):
    return select(PersonMatchCandidate).where(
        PersonMatchCandidate.status == CandidateStatus.OPEN,
        or_(PersonMatchCandidate.person_id == person_id, PersonMatchCandidate.candidate_person_id == person_id),
    )


def _other(pair: PersonMatchCandidate, person_id: uuid.UUID) -> uuid.UUID:
    return pair.candidate_person_id if pair.person_id == person_id else pair.person_id


@dataclass(frozen=True)
class StoredDuplicate:
    """An open pair as the person's page lists it: the other record as the user may see it (a search result
    to open, or a stub), its band, and the pair's id for the Review page."""

    pair_id: uuid.UUID
    band: str
    other: object


def open_duplicates_of(user: User, person_id: uuid.UUID) -> list[StoredDuplicate]:
    """Open possible duplicates of a person the user may see, most likely first: one query when there are none,
    three or four when there are."""
    pairs = list(db.session.scalars(_open_pairs_of(person_id).order_by(PersonMatchCandidate.probability.desc())))
    if not pairs:
        return []
    # Unnamed stubs, as in the lookup (see `lookup`): a name beside "possible duplicate" says too much.
    others = results_by_id(user, RecordKind.PERSON, [_other(pair, person_id) for pair in pairs], stub_names=False)
    return [
        StoredDuplicate(pair.id, pair.band, others[_other(pair, person_id)])
        for pair in pairs
        if _other(pair, person_id) in others
    ]


@dataclass(frozen=True)
class PairForReview:
    pair: PersonMatchCandidate
    person: Person
    other: Person
    duplicate: PossibleDuplicate


def pair_for_review(user: User, person_id: uuid.UUID, pair_id: uuid.UUID) -> PairForReview:
    """An open pair of the person, explained, when the user may see both people; else RecordNotFound."""
    pair = db.session.scalar(_open_pairs_of(person_id).where(PersonMatchCandidate.id == pair_id))
    if pair is None:
        raise RecordNotFound()
    person = policy.find_visible_person(user, person_id, WITH_ADDRESSES)
    other = policy.find_visible_person(user, _other(pair, person_id), WITH_ADDRESSES)
    explanation = explain(person_to_fields(person), person_to_fields(other), current_model())
    duplicate = PossibleDuplicate(
        match_probability=explanation.probability,
        band=explanation.band,
        agreeing=in_words(agreeing_details(explanation)),
        explanation=tuple(explanation.lines()),
    )
    return PairForReview(pair, person, other, duplicate)


def dismiss_possible_duplicate(actor: User, person_id: uuid.UUID, pair_id: uuid.UUID) -> PersonMatchCandidate:
    """Record that the two people of an open pair are different people (audited, committed). Only someone who
    may see both may decide it; otherwise, or for a pair already decided, RecordNotFound."""
    review = pair_for_review(actor, person_id, pair_id)
    review.pair.status = CandidateStatus.DISMISSED
    record_event(
        "possible_duplicate_dismissed",
        actor=actor,
        object_type="person",
        object_id=review.pair.person_id,
        detail=f"not the same person as {review.pair.candidate_person_id}",
    )
    db.session.commit()
    return review.pair
