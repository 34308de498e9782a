"""``helpdesk relay``: the relay as a process, with its metrics, until SIGINT or SIGTERM."""

from __future__ import annotations

import asyncio
import signal
from datetime import timedelta

from sqlalchemy.orm import Session, sessionmaker

from config import Settings, SettingsInvalid
from delivery.relay import Relay
from telemetry.logging import get_logger
from telemetry.notify import notify_ready

logger = get_logger("helpdesk.relay")


def relay_for(settings: Settings, sessions: sessionmaker[Session]) -> Relay:
    """The relay the settings describe: endpoints, retry policy, concurrency, lease."""
    return Relay(
        sessions,
        settings.webhooks,
        settings.webhook_retry,
        concurrency=settings.webhook_concurrency,
        poll_interval=settings.relay_poll_interval_s,
        lease_ttl=timedelta(seconds=settings.relay_lease_s),
    )


async def run_relay(settings: Settings) -> None:
    from store.db import open_store

    relay = relay_for(settings, open_store(settings.database_url))
    if settings.relay_metrics_port:
        try:
            relay.metrics.serve(settings.relay_metrics_port)
        except OSError as error:
            raise SettingsInvalid(
                f"HELPDESK_RELAY_METRICS_PORT: cannot serve metrics on port {settings.relay_metrics_port} ({error}); 0 turns them off"
            ) from None
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    logger.info(
        "relay started",
        endpoints=[endpoint.name for endpoint in settings.webhooks],
        metrics_port=settings.relay_metrics_port or None,
        holder=relay.holder,
    )
    notify_ready()  # `make run`'s supervisor counts the relay ready from here (telemetry/notify.py)
    await relay.run(stop)
    logger.info("relay stopped")
