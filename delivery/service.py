"""``helpdesk relay``: the relay as a process, with its metrics, until SIGINT or SIGTERM."""

from __future__ import annotations

import asyncio
import signal
from datetime import timedelta

from sqlalchemy.orm import Session, sessionmaker

from delivery.relay import Relay
from rules.settings import Settings
from telemetry.logging import get_logger

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
    from worker import open_store

    relay = relay_for(settings, open_store(settings.database_url))
    if settings.relay_metrics_port:
        relay.metrics.serve(settings.relay_metrics_port)
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
    await relay.run(stop)
    logger.info("relay stopped")
