"""The AES-256-GCM payload codec: round trip, rotation, tampering, unknown keys, plain payloads,
and failure messages moved into an encoded attribute by the production data converter."""

from __future__ import annotations

import base64
import os
from datetime import UTC, datetime

import pytest
from temporalio.api.common.v1 import Payload
from temporalio.api.failure.v1 import Failure
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.exceptions import ApplicationError

from config import load_settings
from connection import data_converter
from contract.threads import BuyerMessage
from privacy.codec import ENCODING, KEY_ID_METADATA, EncryptionCodec, PayloadUndecryptable, UnknownPayloadKey
from privacy.keys import KeyRing

SECRET = "Ingrid Quernheim, ingrid.quernheim@example.org"
OLD, NEW = os.urandom(32), os.urandom(32)


def ring(current: str, **keys: bytes) -> KeyRing:
    return KeyRing(current, keys)


def plain(text: str = SECRET) -> Payload:
    return pydantic_data_converter.payload_converter.to_payload(
        BuyerMessage(message_id="m1", received_at=datetime(2026, 12, 24, tzinfo=UTC), text=text)
    )


async def test_round_trip_hides_everything_but_the_key_id():
    codec = EncryptionCodec(ring("k1", k1=OLD))
    original = plain()
    [encrypted] = await codec.encode([original])
    assert dict(encrypted.metadata) == {"encoding": ENCODING, KEY_ID_METADATA: b"k1"}
    assert SECRET.encode() not in encrypted.data and b"json/plain" not in encrypted.data  # even the inner encoding
    [decrypted] = await codec.decode([encrypted])
    assert decrypted == original
    # A fresh nonce every time: the same payload twice is two different ciphertexts.
    [again] = await codec.encode([original])
    assert again.data[:12] != encrypted.data[:12] and again.data != encrypted.data


async def test_rotation_old_key_decodes_new_key_encodes():
    before = EncryptionCodec(ring("2025", **{"2025": OLD}))
    after = EncryptionCodec(ring("2026", **{"2025": OLD, "2026": NEW}))
    [written_before] = await before.encode([plain()])
    [written_after] = await after.encode([plain()])
    assert written_after.metadata[KEY_ID_METADATA] == b"2026"
    assert await after.decode([written_before]) == [plain()]
    assert await after.decode([written_after]) == [plain()]
    # A process still on the old keys names the key it lacks and where to add it.
    with pytest.raises(UnknownPayloadKey) as unknown:
        await before.decode([written_after])
    assert "'2026'" in str(unknown.value) and "HELPDESK_PAYLOAD_KEYS" in str(unknown.value)
    assert "HELPDESK_PAYLOAD_KEY_FILE" in str(unknown.value) and "\n" not in str(unknown.value)


async def test_tampered_truncated_or_relabelled_ciphertext_is_refused():
    codec = EncryptionCodec(ring("a", a=OLD, b=NEW))
    [encrypted] = await codec.encode([plain()])
    flipped = Payload(metadata=encrypted.metadata, data=encrypted.data[:-1] + bytes([encrypted.data[-1] ^ 1]))
    with pytest.raises(PayloadUndecryptable, match="failed authentication"):
        await codec.decode([flipped])
    with pytest.raises(PayloadUndecryptable, match="truncated"):
        await codec.decode([Payload(metadata=encrypted.metadata, data=encrypted.data[:12])])
    # The key id is authenticated too: relabelling a payload to another configured key fails.
    relabelled = Payload(metadata={"encoding": ENCODING, KEY_ID_METADATA: b"b"}, data=encrypted.data)
    with pytest.raises(PayloadUndecryptable, match="failed authentication"):
        await codec.decode([relabelled])


async def test_payloads_written_before_the_codec_pass_through():
    codec = EncryptionCodec(ring("k1", k1=OLD))
    old = [plain(), Payload(metadata={"encoding": b"binary/null"}), Payload()]
    assert await codec.decode(old) == old


async def test_a_key_is_never_in_a_repr():
    keyring = ring("k1", k1=OLD)
    assert base64.b64encode(OLD).decode() not in repr(keyring) and repr(OLD) not in repr(keyring)


async def test_the_production_converter_encrypts_values_and_failure_messages():
    """What ``connection.data_converter`` builds: pydantic values, then the codec; an exception's
    message (which can quote personal data) travels in an encrypted attribute, not in clear."""
    converter = data_converter(load_settings())
    [payload] = await converter.encode(
        [BuyerMessage(message_id="m1", received_at=datetime(2026, 12, 24, tzinfo=UTC), text=SECRET)]
    )
    assert payload.metadata["encoding"] == ENCODING and SECRET.encode() not in payload.SerializeToString()
    [value] = await converter.decode([payload], [BuyerMessage])
    assert value.text == SECRET

    failure = Failure()
    await converter.encode_failure(ApplicationError(f"could not write {SECRET}", type="StoreError"), failure)
    assert SECRET.encode() not in failure.SerializeToString()
    error = await converter.decode_failure(failure)
    assert SECRET in str(error)
