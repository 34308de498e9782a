"""`make run`'s supervisor on a real dev server: up, search attributes there, worker polling,
Ctrl-C stops all, a second start finds the old state, a taken port is one clear line. Without
payload keys in the environment the key file is created on first start (0600) and shared by
worker and API, and the dev server's UI is told the API's codec endpoint, which answers Temporal's
own CLI (``--codec-endpoint``).

Runs ``helpdesk run`` (what ``make run`` calls after installing) on free ports and a state
directory of its own, so it never collides with a developer's running system.
"""

from __future__ import annotations

import json
import re
import socket
import stat
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from run_process import BIN, RunProcess, run_environment, temporal_cli
from webhook_receiver import WebhookReceiver

from contract.search_attributes import ALL_SEARCH_ATTRIBUTES
from starter.api.auth import token_hash

pytestmark = pytest.mark.devserver

BACKEND_TOKEN = "tok-make-run-backend"


def _codec_answers(port: int, ui: int, key_file: Path, grpc: int) -> None:
    """The codec endpoint `make run` serves for the UI: configured in the UI, CORS for its origin,
    and speaking Temporal's protocol to Temporal's own CLI, with the key file's key."""
    import asyncio
    import base64
    import urllib.request

    from temporalio.api.common.v1 import Payload

    from privacy.codec import ENCODING, EncryptionCodec
    from privacy.keys import read_key_file

    with urllib.request.urlopen(f"http://localhost:{ui}/api/v1/settings", timeout=10) as response:
        assert json.loads(response.read())["Codec"]["Endpoint"] == f"http://localhost:{port}/codec"
    preflight = urllib.request.Request(
        f"http://localhost:{port}/codec/decode",
        method="OPTIONS",
        headers={
            "Origin": f"http://localhost:{ui}",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type,x-namespace",
        },
    )
    with urllib.request.urlopen(preflight, timeout=10) as response:
        assert response.headers["Access-Control-Allow-Origin"] == f"http://localhost:{ui}"

    # Temporal's CLI encodes a workflow input through the endpoint: the server keeps ciphertext
    # under the key file's key, and the CLI reads it back in clear through the endpoint.
    secret = "Ingrid Quernheim, ingrid.quernheim@example.org"
    codec = ["--codec-endpoint", f"http://localhost:{port}/codec"]
    temporal_cli(
        "workflow",
        "start",
        "--type",
        "CodecProbe",
        "--task-queue",
        "nobody-polls",
        "--workflow-id",
        "codec-probe",
        "--input",
        json.dumps(secret),
        *codec,
        grpc=grpc,
    )

    def started_input(*extra: str) -> dict:
        shown = json.loads(
            temporal_cli("workflow", "show", "--workflow-id", "codec-probe", "--output", "json", *extra, grpc=grpc)
        )
        return shown["events"][0]["workflowExecutionStartedEventAttributes"]["input"]["payloads"][0]

    stored = started_input()
    assert base64.b64decode(stored["metadata"]["encoding"]) == ENCODING
    keyring = read_key_file(key_file)
    assert base64.b64decode(stored["metadata"]["encryption-key-id"]).decode() == keyring.current_id
    payload = Payload(
        metadata={k: base64.b64decode(v) for k, v in stored["metadata"].items()}, data=base64.b64decode(stored["data"])
    )
    [plain] = asyncio.run(EncryptionCodec(keyring).decode([payload]))
    assert json.loads(plain.data) == secret
    assert json.loads(base64.b64decode(started_input(*codec)["data"])) == secret


def _wait_for_pollers(grpc: int, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        described = temporal_cli("task-queue", "describe", "--task-queue", "helpdesk-smoke", grpc=grpc)
        pollers = described.split("Pollers:", 1)[-1]
        if re.search(r"\bactivity\s+\S+@\S+", pollers):  # a poller row: type, identity pid@host
            return described
        time.sleep(0.5)
    pytest.fail(f"no worker polled task queue helpdesk-smoke:\n{described}")


def _port_answers(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _a_buyer_message_reaches_the_webhook(run: RunProcess, receiver: WebhookReceiver) -> None:
    """Through the API `make run` serves, to the receiver HELPDESK_WEBHOOKS names, by its relay."""
    inquiry = {
        "thread": {"thread_id": "T-run-1", "order_id": "O-1", "seller_id": "S-1", "buyer_id": "B-1", "market": "FR"},
        "message": {"message_id": "M-1", "received_at": datetime.now(UTC).isoformat(), "text": "Est-il débloqué ?"},
    }
    assert run.call("POST", "/v1/threads/T-run-1/messages", inquiry, token=BACKEND_TOKEN).status == 202
    event = receiver.wait_for(1, timeout=60)[0]
    assert (event["type"], event["thread_id"], event["data"]["text"]) == (
        "buyer_message.received",
        "T-run-1",
        "Est-il débloqué ?",
    )
    assert receiver.invalid == []


def test_make_run_starts_registers_polls_stops_and_keeps_state(tmp_path: Path) -> None:
    receiver = WebhookReceiver().start()
    env = run_environment(
        tmp_path,
        HELPDESK_WEBHOOKS=receiver.endpoint_json(),
        HELPDESK_API_TOKENS=json.dumps({token_hash(BACKEND_TOKEN): {"role": "backend"}}),
    )
    key_file = tmp_path / ".helpdesk" / "payload-keys.json"

    with RunProcess(env) as first:
        first.wait_for("Ready in")
        banner = first.output()
        grpc, ui, api = first.grpc_port, first.ui_port, first.api_port
        assert f"http://localhost:{ui}" in banner
        listed = temporal_cli("operator", "search-attribute", "list", grpc=grpc)
        for key in ALL_SEARCH_ATTRIBUTES:
            assert key.name in listed, f"search attribute {key.name} not registered"
        _wait_for_pollers(grpc)
        # The HTTP API beside the worker: ready once it answers for Temporal and the store.
        assert f"http://localhost:{api}" in banner
        assert first.ready() == {"temporal": "ok", "store": "ok"}
        # Configured tokens only: no development token is made or admitted beside them.
        assert "API tokens       1 from HELPDESK_API_TOKENS" in banner
        assert not Path(env["HELPDESK_DEV_TOKENS_FILE"]).exists()
        # The payload key file, made once before worker and API start, private, never printed.
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
        assert f"http://localhost:{api}/codec" in banner and str(key_file) in banner
        assert json.loads(key_file.read_text())["keys"].popitem()[1] not in banner
        _codec_answers(api, ui, key_file, grpc)
        # Events: the banner says where they go; the relay delivers them to the configured webhook.
        assert "Events           webhooks to backend" in banner and "/v1/events" in banner
        _a_buyer_message_reaches_the_webhook(first, receiver)
        receiver.stop()
        # Leave a trace in the server's state: a workflow no worker runs stays open across restarts.
        temporal_cli(
            "workflow",
            "start",
            "--type",
            "StateProbe",
            "--task-queue",
            "nobody-polls",
            "--workflow-id",
            "state-probe",
            grpc=grpc,
        )
        mark = first.mark()
        assert first.stop() == 0, first.output(mark)
        rest = first.output(mark)
        assert "Traceback" not in first.output()
        assert json.loads(key_file.read_text())["keys"].popitem()[1] not in rest

    assert not _port_answers(grpc), "the dev server still answers after Ctrl-C"
    assert not _port_answers(api), "the HTTP API still answers after Ctrl-C"
    assert (tmp_path / ".temporal" / "temporal.db").exists()
    assert (tmp_path / "helpdesk.db").exists(), "the store was not migrated"
    for child in ("temporal", "worker", "api", "relay"):
        assert (first.log_dir / f"{child}.log").exists(), f"no log of the {child}"

    first_keys = key_file.read_text()
    with RunProcess(env) as second:
        second.wait_for("Ready in")
        assert key_file.read_text() == first_keys, "the second start made a new key: old payloads would be unreadable"
        described = json.loads(
            temporal_cli("workflow", "describe", "--workflow-id", "state-probe", "--output", "json", grpc=grpc)
        )
        assert described["workflowExecutionInfo"]["status"] == "WORKFLOW_EXECUTION_STATUS_RUNNING"
        assert second.stop() == 0


def test_a_taken_port_is_one_clear_line(tmp_path: Path) -> None:
    env = run_environment(tmp_path)
    grpc = int(env["HELPDESK_TEMPORAL_ADDRESS"].rpartition(":")[2])
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", grpc))
        squatter.listen()
        result = subprocess.run([str(BIN / "helpdesk"), "run"], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert f"port {grpc} (Temporal gRPC) is already in use" in result.stderr
    assert not (tmp_path / ".temporal").exists(), "nothing may start when a port is taken"


def test_a_bad_token_entry_is_one_clear_line(tmp_path: Path) -> None:
    env = run_environment(tmp_path, HELPDESK_API_TOKENS=json.dumps({"0" * 64: {"role": "boss"}}))
    result = subprocess.run([str(BIN / "helpdesk"), "run"], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert (
        result.stderr
        == "helpdesk run: HELPDESK_API_TOKENS[000000000000…]: role must be backend, seller or ops, got 'boss'\n"
    )
    assert not (tmp_path / ".temporal").exists(), "nothing may start with a token entry the API would refuse"
