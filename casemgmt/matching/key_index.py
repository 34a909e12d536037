"""The blocking keys in the database, and the live lookup's source of people over them.

Each person is filed under their blocking keys (`candidates.blocking_keys`): one `person_match_keys` row per
person and key, found by key. `file_person` keeps a person's rows in step when they are created or edited;
`filed_keys` gives the rows for many people at once (the bulk load, `flask matching rebuild-keys`).

`PartnershipPeopleSource` is the `PeopleSource` the live lookup reads: everyone sharing a key with the person
typed, whoever owns them, since matching runs across the partnership (DESIGN 3.10). It starts from the
policy's `partnership_records`, which is for matching and never for showing: what a user is shown of each
candidate is decided afterwards by the policy (`lookup.possible_duplicates`).
"""

import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence

from sqlalchemy import Select, and_, delete, func, inspect, select, text
from sqlalchemy.orm import Session

from casemgmt.access import policy
from casemgmt.access.sharing import RecordKind
from casemgmt.demo.bulk_load import BulkLoader
from casemgmt.extensions import db
from casemgmt.matching.blocking import LARGEST_BLOCK, keys_of
from casemgmt.matching.candidates import blocking_keys
from casemgmt.matching.fields import BirthDate, PersonFields
from casemgmt.matching.models import PersonMatchKey
from casemgmt.matching.services import person_to_fields
from casemgmt.matching.table import PeopleTable
from casemgmt.people.models import Address, Person, PersonAddress

# Above this many people PostgreSQL's own row estimate stands for the population: counting half a million
# rows takes longer than the whole lookup should, and the prior barely moves with a few thousand more.
ESTIMATED_ABOVE = 100_000
# People whose keys are worked out together when filing many (one `PeopleTable` each).
FILING_CHUNK = 5_000


def partnership_people_fields() -> Select:
    """Every person's matching fields, partnership-wide (for matching only, never for showing): id, names,
    date of birth, phone and email digests, and their current address's first line, town and postcode."""
    current_address = and_(PersonAddress.person_id == Person.id, PersonAddress.is_current.is_(True))
    return (
        policy.partnership_records(RecordKind.PERSON)
        .with_only_columns(
            Person.id,
            Person.forename,
            Person.surname,
            Person.date_of_birth,
            Person.phone_index,
            Person.email_index,
            Address.line1,
            Address.town,
            Address.postcode,
            maintain_column_froms=True,
        )
        .outerjoin(PersonAddress, current_address)
        .outerjoin(Address, Address.id == PersonAddress.address_id)
    )


def fields_from_rows(rows: Iterable) -> Iterator[PersonFields]:
    """`PersonFields` from rows of `partnership_people_fields` ordered by person id, each person once (one with
    two current addresses, which should not happen, is matched on the first)."""
    previous = None
    for person_id, forename, surname, born, phone, email, line1, town, postcode in rows:
        if person_id == previous:
            continue
        previous = person_id
        yield PersonFields(
            id=str(person_id),
            forename=forename,
            surname=surname,
            date_of_birth=BirthDate.parse(born),
            address_line=line1 or "",
            town=town or "",
            postcode=postcode or "",
            phone=phone or "",
            email=email or "",
        )


class PartnershipPeopleSource:
    """The people filed under given keys, read from `person_match_keys` in two queries (see module docstring)."""

    def __init__(self, session: Session | None = None):
        self.session = session or db.session
        self._population: int | None = None

    def people_with_keys(self, keys: Sequence[str]) -> list[PersonFields]:
        if not keys:
            return []
        telling = (
            select(PersonMatchKey.key)
            .where(PersonMatchKey.key.in_(list(keys)))
            .group_by(PersonMatchKey.key)
            .having(func.count() <= LARGEST_BLOCK)
        )
        filed = select(PersonMatchKey.person_id).where(PersonMatchKey.key.in_(telling)).distinct()
        # Two round trips: with the ids in hand the planner reads each person by primary key, whereas given the
        # subquery it expects thousands of ids and scans the whole persons table.
        person_ids = list(self.session.scalars(filed))
        if not person_ids:
            return []
        query = partnership_people_fields().where(Person.id.in_(person_ids)).order_by(Person.id)
        return list(fields_from_rows(self.session.execute(query)))

    def population(self) -> int:
        if self._population is None:
            self._population = count_people(self.session)
        return self._population


def count_people(session: Session) -> int:
    """How many people the partnership holds: PostgreSQL's estimate for a large table, else a count."""
    if session.get_bind().dialect.name == "postgresql":
        estimate = session.scalar(text("SELECT reltuples::bigint FROM pg_class WHERE oid = 'persons'::regclass"))
        if estimate is not None and estimate >= ESTIMATED_ABOVE:
            return int(estimate)
    counted = policy.partnership_records(RecordKind.PERSON).with_only_columns(func.count(), maintain_column_froms=True)
    return session.scalar(counted)


def filing_rows(people: Iterable[PersonFields], person_id: Callable[[PersonFields], object]) -> Iterator[dict]:
    """`person_match_keys` rows for many people: the same keys as `candidates.blocking_keys` gives one by one,
    worked out a chunk of people at a time (several times faster), each chunk's rows in key order (so a bulk
    write walks the key index in order rather than jumping about it). `person_id` gives a person's row id."""
    chunk: list[PersonFields] = []
    for person in people:
        chunk.append(person)
        if len(chunk) == FILING_CHUNK:
            yield from _chunk_rows(chunk, person_id)
            chunk = []
    if chunk:
        yield from _chunk_rows(chunk, person_id)


def _chunk_rows(people: list[PersonFields], person_id: Callable[[PersonFields], object]) -> list[dict]:
    table, row_ids = PeopleTable(people), [person_id(person) for person in people]
    rows = [(key, row_ids[row]) for row in range(table.size) for key in keys_of(table, row)]
    rows.sort(key=lambda row: row[0])
    return [{"key": key, "person_id": row_id} for key, row_id in rows]


def file_person(person: Person) -> None:
    """File a person under their keys as they now stand (after a create or an edit), within the caller's
    transaction: keys they no longer have are deleted, new ones added. Needs their addresses loaded."""
    wanted = set(blocking_keys(person_to_fields(person)))
    held: set[str] = set()
    if inspect(person).has_identity:
        # No autoflush: the caller's own changes (a version-checked update) are flushed when it commits.
        with db.session.no_autoflush:
            held = set(db.session.scalars(select(PersonMatchKey.key).where(PersonMatchKey.person_id == person.id)))
            if held - wanted:
                db.session.execute(
                    delete(PersonMatchKey).where(
                        PersonMatchKey.person_id == person.id, PersonMatchKey.key.in_(held - wanted)
                    )
                )
    db.session.add_all(PersonMatchKey(key=key, person=person) for key in sorted(wanted - held))


def rebuild_keys(progress: Callable[[int], None] = lambda filed: None) -> int:
    """File every person again from scratch: after upgrading a database that already holds people, or to
    repair the index. Lookups made while it runs may miss people not yet filed. Returns how many were filed;
    `progress` hears the count every `FILING_CHUNK * 20` people."""
    db.session.commit()
    people = db.session.execute(
        partnership_people_fields().order_by(Person.id).execution_options(yield_per=FILING_CHUNK)
    )
    filed = 0

    def count(person: PersonFields) -> uuid.UUID:
        nonlocal filed
        filed += 1
        if filed % (FILING_CHUNK * 20) == 0:
            progress(filed)
        return uuid.UUID(person.id)

    with db.engine.connect() as connection:
        with connection.begin():
            connection.execute(delete(PersonMatchKey))
        loader = BulkLoader(connection)
        try:
            for row in filing_rows(fields_from_rows(people), count):
                loader.add(PersonMatchKey.__tablename__, row)
        except BaseException:
            loader.close(discard=True)
            raise
        loader.close()
    db.session.commit()
    _refresh_statistics()
    return filed


def _refresh_statistics() -> None:
    """PostgreSQL: fresh planner statistics and visibility map, so lookups read keys from the index alone."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql(f"VACUUM ANALYZE {PersonMatchKey.__tablename__}")
