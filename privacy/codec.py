"""AES-256-GCM payload codec: what Temporal stores is ciphertext, with the key's id beside it.

Every payload (workflow and activity inputs and results, signals, updates, queries, memos,
failure details, and the user-metadata summaries the UI shows) is serialised whole, metadata
included, and encrypted with the current key and a fresh 96-bit nonce. The stored payload says
only ``encoding: binary/encrypted`` and ``encryption-key-id: <id>``; even the inner encoding
(``json/plain``) is hidden. Search attributes never pass through a codec (Temporal indexes them),
so none may hold personal data (``contract/search_attributes.py``).

Decoding picks the key by the payload's id, so keys rotate without re-encrypting history, and
passes through a payload that is not encrypted, so histories written before the codec still
replay and still show in the UI.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from temporalio.api.common.v1 import Payload
from temporalio.converter import PayloadCodec

from errors import InvalidInput
from privacy.keys import KEY_FILE_VARIABLE, KEYS_VARIABLE, KeyRing

ENCODING = b"binary/encrypted"
KEY_ID_METADATA = "encryption-key-id"
NONCE_BYTES = 12  # 96 bits: GCM's native nonce size; random per payload


class PayloadUndecryptable(InvalidInput):
    """An encrypted payload this process cannot open; the message says why and what to set."""


class UnknownPayloadKey(PayloadUndecryptable):
    """The payload names a key id that is not configured (a key dropped too early, or another deployment's)."""


def is_encrypted(payload: Payload) -> bool:
    return payload.metadata.get("encoding") == ENCODING


class EncryptionCodec(PayloadCodec):
    """Encrypts with ``keyring``'s current key, decrypts with whichever key a payload names.

    The key id is bound as associated data, so a payload whose id was rewritten to another
    configured key fails authentication instead of being tried under the wrong key.
    """

    def __init__(self, keyring: KeyRing) -> None:
        self._keyring = keyring
        self._ciphers = {key_id: AESGCM(key) for key_id, key in keyring.keys.items()}

    @property
    def current_key_id(self) -> str:
        return self._keyring.current_id

    async def encode(self, payloads: Sequence[Payload]) -> list[Payload]:
        return [self.encrypt(payload) for payload in payloads]

    async def decode(self, payloads: Sequence[Payload]) -> list[Payload]:
        return [self.decrypt(payload) for payload in payloads]

    # Synchronous halves: AES-GCM on a payload takes microseconds, and the HTTP codec endpoint
    # and tests call them directly.

    def encrypt(self, payload: Payload) -> Payload:
        key_id = self._keyring.current_id
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._ciphers[key_id].encrypt(nonce, payload.SerializeToString(), key_id.encode())
        return Payload(metadata={"encoding": ENCODING, KEY_ID_METADATA: key_id.encode()}, data=nonce + sealed)

    def decrypt(self, payload: Payload) -> Payload:
        if not is_encrypted(payload):
            return payload  # written before the codec (or by a client without it): as it is
        key_id = payload.metadata.get(KEY_ID_METADATA, b"").decode("utf-8", "replace")
        cipher = self._ciphers.get(key_id)
        if cipher is None:
            raise UnknownPayloadKey(
                f"payload encrypted with key id {key_id!r}, which is not configured: add that key to "
                f"{KEYS_VARIABLE} (or to the {KEY_FILE_VARIABLE} file), keeping the current one "
                f"(configured: {', '.join(sorted(self._ciphers))})"
            )
        if len(payload.data) <= NONCE_BYTES:
            raise PayloadUndecryptable(f"encrypted payload with key id {key_id!r} is truncated")
        nonce, sealed = payload.data[:NONCE_BYTES], payload.data[NONCE_BYTES:]
        try:
            plain = cipher.decrypt(nonce, sealed, key_id.encode())
        except InvalidTag:
            raise PayloadUndecryptable(
                f"encrypted payload with key id {key_id!r} failed authentication: altered, or encrypted "
                f"with another key under the same id"
            ) from None
        decoded = Payload()
        decoded.ParseFromString(plain)
        return decoded
