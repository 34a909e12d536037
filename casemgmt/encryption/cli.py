"""`flask keys rotate`: move every encrypted value onto a new key."""

import click
from flask.cli import AppGroup

from casemgmt.audit.services import record_event
from casemgmt.encryption.keyring import current_keyring
from casemgmt.encryption.rotation import reencrypt_all
from casemgmt.extensions import db

keys_cli = AppGroup("keys", help="Encryption keys.")


@keys_cli.command("rotate")
def rotate() -> None:
    """Re-encrypt all stored values under a new active key.

    With a development keyring file a new key is generated and made active first. With keys from the
    environment, add the new key to ENCRYPTION_KEYS and point ENCRYPTION_ACTIVE_KEY_ID at it, then run
    this; once it finishes the old key can be removed.
    """
    keyring = current_keyring()
    if keyring.source_file:
        new_id = keyring.add_new_active_key()
        click.echo(f"Generated key {new_id} and made it active.", err=True)
    changed = reencrypt_all(db.session, keyring)
    record_event("keys_rotated", detail=f"active={keyring.active_key_id} " + repr(changed))
    db.session.commit()
    total = sum(changed.values())
    for table, count in changed.items():
        click.echo(f"{table}\t{count}")
    click.echo(f"Re-encrypted {total} rows under key {keyring.active_key_id}.", err=True)
