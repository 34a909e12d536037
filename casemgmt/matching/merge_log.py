"""Moving a merged person's links to the survivor, and the undo log that puts every one of them back.

Each table that links something to a person is moved row by row. A row the survivor already has the same of
(the same incident in the same role, the same address, the same other name...) is not moved but removed;
every other row is moved. Each move, removal and creation is logged as a `PersonMergeRow`: the row as it was
and its primary key after, so `undo` deletes what is there now and puts the original back, whatever the
table. The log stores whole rows (JSON of the columns), so a column added to a link table later is restored
too.
"""

import enum
import json
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Date, Enum, Table, Uuid, and_, or_, select

from casemgmt.db import Base, UTCDateTime
from casemgmt.extensions import db
from casemgmt.matching.merge_models import MergeChange, PersonMerge, PersonMergeRow
from casemgmt.matching.models import CandidateStatus, PersonMatchCandidate
from casemgmt.people.normalise import name_key


def alias_identity(forename: str | None, surname: str | None) -> tuple[str, str]:
    """Two other names are the same when their names compare equal (`name_key`)."""
    return name_key(forename), name_key(surname)


@dataclass(frozen=True)
class LinkTable:
    """A table of rows that belong to a person through `person_id`, and what makes two of them the same."""

    name: str
    identity: Callable[[Mapping], tuple]


LINK_TABLES = (
    LinkTable("incident_people", lambda row: (row["incident_id"], row["role"])),
    LinkTable("case_people", lambda row: (row["case_id"], row["role"])),
    LinkTable("person_addresses", lambda row: (row["address_id"],)),
    LinkTable("person_vulnerabilities", lambda row: (row["marker"],)),
    LinkTable("person_aliases", lambda row: alias_identity(row["forename"], row["surname"])),
)


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def _rows(table: Table, condition) -> list[dict]:
    query = select(table).where(condition).order_by(*table.primary_key.columns)
    return [dict(row) for row in db.session.execute(query).mappings()]


def _key(table: Table, row: Mapping) -> dict:
    return {column.name: row[column.name] for column in table.primary_key.columns}


def _where_key(table: Table, key: Mapping):
    return and_(*(table.c[name] == value for name, value in key.items()))


def _plain(value):
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _to_json(row: Mapping) -> str:
    return json.dumps({name: _plain(value) for name, value in row.items()}, sort_keys=True)


def _typed(column, value):
    """A value read back from the log as the column holds it."""
    if value is None:
        return None
    if isinstance(column.type, Uuid):
        return uuid.UUID(value)
    if isinstance(column.type, Enum) and column.type.enum_class is not None:
        return column.type.enum_class(value)
    if isinstance(column.type, UTCDateTime):
        return datetime.fromisoformat(value)
    if isinstance(column.type, Date):
        return date.fromisoformat(value)
    return value


def _from_json(table: Table, text: str) -> dict:
    return {name: _typed(table.c[name], value) for name, value in json.loads(text).items()}


class UndoLog:
    """The rows one merge changes, in order, as `PersonMergeRow`s of `merge` (added to the session)."""

    def __init__(self, merge: PersonMerge):
        self.merge = merge
        self.position = 0

    def add(self, table: Table, change: MergeChange, before: Mapping | None, after: Mapping | None) -> None:
        db.session.add(
            PersonMergeRow(
                merge_id=self.merge.id,
                position=self.position,
                table_name=table.name,
                change=change,
                before=_to_json(before) if before is not None else None,
                after_key=_to_json(_key(table, after)) if after is not None else None,
            )
        )
        self.position += 1

    def move(self, table: Table, row: dict, changes: Mapping, change: MergeChange = MergeChange.MOVED) -> None:
        """Change `row` in place (a move to the survivor, by default)."""
        changed = {name: value for name, value in changes.items() if row[name] != value}
        if changed:
            db.session.execute(table.update().where(_where_key(table, _key(table, row))).values(changed))
        self.add(table, change, row, {**row, **changes})

    def remove(self, table: Table, row: dict) -> None:
        db.session.execute(table.delete().where(_where_key(table, _key(table, row))))
        self.add(table, MergeChange.REMOVED, row, None)

    def create(self, table: Table, row: dict) -> None:
        db.session.execute(table.insert().values(row))
        self.add(table, MergeChange.CREATED, None, row)


def move_links(log: UndoLog, merged, survivor) -> None:
    """Move every link of `merged` to `survivor` (removing those the survivor already has), make the merged
    record's name one of the survivor's other names, and carry over open possible-duplicate pairs."""
    for link in LINK_TABLES:
        table = _table(link.name)
        held = {link.identity(row) for row in _rows(table, table.c.person_id == survivor.id)}
        if link.name == "person_aliases":
            held.add(alias_identity(survivor.forename, survivor.surname))
        keep_current = _survivor_keeps_current_address(link, held, survivor)
        for row in _rows(table, table.c.person_id == merged.id):
            if link.identity(row) in held:
                log.remove(table, row)
                continue
            changes = {"person_id": survivor.id}
            if keep_current:
                changes["is_current"] = False  # the survivor's current address stays the current one
            log.move(table, row, changes)
            held.add(link.identity(row))
        if link.name == "person_aliases" and alias_identity(merged.forename, merged.surname) not in held:
            name = {"forename": merged.forename or None, "surname": merged.surname, "surname_key": merged.surname_key}
            log.create(table, {"id": uuid.uuid4(), "person_id": survivor.id, **name})
    _move_open_candidates(log, merged.id, survivor.id)


def _survivor_keeps_current_address(link: LinkTable, held: set, survivor) -> bool:
    if link.name != "person_addresses" or not held:
        return False
    table = _table(link.name)
    return bool(_rows(table, (table.c.person_id == survivor.id) & table.c.is_current.is_(True)))


def _move_open_candidates(log: UndoLog, merged_id: uuid.UUID, survivor_id: uuid.UUID) -> None:
    """Open possible-duplicate pairs naming the merged record name the survivor instead; a pair of the two
    records merged is settled (linked); a pair the survivor already has is removed. Settled pairs stay as they
    were, on the merged record."""
    table: Table = PersonMatchCandidate.__table__
    names_merged = or_(table.c.person_id == merged_id, table.c.candidate_person_id == merged_id)
    rows = _rows(table, names_merged & (table.c.status == CandidateStatus.OPEN))
    survivors_pairs = _rows(table, or_(table.c.person_id == survivor_id, table.c.candidate_person_id == survivor_id))
    pairs = {frozenset((row["person_id"], row["candidate_person_id"])) for row in survivors_pairs}
    for row in rows:
        sides = (row["person_id"], row["candidate_person_id"])
        person_id, candidate_id = (survivor_id if side == merged_id else side for side in sides)
        if person_id == candidate_id:
            log.move(table, row, {"status": CandidateStatus.LINKED}, MergeChange.CHANGED)
            continue
        if frozenset((person_id, candidate_id)) in pairs:
            log.remove(table, row)
            continue
        log.move(table, row, {"person_id": person_id, "candidate_person_id": candidate_id})
        pairs.add(frozenset((person_id, candidate_id)))


def undo(merge: PersonMerge) -> int:
    """Put back every row `merge` changed, latest first: delete each row as it is now, insert it as it was.
    Returns how many rows of the log were replayed."""
    entries = list(
        db.session.scalars(
            select(PersonMergeRow).where(PersonMergeRow.merge_id == merge.id).order_by(PersonMergeRow.position.desc())
        )
    )
    for entry in entries:
        table = _table(entry.table_name)
        if entry.after_key is not None:
            db.session.execute(table.delete().where(_where_key(table, _from_json(table, entry.after_key))))
        if entry.before is not None:
            db.session.execute(table.insert().values(_from_json(table, entry.before)))
    return len(entries)
