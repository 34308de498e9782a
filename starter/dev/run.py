"""``make run``: the dev server, the worker (which migrates the store), the HTTP API and the webhook
relay, kept up by one supervisor (starter/dev/supervisor.py).

- **A child that dies is started again.** The others keep serving. The API's listening socket
  belongs to this process and is handed to each API process it starts, so while the API restarts
  new connections wait in the socket's queue instead of being refused.
- **A crash loop stops everything** with one line: more than ``HELPDESK_RUN_MAX_RESTARTS``
  exits within ``HELPDESK_RUN_RESTART_WINDOW_S``.
- **Stopping**: only Ctrl-C or SIGTERM stops all, in order: the API, the relay, the worker
  (running activities finish), then the server.
- **Start-up**:
  - a taken port is reported in one line before anything starts;
  - without ``HELPDESK_API_TOKENS``, development tokens are made (starter/dev/tokens.py);
  - one "Ready" line is printed once every part answers.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys
from pathlib import Path

from config import Settings
from starter.api.auth import load_principals
from starter.dev.devserver import DevServer, DevServerError
from starter.dev.ports import PortInUseError, require_free
from starter.dev.supervisor import Child, CrashLoop, RestartPolicy, Supervisor
from starter.dev.tokens import DEMO_SELLER, ensure_dev_tokens
from starter.ops_views import VIEWS
from telemetry.logging import get_logger

log = get_logger("helpdesk.run")
TEMPORAL, WORKER, API, RELAY = "temporal", "worker", "api", "relay"
STOP_ORDER = (API, RELAY, WORKER, TEMPORAL)
SERVER_READY_TIMEOUT_S = 60.0
ALL_READY_TIMEOUT_S = 120.0
HELPDESK = [sys.executable, "-m", "starter.cli"]


def _child_environment(settings: Settings) -> dict[str, str]:
    """The children read the same HELPDESK_* settings; on a terminal their lines are readable text."""
    env = dict(os.environ)
    if settings.log_format == "auto" and sys.stderr.isatty():
        env["HELPDESK_LOG_FORMAT"] = "console"
    return env


def _api_tokens(settings: Settings, env: dict[str, str]) -> str:
    """Give the API its tokens: the configured ones, or else the development ones (never both).
    Returns the banner's line about them."""
    if settings.api_tokens:
        load_principals(settings.api_tokens)  # a bad entry is one line now, not an API crash loop
        return f"  API tokens       {len(settings.api_tokens)} from HELPDESK_API_TOKENS"
    tokens = ensure_dev_tokens(settings.dev_tokens_file)
    env["HELPDESK_API_TOKENS"] = json.dumps(tokens.api_tokens())
    return (
        f"  API tokens       development tokens in {settings.dev_tokens_file} (backend, ops, seller {DEMO_SELLER}); "
        "`.venv/bin/helpdesk dev-token ROLE` prints one"
    )


def _listen(port: int) -> socket.socket:
    """The API's socket, owned here so it outlives each API process."""
    try:
        return socket.create_server(("0.0.0.0", port), backlog=1024)
    except OSError as error:
        raise PortInUseError(
            f"port {port} (HTTP API) cannot be bound: {error}. Set HELPDESK_API_PORT to another port."
        ) from None


def _events_line(settings: Settings) -> str:
    """Where the events go: the webhooks configured, or the feed to watch."""
    feed = f"GET http://localhost:{settings.api_port}/v1/events, or `.venv/bin/helpdesk events tail --follow`"
    if settings.webhooks:
        names = ", ".join(f"{endpoint.name} ({endpoint.url})" for endpoint in settings.webhooks)
        line = f"  Events           webhooks to {names}; also {feed}"
    else:
        line = f"  Events           no webhook configured (HELPDESK_WEBHOOKS): they wait in the feed, {feed}"
    if settings.relay_metrics_port:
        line += f"; relay metrics on http://localhost:{settings.relay_metrics_port}/metrics"
    return line


def _keys_from(settings: Settings) -> str:
    """Where the payload keys come from, for the banner; never a key."""
    return "HELPDESK_PAYLOAD_KEYS" if settings.payload_keys else str(settings.payload_key_file)


def banner(settings: Settings, server: DevServer, tokens_line: str) -> str:
    return "\n".join(
        [
            "",
            f"  Temporal UI      {settings.temporal_ui_url}",
            f"  Temporal server  {server.address} (namespace {settings.temporal_namespace}, state in {settings.temporal_state_dir}/)",
            f"  Worker           task queue {settings.task_queue!r}"
            + (f", metrics on http://localhost:{settings.metrics_port}/metrics" if settings.metrics_port else ""),
            f"  HTTP API         http://localhost:{settings.api_port} (OpenAPI at /openapi.json, docs at /docs)",
            tokens_line,
            f"  Payload codec    {server.codec_endpoint} (the UI decrypts through it; keys: {_keys_from(settings)})",
            f"  Store            {settings.database_url}",
            _events_line(settings),
            f"  Logs             {settings.log_dir}/{{{TEMPORAL},{WORKER},{API},{RELAY}}}.log",
            "  Ops views        "
            + "\n                   ".join(
                f"http://localhost:{settings.api_port}/ops/views/{view.name}  ({view.title})" for view in VIEWS
            ),
            "  Ctrl-C stops everything.",
            "",
        ]
    )


def ready_line(settings: Settings, seconds: float) -> str:
    """Printed once every part answers, with a call to paste."""
    token = "$(.venv/bin/helpdesk dev-token ops)" if not settings.api_tokens else "$TOKEN"
    return (
        f"Ready in {seconds:.1f} s: Temporal, worker, HTTP API and relay answer. Try:\n"
        f"  curl -s -H \"Authorization: Bearer {token}\" 'http://localhost:{settings.api_port}/v1/events?limit=5'\n"
    )


def children(settings: Settings, server: DevServer, api_socket: socket.socket, env: dict[str, str]) -> list[Child]:
    logs = Path(settings.log_dir)
    return [
        Child(
            TEMPORAL,
            server.command(),
            logs / f"{TEMPORAL}.log",
            env=env,
            echo=False,
            probe=server.probe,
            stop_timeout_s=15,
        ),
        # The worker inherits the environment, so it reads the same HELPDESK_* settings; on the dev
        # server it also sets the namespace's retention of closed workflows (docs/privacy.md).
        Child(
            WORKER,
            [sys.executable, "-m", "worker"],
            logs / f"{WORKER}.log",
            env={"HELPDESK_TEMPORAL_MANAGE_RETENTION": "true", **env},
        ),
        Child(
            API,
            [*HELPDESK, "api", "--fd", str(api_socket.fileno())],
            logs / f"{API}.log",
            env=env,
            pass_fds=(api_socket.fileno(),),
        ),
        # Sends the events people are owed to HELPDESK_WEBHOOKS; with none configured it idles.
        Child(RELAY, [*HELPDESK, "relay"], logs / f"{RELAY}.log", env=env),
    ]


async def supervise(settings: Settings) -> int:
    """Start everything, print where to look, keep it up until Ctrl-C. Returns the exit status."""
    ports = {
        "Temporal gRPC": settings.temporal_port,
        "Temporal UI": settings.temporal_ui_port,
        "HTTP API": settings.api_port,
    }
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
    env = _child_environment(settings)
    tokens_line = _api_tokens(settings, env)
    server.state_dir.mkdir(parents=True, exist_ok=True)
    api_socket = _listen(settings.api_port)
    supervisor = Supervisor(
        RestartPolicy(max_restarts=settings.run_max_restarts, window_s=settings.run_restart_window_s)
    )
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, supervisor.request_stop)
    started = loop.time()
    temporal, *others = children(settings, server, api_socket, env)
    try:
        supervisor.start(temporal)
        try:
            await supervisor.wait_ready([TEMPORAL], SERVER_READY_TIMEOUT_S)
        except TimeoutError:
            raise DevServerError(
                f"the Temporal dev server did not answer on {server.address}; see {temporal.log_path}"
            ) from None
        for child in others:
            supervisor.start(child)
        print(banner(settings, server, tokens_line), flush=True)
        await supervisor.wait_ready([child.name for child in others], ALL_READY_TIMEOUT_S)
        print(ready_line(settings, loop.time() - started), flush=True)
        await supervisor.wait()
        return 0
    except CrashLoop as failure:
        log.error("crash loop", reason=str(failure))
        sys.stderr.write(f"helpdesk run: {failure}\n")
        return 1
    except TimeoutError as slow:
        sys.stderr.write(f"helpdesk run: {slow}; see the logs in {settings.log_dir}/\n")
        return 1
    finally:
        await supervisor.stop(STOP_ORDER)
        api_socket.close()
        log.info("stopped")
