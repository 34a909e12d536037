"""Encrypted fields on the real User model and database: storage, binding to row and column, lookup, rotation.

The database is read and written with plain SQL so nothing passes through the field descriptors, and
expected ciphertexts and hashes are checked with AES-GCM and HMAC computed here from the keyring's keys.
"""

import base64
import hashlib
import hmac
import json
import os
import uuid

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Uuid, bindparam, select, text

from casemgmt.access.models import User
from casemgmt.encryption import DecryptionError, KeyRing
from casemgmt.extensions import db

PHONE = "01162 496 000"


def raw_user_row(*, user_id: uuid.UUID) -> dict:
    statement = text(
        "select phone_ciphertext, phone_index, totp_secret_ciphertext from users where id = :id"
    ).bindparams(bindparam("id", type_=Uuid))
    return dict(db.session.execute(statement, {"id": user_id}).mappings().one())


def set_raw_column(*, user_id: uuid.UUID, column: str, value: str | None) -> None:
    assert column in {"phone_ciphertext", "totp_secret_ciphertext"}
    statement = text(f"update users set {column} = :value where id = :id").bindparams(bindparam("id", type_=Uuid))
    db.session.execute(statement, {"id": user_id, "value": value})
    db.session.commit()
    db.session.expire_all()


def user_with_phone(*, factories, phone: str, totp_secret: str | None = None) -> User:
    user = factories.user(totp_secret=totp_secret)
    user.phone = phone
    db.session.commit()
    return user


def open_token(*, token: str, key: bytes, associated_data: str) -> str:
    body = token.split(".")[2]
    raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    return AESGCM(key).decrypt(raw[:12], raw[12:], associated_data.encode()).decode()


def test_phone_is_stored_as_ciphertext(factories):
    user = user_with_phone(factories=factories, phone=PHONE)
    stored = raw_user_row(user_id=user.id)["phone_ciphertext"]
    assert stored.startswith("v1.")
    for fragment in ("01162", "496", "000", "01162496000", "1162"):
        assert fragment not in stored


def test_stored_phone_opens_with_the_active_key_and_row_context(app, factories):
    user = user_with_phone(factories=factories, phone=PHONE)
    stored = raw_user_row(user_id=user.id)["phone_ciphertext"]
    keyring = app.extensions["casemgmt.keyring"]
    key_id = stored.split(".")[1]
    assert key_id == keyring.active_key_id
    assert (
        open_token(token=stored, key=keyring.keys[key_id], associated_data=f"users:phone_ciphertext:{user.id}") == PHONE
    )


def test_phone_reads_back_after_expiry_and_from_a_fresh_query(factories):
    user = user_with_phone(factories=factories, phone=PHONE)
    user_id = user.id
    db.session.expire_all()
    assert user.phone == PHONE
    db.session.remove()
    assert db.session.get(User, user_id).phone == PHONE


def test_ciphertext_copied_to_another_row_does_not_decrypt(factories):
    user_a = user_with_phone(factories=factories, phone=PHONE)
    user_b = user_with_phone(factories=factories, phone="07700 900 123")
    set_raw_column(
        user_id=user_b.id, column="phone_ciphertext", value=raw_user_row(user_id=user_a.id)["phone_ciphertext"]
    )
    with pytest.raises(DecryptionError):
        _ = user_b.phone


def test_ciphertext_copied_to_another_column_does_not_decrypt(factories):
    user = user_with_phone(factories=factories, phone=PHONE, totp_secret="JBSWY3DPEHPK3PXP")
    set_raw_column(
        user_id=user.id, column="totp_secret_ciphertext", value=raw_user_row(user_id=user.id)["phone_ciphertext"]
    )
    with pytest.raises(DecryptionError):
        _ = user.totp_secret


def test_blind_index_finds_the_phone_however_it_was_typed(factories):
    user = user_with_phone(factories=factories, phone="0116 249 6000")
    user_with_phone(factories=factories, phone="0116 249 6001")
    found = db.session.scalars(
        select(User).where(User.phone_index == User.phone.lookup_hash(User, "+44 116 249 6000"))
    ).all()
    assert [found_user.id for found_user in found] == [user.id]


def test_stored_blind_index_is_hmac_of_the_normalised_phone(app, factories):
    user = user_with_phone(factories=factories, phone="0116 249 6000")
    blind_key = app.extensions["casemgmt.keyring"].blind_index_key
    expected = hmac.new(blind_key, b"users:phone_index\x0001162496000", hashlib.sha256).hexdigest()
    assert raw_user_row(user_id=user.id)["phone_index"] == expected


def test_clearing_the_phone_clears_ciphertext_and_index(factories):
    user = user_with_phone(factories=factories, phone=PHONE)
    user.phone = None
    db.session.commit()
    assert raw_user_row(user_id=user.id) == {
        "phone_ciphertext": None,
        "phone_index": None,
        "totp_secret_ciphertext": None,
    }


# -- rotation -----------------------------------------------------------------------------------------


def all_ciphertexts() -> list[tuple[uuid.UUID, str, str]]:
    """(row id, column, token) for every non-null ciphertext in users, read with plain SQL."""
    statement = text("select id, phone_ciphertext, totp_secret_ciphertext from users").columns(id=Uuid)
    found = []
    for row in db.session.execute(statement).mappings():
        for column in ("phone_ciphertext", "totp_secret_ciphertext"):
            if row[column] is not None:
                found.append((row["id"], column, row[column]))
    return found


def test_keys_rotate_reencrypts_every_value_under_a_new_key(app, factories):
    keyring_file = app.config["KEYRING_FILE"]
    assert keyring_file, "the test app should use a development keyring file"
    with open(keyring_file) as handle:
        before = json.load(handle)
    old_active = before["active_key_id"]
    expected = {
        user_with_phone(factories=factories, phone="0116 249 6000", totp_secret="JBSWY3DPEHPK3PXP").id: (
            "0116 249 6000",
            "JBSWY3DPEHPK3PXP",
        ),
        user_with_phone(factories=factories, phone="07700 900 123", totp_secret="KRSXG5CTMVRXEZLU").id: (
            "07700 900 123",
            "KRSXG5CTMVRXEZLU",
        ),
        user_with_phone(factories=factories, phone="020 7946 0000").id: ("020 7946 0000", None),
    }
    factories.user()  # no encrypted values: nothing to rotate
    indexes_before = {user_id: raw_user_row(user_id=user_id)["phone_index"] for user_id in expected}
    assert {token.split(".")[1] for _, _, token in all_ciphertexts()} == {old_active}

    result = app.test_cli_runner().invoke(args=["keys", "rotate"])

    assert result.exit_code == 0, result.output
    with open(keyring_file) as handle:
        after = json.load(handle)
    new_active = after["active_key_id"]
    assert new_active != old_active
    assert len(after["keys"]) == len(before["keys"]) + 1
    assert after["keys"][old_active] == before["keys"][old_active]
    assert f"users\t{len(expected)}" in result.output
    assert f"Re-encrypted {len(expected)} rows under key {new_active}." in result.output

    new_key = base64.b64decode(after["keys"][new_active])
    tokens = all_ciphertexts()
    assert len(tokens) == 5
    for user_id, column, token in tokens:
        assert token.startswith(f"v1.{new_active}."), f"{column} of {user_id} is still {token[:12]}..."
        phone, totp_secret = expected[user_id]
        plaintext = phone if column == "phone_ciphertext" else totp_secret
        assert open_token(token=token, key=new_key, associated_data=f"users:{column}:{user_id}") == plaintext

    db.session.remove()
    for user_id, (phone, totp_secret) in expected.items():
        user = db.session.get(User, user_id)
        assert (user.phone, user.totp_secret) == (phone, totp_secret)
        assert raw_user_row(user_id=user_id)["phone_index"] == indexes_before[user_id]


@pytest.mark.parametrize(
    ("old_id", "new_id"),
    [pytest.param("k-1", "k_1", id="underscore-is-a-like-wildcard"), pytest.param("k1", "K1", id="ids-differ-in-case")],
)
def test_keys_rotate_moves_values_off_a_key_whose_id_resembles_the_new_one(app, factories, monkeypatch, old_id, new_id):
    """Key ids may contain '_' and either case; an old token must never be mistaken for a current one."""
    keys = {old_id: os.urandom(32), new_id: os.urandom(32)}
    blind_key = app.extensions["casemgmt.keyring"].blind_index_key
    monkeypatch.setitem(app.extensions, "casemgmt.keyring", KeyRing(dict(keys), old_id, blind_key))
    user = user_with_phone(factories=factories, phone=PHONE)
    assert raw_user_row(user_id=user.id)["phone_ciphertext"].startswith(f"v1.{old_id}.")
    # The operator adds the new key to ENCRYPTION_KEYS, points ENCRYPTION_ACTIVE_KEY_ID at it and restarts.
    monkeypatch.setitem(app.extensions, "casemgmt.keyring", KeyRing(dict(keys), new_id, blind_key))

    result = app.test_cli_runner().invoke(args=["keys", "rotate"])

    assert result.exit_code == 0, result.output
    token = raw_user_row(user_id=user.id)["phone_ciphertext"]
    assert token.startswith(f"v1.{new_id}."), f"still under {token.split('.')[1]} after rotation: {result.output}"
    assert open_token(token=token, key=keys[new_id], associated_data=f"users:phone_ciphertext:{user.id}") == PHONE
