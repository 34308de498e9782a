"""`helpdesk keys status|rewrap` (issue 19): after a new master key is made current, `rewrap` moves
every data key to it (resumable, in batches), `status` shows where the keys stand, and a payload
written before the rotation decodes with the new master key alone."""

from __future__ import annotations

import argparse
import base64
import json
import os
from pathlib import Path

import pytest
from temporalio.api.common.v1 import Payload
from temporalio.converter import WorkflowSerializationContext

from config import Settings, load_settings
from privacy.codec import EncryptionCodec
from privacy.data_keys import DataKeys
from privacy.keys import KeyRing
from starter.cli.common import Parser
from starter.cli.privacy import add_privacy_commands
from store.db import open_store
from store.repository.data_keys import DataKeyStore

OLD, NEW = os.urandom(32), os.urandom(32)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="helpdesk")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    add_privacy_commands(commands)
    return parser


def run(capsys: pytest.CaptureFixture[str], settings: Settings, *argv: str) -> tuple[int, dict]:
    args = build_parser().parse_args(["keys", *argv])
    status = args.handler(args, settings)
    out, _ = capsys.readouterr()
    return status, json.loads(out)


def settings_with(url: str, current: str, **keys: bytes) -> Settings:
    """The keys in a database of their own (``HELPDESK_DATA_KEY_DATABASE_URL``), apart from the store."""
    return load_settings(
        database_url=f"{url}-store.db",
        data_key_database_url=url,
        payload_keys={key_id: base64.b64encode(key).decode() for key_id, key in keys.items()},
        payload_key_id=current,
    )


async def test_rewrap_moves_every_data_key_to_the_current_master_key(capsys, tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'keys.db'}"
    sessions = open_store(url)
    before = KeyRing("m1", {"m1": OLD})
    codec = EncryptionCodec(before, DataKeys(DataKeyStore(lambda: sessions), before, cache_seconds=0))
    sealed = []
    for n in range(5):
        bound = codec.with_context(WorkflowSerializationContext(namespace="default", workflow_id=f"thread-T-{n}"))
        sealed += await bound.encode([Payload(metadata={"encoding": b"json/plain"}, data=f'"{n}"'.encode())])

    rotated = settings_with(url, "m2", m1=OLD, m2=NEW)
    assert run(capsys, rotated, "status")[1]["data_keys"] == {"wrapped by m1": 5}
    assert run(capsys, rotated, "rewrap", "--batch", "2") == (0, {"rewrapped": 5, "current_master_key": "m2"})
    status = run(capsys, rotated, "status")[1]
    assert (status["current_master_key"], status["data_keys"]) == ("m2", {"wrapped by m2": 5})
    assert {"m1", "m2"} <= set(status["master_keys"])
    assert run(capsys, rotated, "rewrap")[1]["rewrapped"] == 0  # again: nothing left to move

    after = KeyRing("m2", {"m2": NEW})  # the old master key dropped
    decoded = await EncryptionCodec(after, DataKeys(DataKeyStore(lambda: sessions), after, cache_seconds=0)).decode(
        sealed
    )
    assert [p.data for p in decoded] == [f'"{n}"'.encode() for n in range(5)]
