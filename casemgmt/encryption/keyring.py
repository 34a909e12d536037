"""The keyring: which keys exist, which one encrypts, and the AES-GCM and HMAC operations.

Ciphertext tokens read `v1.<key id>.<base64url(nonce || ciphertext+tag)>`, so any row names the key
that can open it and rotation can proceed row by row. The associated data binds each token to one
table, column and row: a token copied anywhere else fails authentication.
"""

import base64
import hashlib
import hmac
import json
import os
import re
import secrets
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import current_app

TOKEN_VERSION = "v1"  # noqa: S105 - a format version, not a secret
KEY_ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
NONCE_BYTES = 12


class DecryptionError(Exception):
    """A stored value could not be authenticated: wrong key, wrong row or column, or tampered bytes."""


class KeyRingError(Exception):
    """The configured keys are missing or malformed."""


@dataclass
class KeyRing:
    keys: dict[str, bytes]
    active_key_id: str
    blind_index_key: bytes
    source_file: str | None = field(default=None)

    def __post_init__(self) -> None:
        for key_id, key in self.keys.items():
            if not KEY_ID_PATTERN.match(key_id):
                raise KeyRingError(f"key id {key_id!r} must be 1-32 letters, digits, '-' or '_'")
            if len(key) != 32:
                raise KeyRingError(f"key {key_id!r} must be 32 bytes (AES-256); it is {len(key)}")
        if self.active_key_id not in self.keys:
            raise KeyRingError(f"active key id {self.active_key_id!r} is not in the keyring")
        if len(self.blind_index_key) < 32:
            raise KeyRingError("the blind index key must be at least 32 bytes")

    # -- encryption -----------------------------------------------------------------------------------
    def encrypt(self, plaintext: str, context: str) -> str:
        nonce = os.urandom(NONCE_BYTES)
        sealed = AESGCM(self.keys[self.active_key_id]).encrypt(nonce, plaintext.encode(), context.encode())
        body = base64.urlsafe_b64encode(nonce + sealed).decode().rstrip("=")
        return f"{TOKEN_VERSION}.{self.active_key_id}.{body}"

    def decrypt(self, token: str, context: str) -> str:
        version, key_id, body = _split_token(token)
        if version != TOKEN_VERSION:
            raise DecryptionError(f"unknown ciphertext version {version!r}")
        key = self.keys.get(key_id)
        if key is None:
            raise DecryptionError(f"ciphertext was made with key {key_id!r}, which is not in the keyring")
        try:
            raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
            plaintext = AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.encode())
        except (InvalidTag, ValueError) as error:
            raise DecryptionError(f"ciphertext does not authenticate for {context}") from error
        return plaintext.decode()

    def blind_index(self, normalised_value: str, context: str) -> str:
        """A keyed hash for exact-match lookups; the context keeps equal values in different columns apart."""
        message = context.encode() + b"\x00" + normalised_value.encode()
        return hmac.new(self.blind_index_key, message, hashlib.sha256).hexdigest()

    def is_current(self, token: str) -> bool:
        return _split_token(token)[1] == self.active_key_id

    # -- construction ---------------------------------------------------------------------------------
    @classmethod
    def from_strings(cls, keys: str, active_key_id: str, blind_index_key: str) -> "KeyRing":
        """Parse `id:base64,id2:base64` as given in ENCRYPTION_KEYS."""
        parsed: dict[str, bytes] = {}
        for item in filter(None, (part.strip() for part in keys.split(","))):
            key_id, _, encoded = item.partition(":")
            if not encoded:
                raise KeyRingError("ENCRYPTION_KEYS entries must read key-id:base64-key")
            if key_id in parsed:
                raise KeyRingError(f"key id {key_id!r} appears twice in ENCRYPTION_KEYS")
            parsed[key_id] = _b64decode(encoded, f"key {key_id!r}")
        return cls(parsed, active_key_id, _b64decode(blind_index_key, "BLIND_INDEX_KEY"))

    @classmethod
    def from_file(cls, path: str) -> "KeyRing":
        """Load (creating on first use) a development keyring kept in the instance folder."""
        if not os.path.exists(path):
            ring = cls({"k1": secrets.token_bytes(32)}, "k1", secrets.token_bytes(32), source_file=path)
            ring.save()
            return ring
        with open(path) as handle:
            data = json.load(handle)
        keys = {key_id: _b64decode(value, key_id) for key_id, value in data["keys"].items()}
        return cls(keys, data["active_key_id"], _b64decode(data["blind_index_key"], "blind index"), source_file=path)

    def save(self) -> None:
        if not self.source_file:
            raise KeyRingError("this keyring comes from the environment; change ENCRYPTION_KEYS there")
        data = {
            "active_key_id": self.active_key_id,
            "keys": {key_id: base64.b64encode(key).decode() for key_id, key in self.keys.items()},
            "blind_index_key": base64.b64encode(self.blind_index_key).decode(),
        }
        os.makedirs(os.path.dirname(self.source_file), exist_ok=True)
        temporary = self.source_file + ".tmp"
        with open(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as handle:
            json.dump(data, handle, indent=2)
        os.replace(temporary, self.source_file)

    def add_new_active_key(self) -> str:
        """Generate a key, make it the one that encrypts, and return its id (file keyrings only)."""
        if not self.source_file:
            raise KeyRingError("this keyring comes from the environment; add the new key to ENCRYPTION_KEYS there")
        number = 1 + max((int(k[1:]) for k in self.keys if re.fullmatch(r"k\d+", k)), default=0)
        key_id = f"k{number}"
        self.keys[key_id] = secrets.token_bytes(32)
        self.active_key_id = key_id
        self.save()
        return key_id


def keyring_from_config(config) -> KeyRing:
    if config.get("KEYRING_FILE"):
        return KeyRing.from_file(config["KEYRING_FILE"])
    missing = [n for n in ("ENCRYPTION_KEYS", "ENCRYPTION_ACTIVE_KEY_ID", "BLIND_INDEX_KEY") if not config.get(n)]
    if missing:
        raise KeyRingError("missing encryption settings: " + ", ".join(missing))
    return KeyRing.from_strings(
        config["ENCRYPTION_KEYS"], config["ENCRYPTION_ACTIVE_KEY_ID"], config["BLIND_INDEX_KEY"]
    )


def current_keyring() -> KeyRing:
    return current_app.extensions["casemgmt.keyring"]


def _split_token(token: str) -> tuple[str, str, str]:
    parts = token.split(".")
    if len(parts) != 3:
        raise DecryptionError("stored value is not a ciphertext token")
    return parts[0], parts[1], parts[2]


def _b64decode(value: str, what: str) -> bytes:
    try:
        return base64.b64decode(value, validate=True)
    except ValueError as error:
        raise KeyRingError(f"{what} is not valid base64") from error
