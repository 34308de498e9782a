"""``helpdesk run`` (what ``make run`` calls after installing) as a test drives it.

Each instance runs on free ports, in a directory of its own (state, store, keys, tokens, logs),
so it never collides with a developer's running system or another test. Its output (the
supervisor's lines and the children's, merged) is read by a thread into ``lines``, so a test can
wait for a line while it makes requests.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from starter.dev.ports import free_port

BIN = Path(sys.executable).parent
CHILD_MARKERS = {
    # How each child's command line reads (starter/dev/run.py ``children``).
    "temporal": ("server", "start-dev"),
    "worker": ("-m", "worker"),
    "api": ("starter.cli", "api"),
    "relay": ("starter.cli", "relay"),
}


def run_environment(directory: Path, **extra: str) -> dict[str, str]:
    """Free ports and a directory of its own. As on a developer's machine, the payload keys come
    from the key file, not from the test key conftest sets."""
    inherited = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("HELPDESK_PAYLOAD_KEY", "HELPDESK_API_TOKENS", "HELPDESK_DATA_KEY"))
    }
    return {
        **inherited,
        "HELPDESK_PAYLOAD_KEY_FILE": str(directory / ".helpdesk" / "payload-keys.json"),
        "HELPDESK_DEV_TOKENS_FILE": str(directory / ".helpdesk" / "dev-tokens.json"),
        "HELPDESK_LOG_DIR": str(directory / ".helpdesk" / "logs"),
        "HELPDESK_API_PORT": str(free_port()),
        "HELPDESK_TEMPORAL_ADDRESS": f"localhost:{free_port()}",
        "HELPDESK_TEMPORAL_UI_PORT": str(free_port()),
        "HELPDESK_TEMPORAL_STATE_DIR": str(directory / ".temporal"),
        "HELPDESK_DATABASE_URL": f"sqlite:///{directory / 'helpdesk.db'}",
        "HELPDESK_METRICS_PORT": str(free_port()),
        "HELPDESK_RELAY_METRICS_PORT": str(free_port()),
        "HELPDESK_TASK_QUEUE": "helpdesk-smoke",
        **extra,
    }


@dataclass
class Answer:
    status: int
    headers: dict[str, str]  # names in lower case
    body: Any
    seconds: float


@dataclass
class RunProcess:
    env: dict[str, str]
    cwd: Path | None = None
    process: subprocess.Popen[str] | None = None
    lines: list[str] = field(default_factory=list)
    _new_line: threading.Condition = field(default_factory=threading.Condition)
    _reader: threading.Thread | None = None

    # -- ports and files ---------------------------------------------------------------------------

    @property
    def api_port(self) -> int:
        return int(self.env["HELPDESK_API_PORT"])

    @property
    def grpc_port(self) -> int:
        return int(self.env["HELPDESK_TEMPORAL_ADDRESS"].rpartition(":")[2])

    @property
    def ui_port(self) -> int:
        return int(self.env["HELPDESK_TEMPORAL_UI_PORT"])

    @property
    def log_dir(self) -> Path:
        return Path(self.env["HELPDESK_LOG_DIR"])

    def dev_token(self, role: str) -> str:
        return json.loads(Path(self.env["HELPDESK_DEV_TOKENS_FILE"]).read_text())[role]["token"]

    # -- the process -------------------------------------------------------------------------------

    def start(self) -> RunProcess:
        self.process = subprocess.Popen(
            [str(BIN / "helpdesk"), "run"],
            env=self.env,
            cwd=self.cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            bufsize=1,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        return self

    def _read(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        for line in self.process.stdout:
            with self._new_line:
                self.lines.append(line)
                self._new_line.notify_all()
        with self._new_line:
            self._new_line.notify_all()

    def output(self, start: int = 0) -> str:
        with self._new_line:
            return "".join(self.lines[start:])

    def wait_for(self, needle: str, timeout: float = 90, start: int = 0) -> str:
        """The first line from index ``start`` on that contains ``needle``."""
        deadline = time.monotonic() + timeout
        with self._new_line:
            while True:
                for line in self.lines[start:]:
                    if needle in line:
                        return line
                start = len(self.lines)
                left = deadline - time.monotonic()
                if left <= 0 or (self._reader is not None and not self._reader.is_alive()):
                    break
                self._new_line.wait(min(left, 1.0))
        pytest.fail(f"{needle!r} never printed; output:\n{self.output()}")

    def mark(self) -> int:
        """Where the output stands now, for ``wait_for(start=…)``."""
        with self._new_line:
            return len(self.lines)

    def stop(self, timeout: float = 60) -> int:
        """What Ctrl-C does; returns the exit status."""
        assert self.process is not None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait()

    def __enter__(self) -> RunProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def child_pids(self) -> dict[str, int]:
        """The supervisor's children now, by name, read from /proc."""
        assert self.process is not None
        found: dict[str, int] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                argv = (entry / "cmdline").read_bytes().decode(errors="replace").split("\0")
            except (OSError, IndexError, ValueError):
                continue
            if parent != self.process.pid:
                continue
            for name, marker in CHILD_MARKERS.items():
                if any(argv[i : i + len(marker)] == list(marker) for i in range(len(argv))):
                    found[name] = int(entry.name)
        return found

    def kill(self, child: str, sig: signal.Signals = signal.SIGKILL) -> int:
        pid = self.child_pids()[child]
        os.kill(pid, sig)
        return pid

    # -- the HTTP API ------------------------------------------------------------------------------

    def call(
        self, method: str, path: str, body: Any = None, *, token: str | None = None, timeout: float = 60
    ) -> Answer:
        """One request to the API; any status is an answer (a refused connection raises)."""
        headers = {"Content-Type": "application/json"}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        request = urllib.request.Request(
            f"http://localhost:{self.api_port}{path}",
            method=method,
            headers=headers,
            data=json.dumps(body).encode() if body is not None else None,
        )
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                status, answer_headers, raw = (
                    response.status,
                    {k.lower(): v for k, v in response.headers.items()},
                    response.read(),
                )
        except urllib.error.HTTPError as error:
            status, answer_headers, raw = error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()
        return Answer(status, answer_headers, json.loads(raw) if raw else None, time.monotonic() - started)

    def ready(self, timeout: float = 30.0) -> dict[str, str]:
        """``GET /readyz`` until 200."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                answer = self.call("GET", "/readyz", timeout=5)
                if answer.status == 200:
                    return answer.body
            except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
                answer = error  # type: ignore[assignment]
            if time.monotonic() > deadline:
                raise AssertionError(f"the HTTP API was not ready on port {self.api_port}: {answer}")
            time.sleep(0.3)


def temporal_cli(*args: str, grpc: int) -> str:
    return subprocess.run(
        [str(BIN / "temporal"), *args, "--address", f"localhost:{grpc}"],
        check=True,
        capture_output=True,
        text=True,
        timeout=30,
    ).stdout
