"""Declarative base, column types and mixins shared by every domain's models."""

import enum
import uuid
from datetime import UTC, datetime

from sqlalchemy import BindParameter, DateTime, Enum, Float, Integer, MetaData, TypeDecorator, Uuid, bindparam
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column
from sqlalchemy.sql.functions import FunctionElement

# Deterministic constraint names so Alembic migrations can refer to (and drop) them on both engines.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    return datetime.now(UTC)


def _time_now() -> datetime:
    return utcnow()  # looked up at each call (not bound once), so a test can move the clock


def now_parameter() -> BindParameter:
    """The current time as a parameter read each time the statement runs, for a statement built once and reused
    (a hot query kept ready-made, or a cached access condition)."""
    return bindparam("now", callable_=_time_now, type_=UTCDateTime(), unique=True)


class UTCDateTime(TypeDecorator):
    """A timestamp stored as naive UTC and always returned timezone-aware.

    SQLite has no time zones; storing naive UTC everywhere keeps comparisons identical on both engines.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware UTC datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        return None if value is None else value.replace(tzinfo=UTC)


class UUIDPrimaryKey:
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)


class Timestamps:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Versioned:
    """Optimistic concurrency: an UPDATE of a stale version raises StaleDataError instead of overwriting."""

    version: Mapped[int] = mapped_column(Integer, nullable=False)

    # SQLAlchemy's declared_attr lets each subclass point version_id_col at its own column.
    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.__table__.c.version}


def enum_column(enum_class: type[enum.Enum], name: str) -> Enum:
    """A string column holding an enum's values, checked by a constraint (portable across engines)."""
    return Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


class seconds_apart(FunctionElement):  # noqa: N801 - a SQL function, named as one
    """`seconds_apart(a, b)`: how many seconds lie between two timestamps, either way round, on either database."""

    type = Float()
    inherit_cache = True


@compiles(seconds_apart, "postgresql")
def _seconds_apart_postgresql(element, compiler, **kw) -> str:
    first, second = (compiler.process(argument, **kw) for argument in element.clauses)
    return f"abs(extract(epoch from ({first} - {second})))"


@compiles(seconds_apart, "sqlite")
def _seconds_apart_sqlite(element, compiler, **kw) -> str:
    first, second = (compiler.process(argument, **kw) for argument in element.clauses)
    return f"abs(julianday({first}) - julianday({second})) * 86400.0"
