"""Encryption of secrets at rest (API keys, callback tokens, personalisation, inbound texts, files
sent by email)."""

from __future__ import annotations

import base64
import hashlib
import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives.ciphers.aead import AESGCM


@lru_cache(maxsize=4)
def _fernet(secret_key: str) -> Fernet:
    digest = hashlib.sha256(("postroom-encryption:" + secret_key).encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def encrypt(secret_key: str, value: str) -> str:
    return _fernet(secret_key).encrypt(value.encode()).decode()


def decrypt(secret_key: str, token: str) -> str:
    try:
        return _fernet(secret_key).decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise ValueError("value was not encrypted with this secret key") from error


# Files sent by email: each sealed with a key of its own that only its link carries, so that
# what is stored (database row or object) cannot be read without the link.
FILE_KEY_BYTES = 32
_NONCE_BYTES = 12


def key_for(secret_key: str, purpose: str) -> bytes:
    """A file key derived from the secret key, for files Postroom itself must open again (the
    uploaded files jobs are sent from)."""
    return hashlib.sha256(f"postroom-{purpose}:{secret_key}".encode()).digest()


def new_file_key() -> bytes:
    return os.urandom(FILE_KEY_BYTES)


def seal(key: bytes, data: bytes, bound_to: bytes) -> bytes:
    """`data` encrypted and authenticated with `key`; `bound_to` (an id) must be given again to
    open it, so a sealed value copied onto another row does not open there."""
    nonce = os.urandom(_NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, data, bound_to)


def open_sealed(key: bytes, sealed: bytes, bound_to: bytes) -> bytes:
    try:
        return AESGCM(key).decrypt(sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:], bound_to)
    except (InvalidTag, ValueError) as error:
        raise ValueError("not sealed with this key") from error
