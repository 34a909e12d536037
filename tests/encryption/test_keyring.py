"""The keyring on its own: token format, AES-GCM bound to a context, blind indexes, parsing and key files.

Every check that a value is "right" is made with the `cryptography` library or `hmac` directly, using keys
and associated data built here, never by asking the keyring to check itself.
"""

import base64
import hashlib
import hmac
import json
import os
import re
import stat
import uuid

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from casemgmt.encryption.keyring import DecryptionError, KeyRing, KeyRingError

NONCE_BYTES = 12
TAG_BYTES = 16
TOKEN_PATTERN = re.compile(r"^v1\.(?P<key_id>[A-Za-z0-9_-]+)\.(?P<body>[A-Za-z0-9_-]+)$")


def make_ring(*, keys: dict[str, bytes] | None = None, active: str = "k1", blind_key: bytes | None = None) -> KeyRing:
    return KeyRing(keys or {"k1": os.urandom(32)}, active, blind_key or os.urandom(32))


def phone_context(*, row_id: uuid.UUID, column: str = "phone_ciphertext", table: str = "users") -> str:
    """The associated data as fields.py documents it: `table:column:row id`."""
    return f"{table}:{column}:{row_id}"


def decode_body(*, token: str) -> bytes:
    body = TOKEN_PATTERN.match(token)["body"]
    return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))


def with_body(*, token: str, raw: bytes) -> str:
    prefix = token.rsplit(".", 1)[0]
    return prefix + "." + base64.urlsafe_b64encode(raw).decode().rstrip("=")


def b64(*, raw: bytes) -> str:
    return base64.b64encode(raw).decode()


# -- encryption ---------------------------------------------------------------------------------------


def test_round_trip():
    ring = make_ring()
    context = phone_context(row_id=uuid.uuid4())
    assert ring.decrypt(ring.encrypt("01162 496 000", context), context) == "01162 496 000"


def test_round_trip_of_non_ascii_text():
    ring = make_ring()
    context = phone_context(row_id=uuid.uuid4())
    assert ring.decrypt(ring.encrypt("Zoë Ó Briain – 🏠", context), context) == "Zoë Ó Briain – 🏠"


def test_token_reads_version_key_id_and_unpadded_base64url_body():
    ring = make_ring(keys={"k7": os.urandom(32)}, active="k7")
    plaintext = "01162 496 000"
    token = ring.encrypt(plaintext, phone_context(row_id=uuid.uuid4()))
    match = TOKEN_PATTERN.match(token)
    assert match, f"token {token!r} is not v1.<key id>.<base64url>"
    assert match["key_id"] == "k7"
    assert len(decode_body(token=token)) == NONCE_BYTES + len(plaintext.encode()) + TAG_BYTES


def test_same_text_encrypts_differently_each_time():
    ring = make_ring()
    context = phone_context(row_id=uuid.uuid4())
    first, second = ring.encrypt("secret", context), ring.encrypt("secret", context)
    assert first != second
    assert decode_body(token=first)[:NONCE_BYTES] != decode_body(token=second)[:NONCE_BYTES]


def test_token_opens_with_aes_gcm_and_the_documented_context():
    key = os.urandom(32)
    ring = make_ring(keys={"k1": key})
    row_id = uuid.uuid4()
    token = ring.encrypt("07700 900 123", phone_context(row_id=row_id))
    raw = decode_body(token=token)
    associated_data = f"users:phone_ciphertext:{row_id}".encode()
    plaintext = AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], associated_data)
    assert plaintext == b"07700 900 123"


def test_decrypts_a_token_made_independently_with_aes_gcm():
    key = os.urandom(32)
    ring = make_ring(keys={"k1": key})
    row_id = uuid.uuid4()
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(key).encrypt(nonce, b"JBSWY3DPEHPK3PXP", f"users:totp_secret_ciphertext:{row_id}".encode())
    token = "v1.k1." + base64.urlsafe_b64encode(nonce + sealed).decode().rstrip("=")
    assert ring.decrypt(token, phone_context(row_id=row_id, column="totp_secret_ciphertext")) == "JBSWY3DPEHPK3PXP"


# -- tampering and misuse -----------------------------------------------------------------------------


@pytest.mark.parametrize("position", [0, NONCE_BYTES, NONCE_BYTES + 3, -1], ids=["nonce", "ct-start", "ct", "tag"])
def test_flipped_byte_does_not_decrypt(position):
    ring = make_ring()
    context = phone_context(row_id=uuid.uuid4())
    token = ring.encrypt("01162 496 000", context)
    raw = bytearray(decode_body(token=token))
    raw[position] ^= 0x01
    with pytest.raises(DecryptionError):
        ring.decrypt(with_body(token=token, raw=bytes(raw)), context)


def test_truncated_token_does_not_decrypt():
    ring = make_ring()
    context = phone_context(row_id=uuid.uuid4())
    token = ring.encrypt("01162 496 000", context)
    with pytest.raises(DecryptionError):
        ring.decrypt(with_body(token=token, raw=decode_body(token=token)[:-1]), context)


def test_unknown_key_id_does_not_decrypt():
    ring = make_ring()
    context = phone_context(row_id=uuid.uuid4())
    token = ring.encrypt("01162 496 000", context)
    with pytest.raises(DecryptionError):
        ring.decrypt(token.replace("v1.k1.", "v1.k9.", 1), context)


def test_token_made_under_another_key_with_the_same_id_does_not_decrypt():
    context = phone_context(row_id=uuid.uuid4())
    token = make_ring().encrypt("01162 496 000", context)
    with pytest.raises(DecryptionError):
        make_ring().decrypt(token, context)


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        "01162 496 000",
        "v1.k1",
        "v1.k1.AAAA.AAAA",
        "v2.k1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "v1.k1.!!!!",
        "v1.k1.A",
    ],
)
def test_garbage_does_not_decrypt(garbage):
    with pytest.raises(DecryptionError):
        make_ring().decrypt(garbage, phone_context(row_id=uuid.uuid4()))


def test_token_for_another_row_does_not_decrypt():
    ring = make_ring()
    token = ring.encrypt("01162 496 000", phone_context(row_id=uuid.uuid4()))
    with pytest.raises(DecryptionError):
        ring.decrypt(token, phone_context(row_id=uuid.uuid4()))


def test_token_for_another_column_does_not_decrypt():
    ring = make_ring()
    row_id = uuid.uuid4()
    token = ring.encrypt("01162 496 000", phone_context(row_id=row_id))
    with pytest.raises(DecryptionError):
        ring.decrypt(token, phone_context(row_id=row_id, column="totp_secret_ciphertext"))


def test_token_for_another_table_does_not_decrypt():
    ring = make_ring()
    row_id = uuid.uuid4()
    token = ring.encrypt("01162 496 000", phone_context(row_id=row_id))
    with pytest.raises(DecryptionError):
        ring.decrypt(token, phone_context(row_id=row_id, table="people"))


# -- blind index --------------------------------------------------------------------------------------


def test_blind_index_is_hmac_sha256_of_context_nul_value():
    blind_key = os.urandom(32)
    ring = make_ring(blind_key=blind_key)
    expected = hmac.new(blind_key, b"users:phone_index" + b"\x00" + b"01162496000", hashlib.sha256).hexdigest()
    assert ring.blind_index("01162496000", "users:phone_index") == expected


def test_blind_index_differs_between_contexts():
    ring = make_ring()
    assert ring.blind_index("01162496000", "users:phone_index") != ring.blind_index("01162496000", "people:phone_index")


def test_blind_index_differs_between_blind_keys():
    assert make_ring().blind_index("01162496000", "users:phone_index") != make_ring().blind_index(
        "01162496000", "users:phone_index"
    )


# -- parsing ENCRYPTION_KEYS --------------------------------------------------------------------------


def test_from_strings_parses_every_key_and_the_active_one():
    key1, key2, blind_key = os.urandom(32), os.urandom(32), os.urandom(32)
    ring = KeyRing.from_strings(f"k1:{b64(raw=key1)}, k2:{b64(raw=key2)}", "k2", b64(raw=blind_key))
    assert ring.keys == {"k1": key1, "k2": key2}
    assert ring.active_key_id == "k2"
    assert ring.blind_index_key == blind_key
    assert ring.source_file is None
    token = ring.encrypt("x", "t:c:1")
    assert token.startswith("v1.k2.")
    raw = decode_body(token=token)
    assert AESGCM(key2).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], b"t:c:1") == b"x"


@pytest.mark.parametrize(
    ("keys", "active", "blind"),
    [
        pytest.param("k1:not*base64!", "k1", None, id="bad-base64-key"),
        pytest.param(f"k1:{b64(raw=os.urandom(16))}", "k1", None, id="16-byte-key"),
        pytest.param(f"k1:{b64(raw=os.urandom(32))}", "k2", None, id="active-not-in-ring"),
        pytest.param(f"k.1:{b64(raw=os.urandom(32))}", "k.1", None, id="dot-in-key-id"),
        pytest.param(f"{b64(raw=os.urandom(32))}", "k1", None, id="no-key-id"),
        pytest.param(f"k1:{b64(raw=os.urandom(32))}", "k1", "%%%", id="bad-base64-blind-key"),
        pytest.param(f"k1:{b64(raw=os.urandom(32))}", "k1", b64(raw=os.urandom(16)), id="short-blind-key"),
        pytest.param("", "k1", None, id="no-keys"),
    ],
)
def test_from_strings_rejects(keys, active, blind):
    with pytest.raises(KeyRingError):
        KeyRing.from_strings(keys, active, blind if blind is not None else b64(raw=os.urandom(32)))


# -- development keyring file -------------------------------------------------------------------------


def test_from_file_creates_a_private_file_on_first_use(tmp_path):
    path = tmp_path / "instance" / "keyring.json"
    ring = KeyRing.from_file(str(path))
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    data = json.loads(path.read_text())
    assert data["active_key_id"] == ring.active_key_id
    assert {key_id: base64.b64decode(value) for key_id, value in data["keys"].items()} == ring.keys
    assert all(len(key) == 32 for key in ring.keys.values())
    assert base64.b64decode(data["blind_index_key"]) == ring.blind_index_key


def test_from_file_loads_the_same_keys_the_second_time(tmp_path):
    path = str(tmp_path / "keyring.json")
    first = KeyRing.from_file(path)
    token = first.encrypt("01162 496 000", "users:phone_ciphertext:1")
    second = KeyRing.from_file(path)
    assert (second.keys, second.active_key_id, second.blind_index_key) == (
        first.keys,
        first.active_key_id,
        first.blind_index_key,
    )
    assert second.decrypt(token, "users:phone_ciphertext:1") == "01162 496 000"


def test_add_new_active_key_encrypts_with_k2_and_k1_still_decrypts(tmp_path):
    path = str(tmp_path / "keyring.json")
    ring = KeyRing.from_file(path)
    assert ring.active_key_id == "k1"
    old_token = ring.encrypt("old value", "users:phone_ciphertext:1")

    assert ring.add_new_active_key() == "k2"

    assert ring.active_key_id == "k2"
    new_token = ring.encrypt("new value", "users:phone_ciphertext:1")
    assert new_token.startswith("v1.k2.")
    assert ring.decrypt(old_token, "users:phone_ciphertext:1") == "old value"
    reloaded = KeyRing.from_file(path)
    assert reloaded.active_key_id == "k2"
    assert set(reloaded.keys) == {"k1", "k2"}
    assert reloaded.keys["k1"] != reloaded.keys["k2"]
    assert reloaded.decrypt(old_token, "users:phone_ciphertext:1") == "old value"
    assert reloaded.decrypt(new_token, "users:phone_ciphertext:1") == "new value"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_a_key_id_given_twice_is_refused():
    encoded = base64.b64encode(os.urandom(32)).decode()
    with pytest.raises(KeyRingError, match="appears twice"):
        KeyRing.from_strings(f"k1:{encoded},k1:{encoded}", "k1", base64.b64encode(os.urandom(32)).decode())


def test_an_environment_keyring_cannot_generate_keys_and_stays_as_it_was():
    ring = KeyRing({"k1": os.urandom(32)}, "k1", os.urandom(32))
    with pytest.raises(KeyRingError, match="ENCRYPTION_KEYS"):
        ring.add_new_active_key()
    assert ring.active_key_id == "k1" and list(ring.keys) == ["k1"]
