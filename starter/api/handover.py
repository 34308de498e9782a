"""Buyer messages: written to the store first, then handed to Temporal (issue 7, "nothing lost").

``Inbox.keep`` stores the message (idempotent by ``message_id``) before the route hands it over;
when Temporal cannot take it, the message stays pending and the caller answers 503. The
``redeliver`` loop hands pending messages over in order once Temporal answers again; the
thread ignores a message id it has seen, so a message handed over twice is applied once.

The inbox's writes are group-committed (issue 18): the messages of every request waiting at that
moment are kept in one transaction by one writer, which answers each request once that
transaction has committed, so a 202 still means "kept". The "handed over" marks ride on the
writer's next transaction instead of a transaction of their own: a mark lost to a crash only
means a redelivery, which the thread ignores. Per message that saves a transaction, and with it
a thread hop and a turn at SQLite's single write lock, the API's largest costs after HTTP.
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

Key = tuple[str, str]  # (thread id, message id)


class ThreadErased(Exception):
    """A message for a thread id a buyer's erasure closed for good (issue 19): the backend opens a new thread."""

    def __init__(self, thread_id: str) -> None:
        super().__init__(
            f"thread {thread_id!r} was closed for good when its buyer's personal data was erased: "
            f"open a new thread id for this message"
        )
        self.thread_id = thread_id


class Inbox:
    """The API's writes to the store's inbound messages, by one writer task per event loop."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions
        self._keeps: list[tuple[ThreadOpen, BuyerMessage, asyncio.Future[bool | None]]] = []
        self._marks: list[Key] = []
        self._wake = asyncio.Event()
        self._writer: asyncio.Task[None] | None = None

    async def keep(self, thread: ThreadOpen, message: BuyerMessage) -> bool:
        """Store the message; False when it was already there (a redelivered request). Returns
        once the transaction that holds it has committed. ``ThreadErased`` for a thread id an
        erasure closed for good (issue 19): checked in the same transaction, so a message is kept
        before the erasure marks its thread (which then waits for it) or refused after."""
        kept: asyncio.Future[bool | None] = asyncio.get_running_loop().create_future()
        self._keeps.append((thread, message, kept))
        self._start()
        created = await kept
        if created is None:
            raise ThreadErased(thread.thread_id)
        return created

    def handed_over(self, thread_id: str, message_id: str) -> None:
        """Temporal has the message: marked with the writer's next transaction."""
        self._marks.append((thread_id, message_id))
        self._start()

    async def flush(self) -> None:
        """Write what is waiting now (before reading what is pending; at shutdown)."""
        await self._write_batch()

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.cancel()
            self._writer = None
        await self._write_batch()

    def _start(self) -> None:
        self._wake.set()
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_forever())

    async def _write_forever(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            await self._write_batch()

    async def _write_batch(self) -> None:
        keeps, self._keeps = self._keeps, []
        marks, self._marks = self._marks, []
        if not keeps and not marks:
            return
        try:
            created = await asyncio.to_thread(self._write, [(t, m) for t, m, _ in keeps], marks)
        except asyncio.CancelledError:  # shutting down: the requests waiting on this batch are cancelled too
            for _, _, kept in keeps:
                kept.cancel()
            raise
        except Exception as error:  # noqa: BLE001 - each waiting request answers with it; marks are redone by redelivery
            for _, _, kept in keeps:
                if not kept.done():
                    kept.set_exception(error)
            if marks:
                log.warning("handed-over marks not written", count=len(marks), error_type=type(error).__name__)
            return
        for (_, _, kept), was_created in zip(keeps, created, strict=True):
            if not kept.done():
                kept.set_result(was_created)

    def _write(self, keeps: list[tuple[ThreadOpen, BuyerMessage]], marks: list[Key]) -> list[bool | None]:
        """Each message: kept (True), kept before (False), or refused, its thread erased (None)."""
        with transaction(self.sessions) as session:
            repository.mark_all_handed_over(session, marks, at=datetime.now(UTC))
            erased = repository.erased_threads(session, {thread.thread_id for thread, _ in keeps})
            return [
                None
                if thread.thread_id in erased
                else repository.accept_inbound(
                    session,
                    message_id=message.message_id,
                    thread_id=thread.thread_id,
                    payload={"thread": thread.model_dump(mode="json"), "message": message.model_dump(mode="json")},
                ).created
                for thread, message in keeps
            ]


async def hand_over(inbox: Inbox, helpdesk: HelpdeskClient | None, thread: ThreadOpen, message: BuyerMessage) -> None:
    if helpdesk is None:
        raise TemporalUnavailable("not connected to Temporal yet")
    try:
        await helpdesk.open_inquiry(thread, message)
    except (RPCError, RuntimeError) as error:
        await asyncio.to_thread(_count_attempt, inbox.sessions, thread.thread_id, message.message_id)
        raise TemporalUnavailable(str(error)) from None
    inbox.handed_over(thread.thread_id, message.message_id)


def _count_attempt(sessions: sessionmaker[Session], thread_id: str, message_id: str) -> None:
    with transaction(sessions) as session:
        repository.count_attempt(session, thread_id, message_id)


async def redeliver_pending(inbox: Inbox, helpdesk: HelpdeskClient | None, limit: int = 100) -> int:
    """One pass: hand over what is pending, oldest first; stops at the first failure. Returns how many."""

    def read() -> list[tuple[dict, str]]:
        with transaction(inbox.sessions) as session:
            return [
                (row.payload, f"{row.thread_id}/{row.message_id}") for row in repository.pending_inbound(session, limit)
            ]

    await inbox.flush()  # the marks of messages already handed over, so they are not sent again
    pending = await asyncio.to_thread(read)
    delivered = 0
    for payload, message_id in pending:
        try:
            await hand_over(
                inbox,
                helpdesk,
                ThreadOpen.model_validate(payload["thread"]),
                BuyerMessage.model_validate(payload["message"]),
            )
        except TemporalUnavailable as error:
            log.info("redelivery paused", message_id=message_id, reason=str(error))
            break
        delivered += 1
    return delivered


async def redelivery_loop(inbox: Inbox, current_client, interval: float = REDELIVERY_INTERVAL) -> None:
    """Forever: hand pending messages over; ``current_client()`` gives the client as connected now."""
    while True:
        try:
            await redeliver_pending(inbox, current_client())
        except Exception as error:  # noqa: BLE001 - the loop must outlive a store hiccup
            log.warning("redelivery pass failed", error=str(error))
        await asyncio.sleep(interval)
