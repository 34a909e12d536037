"""Field-level encryption: AES-GCM ciphertexts bound to table, column and row, and keyed blind indexes.

`keyring` holds the keys and does the cryptography, `fields` maps an encrypted attribute onto a model,
`rotation` re-encrypts every stored value under the active key.
"""

from casemgmt.encryption.fields import EncryptedField, encrypted_models
from casemgmt.encryption.keyring import DecryptionError, KeyRing, current_keyring

__all__ = ["DecryptionError", "EncryptedField", "KeyRing", "current_keyring", "encrypted_models"]
