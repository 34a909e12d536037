"""Re-encrypt every stored ciphertext under the keyring's active key."""

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from casemgmt.encryption.fields import encrypted_models
from casemgmt.encryption.keyring import KeyRing

BATCH_SIZE = 500


def reencrypt_all(session: Session, keyring: KeyRing) -> dict[str, int]:
    """Rewrite each value not already under the active key; returns rows changed per table.

    Rows are walked in primary-key order and each token's key id is compared exactly (in Python, not
    with SQL LIKE, whose wildcards and case rules could mistake one key id for another). Work is
    committed batch by batch and only stale values are rewritten, so an interrupted run can simply be
    started again.
    """
    changed: dict[str, int] = {}
    for model, fields in encrypted_models().items():
        columns = [getattr(model, field.ciphertext_column) for field in fields]
        has_ciphertext = or_(*[column.is_not(None) for column in columns])
        count, last_id = 0, None
        while True:
            query = select(model).where(has_ciphertext).order_by(model.id).limit(BATCH_SIZE)
            if last_id is not None:
                query = query.where(model.id > last_id)
            rows = session.scalars(query).all()
            if not rows:
                break
            for row in rows:
                if _reencrypt_row(row, fields, keyring):
                    count += 1
            last_id = rows[-1].id
            session.commit()
        changed[model.__tablename__] = count
    return changed


def _reencrypt_row(row, fields, keyring: KeyRing) -> bool:
    stale = [f for f in fields if (token := getattr(row, f.ciphertext_column)) and not keyring.is_current(token)]
    for field in stale:
        field.__set__(row, field.__get__(row))
    return bool(stale)
