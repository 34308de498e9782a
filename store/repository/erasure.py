"""What erasing a buyer reads and writes in the store (issue 19): their threads, which of them may be
erased now, the mark that closes an erased thread id for good, the workflow ids whose data keys go,
and the record of the request."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from contract.cases import recharge_workflow_id, return_workflow_id
from contract.threads import takeover_workflow_id, thread_workflow_id
from rules.kinds import ThreadState
from store.models import BuyerErasure, ErasureState, InboundMessage, OpsCase, Thread
from store.repository._common import FRESH, dialect_insert


def buyer_threads(session: Session, buyer_id: str) -> dict[str, tuple[ThreadState, bool]]:
    """Every thread of the buyer: its state, and whether it was erased already."""
    rows = session.execute(select(Thread.thread_id, Thread.state, Thread.erased_at).where(Thread.buyer_id == buyer_id))
    return {thread_id: (state, erased_at is not None) for thread_id, state, erased_at in rows}


def undecided_cases(session: Session, thread_ids: Sequence[str]) -> set[str]:
    """The threads with a takeover case ops have not decided yet."""
    return set(
        session.scalars(
            select(OpsCase.thread_id).where(OpsCase.thread_id.in_(list(thread_ids)), OpsCase.outcome.is_(None))
        )
    )


def erased_threads(session: Session, thread_ids: Collection[str]) -> set[str]:
    """Which of these thread ids an erasure closed for good (the API refuses messages for them)."""
    if not thread_ids:
        return set()
    return set(
        session.scalars(
            select(Thread.thread_id).where(Thread.thread_id.in_(list(thread_ids)), Thread.erased_at.isnot(None))
        )
    )


def mark_erased(session: Session, thread_id: str, *, checked_at: datetime, now: datetime) -> bool:
    """Close the thread id for good, unless a buyer message for it is still on its way: one the API
    kept but has not handed over, or one it accepted since ``checked_at`` (when the eraser asked
    the workflow whether anyone is owed anything), which the workflow may not have applied when it
    answered. The API's inbox checks the mark in its own write transaction, so a message is either
    kept before the mark (and seen here) or refused after it: none falls between."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(Thread.thread_id).where(Thread.thread_id == thread_id).with_for_update())
    arriving = session.scalar(
        select(InboundMessage.message_id)
        .where(
            InboundMessage.thread_id == thread_id,
            or_(InboundMessage.handed_over_at.is_(None), InboundMessage.accepted_at >= checked_at),
        )
        .limit(1)
    )
    if arriving is not None:
        return False
    session.execute(
        update(Thread)
        .where(Thread.thread_id == thread_id, Thread.erased_at.is_(None))
        .values(erased_at=now, state=ThreadState.CLOSED, reply_due_at=None, unanswered=[], updated_at=Thread.updated_at)
    )
    return True


def thread_workflow_ids(session: Session, thread_ids: Sequence[str]) -> list[str]:
    """Every workflow that carried these threads' texts: the thread, and each takeover case with its
    return and recharge (numbered as the ops cases are)."""
    numbers: dict[str, set[int]] = {thread_id: {1} for thread_id in thread_ids}
    for thread_id, number in session.execute(
        select(OpsCase.thread_id, OpsCase.takeover_no).where(OpsCase.thread_id.in_(list(thread_ids)))
    ):
        numbers[thread_id].add(number)
    ids = []
    for thread_id, takeovers in numbers.items():
        ids.append(thread_workflow_id(thread_id))
        for number in sorted(takeovers):
            ids += [
                takeover_workflow_id(thread_id, number),
                return_workflow_id(thread_id, number),
                recharge_workflow_id(thread_id, number),
            ]
    return ids


def erasure(session: Session, buyer_id: str) -> BuyerErasure | None:
    return session.get(BuyerErasure, buyer_id, populate_existing=True)


def start_erasure(
    session: Session, *, buyer_id: str, requested_by: str, now: datetime, scope: list[str]
) -> BuyerErasure:
    """Record the request before anything is erased, so a crash half way leaves a *deferred* record
    that the retention sweep finishes. A request for a buyer erased before widens the scope to the
    threads they have now (they asked again); two first requests at once record one."""
    session.execute(
        dialect_insert(session, BuyerErasure)
        .values(
            buyer_id=buyer_id,
            state=ErasureState.DEFERRED,
            requested_at=now,
            requested_by=requested_by,
            threads=len(scope),
            keys_destroyed=0,
            waiting_for=scope,
        )
        .on_conflict_do_nothing(index_elements=["buyer_id"])
    )
    row = session.get(BuyerErasure, buyer_id, with_for_update=True, populate_existing=True)
    assert row is not None
    row.waiting_for = sorted(set(row.waiting_for or []) | set(scope))
    row.state = ErasureState.DEFERRED if row.waiting_for else row.state
    session.flush()
    return row


def finish_erasure(
    session: Session, *, buyer_id: str, now: datetime, waiting_for: list[str], threads: int, keys_destroyed: int
) -> BuyerErasure:
    """The outcome of a run: ``erased`` once nothing waits, else ``deferred`` with what still does.
    The first request's time and requester stay; destroyed keys add up over the runs."""
    row = session.get(BuyerErasure, buyer_id, with_for_update=True, populate_existing=True)
    assert row is not None, "start_erasure records the request first"
    row.state = ErasureState.DEFERRED if waiting_for else ErasureState.ERASED
    row.waiting_for = waiting_for or None
    row.threads = max(row.threads or 0, threads)
    row.keys_destroyed = (row.keys_destroyed or 0) + keys_destroyed
    if not waiting_for:
        row.erased_at = now
    session.flush()
    return row


def deferred_erasures(session: Session, limit: int = 100) -> list[str]:
    """Buyers whose erasure still waits (or was interrupted), oldest request first."""
    return list(
        session.scalars(
            select(BuyerErasure.buyer_id)
            .where(BuyerErasure.state == ErasureState.DEFERRED)
            .order_by(BuyerErasure.requested_at)
            .limit(limit),
            execution_options=FRESH,
        )
    )
