"""TLS to Temporal (issue 8, point 5): the settings the worker, the CLI and the API share
(``connection.connect``) reach a frontend that demands mutual TLS.

The dev server speaks plain gRPC, so the test puts a TLS-terminating proxy in front of it: it
presents a certificate for ``temporal.helpdesk.test`` signed by a CA made here (openssl), demands
a client certificate from the same CA, negotiates HTTP/2 (ALPN ``h2``) and pipes bytes to the dev
server. A client with the CA, the SNI name and the client pair gets through and runs a thread; one
without the client certificate does not.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import ssl
import subprocess
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import pytest_asyncio
from temporalio.testing import WorkflowEnvironment

from config import SettingsInvalid, load_settings
from connection import connect
from contract.threads import BuyerMessage, ThreadOpen
from errors import TemporalUnavailable
from rules.kinds import ThreadState
from starter.client.helpdesk import HelpdeskClient
from store.db import open_store
from worker import build_worker

SERVER_NAME = "temporal.helpdesk.test"


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def make_pki(root: Path) -> Path:
    """A CA, a server certificate for SERVER_NAME and a client certificate, as PEM files."""
    _openssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=helpdesk test CA",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        cwd=root,
    )
    for name, extensions in (
        ("server", f"subjectAltName=DNS:{SERVER_NAME}\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n"),
        ("client", "extendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n"),
    ):
        (root / f"{name}.ext").write_text(extensions)
        _openssl(
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            f"/CN={name}",
            "-keyout",
            f"{name}.key",
            "-out",
            f"{name}.csr",
            cwd=root,
        )
        _openssl(
            "x509",
            "-req",
            "-in",
            f"{name}.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-days",
            "2",
            "-extfile",
            f"{name}.ext",
            "-out",
            f"{name}.pem",
            cwd=root,
        )
    return root


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, ssl.SSLError):
        pass
    finally:
        with contextlib.suppress(Exception):
            writer.close()


@pytest_asyncio.fixture
async def mtls_frontend(dev_env: WorkflowEnvironment, tmp_path: Path) -> AsyncIterator[tuple[str, Path]]:
    """``(address, pki directory)`` of an mTLS proxy in front of the dev server."""
    pki = make_pki(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH, cafile=str(pki / "ca.pem"))
    context.load_cert_chain(pki / "server.pem", pki / "server.key")
    context.verify_mode = ssl.CERT_REQUIRED
    context.set_alpn_protocols(["h2"])
    host, _, port = dev_env.client.service_client.config.target_host.rpartition(":")

    async def relay(client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        server_reader, server_writer = await asyncio.open_connection(host, int(port))
        with contextlib.suppress(asyncio.CancelledError):  # the loop closing at the test's end
            await asyncio.gather(_pipe(client_reader, server_writer), _pipe(server_reader, client_writer))

    server = await asyncio.start_server(relay, "127.0.0.1", 0, ssl=context)
    address = f"127.0.0.1:{server.sockets[0].getsockname()[1]}"
    try:
        yield address, pki
    finally:
        server.close()


async def test_mutual_tls_settings_reach_the_frontend(mtls_frontend: tuple[str, Path], tmp_path: Path):
    address, pki = mtls_frontend
    settings = load_settings(
        temporal_address=address,
        task_queue="tls",
        metrics_port=0,
        temporal_tls_ca=pki / "ca.pem",
        temporal_tls_server_name=SERVER_NAME,
        temporal_tls_cert=pki / "client.pem",
        temporal_tls_key=pki / "client.key",
    )
    client = await connect(settings, timeout=10)
    sessions = open_store(f"sqlite:///{tmp_path / 'helpdesk.db'}")
    with concurrent.futures.ThreadPoolExecutor(4) as executor:
        async with build_worker(client, settings, executor, sessions=sessions):
            helpdesk = HelpdeskClient(client, settings.task_queue, sessions=sessions)
            thread = ThreadOpen(
                thread_id="T-tls", order_id="O-tls", seller_id="S-tls", buyer_id="B-tls", market="FR", subject="TLS"
            )
            await helpdesk.open_inquiry(
                thread, BuyerMessage(message_id="m-1", received_at=datetime.now(UTC), text="Bonjour")
            )
            deadline = asyncio.get_running_loop().time() + 20
            while True:  # a query may land between the message and its deadline activity
                state = await helpdesk.state("T-tls")
                if state.due_at is not None or asyncio.get_running_loop().time() > deadline:
                    break
                await asyncio.sleep(0.05)
            assert state.state == ThreadState.AWAITING_SELLER and state.due_at is not None

    # Without the client certificate the frontend refuses the handshake: TLS is really in play.
    no_client_cert = load_settings(
        temporal_address=address, temporal_tls_ca=pki / "ca.pem", temporal_tls_server_name=SERVER_NAME
    )
    with pytest.raises(TemporalUnavailable):
        await connect(no_client_cert, timeout=1)
    # Nor does a plain-text client get through.
    with pytest.raises(TemporalUnavailable):
        await connect(load_settings(temporal_address=address), timeout=1)


def test_half_a_client_pair_or_a_missing_file_is_refused_in_one_line(tmp_path: Path):
    pem = tmp_path / "client.pem"
    pem.write_text("not checked here")
    with pytest.raises(
        SettingsInvalid, match="mTLS needs both HELPDESK_TEMPORAL_TLS_CERT and HELPDESK_TEMPORAL_TLS_KEY"
    ):
        load_settings(temporal_tls_cert=pem)
    with pytest.raises(SettingsInvalid, match="TLS file .*missing.pem does not exist"):
        load_settings(temporal_tls_ca=tmp_path / "missing.pem")


def test_the_sdk_standard_names_are_read_too(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """Temporal Cloud's documented variables work unchanged (envconfig names)."""
    from connection import tls_config

    ca = tmp_path / "ca.pem"
    ca.write_bytes(b"CA")
    monkeypatch.setenv("TEMPORAL_API_KEY", "key-123")
    monkeypatch.setenv("TEMPORAL_TLS_SERVER_CA_CERT_PATH", str(ca))
    monkeypatch.setenv("TEMPORAL_TLS_SERVER_NAME", "ns.tmprl.cloud")
    settings = load_settings()
    assert settings.temporal_api_key is not None and settings.temporal_api_key.get_secret_value() == "key-123"
    assert "key-123" not in repr(settings)  # a secret never printed with the settings
    tls = tls_config(settings)
    assert not isinstance(tls, bool)
    assert (tls.server_root_ca_cert, tls.domain) == (b"CA", "ns.tmprl.cloud")
    monkeypatch.delenv("TEMPORAL_TLS_SERVER_CA_CERT_PATH")
    monkeypatch.delenv("TEMPORAL_TLS_SERVER_NAME")
    assert tls_config(load_settings()) is True  # an API key alone: TLS with the system's roots
