"""Erasing one buyer's personal data (issue 19): their texts leave the store and the data keys of their
threads' workflows are destroyed, so what Temporal keeps of those histories can no longer be read.

What the audit needs stays: violations, the ledger, ops' decisions (outcome, who, when), refunds,
labels, event types and instants, and the thread rows (ids, states, the buyer's pseudonymous id,
which the backend's order records hold anyway). A thread on which someone is still owed something
(a reply from the seller, R1.1, or a takeover case that has not ended, R5) is not erased yet: the
erasure is recorded as *deferred*, and the retention schedule's sweep (``complete_deferred_erasures``)
finishes it once nothing is owed. A thread's workflow that still runs (answered, or closed and
waiting a year for a message that would reopen it) is terminated first, since a workflow whose key
is gone could never run again; a message after the erasure starts the thread afresh.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Protocol

import structlog
from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity
from temporalio.client import Client
from temporalio.service import RPCError, RPCStatusCode

from contract.erasure import ErasureOutcome
from contract.search_attributes import CASE_STAGE
from contract.threads import thread_workflow_id
from rules.kinds import CaseStage, ThreadState
from store.db import transaction
from store.models import utcnow
from store.repository import erasure as erasures
from store.repository.personal_data import remove_thread_texts

log = structlog.stdlib.get_logger("helpdesk.erasure")  # configured by the process (telemetry/logging.py)
TERMINATION_REASON = "the buyer's personal data was erased (issue 19): this closed thread cannot reopen"


class KeyDestroyer(Protocol):
    """``privacy.data_keys.DataKeys``, as the eraser uses it (the keys may live in their own database)."""

    async def destroy(self, workflow_ids: list[str], now: datetime) -> list[str]: ...


def keys_of(client: Client) -> KeyDestroyer:
    """The data keys of the client's codec (``connection.data_converter`` builds one that has them)."""
    keys = getattr(client.data_converter.payload_codec, "data_keys", None)
    if keys is None:
        raise TypeError("the client's payload codec keeps no data keys: connect with connection.data_converter")
    return keys  # type: ignore[no-any-return]


class BuyerEraser:
    """Erases buyers: the store's texts through ``sessions``, the data keys through ``keys``."""

    def __init__(self, sessions: sessionmaker[Session], client: Client, keys: KeyDestroyer | None = None) -> None:
        self._sessions = sessions
        self._client = client
        self._keys = keys if keys is not None else keys_of(client)

    async def erase(self, buyer_id: str, requested_by: str) -> ErasureOutcome:
        """Erase what can be erased now, defer the rest; safe to repeat (a second call changes nothing)."""
        threads, undecided = await asyncio.to_thread(self._threads, buyer_id)
        waiting = sorted([t for t, state in threads.items() if not await self._may_erase(t, state, undecided)])
        closed = sorted(set(threads) - set(waiting))
        for thread_id in closed:
            await self._end_workflow(thread_workflow_id(thread_id))
        workflow_ids = await asyncio.to_thread(self._workflow_ids, closed)
        # Keys first: if the process dies after this, asking again removes the texts and records
        # the erasure; the other way round a crash could leave an erasure recorded with live keys.
        destroyed = await self._keys.destroy(workflow_ids, utcnow())
        outcome = await asyncio.to_thread(
            self._erase_in_store, buyer_id, requested_by, closed, waiting, len(threads), len(destroyed)
        )
        log.info(
            "buyer.erasure",
            buyer_id=buyer_id,
            state=outcome.state,
            erased_now=len(closed),
            waiting_for=len(waiting),
            keys_destroyed=len(destroyed),
            requested_by=requested_by,
        )
        return outcome

    async def complete_deferred(self, limit: int = 100) -> int:
        """Run every deferred erasure again; the number that are now complete."""
        with transaction(self._sessions) as session:
            buyers = erasures.deferred_erasures(session, limit)
        completed = 0
        for buyer_id in buyers:
            outcome = await self.erase(buyer_id, "retention sweep")
            completed += outcome.state == "erased"
        return completed

    @activity.defn(name="complete_deferred_erasures")
    async def complete_deferred_erasures(self) -> int:
        """The retention sweep's last step: erasures that waited for a thread to close."""
        return await self.complete_deferred()

    def _threads(self, buyer_id: str) -> tuple[dict[str, ThreadState], set[str]]:
        with transaction(self._sessions) as session:
            threads = erasures.buyer_threads(session, buyer_id)
            return threads, erasures.undecided_cases(session, list(threads))

    def _workflow_ids(self, thread_ids: list[str]) -> list[str]:
        with transaction(self._sessions) as session:
            return erasures.thread_workflow_ids(session, thread_ids)

    async def _may_erase(self, thread_id: str, state: ThreadState, undecided: set[str]) -> bool:
        """Nobody is owed anything on the thread: no reply due from the seller (R1.1), no takeover
        case running (R5). A taken-over thread's case has ended when its workflow says so."""
        if thread_id in undecided or state == ThreadState.AWAITING_SELLER:
            return False
        if state != ThreadState.TAKEN_OVER:
            return True
        try:
            described = await self._client.get_workflow_handle(thread_workflow_id(thread_id)).describe()
        except RPCError as error:
            if error.status != RPCStatusCode.NOT_FOUND:
                raise
            return True  # no workflow (gone past Temporal's retention): nothing runs on it
        return described.typed_search_attributes.get(CASE_STAGE) == CaseStage.CLOSED

    async def _end_workflow(self, workflow_id: str) -> None:
        """Terminate a closed thread's workflow that still waits for a reopening message; one that
        has ended already (or never ran here) is left as it is."""
        try:
            await self._client.get_workflow_handle(workflow_id).terminate(reason=TERMINATION_REASON)
        except RPCError as error:
            if error.status != RPCStatusCode.NOT_FOUND:
                raise

    def _erase_in_store(
        self, buyer_id: str, requested_by: str, closed: list[str], waiting: list[str], threads: int, destroyed: int
    ) -> ErasureOutcome:
        now = utcnow()
        with transaction(self._sessions) as session:
            removed = remove_thread_texts(session, closed, now) if closed else None
            row = erasures.record_erasure(
                session,
                buyer_id=buyer_id,
                requested_by=requested_by,
                now=now,
                waiting_for=waiting,
                threads=threads,
                keys_destroyed=destroyed,
            )
            return ErasureOutcome(
                buyer_id=buyer_id,
                state=row.state.value,
                requested_at=row.requested_at,
                requested_by=row.requested_by,
                erased_at=row.erased_at,
                threads=threads,
                erased_now=closed,
                waiting_for=waiting,
                keys_destroyed=row.keys_destroyed,
                texts_removed=0 if removed is None else removed.total,
            )
