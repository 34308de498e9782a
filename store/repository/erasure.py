"""What erasing a buyer reads and writes in the store (issue 19): their threads, which of them may be
erased now, the workflow ids whose data keys go, and the record of the request."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from contract.cases import recharge_workflow_id, return_workflow_id
from contract.threads import takeover_workflow_id, thread_workflow_id
from rules.kinds import ThreadState
from store.models import BuyerErasure, ErasureState, OpsCase, Thread
from store.repository._common import FRESH


def buyer_threads(session: Session, buyer_id: str) -> dict[str, ThreadState]:
    """Every thread of the buyer, with its state."""
    rows = session.execute(select(Thread.thread_id, Thread.state).where(Thread.buyer_id == buyer_id))
    return {thread_id: state for thread_id, state in rows}


def undecided_cases(session: Session, thread_ids: Sequence[str]) -> set[str]:
    """The threads with a takeover case ops have not decided yet."""
    return set(
        session.scalars(
            select(OpsCase.thread_id).where(OpsCase.thread_id.in_(list(thread_ids)), OpsCase.outcome.is_(None))
        )
    )


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


def record_erasure(
    session: Session,
    *,
    buyer_id: str,
    requested_by: str,
    now: datetime,
    waiting_for: list[str],
    threads: int,
    keys_destroyed: int,
) -> BuyerErasure:
    """Create or update the buyer's erasure record: ``erased`` once nothing waits, else ``deferred``.
    Counts accumulate over the runs; the first request's time and requester stay."""
    row = session.get(BuyerErasure, buyer_id, with_for_update=True, populate_existing=True)
    if row is None:
        row = BuyerErasure(buyer_id=buyer_id, requested_at=now, requested_by=requested_by, threads=0, keys_destroyed=0)
        session.add(row)
    row.state = ErasureState.DEFERRED if waiting_for else ErasureState.ERASED
    row.waiting_for = waiting_for or None
    row.threads = max(row.threads or 0, threads)
    row.keys_destroyed = (row.keys_destroyed or 0) + keys_destroyed
    if not waiting_for and row.erased_at is None:
        row.erased_at = now
    session.flush()
    return row


def deferred_erasures(session: Session, limit: int = 100) -> list[str]:
    """Buyers whose erasure waits for a thread to close, oldest request first."""
    return list(
        session.scalars(
            select(BuyerErasure.buyer_id)
            .where(BuyerErasure.state == ErasureState.DEFERRED)
            .order_by(BuyerErasure.requested_at)
            .limit(limit),
            execution_options=FRESH,
        )
    )
