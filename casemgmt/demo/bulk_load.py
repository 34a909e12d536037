"""Writing generated rows fast: batched executemany on SQLite, COPY on PostgreSQL; encryption as the ORM does it.

The ORM's unit of work costs around a millisecond a row and a million incidents bring several million rows
(people, addresses, links, grants), so rows are buffered per table and written in batches of 20,000, in
foreign-key order, each batch in its own transaction together with the reference counters it used. An
interrupted load therefore leaves whole batches, and counters that are never behind the references written.
"""

import os
import queue
import threading
import uuid
from collections import Counter

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from casemgmt.db import Base
from casemgmt.encryption.fields import encrypted_models
from casemgmt.incidents.models import ReferenceCounter

COUNTERS = ReferenceCounter.__table__


class IdSpaces:
    """Version-4 UUIDs per kind of row, sharing a random prefix per run and numbered in the low 40 bits.

    Rows refer to each other by number while generating ("person 1234"), so no table of generated ids is
    kept in memory; the random prefix keeps separate runs from colliding.
    """

    def __init__(self) -> None:
        self._prefixes: dict[str, int] = {}
        self.issued: Counter[str] = Counter()

    def of(self, kind: str, number: int) -> uuid.UUID:
        if kind not in self._prefixes:
            prefix = int.from_bytes(os.urandom(16), "big") & ~((1 << 40) - 1)
            prefix = (prefix & ~(0xF << 76)) | (0x4 << 76)  # version 4
            self._prefixes[kind] = (prefix & ~(0x3 << 62)) | (0x2 << 62)  # RFC 4122 variant
        return uuid.UUID(int=self._prefixes[kind] | number)

    def new(self, kind: str) -> tuple[int, uuid.UUID]:
        """The next number of this kind and its id."""
        number = self.issued[kind]
        self.issued[kind] += 1
        return number, self.of(kind, number)


class Sealer:
    """Encrypts values for rows written without the ORM, through the models' own `EncryptedField`s.

    A stand-in object carries the table name and row id the field binds into the associated data; the
    field's own descriptor then writes the ciphertext (and blind index) exactly as it would on the model,
    so the app decrypts and finds these values like any others.
    """

    def __init__(self) -> None:
        self._stand_in_classes: dict[type, type] = {}

    def _stand_in(self, model: type) -> type:
        if model not in self._stand_in_classes:
            stand_in = type(f"{model.__name__}Columns", (), {"__tablename__": model.__tablename__})
            # Attached after the class exists, so the fields do not register the stand-in for key rotation.
            for field in encrypted_models()[model]:
                setattr(stand_in, field.name, field)
            self._stand_in_classes[model] = stand_in
        return self._stand_in_classes[model]

    def seal(self, model: type, row_id: uuid.UUID, **values: str | None) -> dict:
        """The ciphertext (and blind index) columns for `values` of one row, e.g. `phone="0116 496 0123"`."""
        columns = self._stand_in(model)()
        columns.id = row_id
        for name, value in values.items():
            setattr(columns, name, value)
        return {name: value for name, value in vars(columns).items() if name != "id"}


class BulkLoader:
    """Buffers rows per table and hands each full batch to a writer thread; `counters` go with every batch.

    Generating is Python work and writing is mostly the database's, so a writer thread lets the two overlap
    (the drivers release the interpreter lock while the database works). At most two batches wait, which
    bounds memory. Once writing has started only the writer thread uses the connection, until `close()`.
    """

    def __init__(self, connection: Connection, *, batch_rows: int = 20_000):
        self.connection = connection
        self.batch_rows = batch_rows
        self.use_copy = connection.dialect.name == "postgresql"
        self.buffers: dict[str, list[dict]] = {}
        self.pending = 0
        self.written: Counter[str] = Counter()
        self.counters: dict[str, int] = {}
        self._saved_counters: dict[str, int] = {}
        self._tables = {table.name: table for table in Base.metadata.sorted_tables}
        self._batches: queue.Queue = queue.Queue(maxsize=2)
        self._writer: threading.Thread | None = None
        self._failure: BaseException | None = None

    def add(self, table_name: str, row: dict) -> None:
        """Queue a row; parents must be added before the rows that refer to them."""
        self.buffers.setdefault(table_name, []).append(row)
        self.pending += 1
        if self.pending >= self.batch_rows:
            self.flush()

    def flush(self) -> None:
        """Hand the buffered rows to the writer (raising the writer's error, if an earlier batch failed)."""
        self._raise_failure()
        if self._writer is None:
            self._writer = threading.Thread(target=self._write_batches, name="bulk-load-writer", daemon=True)
            self._writer.start()
        self._batches.put((self.buffers, dict(self.counters)))
        self.buffers, self.pending = {}, 0

    def close(self, *, discard: bool = False) -> None:
        """Write what is buffered (unless discarding it) and wait until everything handed over is written."""
        if self.buffers and not discard:
            self.flush()
        if self._writer is not None:
            self._batches.put(None)
            self._writer.join()
            self._writer = None
        self._raise_failure()

    def _raise_failure(self) -> None:
        if self._failure is not None:
            raise self._failure

    def _write_batches(self) -> None:
        settings = self._tune_for_loading()
        while (batch := self._batches.get()) is not None:
            if self._failure is not None:
                continue  # keep taking batches so the generating thread is never left waiting
            try:
                self._write_batch(*batch)
            except BaseException as error:  # handed to the generating thread, which raises it
                self._failure = error
        if self._failure is None:
            self._restore(settings)

    def _tune_for_loading(self) -> dict[str, object]:
        """SQLite: a 256 MB page cache while loading, since random ids touch index pages all over the file."""
        if self.use_copy:
            return {}
        with self.connection.begin():
            previous = self.connection.exec_driver_sql("PRAGMA cache_size").scalar()
            self.connection.exec_driver_sql("PRAGMA cache_size = -262144")
        return {"cache_size": previous}

    def _restore(self, settings: dict[str, object]) -> None:
        if "cache_size" in settings:
            with self.connection.begin():
                self.connection.exec_driver_sql(f"PRAGMA cache_size = {int(settings['cache_size'])}")

    def _write_batch(self, buffers: dict[str, list[dict]], counters: dict[str, int]) -> None:
        with self.connection.begin():
            if self.use_copy:
                # A crash can lose the last batches but never corrupt anything, and commits stop waiting on disk.
                self.connection.exec_driver_sql("SET LOCAL synchronous_commit TO OFF")
            for name, table in self._tables.items():
                rows = buffers.get(name)
                if rows:
                    self._write(table, rows)
                    self.written[name] += len(rows)
            self._save_counters(counters)

    def _write(self, table, rows: list[dict]) -> None:
        """Write rows straight through the driver: executemany on SQLite, COPY on PostgreSQL.

        SQLAlchemy's own parameter handling costs more than the database does at this volume, so each
        column's bind processing (the same the ORM applies: UTCDateTime to naive UTC, enums to their stored
        values, UUIDs and booleans as the engine stores them) is done here, once per value.
        """
        dialect = self.connection.dialect
        names = list(table.columns.keys())
        processors = [table.columns[name].type.bind_processor(dialect) for name in names]
        pairs = list(zip(names, processors, strict=True))
        values = [
            tuple(process(row.get(name)) if process else row.get(name) for name, process in pairs) for row in rows
        ]
        quote = dialect.identifier_preparer.quote
        columns = ", ".join(quote(name) for name in names)
        if self.use_copy:
            statement = f"COPY {quote(table.name)} ({columns}) FROM STDIN"
            with self.connection.connection.driver_connection.cursor() as cursor, cursor.copy(statement) as copy:
                for row in values:
                    copy.write_row(row)
        else:
            # Only table and column names from the models' metadata go into the statement; values are parameters.
            statement = f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({', '.join('?' * len(names))})"  # noqa: S608
            self.connection.exec_driver_sql(statement, values)

    def _save_counters(self, counters: dict[str, int]) -> None:
        """Raise each reference counter to the highest number handed out (never lower it)."""
        for series, value in counters.items():
            if self._saved_counters.get(series) == value:
                continue
            stored = self.connection.scalar(select(COUNTERS.c.value).where(COUNTERS.c.series == series))
            if stored is None:
                self.connection.execute(insert(COUNTERS).values(series=series, value=value))
            elif stored < value:
                self.connection.execute(update(COUNTERS).where(COUNTERS.c.series == series).values(value=value))
            self._saved_counters[series] = value
