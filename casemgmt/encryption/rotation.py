"""Re-encrypt every stored ciphertext under the keyring's active key."""

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from casemgmt.encryption.fields import encrypted_models
from casemgmt.encryption.keyring import KeyRing

BATCH_SIZE = 500


def reencrypt_all(session: Session, keyring: KeyRing) -> dict[str, int]:
    """Rewrite each value not already under the active key; returns rows changed per table.

    Work is committed batch by batch, and each row is only rewritten when one of its tokens names an
    older key, so an interrupted run can simply be started again.
    """
    changed: dict[str, int] = {}
    prefix = f"v1.{keyring.active_key_id}.%"
    for model, fields in encrypted_models().items():
        columns = [getattr(model, field.ciphertext_column) for field in fields]
        stale = or_(*[column.is_not(None) & column.not_like(prefix) for column in columns])
        count = 0
        while True:
            rows = session.scalars(select(model).where(stale).limit(BATCH_SIZE)).all()
            if not rows:
                break
            for row in rows:
                for field in fields:
                    value = field.__get__(row)
                    if value is not None:
                        field.__set__(row, value)
            count += len(rows)
            session.commit()
        changed[model.__tablename__] = count
    return changed
