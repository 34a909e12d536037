"""Encrypted attributes on models.

An `EncryptedField` is a Python descriptor over a text column holding the ciphertext token: reading it
decrypts, assigning encrypts. The associated data is `table:column:row id`, so the row's primary key
must exist before a value is set; the field assigns a fresh UUID when the row has none yet. An optional
blind index column receives a keyed hash of the normalised value for exact-match lookups.
"""

import uuid
from collections.abc import Callable

from casemgmt.encryption.keyring import current_keyring

_REGISTRY: dict[type, list["EncryptedField"]] = {}


def encrypted_models() -> dict[type, list["EncryptedField"]]:
    """Every model class with encrypted fields, for rotation."""
    return _REGISTRY


class EncryptedField:
    def __init__(
        self,
        ciphertext_column: str,
        *,
        blind_index_column: str | None = None,
        normalise: Callable[[str], str] = str.strip,
    ) -> None:
        self.ciphertext_column = ciphertext_column
        self.blind_index_column = blind_index_column
        self.normalise = normalise

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name
        _REGISTRY.setdefault(owner, []).append(self)

    def context(self, obj) -> str:
        return f"{obj.__tablename__}:{self.ciphertext_column}:{obj.id}"

    def index_context(self, model: type) -> str:
        return f"{model.__tablename__}:{self.blind_index_column}"

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        token = getattr(obj, self.ciphertext_column)
        if token is None:
            return None
        cache = obj.__dict__.setdefault("_decrypted", {})
        if cache.get(self.name, (None,))[0] != token:
            cache[self.name] = (token, current_keyring().decrypt(token, self.context(obj)))
        return cache[self.name][1]

    def __set__(self, obj, value: str | None) -> None:
        if value is not None and not isinstance(value, str):
            raise TypeError(f"{self.name} takes text, not {type(value).__name__}")
        if value is not None and value.strip() == "":
            value = None
        if getattr(obj, "id", None) is None:
            obj.id = uuid.uuid4()
        keyring = current_keyring()
        setattr(obj, self.ciphertext_column, None if value is None else keyring.encrypt(value, self.context(obj)))
        if self.blind_index_column:
            index = None if value is None else self.lookup_hash(type(obj), value)
            setattr(obj, self.blind_index_column, index)

    def lookup_hash(self, model: type, value: str) -> str:
        """The blind index of `value`, for `where(Model.<index column> == field.lookup_hash(Model, value))`."""
        return current_keyring().blind_index(self.normalise(value), self.index_context(model))
