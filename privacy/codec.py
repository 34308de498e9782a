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

Since issue 19 a payload that belongs to a workflow (the SDK tells the codec which, through its
serialization context) is encrypted with that workflow's data key (``privacy/data_keys.py``) and
names it in ``encryption-data-key-id``; destroying the key erases the payload. Payloads with no
workflow (a schedule's or the UI's own encodings) and those written before use a master key.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from temporalio.api.common.v1 import Payload
from temporalio.converter import PayloadCodec, SerializationContext, WithSerializationContext

from errors import InvalidInput
from privacy.data_keys import DataKeyDestroyed, DataKeys, DataKeyUnavailable
from privacy.keys import KEY_FILE_VARIABLE, KEYS_VARIABLE, KeyRing

ENCODING = b"binary/encrypted"
KEY_ID_METADATA = "encryption-key-id"
DATA_KEY_METADATA = "encryption-data-key-id"
NONCE_BYTES = 12  # 96 bits: GCM's native nonce size; random per payload


class PayloadUndecryptable(InvalidInput):
    """An encrypted payload this process cannot open; the message says why and what to set."""


class UnknownPayloadKey(PayloadUndecryptable):
    """The payload names a key id that is not configured (a key dropped too early, or another deployment's)."""


class PayloadErased(PayloadUndecryptable):
    """The payload's data key was destroyed by an erasure: nothing can decrypt it any more."""

    def __init__(self, error: DataKeyDestroyed) -> None:
        super().__init__(str(error))
        self.key_id = error.key_id
        self.destroyed_at = error.destroyed_at


def is_encrypted(payload: Payload) -> bool:
    return payload.metadata.get("encoding") == ENCODING


def data_key_of(payload: Payload) -> str | None:
    """The data key a payload names, if it was encrypted with one (else a master key, or none)."""
    key_id = payload.metadata.get(DATA_KEY_METADATA)
    return None if key_id is None or not is_encrypted(payload) else key_id.decode("utf-8", "replace")


def _data_aad(key_id: str) -> bytes:
    return b"data-key:" + key_id.encode()


class EncryptionCodec(PayloadCodec, WithSerializationContext):
    """Encrypts a workflow's payloads with its data key (or, with no workflow known or no data
    keys configured, the current master key); decrypts with whichever key a payload names.

    The key id is bound as associated data, so a payload whose id was rewritten to another
    configured key fails authentication instead of being tried under the wrong key.
    """

    def __init__(self, keyring: KeyRing, data_keys: DataKeys | None = None) -> None:
        self._keyring = keyring
        self._ciphers = {key_id: AESGCM(key) for key_id, key in keyring.keys.items()}
        self._data_keys = data_keys
        self._workflow_id: str | None = None

    @property
    def current_key_id(self) -> str:
        return self._keyring.current_id

    @property
    def data_keys(self) -> DataKeys | None:
        return self._data_keys

    def data_key_workflow(self, payload: Payload) -> str | None:
        """The workflow whose data key encrypted ``payload``, once this process has used that key."""
        key_id = data_key_of(payload)
        return None if key_id is None or self._data_keys is None else self._data_keys.workflow_of(key_id)

    def with_context(self, context: SerializationContext) -> EncryptionCodec:
        """The codec for one workflow's payloads (the SDK calls this for every conversion)."""
        workflow_id = getattr(context, "workflow_id", None)
        if self._data_keys is None or not workflow_id or workflow_id == self._workflow_id:
            return self
        bound = object.__new__(EncryptionCodec)  # no __init__: the ciphers are shared, not rebuilt
        bound.__dict__.update(self.__dict__)
        bound._workflow_id = workflow_id
        return bound

    async def encode(self, payloads: Sequence[Payload]) -> list[Payload]:
        if self._data_keys is None or self._workflow_id is None:
            return [self.encrypt(payload) for payload in payloads]
        hit = self._data_keys.cached_for_workflow(self._workflow_id)
        key_id, cipher = hit if hit is not None else await self._data_keys.for_workflow(self._workflow_id)
        metadata = {"encoding": ENCODING, DATA_KEY_METADATA: key_id.encode()}
        aad = _data_aad(key_id)
        sealed = []
        for payload in payloads:
            nonce = os.urandom(NONCE_BYTES)
            sealed.append(
                Payload(metadata=metadata, data=nonce + cipher.encrypt(nonce, payload.SerializeToString(), aad))
            )
        return sealed

    async def decode(self, payloads: Sequence[Payload]) -> list[Payload]:
        return [await self.open(payload) for payload in payloads]

    async def open(self, payload: Payload) -> Payload:
        """Decrypt one payload, whichever key it names; ``PayloadErased`` if its data key was destroyed."""
        key_id = data_key_of(payload)
        if key_id is None:
            return self.decrypt(payload)
        if self._data_keys is None:
            raise PayloadUndecryptable(
                f"payload encrypted with data key {key_id!r}, and this process has no data key store"
            )
        cipher = self._data_keys.cached_by_id(key_id)
        if cipher is not None:
            return self._unseal(cipher, payload.data, key_id, _data_aad(key_id), "data key")
        try:
            cipher = await self._data_keys.by_id(key_id)
        except DataKeyDestroyed as error:
            raise PayloadErased(error) from None
        except DataKeyUnavailable as error:
            raise PayloadUndecryptable(str(error)) from None
        return self._unseal(cipher, payload.data, key_id, _data_aad(key_id), "data key")

    # Synchronous halves for master-key payloads: AES-GCM on a payload takes microseconds, and
    # the HTTP codec endpoint's encode and tests call them directly.

    def encrypt(self, payload: Payload) -> Payload:
        key_id = self._keyring.current_id
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._ciphers[key_id].encrypt(nonce, payload.SerializeToString(), key_id.encode())
        return Payload(metadata={"encoding": ENCODING, KEY_ID_METADATA: key_id.encode()}, data=nonce + sealed)

    def decrypt(self, payload: Payload) -> Payload:
        if not is_encrypted(payload):
            return payload  # written before the codec (or by a client without it): as it is
        if data_key_of(payload) is not None:
            raise PayloadUndecryptable(
                "a payload encrypted with a data key is opened with `open` (it may need the store)"
            )
        key_id = payload.metadata.get(KEY_ID_METADATA, b"").decode("utf-8", "replace")
        cipher = self._ciphers.get(key_id)
        if cipher is None:
            raise UnknownPayloadKey(
                f"payload encrypted with key id {key_id!r}, which is not configured: add that key to "
                f"{KEYS_VARIABLE} (or to the {KEY_FILE_VARIABLE} file), keeping the current one "
                f"(configured: {', '.join(sorted(self._ciphers))})"
            )
        return self._unseal(cipher, payload.data, key_id, key_id.encode(), "key id")

    @staticmethod
    def _unseal(cipher: AESGCM, data: bytes, key_id: str, aad: bytes, kind: str) -> Payload:
        if len(data) <= NONCE_BYTES:
            raise PayloadUndecryptable(f"encrypted payload with {kind} {key_id!r} is truncated")
        try:
            plain = cipher.decrypt(data[:NONCE_BYTES], data[NONCE_BYTES:], aad)
        except InvalidTag:
            raise PayloadUndecryptable(
                f"encrypted payload with {kind} {key_id!r} failed authentication: altered, or encrypted "
                f"with another key under the same id"
            ) from None
        decoded = Payload()
        decoded.ParseFromString(plain)
        return decoded
