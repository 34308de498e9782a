"""The connection to Temporal, for every process that talks to it: the SDK's runtime (metrics,
the core's logs), TLS, the one data converter (pydantic payloads encrypted by the codec), connecting
with retries, and leaving a process that holds the SDK's runtime.

The worker, the CLI, the HTTP API, the relay, replayers, tests and benchmarks take their client
from here, so a payload one of them writes is one every other can read.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import logging
import os
import sys
from typing import NoReturn

from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.converter import DataConverter, DefaultFailureConverterWithEncodedAttributes
from temporalio.runtime import (
    LogForwardingConfig,
    LoggingConfig,
    PrometheusConfig,
    Runtime,
    TelemetryConfig,
    TelemetryFilter,
)
from temporalio.service import TLSConfig

from config import Settings, SettingsInvalid
from errors import TemporalUnavailable
from privacy.codec import EncryptionCodec
from privacy.data_keys import DataKeys
from privacy.keys import KeyConfigInvalid, KeyRing, keyring_from_texts, read_or_create_key_file
from store.db import open_store
from store.repository.data_keys import DataKeyStore
from telemetry.logging import get_logger
from telemetry.tracing import client_interceptors

log = get_logger("helpdesk.connection")


def build_runtime(settings: Settings) -> Runtime:
    """The SDK's runtime: metrics on Prometheus (unless the port is 0), and the Rust core's own
    log lines forwarded into Python logging, so they come out as JSON lines like the rest.

    One endpoint carries the SDK's metrics (``temporal_*``) and the system's own counters
    (``helpdesk_*``, workflows/metrics.py), which workflows emit through this runtime's meter.
    """
    metrics = PrometheusConfig(bind_address=f"0.0.0.0:{settings.metrics_port}") if settings.metrics_port else None
    core_logs = LoggingConfig(
        filter=TelemetryFilter(core_level="WARN", other_level="ERROR"),
        forwarding=LogForwardingConfig(logger=logging.getLogger("temporalio.core")),
    )
    try:
        return Runtime(telemetry=TelemetryConfig(metrics=metrics, logging=core_logs))
    except ValueError as error:  # the core's "Failed starting Prometheus exporter: Address already in use"
        if "Prometheus" not in str(error):
            raise
        raise SettingsInvalid(
            f"HELPDESK_METRICS_PORT: cannot serve metrics on port {settings.metrics_port} ({error}); 0 turns them off"
        ) from None


def tls_config(settings: Settings) -> TLSConfig | bool:
    """TLS to the frontend as the settings ask: mTLS files, a private CA, SNI, or system roots.

    An API key (Temporal Cloud) only travels over TLS, so it turns TLS on by itself.
    """
    files = (settings.temporal_tls_cert, settings.temporal_tls_key, settings.temporal_tls_ca)
    if not any(files) and settings.temporal_tls_server_name is None:
        return settings.temporal_tls or settings.temporal_api_key is not None
    return TLSConfig(
        server_root_ca_cert=settings.temporal_tls_ca.read_bytes() if settings.temporal_tls_ca else None,
        domain=settings.temporal_tls_server_name,
        client_cert=settings.temporal_tls_cert.read_bytes() if settings.temporal_tls_cert else None,
        client_private_key=settings.temporal_tls_key.read_bytes() if settings.temporal_tls_key else None,
    )


def payload_keyring(settings: Settings) -> KeyRing:
    """The payload keys: ``HELPDESK_PAYLOAD_KEYS`` if set, else the key file (created on first use).

    Raises ``SettingsInvalid`` (one line naming the variable or file) for entry points to print.
    """
    try:
        if settings.payload_keys:
            texts = {key_id: secret.get_secret_value() for key_id, secret in settings.payload_keys.items()}
            return keyring_from_texts(texts, settings.payload_key_id)
        return read_or_create_key_file(settings.payload_key_file)
    except KeyConfigInvalid as error:
        raise SettingsInvalid(f"setting {error}") from None


@functools.cache
def _key_store(database_url: str) -> DataKeyStore:
    """One store of data keys per process and database, migrated on first use (every converter of
    a process shares it; a CLI that only encrypts opens it when it first needs a key)."""
    return DataKeyStore(functools.partial(open_store, database_url))


def data_keys(settings: Settings, keyring: KeyRing) -> DataKeys:
    """The workflows' data keys, kept wrapped by ``keyring`` in ``HELPDESK_DATA_KEY_DATABASE_URL``
    (the store's database unless set). One per process for the same database and keys, so an
    erasure here forgets the destroyed keys in every converter of the process at once."""
    return _shared_data_keys(
        settings.data_key_database_url or settings.database_url,
        keyring.current_id,
        tuple(sorted(keyring.keys.items())),
        settings.data_key_cache_s,
    )


@functools.cache
def _shared_data_keys(url: str, current_id: str, keys: tuple[tuple[str, bytes], ...], cache_seconds: float) -> DataKeys:
    return DataKeys(_key_store(url), KeyRing(current_id, dict(keys)), cache_seconds)


def data_converter(
    settings: Settings, keyring: KeyRing | None = None, *, per_workflow_keys: bool = True
) -> DataConverter:
    """The one data converter of the system: pydantic payloads, encrypted by the codec with each
    workflow's data key (issue 19), wrapped by the master keys.

    Worker, CLI, HTTP API, replayers, tests and benchmarks all take it from here, so a payload one
    of them writes is one every other can read. Failure messages and stack traces are moved into
    an encoded attribute too (``DefaultFailureConverterWithEncodedAttributes``): an exception's
    message can quote its input (a database error quotes the row), and Temporal stores failures
    in history like payloads.

    ``per_workflow_keys=False``: payloads under the master key only, as before issue 19: for the
    stored histories the replay tests read in any checkout, which has none of this one's data keys.
    """
    ring = keyring or payload_keyring(settings)
    return dataclasses.replace(
        pydantic_data_converter,
        payload_codec=EncryptionCodec(ring, data_keys(settings, ring) if per_workflow_keys else None),
        failure_converter_class=DefaultFailureConverterWithEncodedAttributes,
    )


async def connect(settings: Settings, runtime: Runtime | None = None, timeout: float = 30.0) -> Client:
    """A client with the system's data converter (``data_converter``), which every payload needs.

    Retries for ``timeout`` seconds, so a worker started beside a server that is still coming up
    (or restarting) waits for it instead of dying.
    """
    converter = data_converter(settings)  # a bad key is refused before any waiting
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    delay = 0.2
    while True:
        try:
            return await Client.connect(
                settings.temporal_address,
                namespace=settings.temporal_namespace,
                data_converter=converter,
                runtime=runtime,
                tls=tls_config(settings),
                api_key=settings.temporal_api_key.get_secret_value() if settings.temporal_api_key else None,
                interceptors=client_interceptors(),  # traces, when this process has them on
            )
        except RuntimeError as exc:
            if loop.time() + delay > deadline:
                raise TemporalUnavailable(
                    f"Temporal did not answer at {settings.temporal_address} within {timeout:g} s "
                    f"(set HELPDESK_TEMPORAL_ADDRESS): {exc}"
                ) from None
            log.warning("waiting for Temporal", address=settings.temporal_address, error=str(exc))
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5.0)


def exit_process(status: int) -> NoReturn:
    """Flush and leave without interpreter teardown, once everything has shut down cleanly.

    The SDK's Rust threads can outlive the event loop and abort CPython's finalization with
    "PyGILState_Release: thread state … must be current" (sdk-python#300, open; seen here in about
    one stop in ten), which would turn a clean Ctrl-C into exit status 134.
    """
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
