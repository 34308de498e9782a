"""A master key rotation keeps the histories Temporal holds readable (issue 19), on the dev server.

A thread runs with the tests' master key. Then a new master key is taken into use beside the old
one: the history still decodes. ``helpdesk keys rewrap`` moves the thread's data keys to the new
master key; after that the old master key is dropped and the whole history (every payload in it:
inputs, results, signals, updates, failures, summaries) still decodes, so no payload of a
workflow depends on a master key directly. The rotation runs on copies of the thread's key rows
in a database of the test's own: the tests' shared key database stays under the tests' key.
"""

from __future__ import annotations

import os
from pathlib import Path

from history_search import payloads_in
from sqlalchemy import select
from temporalio.api.history.v1 import History

from config import load_settings
from contract.threads import BuyerMessage, SellerReply, ThreadOpen, thread_workflow_id
from helpdesk_testing import ThreadHarness, ThreadProbe
from privacy.codec import ENCODING, EncryptionCodec, PayloadUndecryptable, data_key_of
from privacy.data_keys import DataKeys, rewrapped
from privacy.keys import KeyRing
from rules.kinds import ThreadState
from store.db import open_store, reading, transaction
from store.models import DataKey
from store.repository.data_keys import DataKeyStore, keys_to_rewrap

NEW_KEY = os.urandom(32)


async def test_after_a_rotation_and_rewrap_a_history_decodes_without_the_old_master_key(
    dev_harness: ThreadHarness, tmp_path: Path
):
    h = dev_harness
    thread_id = f"T-rotate-{os.urandom(4).hex()}"
    h.opened.append(thread_id)
    thread = ThreadOpen(
        thread_id=thread_id, order_id=f"O-{thread_id}", seller_id="S-rotate", buyer_id="B-rotate", market="FR"
    )
    await h.client.open_inquiry(
        thread, BuyerMessage(message_id=f"{thread_id}-m1", received_at=await h.now(), text="Est-il debloque ?")
    )
    await h.client.seller_reply(
        thread_id, SellerReply(message_id=f"{thread_id}-r1", seller_id="S-rotate", text="Oui, il est debloque.")
    )
    await ThreadProbe(h, thread).settled(lambda s: s.state == ThreadState.AWAITING_BUYER)
    history = await h.client.temporal.get_workflow_handle(thread_workflow_id(thread_id)).fetch_history()
    events = History(events=history.events)
    encrypted = [p for _, p in payloads_in(events, search_attributes=False) if p.metadata.get("encoding") == ENCODING]
    assert encrypted and all(data_key_of(p) for p in encrypted), "a payload of the workflow under a master key directly"

    # The thread's key rows, copied into a key database of this test's own.
    settings = load_settings()
    shared = open_store(settings.data_key_database_url or settings.database_url)
    own = open_store(f"sqlite:///{tmp_path / 'keys.db'}")
    wanted = {data_key_of(p) for p in encrypted}
    with reading(shared) as source, transaction(own) as target:
        for row in source.scalars(select(DataKey).where(DataKey.key_id.in_(wanted))):
            target.add(DataKey(**{c.name: getattr(row, c.name) for c in DataKey.__table__.columns}))
    old_ring = dev_codec_ring()

    def codec(ring: KeyRing) -> EncryptionCodec:
        return EncryptionCodec(ring, DataKeys(DataKeyStore(lambda: own), ring, cache_seconds=0))

    rotated = KeyRing("rotated-2", {**old_ring.keys, "rotated-2": NEW_KEY})
    assert len(await codec(rotated).decode(encrypted)) == len(encrypted)  # both keys configured: no downtime
    only_new = KeyRing("rotated-2", {"rotated-2": NEW_KEY})
    try:  # dropping the old master key before the rewrap: refused, saying what to run
        await codec(only_new).decode(encrypted[:1])
    except PayloadUndecryptable as error:
        assert "helpdesk keys rewrap" in str(error)
    else:
        raise AssertionError("a data key wrapped by a master key that is not configured was unwrapped")

    with transaction(own) as session:
        for row in keys_to_rewrap(session, rotated.current_id, 100):
            row.master_key_id, row.wrapped = rewrapped(rotated, row.key_id, row.master_key_id, row.wrapped)
    decoded = await codec(only_new).decode(encrypted)
    assert decoded == await codec(rotated).decode(encrypted)
    assert all(p.metadata["encoding"] != ENCODING for p in decoded)


def dev_codec_ring() -> KeyRing:
    """The tests' master keys, as the dev server's worker has them."""
    from connection import payload_keyring

    return payload_keyring(load_settings())
