"""``make run``: the dev server, the worker (which migrates the store), the HTTP API and the webhook
relay, supervised as one.

Ctrl-C (or SIGTERM) stops the worker first, so running activities finish, then the server.
If a child dies on its own the rest is stopped too and the exit status says so. A taken port is
reported in one line before anything starts.
"""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys

from rules.settings import Settings
from starter.devserver import DevServer
from starter.ports import require_free
from telemetry.logging import get_logger

log = get_logger("helpdesk.run")


def _start_worker() -> subprocess.Popen[bytes]:
    # The worker inherits the environment, so it reads the same HELPDESK_* settings.
    return subprocess.Popen([sys.executable, "-m", "worker"], start_new_session=True)


def _start_api() -> subprocess.Popen[bytes]:
    # The HTTP API for the marketplace backend, with the same settings (HELPDESK_API_PORT).
    return subprocess.Popen([sys.executable, "-m", "starter.cli", "api"], start_new_session=True)


def _start_relay() -> subprocess.Popen[bytes]:
    # Sends the events people are owed to HELPDESK_WEBHOOKS; with none configured it idles.
    return subprocess.Popen([sys.executable, "-m", "starter.cli", "relay"], start_new_session=True)


def _events_line(settings: Settings) -> str:
    """Where the events go: the webhooks configured, or the feed to watch."""
    feed = f"GET http://localhost:{settings.api_port}/v1/events, or `.venv/bin/helpdesk events tail --follow`"
    if settings.webhooks:
        names = ", ".join(f"{endpoint.name} ({endpoint.url})" for endpoint in settings.webhooks)
        return f"  Events           webhooks to {names}; also {feed}"
    return f"  Events           no webhook configured (HELPDESK_WEBHOOKS): they wait in the feed, {feed}"


def stop_process(process: subprocess.Popen[bytes] | None, timeout: float = 20.0) -> None:
    """SIGTERM (graceful shutdown), then SIGKILL after ``timeout``; nothing if it already exited."""
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _keys_from(settings: Settings) -> str:
    """Where the payload keys come from, for the banner; never a key."""
    if settings.payload_keys:
        return "HELPDESK_PAYLOAD_KEYS"
    return str(settings.payload_key_file)


async def supervise(settings: Settings) -> int:
    """Start everything, print where to look, wait for Ctrl-C or a dying child. Returns the exit status."""
    ports = {"Temporal gRPC": settings.temporal_port, "Temporal UI": settings.temporal_ui_port, "HTTP API": settings.api_port}
    if settings.metrics_port:
        ports["worker metrics"] = settings.metrics_port
    if settings.relay_metrics_port:
        ports["relay metrics"] = settings.relay_metrics_port
    require_free(
        ports,
        {
            "Temporal gRPC": "HELPDESK_TEMPORAL_ADDRESS=localhost:<port>",
            "Temporal UI": "HELPDESK_TEMPORAL_UI_PORT",
            "worker metrics": "HELPDESK_METRICS_PORT (0 turns metrics off)",
            "relay metrics": "HELPDESK_RELAY_METRICS_PORT (0 turns them off)",
            "HTTP API": "HELPDESK_API_PORT",
        },
    )
    server = DevServer(
        state_dir=settings.temporal_state_dir,
        port=settings.temporal_port,
        ui_port=settings.temporal_ui_port,
        namespace=settings.temporal_namespace,
        # The browser calls it, so localhost: the API's codec endpoint admits loopback callers
        # without a token (HELPDESK_CODEC_AUTH=loopback), and the UI's origin by CORS.
        codec_endpoint=f"http://localhost:{settings.api_port}/codec",
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    worker: subprocess.Popen[bytes] | None = None
    api: subprocess.Popen[bytes] | None = None
    relay: subprocess.Popen[bytes] | None = None
    try:
        server.start()
        await server.wait_ready()
        worker = _start_worker()
        api = _start_api()
        relay = _start_relay()
        print(
            "\n".join(
                [
                    "",
                    f"  Temporal UI      {server.ui_url}",
                    f"  Temporal server  {server.address} (namespace {settings.temporal_namespace}, state in {settings.temporal_state_dir}/)",
                    f"  Worker           task queue {settings.task_queue!r}"
                    + (f", metrics on http://localhost:{settings.metrics_port}/metrics" if settings.metrics_port else ""),
                    f"  HTTP API         http://localhost:{settings.api_port} (OpenAPI at /openapi.json, docs at /docs)",
                    f"  Payload codec    {server.codec_endpoint} (the UI decrypts through it; keys: {_keys_from(settings)})",
                    f"  Store            {settings.database_url}",
                    _events_line(settings)
                    + (f"; relay metrics on http://localhost:{settings.relay_metrics_port}/metrics" if settings.relay_metrics_port else ""),
                    "  Ctrl-C stops everything.",
                    "",
                ]
            ),
            flush=True,
        )
        while not stop.is_set():
            for name, process in (("worker", worker), ("HTTP API", api), ("webhook relay", relay), ("Temporal dev server", server.process)):
                if process is not None and process.poll() is not None:
                    log.error("child exited", child=name, status=process.returncode, server_log=str(server.log_path))
                    return 1
            try:
                await asyncio.wait_for(stop.wait(), timeout=0.5)
            except TimeoutError:
                pass
        return 0
    finally:
        stop_process(api)
        stop_process(relay)
        stop_process(worker)
        server.stop()
        log.info("stopped")
