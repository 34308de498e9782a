"""The FastAPI app: every operation of the Python client over HTTP, with roles and idempotency.

Writes take the message or event id as their idempotency key (the same request twice returns the
same result and changes nothing the second time): buyer messages by ``message_id`` (kept in the
store first, see ``handover``), replies by ``message_id`` (the thread keeps its verdict),
escalations by ``escalation_id``, return events by ``event_id``, a decision by being the same
decision. The events people are owed are read from ``/v1/events`` (events.py) and pushed as
webhooks, whose schemas the OpenAPI document publishes. OpenAPI at ``/openapi.json``; ``/healthz`` (the process is up), ``/readyz`` (Temporal
and the store answer). ``/codec/decode`` and ``/codec/encode`` serve the Temporal UI (codec.py).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from fastapi import FastAPI
from sqlalchemy.orm import Session, sessionmaker

from config import Settings
from errors import TemporalUnavailable
from privacy.codec import EncryptionCodec
from starter.api import errors, handover
from starter.api.audit import router as audit_router
from starter.api.auth import load_principals
from starter.api.codec import CodecCORS, codec_router
from starter.api.events import publish_webhooks
from starter.api.events import router as events_router
from starter.api.limits import BodyLimit
from starter.api.routes import appeals, buyers, cases, health, sellers, threads
from starter.api.views import router as views_router
from starter.client.helpdesk import HelpdeskClient
from telemetry.logging import get_logger
from telemetry.notify import notify_ready
from telemetry.tracing import instrument_app

log = get_logger("helpdesk.api")


def create_app(
    settings: Settings, sessions: sessionmaker[Session], *, connect=None, codec: EncryptionCodec | None = None
) -> FastAPI:
    """``connect``: an async factory of the Temporal client (default: ``connection.connect``), retried
    in the background so the API starts, and answers 503, while Temporal is down.

    ``codec`` (default: the one of ``connection.data_converter``) serves ``/codec``; building it here
    reads the payload keys, so a bad key stops the API at start (``SettingsInvalid``).
    """
    if codec is None:
        from connection import data_converter

        codec = data_converter(settings).payload_codec
        assert isinstance(codec, EncryptionCodec)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        tasks = [
            asyncio.create_task(_connect_forever(app, settings, connect)),
            asyncio.create_task(handover.redelivery_loop(app.state.inbox, lambda: app.state.helpdesk)),
        ]
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            await app.state.inbox.close()  # the last handed-over marks

    app = FastAPI(
        title="Helpdesk API",
        version="1",
        lifespan=lifespan,
        responses=errors.ERROR_RESPONSES,
        description="Seller customer-service rules (RULES.md) on Temporal: buyer threads, replies, takeovers, absences.",
    )
    app.state.settings, app.state.sessions, app.state.codec = settings, sessions, codec
    app.state.inbox = handover.Inbox(sessions)
    app.state.principals = load_principals(settings.api_tokens)
    app.state.helpdesk = None
    errors.install(app)
    app.include_router(codec_router(settings, codec))
    app.include_router(events_router)
    app.include_router(views_router)
    app.include_router(audit_router)
    publish_webhooks(app)
    app.add_middleware(CodecCORS, origins=settings.codec_cors_origins)
    app.add_middleware(BodyLimit, max_bytes=settings.api_max_body_bytes)  # outermost: before anything reads

    for routes in (health, threads, sellers, cases, buyers, appeals):
        app.include_router(routes.router)
    instrument_app(app)
    return app


async def _connect_forever(app: FastAPI, settings: Settings, connect) -> None:
    from connection import connect as default_connect

    while app.state.helpdesk is None:
        try:
            client = await (connect or (lambda: default_connect(settings, timeout=10.0)))()
        except TemporalUnavailable as error:
            log.warning("API waiting for Temporal", error=str(error))
            continue
        app.state.helpdesk = HelpdeskClient(
            client,
            settings.task_queue,
            sessions=app.state.sessions,
            markets=settings.market_registry,
            limits=settings.thread_limits,
        )
        log.info("API connected to Temporal", address=settings.temporal_address)
        notify_ready()  # `make run`'s supervisor counts the API ready from here (telemetry/notify.py)


def run_api(settings: Settings, fd: int | None = None) -> None:
    """``helpdesk api``: serve on ``HELPDESK_API_PORT``, or on the listening socket ``fd`` handed
    down by ``make run``'s supervisor (which keeps it open while the API restarts)."""
    import socket

    import uvicorn

    from store.db import open_store

    config = uvicorn.Config(
        create_app(settings, open_store(settings.database_url)),
        host="0.0.0.0",
        port=settings.api_port,
        log_level="warning",
    )
    # socket(fileno=…) reads the family from the descriptor; uvicorn's own fd= assumes a Unix socket.
    sockets = [socket.socket(fileno=fd)] if fd is not None else None
    uvicorn.Server(config).run(sockets=sockets)
