"""Erasing one buyer's personal data (issue 19): their texts leave the store and the data keys of their
threads' workflows are destroyed, so what Temporal keeps of those histories can no longer be read.

What the audit needs stays: violations, the ledger, ops' decisions (outcome, who, when), refunds,
labels, event types and instants, and the thread rows (ids, states, the buyer's pseudonymous id,
which the backend's order records hold anyway). A thread on which someone is still owed something
(a reply from the seller, R1.1, a takeover case that has not ended, R5, or a buyer message still
on its way) is not erased yet: the erasure is recorded as *deferred*, and the retention schedule's
sweep (``complete_deferred_erasures``) finishes it once nothing is owed. An erased thread id is
closed for good (``threads.erased_at``; the API refuses messages for it, the backend opens a new
thread), so no new run of its workflow ever needs the destroyed key, and a later thread of the buyer
never reuses the erased one's takeover numbers or violation keys. The thread's workflow, if it still
runs (answered, or closed and waiting a year for a message that would reopen it), is terminated:
a workflow whose key is gone could never run again.

Order, so that a crash anywhere leaves work the next run finishes: the request is recorded
(*deferred*), each thread is marked erased, its workflow terminated, the keys destroyed, the texts
removed, and the outcome recorded. The scope is fixed when asked: the threads the buyer had then.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

import structlog
from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity
from temporalio.client import Client, WorkflowExecutionStatus, WorkflowQueryFailedError
from temporalio.service import RPCError, RPCStatusCode

from contract.erasure import ErasureOutcome
from contract.threads import ThreadStatus, thread_workflow_id
from rules.kinds import CaseStage, ThreadState
from store.db import transaction
from store.models import utcnow
from store.repository import erasure as erasures
from store.repository.personal_data import remove_thread_texts

log = structlog.stdlib.get_logger("helpdesk.erasure")  # configured by the process (telemetry/logging.py)
THREAD_STATE_QUERY = "state"  # workflows/buyer_thread.py
TERMINATION_REASON = "the buyer's personal data was erased (issue 19): this thread id is closed for good"


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
    """Erases buyers: the store's texts through ``sessions``, the data keys through the client's codec."""

    def __init__(self, sessions: sessionmaker[Session], client: Client) -> None:
        self._sessions = sessions
        self._client = client

    @property
    def _keys(self) -> KeyDestroyer:
        """Asked for when an erasure destroys keys, not before: a worker whose client keeps none
        (the stored histories' regeneration, master keys only) still starts."""
        return keys_of(self._client)

    async def erase(self, buyer_id: str, requested_by: str, *, again: bool = False) -> ErasureOutcome:
        """Erase what can be erased now, defer the rest; safe to repeat.

        ``again``: a run of a recorded erasure (the sweep), on the threads it still waits for; else
        a request, on every thread the buyer has now.
        """
        checked_at = utcnow()
        scope = await asyncio.to_thread(self._start, buyer_id, requested_by, checked_at, again)
        free = [thread_id for thread_id in scope.pending if await self._nothing_owed(thread_id, scope)]
        marked = await asyncio.to_thread(self._mark, free, checked_at)
        waiting = sorted(set(scope.pending) - set(marked))
        erased = sorted(set(scope.erased) | set(marked))
        for thread_id in erased:
            await self._end_workflow(thread_workflow_id(thread_id))
        workflow_ids = await asyncio.to_thread(self._workflow_ids, erased)
        destroyed = await self._keys.destroy(workflow_ids, utcnow())
        outcome = await asyncio.to_thread(
            self._finish, buyer_id, erased, waiting, len(scope.pending) + len(scope.erased), len(destroyed)
        )
        log.info(
            "buyer.erasure",
            buyer_id=buyer_id,
            state=outcome.state,
            erased_now=len(erased),
            waiting_for=len(waiting),
            keys_destroyed=len(destroyed),
            requested_by=requested_by,
        )
        return outcome

    async def complete_deferred(self, limit: int = 100) -> int:
        """Run every deferred (or interrupted) erasure again: how many are now complete. A failure
        is logged and tried again by the next sweep; one buyer's does not hold up the others."""
        with transaction(self._sessions) as session:
            buyers = erasures.deferred_erasures(session, limit)
        completed = 0
        for buyer_id in buyers:
            try:
                outcome = await self.erase(buyer_id, "retention sweep", again=True)
            except Exception as error:  # noqa: BLE001 - logged; the sweep goes on
                log.warning(
                    "buyer.erasure failed", buyer_id=buyer_id, error_type=type(error).__name__, error=str(error)
                )
                continue
            completed += outcome.state == "erased"
            if activity.in_activity():
                activity.heartbeat(buyer_id)
        return completed

    @activity.defn(name="complete_deferred_erasures")
    async def complete_deferred_erasures(self) -> int:
        """The retention sweep's last step: erasures that waited for a thread (or were interrupted)."""
        return await self.complete_deferred()

    def _start(self, buyer_id: str, requested_by: str, now: datetime, again: bool) -> _Scope:
        with transaction(self._sessions) as session:
            threads = erasures.buyer_threads(session, buyer_id)
            if again:
                record = erasures.erasure(session, buyer_id)
                wanted = set(record.waiting_for or []) if record is not None else set()
                threads = {t: v for t, v in threads.items() if t in wanted}
            pending = sorted(t for t, (_, erased) in threads.items() if not erased)
            erasures.start_erasure(session, buyer_id=buyer_id, requested_by=requested_by, now=now, scope=pending)
            return _Scope(
                pending=pending,
                erased=sorted(t for t, (_, erased) in threads.items() if erased),
                states={t: state for t, (state, _) in threads.items()},
                undecided=erasures.undecided_cases(session, list(threads)),
            )

    async def _nothing_owed(self, thread_id: str, scope: _Scope) -> bool:
        """Nobody is owed anything on the thread: no reply due from the seller (R1.1), no takeover
        case running (R5). The store's projection can lag its workflow by a task, so a running
        workflow is asked (its ``state`` query answers after the messages it has received)."""
        if thread_id in scope.undecided or scope.states[thread_id] == ThreadState.AWAITING_SELLER:
            return False
        handle = self._client.get_workflow_handle(thread_workflow_id(thread_id))
        try:
            described = await handle.describe()
            if described.status != WorkflowExecutionStatus.RUNNING:
                return True  # ended (closed for a year, or terminated): nothing runs on it
            status = await handle.query(THREAD_STATE_QUERY, result_type=ThreadStatus)
        except RPCError as error:
            if error.status == RPCStatusCode.NOT_FOUND:
                return True  # no workflow (gone past Temporal's retention): nothing runs on it
            log.warning("buyer.erasure: thread not reachable, deferred", thread_id=thread_id, error=str(error))
            return False
        except WorkflowQueryFailedError:
            return False
        if status.state in (ThreadState.AWAITING_SELLER,) or status.unanswered:
            return False
        return status.state != ThreadState.TAKEN_OVER or status.case_stage == CaseStage.CLOSED

    def _mark(self, thread_ids: list[str], checked_at: datetime) -> list[str]:
        marked = []
        for thread_id in thread_ids:
            with transaction(self._sessions) as session:
                if erasures.mark_erased(session, thread_id, checked_at=checked_at, now=utcnow()):
                    marked.append(thread_id)
        return marked

    def _workflow_ids(self, thread_ids: list[str]) -> list[str]:
        with transaction(self._sessions) as session:
            return erasures.thread_workflow_ids(session, thread_ids)

    async def _end_workflow(self, workflow_id: str) -> None:
        """Terminate the erased thread's workflow if it still runs; one that has ended already (or
        never ran here) is left as it is."""
        try:
            await self._client.get_workflow_handle(workflow_id).terminate(reason=TERMINATION_REASON)
        except RPCError as error:
            if error.status != RPCStatusCode.NOT_FOUND:
                raise

    def _finish(
        self, buyer_id: str, erased: list[str], waiting: list[str], threads: int, destroyed: int
    ) -> ErasureOutcome:
        now = utcnow()
        with transaction(self._sessions) as session:
            removed = remove_thread_texts(session, erased, now) if erased else None
            row = erasures.finish_erasure(
                session, buyer_id=buyer_id, now=now, waiting_for=waiting, threads=threads, keys_destroyed=destroyed
            )
            return ErasureOutcome(
                buyer_id=buyer_id,
                state=row.state.value,
                requested_at=row.requested_at,
                requested_by=row.requested_by,
                erased_at=row.erased_at,
                threads=threads,
                erased_now=erased,
                waiting_for=waiting,
                keys_destroyed=row.keys_destroyed,
                texts_removed=0 if removed is None else removed.total,
            )


@dataclass(frozen=True)
class _Scope:
    """The threads one run works on: those still to erase, those erased (by an earlier run that may
    not have finished), their states as the store has them, and those with an undecided case."""

    pending: list[str]
    erased: list[str]
    states: dict[str, ThreadState]
    undecided: set[str]
