"""Human-readable references ("ASB-2026-000123", "CASE-2026-00012"), numbered per year without gaps or clashes.

The counter row is incremented with a single UPDATE ... RETURNING, so concurrent creators each get their
own number; the row lock is held only until the creating transaction commits.
"""

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from casemgmt.db import utcnow
from casemgmt.extensions import db
from casemgmt.incidents.models import ReferenceCounter

FORMATS = {"ASB": "{series}-{number:06d}", "CASE": "{series}-{number:05d}"}


def next_reference(prefix: str) -> str:
    series = f"{prefix}-{utcnow().year}"
    insert = postgresql_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    db.session.execute(insert(ReferenceCounter).values(series=series, value=0).on_conflict_do_nothing())
    number = db.session.scalar(
        update(ReferenceCounter)
        .where(ReferenceCounter.series == series)
        .values(value=ReferenceCounter.value + 1)
        .returning(ReferenceCounter.value)
    )
    return FORMATS[prefix].format(series=series, number=number)
