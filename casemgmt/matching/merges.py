"""Merging two records of one person, and undoing a merge exactly. Nothing merges except through these.

`merge_people` moves every link of the merged record (incidents, cases, addresses, other names, vulnerabilities,
open possible-duplicate pairs) to the survivor, makes the merged record's name one of the survivor's other
names, and keeps the merged record (marked `merged_into_id`, `merged_at`) with its own history and grants.
`unmerge_people` replays the merge's undo log backwards (`merge_log.undo`), so every link is back where it
was and what the merge made is gone. Both take the versions the user saw, are audited on both records and own
their transaction. Who may do either is the policy's `may_merge_person`, of both records.
"""

import uuid
from collections.abc import Mapping

from sqlalchemy import delete, select
from sqlalchemy.orm.exc import StaleDataError

from casemgmt.access import policy
from casemgmt.access.models import User
from casemgmt.audit.services import record_event
from casemgmt.db import utcnow
from casemgmt.editing import check_version
from casemgmt.extensions import db
from casemgmt.matching.key_index import file_person
from casemgmt.matching.merge_log import UndoLog, move_links, undo
from casemgmt.matching.merge_models import PersonMerge
from casemgmt.matching.models import PersonMatchKey
from casemgmt.people.models import Person
from casemgmt.service_errors import EditConflict, RecordNotFound, ValidationFailed

REASON_MAX = 1000


def _reason(reason: str | None, message: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed({"reason": message})
    if len(reason) > REASON_MAX:
        raise ValidationFailed({"reason": f"The reason must be {REASON_MAX} characters or fewer"})
    return reason


def _check_unchanged(person: Person, expected_version: int, what: str) -> None:
    """EditConflict when the person changed after the user opened the page (nothing is written)."""
    try:
        check_version(person, expected_version, {}, {})
    except EditConflict as conflict:
        conflict.explanation = (
            f"Nothing was {what}: {person.display_name}’s record changed after you opened this page. "
            "Look at it again before you try once more."
        )
        raise


def _save(actor: User, action: str, survivor: Person, merged: Person, reason: str, detail: str) -> None:
    """Save both records as changed by the actor (so their versions move on and an edit opened before is
    refused), audit `action` on each with the reason, and commit; EditConflict if another save slipped in."""
    now = utcnow()
    for person in (survivor, merged):
        person.updated_by_id, person.updated_at = actor.id, now
        db.session.expire(person, ["aliases", "addresses", "vulnerabilities"])  # their links changed underneath
        record_event(action, actor=actor, object_type="person", object_id=person.id, reason=reason, detail=detail)
    try:
        _refile(survivor, merged)
        db.session.commit()
    except StaleDataError as error:
        db.session.rollback()
        conflict = EditConflict(survivor, [], None, survivor.updated_at)
        conflict.explanation = f"Nothing was {action}: one of the records changed while this was being saved."
        raise conflict from error


def _refile(survivor: Person, merged: Person) -> None:
    """Keep the key index in step: the survivor is filed under its keys as they now stand (it may have taken
    the merged record's current address), and a merged record leaves the index until it is taken back out."""
    file_person(survivor)
    if merged.merged_into_id is None:
        file_person(merged)
    else:
        db.session.execute(delete(PersonMatchKey).where(PersonMatchKey.person_id == merged.id))


def merge_people(
    actor: User, survivor_id: uuid.UUID, merged_id: uuid.UUID, versions: Mapping[uuid.UUID, int], reason: str
) -> PersonMerge:
    """Merge the person `merged_id` into `survivor_id`, both at the versions the actor saw (`versions`, by id).

    Raises ValidationFailed (no reason, the same record twice), RecordNotFound (either record is not one the
    actor may merge, or is already merged) or EditConflict (either changed since; nothing written).
    """
    reason = _reason(reason, "Say why these records are the same person")
    if survivor_id == merged_id:
        raise ValidationFailed({"survivor": "Choose two different records to merge"})
    survivor = policy.find_mergeable_person(actor, survivor_id)
    merged = policy.find_mergeable_person(actor, merged_id)
    for person in (survivor, merged):
        _check_unchanged(person, versions.get(person.id, 0), "merged")
    merge = PersonMerge(
        id=uuid.uuid4(),
        survivor_id=survivor.id,
        merged_id=merged.id,
        merged_by_id=actor.id,
        merged_at=utcnow(),
        reason=reason,
    )
    db.session.add(merge)
    db.session.flush()
    move_links(UndoLog(merge), merged, survivor)
    merged.merged_into_id, merged.merged_at = survivor.id, merge.merged_at
    _save(actor, "merged", survivor, merged, reason, f"person {merged.id} merged into person {survivor.id}")
    return merge


def find_undoable_merge(actor: User, survivor_id: uuid.UUID, merge_id: uuid.UUID) -> PersonMerge:
    """The live merge into `survivor_id` that the actor may undo now, else RecordNotFound: the actor may merge
    both records, and no later merge into the same survivor is still in place (merges into one record are
    undone latest first, so each undo puts back exactly what its merge moved)."""
    survivor = policy.find_mergeable_person(actor, survivor_id)
    live = list(
        db.session.scalars(
            select(PersonMerge)
            .where(PersonMerge.survivor_id == survivor.id, PersonMerge.undone_at.is_(None))
            .order_by(PersonMerge.merged_at.desc(), PersonMerge.id)
        )
    )
    if not live or live[0].id != merge_id:
        raise RecordNotFound()
    merged = policy.find_merged_person(actor, live[0].merged_id)
    if not policy.may_merge_person(actor, merged) or merged.merged_into_id != survivor.id:
        raise RecordNotFound()
    return live[0]


def unmerge_people(
    actor: User, survivor_id: uuid.UUID, merge_id: uuid.UUID, expected_version: int, reason: str
) -> PersonMerge:
    """Undo a merge into `survivor_id` exactly, the survivor at the version the actor saw.

    Raises ValidationFailed (no reason), RecordNotFound (see `find_undoable_merge`) or EditConflict.
    """
    reason = _reason(reason, "Say why this merge is being undone")
    merge = find_undoable_merge(actor, survivor_id, merge_id)
    survivor = policy.find_mergeable_person(actor, merge.survivor_id)
    merged = policy.find_merged_person(actor, merge.merged_id)
    _check_unchanged(survivor, expected_version, "unmerged")
    undo(merge)
    merged.merged_into_id, merged.merged_at = None, None
    merge.undone_at, merge.undone_by_id, merge.undo_reason = utcnow(), actor.id, reason
    _save(actor, "unmerged", survivor, merged, reason, f"person {merged.id} taken back out of person {survivor.id}")
    return merge
