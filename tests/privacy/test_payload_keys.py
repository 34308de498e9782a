"""Payload keys: from settings (refused at start in one line naming the variable, never printed)
or from the key file, created once (0600) even when two processes start together."""

from __future__ import annotations

import base64
import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from config import SettingsInvalid, load_settings
from connection import payload_keyring
from privacy.keys import read_or_create_key_file

KEY = base64.b64encode(b"k" * 32).decode()
OTHER = base64.b64encode(b"o" * 32).decode()


@pytest.fixture
def no_configured_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the test key of conftest: the key file is what the process falls back to."""
    monkeypatch.delenv("HELPDESK_PAYLOAD_KEYS", raising=False)
    monkeypatch.delenv("HELPDESK_PAYLOAD_KEY_ID", raising=False)


@pytest.mark.parametrize(
    ("keys", "key_id", "message"),
    [
        ('{"k1": "not base64!"}', None, "setting HELPDESK_PAYLOAD_KEYS: key 'k1' is not base64"),
        (
            json.dumps({"k1": base64.b64encode(b"short").decode()}),
            None,
            "setting HELPDESK_PAYLOAD_KEYS: key 'k1' is 5 bytes, AES-256 needs 32",
        ),
        (json.dumps({"k 1": KEY}), None, "setting HELPDESK_PAYLOAD_KEYS: key id 'k 1' must be"),
        ('{"k1": ', None, "setting HELPDESK_PAYLOAD_KEYS: not valid JSON"),
        (
            json.dumps({"k1": KEY}),
            "k2",
            "setting HELPDESK_PAYLOAD_KEY_ID: 'k2' is not one of the keys in HELPDESK_PAYLOAD_KEYS (k1)",
        ),
        (
            json.dumps({"k1": KEY, "k2": OTHER}),
            None,
            "setting HELPDESK_PAYLOAD_KEY_ID: required when HELPDESK_PAYLOAD_KEYS holds more than one key",
        ),
        (None, "k1", "setting HELPDESK_PAYLOAD_KEY_ID: set without HELPDESK_PAYLOAD_KEYS"),
    ],
)
def test_bad_keys_are_refused_in_one_line_naming_the_variable(monkeypatch, no_configured_keys, keys, key_id, message):
    if keys is not None:
        monkeypatch.setenv("HELPDESK_PAYLOAD_KEYS", keys)
    if key_id is not None:
        monkeypatch.setenv("HELPDESK_PAYLOAD_KEY_ID", key_id)
    with pytest.raises(SettingsInvalid) as refused:
        load_settings()
    assert message in str(refused.value) and "\n" not in str(refused.value)
    assert KEY not in str(refused.value) and OTHER not in str(refused.value)


def test_configured_keys_rotate_and_are_never_printed(monkeypatch, no_configured_keys):
    monkeypatch.setenv("HELPDESK_PAYLOAD_KEYS", json.dumps({"2025": KEY, "2026": OTHER}))
    monkeypatch.setenv("HELPDESK_PAYLOAD_KEY_ID", "2026")
    settings = load_settings()
    assert KEY not in repr(settings) and OTHER not in repr(settings) and KEY not in str(settings.model_dump())
    keyring = payload_keyring(settings)
    assert keyring.current_id == "2026" and keyring.current_key == b"o" * 32 and set(keyring.keys) == {"2025", "2026"}


def test_key_file_is_created_once_private_and_reused(tmp_path: Path, no_configured_keys):
    path = tmp_path / "state" / "payload-keys.json"
    settings = load_settings(payload_key_file=path)
    first = payload_keyring(settings)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert payload_keyring(settings) == first  # read, not made again
    content = json.loads(path.read_text())
    assert (
        content["current"] == first.current_id
        and base64.b64decode(content["keys"][first.current_id]) == first.current_key
    )
    assert [p.name for p in path.parent.iterdir()] == ["payload-keys.json"]  # no staging file left


def test_processes_starting_together_agree_on_one_key(tmp_path: Path):
    """The worker and the API of `make run` start at once: O_EXCL-style publication means exactly
    one creates the file and every other reads it. Threads released together by a barrier."""
    path = tmp_path / "payload-keys.json"
    barrier = threading.Barrier(12)
    results: list[object] = []

    def start() -> None:
        barrier.wait()
        results.append(read_or_create_key_file(path))

    threads = [threading.Thread(target=start) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 12 and len({(k.current_id, k.current_key) for k in results}) == 1  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "not valid JSON"),
        ('{"keys": {}}', 'expected {"current"'),
        (json.dumps({"current": "a", "keys": {"a": "!!"}}), "key 'a' is not base64"),
        (json.dumps({"current": "b", "keys": {"a": KEY}}), "'b' is not one of the keys"),
    ],
)
def test_a_bad_key_file_is_one_line_naming_the_file(tmp_path: Path, no_configured_keys, content, message):
    path = tmp_path / "payload-keys.json"
    path.write_text(content)
    with pytest.raises(SettingsInvalid) as refused:
        payload_keyring(load_settings(payload_key_file=path))
    assert str(refused.value).startswith(f"setting HELPDESK_PAYLOAD_KEY_FILE ({path}): ")
    assert message in str(refused.value) and "\n" not in str(refused.value)


def test_cli_refuses_a_bad_key_file_before_starting(tmp_path: Path):
    path = tmp_path / "payload-keys.json"
    path.write_text(json.dumps({"current": "a", "keys": {"a": base64.b64encode(b"x" * 16).decode()}}))
    env = {k: v for k, v in os.environ.items() if not k.startswith("HELPDESK_PAYLOAD_KEY")}
    env["HELPDESK_PAYLOAD_KEY_FILE"] = str(path)
    result = subprocess.run(
        [sys.executable, "-m", "starter.cli", "worker"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2, result.stderr
    line = result.stderr.strip()
    # The CLI shortens a long path in the middle (starter/cli/common.py): both ends are what counts.
    assert "\n" not in line and "Traceback" not in line, result.stderr
    assert line.startswith("helpdesk: error: setting HELPDESK_PAYLOAD_KEY_FILE (/"), line
    assert line.endswith("key 'a' is 16 bytes, AES-256 needs 32"), line
