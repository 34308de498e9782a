"""``helpdesk buyer erase`` and ``helpdesk keys status|rewrap`` (issue 19).

``buyer erase`` does what ``DELETE /v1/buyers/{buyer_id}`` does (the same ``BuyerEraser``): the
buyer's texts leave the store and their threads' data keys are destroyed; deferred while a thread
is open. ``keys rewrap`` moves every data key to the current master key, after which an old master
key is needed only for payloads it encrypted directly (those written before issue 19, and those
with no workflow). Both print JSON; exit status 0, 2 for bad input.
"""

from __future__ import annotations

import argparse
import getpass
import json

from config import Settings
from starter.cli.common import fail

REWRAP_BATCH = 500


def key_database(settings: Settings) -> str:
    """Where the data keys are: ``HELPDESK_DATA_KEY_DATABASE_URL``, else the store's database."""
    return settings.data_key_database_url or settings.database_url


def _cmd_erase(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio

    from activities.erasure import BuyerEraser
    from connection import connect
    from errors import TemporalUnavailable
    from store.db import open_store

    buyer_id = args.buyer_id.strip()
    if not buyer_id or len(buyer_id) > 128:
        fail("helpdesk buyer erase", f"BUYER_ID: 1-128 characters, got {args.buyer_id!r}")

    async def erase() -> str:
        client = await connect(settings, timeout=10.0)
        eraser = BuyerEraser(open_store(settings.database_url), client)
        outcome = await eraser.erase(buyer_id, f"cli:{args.by or getpass.getuser()}")
        return outcome.model_dump_json()

    try:
        print(asyncio.run(erase()))
    except TemporalUnavailable as exc:
        fail("helpdesk buyer erase", f"Temporal: {exc} (a closed thread's workflow must be ended first)")
    return 0


def _cmd_keys_status(args: argparse.Namespace, settings: Settings) -> int:
    from connection import payload_keyring
    from store.db import open_store, reading
    from store.repository.data_keys import count_keys

    keyring = payload_keyring(settings)
    with reading(open_store(key_database(settings))) as session:
        counts = count_keys(session)
    print(
        json.dumps({"current_master_key": keyring.current_id, "master_keys": sorted(keyring.keys), "data_keys": counts})
    )
    return 0


def _cmd_keys_rewrap(args: argparse.Namespace, settings: Settings) -> int:
    """Re-wrap, in batches, every live data key wrapped by a master key that is not the current one.
    Resumable: a key is rewritten in the transaction that read it; run it again after a failure."""
    from connection import payload_keyring
    from privacy.data_keys import DataKeyUnavailable, rewrapped
    from store.db import open_store, transaction
    from store.repository.data_keys import keys_to_rewrap

    keyring = payload_keyring(settings)
    sessions = open_store(key_database(settings))
    moved = 0
    while True:
        with transaction(sessions) as session:
            rows = keys_to_rewrap(session, keyring.current_id, args.batch)
            for row in rows:
                try:
                    row.master_key_id, row.wrapped = rewrapped(keyring, row.key_id, row.master_key_id, row.wrapped)
                except DataKeyUnavailable as exc:
                    fail("helpdesk keys rewrap", str(exc))
        moved += len(rows)
        if len(rows) < args.batch:
            break
    print(json.dumps({"rewrapped": moved, "current_master_key": keyring.current_id}))
    return 0


def add_privacy_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    buyer = commands.add_parser("buyer", help="a buyer's personal data: erase it")
    buyer_commands = buyer.add_subparsers(dest="buyer_command", required=True)
    erase = buyer_commands.add_parser("erase", help="erase a buyer's texts and destroy their threads' data keys")
    erase.add_argument("buyer_id", metavar="BUYER_ID")
    erase.add_argument("--by", metavar="NAME", help="who asks, for the erasure record (default: this user)")
    erase.set_defaults(handler=_cmd_erase)

    keys = commands.add_parser("keys", help="the payload keys: status, rewrap after a master key rotation")
    key_commands = keys.add_subparsers(dest="keys_command", required=True)
    status = key_commands.add_parser("status", help="master keys configured, data keys per master key")
    status.set_defaults(handler=_cmd_keys_status)
    rewrap = key_commands.add_parser("rewrap", help="re-wrap every data key under the current master key")
    rewrap.add_argument(
        "--batch",
        type=int,
        default=REWRAP_BATCH,
        choices=range(1, 100_001),
        metavar="N",
        help=f"keys per transaction, 1-100000 (default {REWRAP_BATCH})",
    )
    rewrap.set_defaults(handler=_cmd_keys_rewrap)
