"""Buyer messages: written to the store first, then handed to Temporal (issue 7, "nothing lost").

``accept`` keeps the message (idempotent by ``message_id``) and tries the handover at once;
when Temporal cannot take it, the message stays pending and the caller answers 503. The
``redeliver`` loop hands pending messages over in order once Temporal answers again; the
thread ignores a message id it has seen, so a message handed over twice is applied once.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from sqlalchemy.orm import Session, sessionmaker
from temporalio.service import RPCError

from contract.threads import BuyerMessage, ThreadOpen
from errors import TemporalUnavailable
from starter.client.helpdesk import HelpdeskClient
from store import repository
from store.db import transaction
from telemetry.logging import get_logger

log = get_logger("helpdesk.api.handover")
REDELIVERY_INTERVAL = 2.0  # seconds between passes over the pending messages


def keep(sessions: sessionmaker[Session], thread: ThreadOpen, message: BuyerMessage) -> bool:
    """Store the message; False when it was already there (a redelivered request)."""
    payload = {"thread": thread.model_dump(mode="json"), "message": message.model_dump(mode="json")}
    with transaction(sessions) as session:
        return repository.accept_inbound(
            session, message_id=message.message_id, thread_id=thread.thread_id, payload=payload
        ).created


async def hand_over(
    sessions: sessionmaker[Session], helpdesk: HelpdeskClient | None, thread: ThreadOpen, message: BuyerMessage
) -> None:
    if helpdesk is None:
        raise TemporalUnavailable("not connected to Temporal yet")
    try:
        await helpdesk.open_inquiry(thread, message)
    except (RPCError, RuntimeError) as error:
        await asyncio.to_thread(_write, sessions, repository.count_attempt, thread.thread_id, message.message_id)
        raise TemporalUnavailable(str(error)) from None
    await asyncio.to_thread(_write, sessions, _handed_over, thread.thread_id, message.message_id)


def _handed_over(session: Session, thread_id: str, message_id: str) -> None:
    repository.mark_handed_over(session, thread_id, message_id, at=datetime.now(UTC))


def _write(sessions: sessionmaker[Session], change, *args) -> None:
    """A store write off the event loop (the worker's workflows share the loop in tests and benches)."""
    with transaction(sessions) as session:
        change(session, *args)


async def redeliver_pending(sessions: sessionmaker[Session], helpdesk: HelpdeskClient | None, limit: int = 100) -> int:
    """One pass: hand over what is pending, oldest first; stops at the first failure. Returns how many."""

    def read() -> list[tuple[dict, str]]:
        with transaction(sessions) as session:
            return [
                (row.payload, f"{row.thread_id}/{row.message_id}") for row in repository.pending_inbound(session, limit)
            ]

    pending = await asyncio.to_thread(read)
    delivered = 0
    for payload, message_id in pending:
        try:
            await hand_over(
                sessions,
                helpdesk,
                ThreadOpen.model_validate(payload["thread"]),
                BuyerMessage.model_validate(payload["message"]),
            )
        except TemporalUnavailable as error:
            log.info("redelivery paused", message_id=message_id, reason=str(error))
            break
        delivered += 1
    return delivered


async def redelivery_loop(
    sessions: sessionmaker[Session], current_client, interval: float = REDELIVERY_INTERVAL
) -> None:
    """Forever: hand pending messages over; ``current_client()`` gives the client as connected now."""
    while True:
        try:
            await redeliver_pending(sessions, current_client())
        except Exception as error:  # noqa: BLE001 - the loop must outlive a store hiccup
            log.warning("redelivery pass failed", error=str(error))
        await asyncio.sleep(interval)
