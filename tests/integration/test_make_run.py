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
import os
import re
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest

from rules.search_attributes import ALL_SEARCH_ATTRIBUTES
from starter.api.auth import token_hash
from starter.ports import free_port
from webhook_receiver import WebhookReceiver

pytestmark = pytest.mark.devserver

BIN = Path(sys.executable).parent


API_PORT = free_port()
BACKEND_TOKEN = "tok-make-run-backend"


def _env(tmp_path: Path, grpc: int, ui: int) -> dict[str, str]:
    # Not the test key of conftest: as on a developer's machine, keys come from the key file.
    inherited = {name: value for name, value in os.environ.items() if not name.startswith("HELPDESK_PAYLOAD_KEY")}
    return {
        **inherited,
        "HELPDESK_PAYLOAD_KEY_FILE": str(tmp_path / ".helpdesk" / "payload-keys.json"),
        "HELPDESK_API_PORT": str(API_PORT),
        "HELPDESK_TEMPORAL_ADDRESS": f"localhost:{grpc}",
        "HELPDESK_TEMPORAL_UI_PORT": str(ui),
        "HELPDESK_TEMPORAL_STATE_DIR": str(tmp_path / ".temporal"),
        "HELPDESK_DATABASE_URL": f"sqlite:///{tmp_path / 'helpdesk.db'}",
        "HELPDESK_METRICS_PORT": str(free_port()),
        "HELPDESK_RELAY_METRICS_PORT": str(free_port()),
        "HELPDESK_TASK_QUEUE": "helpdesk-smoke",
    }


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
    preflight = urllib.request.Request(f"http://localhost:{port}/codec/decode", method="OPTIONS", headers={
        "Origin": f"http://localhost:{ui}", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type,x-namespace",
    })
    with urllib.request.urlopen(preflight, timeout=10) as response:
        assert response.headers["Access-Control-Allow-Origin"] == f"http://localhost:{ui}"

    # Temporal's CLI encodes a workflow input through the endpoint: the server keeps ciphertext
    # under the key file's key, and the CLI reads it back in clear through the endpoint.
    secret = "Ingrid Quernheim, ingrid.quernheim@example.org"
    codec = ["--codec-endpoint", f"http://localhost:{port}/codec"]
    _temporal("workflow", "start", "--type", "CodecProbe", "--task-queue", "nobody-polls", "--workflow-id", "codec-probe",
              "--input", json.dumps(secret), *codec, grpc=grpc)

    def started_input(*extra: str) -> dict:
        shown = json.loads(_temporal("workflow", "show", "--workflow-id", "codec-probe", "--output", "json", *extra, grpc=grpc))
        return shown["events"][0]["workflowExecutionStartedEventAttributes"]["input"]["payloads"][0]

    stored = started_input()
    assert base64.b64decode(stored["metadata"]["encoding"]) == ENCODING
    keyring = read_key_file(key_file)
    assert base64.b64decode(stored["metadata"]["encryption-key-id"]).decode() == keyring.current_id
    payload = Payload(metadata={k: base64.b64decode(v) for k, v in stored["metadata"].items()}, data=base64.b64decode(stored["data"]))
    [plain] = asyncio.run(EncryptionCodec(keyring).decode([payload]))
    assert json.loads(plain.data) == secret
    assert json.loads(base64.b64decode(started_input(*codec)["data"])) == secret


def _temporal(*args: str, grpc: int) -> str:
    return subprocess.run(
        [str(BIN / "temporal"), *args, "--address", f"localhost:{grpc}"],
        check=True,
        capture_output=True,
        text=True,
        timeout=30,
    ).stdout


@contextmanager
def _make_run(env: dict[str, str]) -> Iterator[subprocess.Popen[str]]:
    process = subprocess.Popen(
        [str(BIN / "helpdesk"), "run"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            # SIGINT first: the supervisor stops its dev server and worker (their own sessions,
            # so a SIGKILL of the supervisor alone would leave them running).
            process.send_signal(signal.SIGINT)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_for_line(process: subprocess.Popen[str], needle: str, timeout: float = 90) -> list[str]:
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line and process.poll() is not None:
            break
        seen.append(line)
        if needle in line:
            return seen
    pytest.fail(f"{needle!r} never printed; output:\n{''.join(seen)}")


def _wait_for_pollers(grpc: int, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        described = _temporal("task-queue", "describe", "--task-queue", "helpdesk-smoke", grpc=grpc)
        pollers = described.split("Pollers:", 1)[-1]
        if re.search(r"\bactivity\s+\S+@\S+", pollers):  # a poller row: type, identity pid@host
            return described
        time.sleep(0.5)
    pytest.fail(f"no worker polled task queue helpdesk-smoke:\n{described}")


def _stop(process: subprocess.Popen[str]) -> str:
    process.send_signal(signal.SIGINT)  # what Ctrl-C sends
    rest, _ = process.communicate(timeout=60)
    return rest


def _port_answers(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _ready(port: int, timeout: float = 30.0) -> dict[str, str]:
    """``GET /readyz`` until it is 200 (the API connects to Temporal in the background)."""
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"http://localhost:{port}/readyz", timeout=3) as response:
                return json.loads(response.read())
        except (urllib.error.URLError, ConnectionError) as error:
            if time.monotonic() > deadline:
                raise AssertionError(f"the HTTP API was not ready on port {port}: {error}") from None
            time.sleep(0.3)


def _a_buyer_message_reaches_the_webhook(env: dict[str, str], receiver: WebhookReceiver) -> None:
    """Through the API `make run` serves, to the receiver HELPDESK_WEBHOOKS names, by its relay."""
    import urllib.request

    inquiry = {
        "thread": {"thread_id": "T-run-1", "order_id": "O-1", "seller_id": "S-1", "buyer_id": "B-1", "market": "FR"},
        "message": {"message_id": "M-1", "received_at": datetime.now(UTC).isoformat(), "text": "Est-il débloqué ?"},
    }
    request = urllib.request.Request(
        f"http://localhost:{API_PORT}/v1/threads/T-run-1/messages", data=json.dumps(inquiry).encode(), method="POST",
        headers={"Authorization": f"Bearer {BACKEND_TOKEN}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 202
    event = receiver.wait_for(1, timeout=60)[0]
    assert (event["type"], event["thread_id"], event["data"]["text"]) == ("buyer_message.received", "T-run-1", "Est-il débloqué ?")
    assert receiver.invalid == []


def test_make_run_starts_registers_polls_stops_and_keeps_state(tmp_path: Path) -> None:
    grpc, ui = free_port(), free_port()
    env = _env(tmp_path, grpc, ui)
    receiver = WebhookReceiver().start()
    env["HELPDESK_WEBHOOKS"] = receiver.endpoint_json()
    env["HELPDESK_API_TOKENS"] = json.dumps({token_hash(BACKEND_TOKEN): {"role": "backend"}})

    with _make_run(env) as first:
        banner = "".join(_wait_for_line(first, "Ctrl-C stops everything"))
        assert f"http://localhost:{ui}" in banner
        listed = _temporal("operator", "search-attribute", "list", grpc=grpc)
        for key in ALL_SEARCH_ATTRIBUTES:
            assert key.name in listed, f"search attribute {key.name} not registered"
        _wait_for_pollers(grpc)
        # The HTTP API beside the worker: ready once it answers for Temporal and the store.
        assert f"http://localhost:{API_PORT}" in banner
        assert _ready(API_PORT) == {"temporal": "ok", "store": "ok"}
        # The payload key file, made once before worker and API start, private, never printed.
        key_file = tmp_path / ".helpdesk" / "payload-keys.json"
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
        assert f"http://localhost:{API_PORT}/codec" in banner and str(key_file) in banner
        assert json.loads(key_file.read_text())["keys"].popitem()[1] not in banner
        _codec_answers(API_PORT, ui, key_file, grpc)
        # Events: the banner says where they go; the relay delivers them to the configured webhook.
        assert "Events           webhooks to backend" in banner and "/v1/events" in banner
        _a_buyer_message_reaches_the_webhook(env, receiver)
        receiver.stop()
        # Leave a trace in the server's state: a workflow no worker runs stays open across restarts.
        _temporal(
            "workflow", "start", "--type", "StateProbe", "--task-queue", "nobody-polls", "--workflow-id", "state-probe",
            grpc=grpc,
        )
        rest = _stop(first)
        assert first.returncode == 0, rest
        assert "Traceback" not in rest
        assert json.loads(key_file.read_text())["keys"].popitem()[1] not in rest

    assert not _port_answers(grpc), "the dev server still answers after Ctrl-C"
    assert not _port_answers(API_PORT), "the HTTP API still answers after Ctrl-C"
    assert (tmp_path / ".temporal" / "temporal.db").exists()
    assert (tmp_path / "helpdesk.db").exists(), "the store was not migrated"

    first_keys = key_file.read_text()
    with _make_run(env) as second:
        _wait_for_line(second, "Ctrl-C stops everything")
        assert key_file.read_text() == first_keys, "the second start made a new key: old payloads would be unreadable"
        described = json.loads(
            _temporal("workflow", "describe", "--workflow-id", "state-probe", "--output", "json", grpc=grpc)
        )
        assert described["workflowExecutionInfo"]["status"] == "WORKFLOW_EXECUTION_STATUS_RUNNING"
        _stop(second)
        assert second.returncode == 0


def test_a_taken_port_is_one_clear_line(tmp_path: Path) -> None:
    grpc, ui = free_port(), free_port()
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", grpc))
        squatter.listen()
        result = subprocess.run(
            [str(BIN / "helpdesk"), "run"], env=_env(tmp_path, grpc, ui), capture_output=True, text=True, timeout=60
        )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert f"port {grpc} (Temporal gRPC) is already in use" in result.stderr
    assert not (tmp_path / ".temporal").exists(), "nothing may start when a port is taken"
