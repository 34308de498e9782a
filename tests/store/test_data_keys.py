"""Data keys per workflow (issue 19) on SQLite and PostgreSQL: one live key per workflow however
many processes race to make it, payloads under one workflow's key decrypt while another's key is
destroyed, destroying twice destroys nothing more, and a master key rotation with ``rewrap``
keeps every payload readable once the old master key is gone."""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
from datetime import UTC, datetime

import pytest
from databases import Database
from temporalio.api.common.v1 import Payload
from temporalio.converter import ActivitySerializationContext, WorkflowSerializationContext

from privacy.codec import DATA_KEY_METADATA, ENCODING, KEY_ID_METADATA, EncryptionCodec, PayloadErased
from privacy.data_keys import DataKeys, DataKeyUnavailable, StoredDataKey, rewrapped, wrap
from privacy.keys import KeyRing
from store.db import transaction
from store.repository.data_keys import DataKeyStore, count_keys, keys_to_rewrap

OLD, NEW = os.urandom(32), os.urandom(32)
NOW = datetime(2026, 12, 24, 9, tzinfo=UTC)


def payload(text: str) -> Payload:
    return Payload(metadata={"encoding": b"json/plain"}, data=f'"{text}"'.encode())


def codec_for(database: Database, keyring: KeyRing) -> EncryptionCodec:
    return EncryptionCodec(keyring, DataKeys(DataKeyStore(lambda: database.factory), keyring, cache_seconds=0))


def bound(codec: EncryptionCodec, workflow_id: str) -> EncryptionCodec:
    return codec.with_context(WorkflowSerializationContext(namespace="default", workflow_id=workflow_id))


async def test_a_workflows_payloads_use_its_own_data_key_named_in_the_payload(database: Database):
    codec = codec_for(database, KeyRing("m1", {"m1": OLD}))
    [sealed] = await bound(codec, "thread-T-1").encode([payload("Ingrid")])
    assert set(sealed.metadata) == {"encoding", DATA_KEY_METADATA} and sealed.metadata["encoding"] == ENCODING
    assert b"Ingrid" not in sealed.data
    # An activity of the same workflow uses the same key; another workflow has its own.
    activity = codec.with_context(
        ActivitySerializationContext(
            namespace="default",
            activity_id="1",
            activity_type="notify",
            activity_task_queue="q",
            workflow_id="thread-T-1",
            workflow_type="BuyerThread",
            is_local=False,
        )
    )
    [from_activity] = await activity.encode([payload("x")])
    [other] = await bound(codec, "thread-T-2").encode([payload("y")])
    assert from_activity.metadata[DATA_KEY_METADATA] == sealed.metadata[DATA_KEY_METADATA]
    assert other.metadata[DATA_KEY_METADATA] != sealed.metadata[DATA_KEY_METADATA]
    # Decoding needs no context: the payload names its key.
    assert await codec.decode([sealed, other]) == [payload("Ingrid"), payload("y")]
    # No workflow known (the UI's own encodings, a schedule's): the master key, as before issue 19.
    [unbound] = await codec.encode([payload("z")])
    assert unbound.metadata[KEY_ID_METADATA] == b"m1"


async def test_processes_racing_to_make_a_workflows_key_end_with_one(database: Database):
    keyring = KeyRing("m1", {"m1": OLD})
    stores = [DataKeys(DataKeyStore(lambda: database.factory), keyring, cache_seconds=0) for _ in range(6)]
    ids = await asyncio.gather(*(keys.for_workflow("thread-T-race") for keys in stores))
    assert len({key_id for key_id, _ in ids}) == 1
    with transaction(database.factory) as session:
        assert count_keys(session) == {"wrapped by m1": 1}


def test_the_live_key_index_admits_one_key_per_workflow_under_threads(database: Database):
    """The race above, with real threads inserting at once (the codec calls the store off the loop)."""
    keyring = KeyRing("m1", {"m1": OLD})
    table = DataKeyStore(lambda: database.factory)

    def add(n: int) -> str:
        key_id = f"dk_{n:032d}"
        master, wrapped = wrap(keyring, key_id, os.urandom(32))
        return table.add_key(StoredDataKey(key_id, "thread-T-threads", master, wrapped)).key_id

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        winners = set(pool.map(add, range(8)))
    assert len(winners) == 1


async def test_destroying_a_workflows_key_erases_its_payloads_and_no_other(database: Database):
    codec = codec_for(database, KeyRing("m1", {"m1": OLD}))
    [erased] = await bound(codec, "thread-T-erased").encode([payload("Ingrid")])
    [kept] = await bound(codec, "thread-T-kept").encode([payload("Bjorn")])
    keys = codec.data_keys
    assert keys is not None
    destroyed = await keys.destroy(["thread-T-erased", "takeover-T-erased"], NOW)
    assert destroyed == [erased.metadata[DATA_KEY_METADATA].decode()]
    with pytest.raises(PayloadErased) as error:
        await codec.decode([erased])
    assert "destroyed on 2026-12-24" in str(error.value)
    assert await codec.decode([kept]) == [payload("Bjorn")]
    assert await keys.destroy(["thread-T-erased"], NOW) == []  # twice: nothing more
    # The workflow id used again (a message after the erasure) gets a new key.
    [fresh] = await bound(codec, "thread-T-erased").encode([payload("new")])
    assert fresh.metadata[DATA_KEY_METADATA] != erased.metadata[DATA_KEY_METADATA]
    assert await codec.decode([fresh]) == [payload("new")]


async def test_a_cached_key_destroyed_elsewhere_is_unusable_once_the_cache_time_passed(database: Database):
    keyring = KeyRing("m1", {"m1": OLD})
    now = [0.0]
    here = DataKeys(DataKeyStore(lambda: database.factory), keyring, cache_seconds=60, clock=lambda: now[0])
    elsewhere = DataKeys(DataKeyStore(lambda: database.factory), keyring, cache_seconds=60)
    codec = EncryptionCodec(keyring, here)
    [sealed] = await bound(codec, "thread-T-cache").encode([payload("Ingrid")])
    await elsewhere.destroy(["thread-T-cache"], NOW)
    assert await codec.decode([sealed]) == [payload("Ingrid")]  # within the cache time
    now[0] = 61.0
    with pytest.raises(PayloadErased):
        await codec.decode([sealed])


async def test_a_new_master_key_and_rewrap_keep_old_payloads_readable_without_the_old_key(database: Database):
    before = KeyRing("m1", {"m1": OLD})
    [sealed] = await bound(codec_for(database, before), "thread-T-rotate").encode([payload("Ingrid")])

    rotated = KeyRing("m2", {"m1": OLD, "m2": NEW})  # taken into use beside the old one: no downtime
    assert await codec_for(database, rotated).decode([sealed]) == [payload("Ingrid")]
    [after] = await bound(codec_for(database, rotated), "thread-T-new").encode([payload("Bjorn")])

    only_new = KeyRing("m2", {"m2": NEW})
    with pytest.raises(DataKeyUnavailable, match="master key 'm1'.*helpdesk keys rewrap"):
        await DataKeys(DataKeyStore(lambda: database.factory), only_new, cache_seconds=0).by_id(
            sealed.metadata[DATA_KEY_METADATA].decode()
        )

    with transaction(database.factory) as session:  # what `helpdesk keys rewrap` does, one batch
        rows = keys_to_rewrap(session, rotated.current_id, 100)
        assert [row.workflow_id for row in rows] == ["thread-T-rotate"]
        for row in rows:
            row.master_key_id, row.wrapped = rewrapped(rotated, row.key_id, row.master_key_id, row.wrapped)
    with transaction(database.factory) as session:
        assert keys_to_rewrap(session, rotated.current_id, 100) == []
        assert count_keys(session) == {"wrapped by m2": 2}
    assert await codec_for(database, only_new).decode([sealed, after]) == [payload("Ingrid"), payload("Bjorn")]
