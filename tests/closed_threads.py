"""A thread closed long ago with one buyer message: what a retention sweep must find (issue 19).

Shared by the retention schedule's test on the dev server and the stored history's regeneration
(``tests/histories/regenerate.py``), which both need a thread whose period is over.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from rules.kinds import ThreadState
from store import repository
from store.models import Thread


def closed_thread_with_message(session: Session, thread_id: str, *, closed_at: datetime, body: str) -> None:
    """The thread, closed at ``closed_at`` (its last update), and a buyer message ``M-1`` from then."""
    repository.upsert_thread(
        session,
        thread_id=thread_id,
        order_id=f"O-{thread_id}",
        seller_id=f"S-{thread_id}",
        buyer_id=f"B-{thread_id}",
        market="FR",
        currency="EUR",
        state=ThreadState.CLOSED,
    )
    repository.record_message(
        session, message_id="M-1", thread_id=thread_id, direction="buyer", body=body, received_at=closed_at
    )
    session.execute(update(Thread).where(Thread.thread_id == thread_id).values(updated_at=closed_at))
