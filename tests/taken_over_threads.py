"""A thread the platform has taken over: what a recharge or an appeal against its charge starts from.

Shared by the fault tests of the recharge and of the appeal (``tests/store``), which both charge a
taken-over thread in Sweden and then break something.
"""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session, sessionmaker

from rules.kinds import ThreadState
from store import repository
from store.db import transaction


def taken_over_thread(
    factory: sessionmaker[Session], *, seller_id: str, market: str = "SE", currency: str = "SEK"
) -> str:
    """A new taken-over thread of ``seller_id`` (its id, ``T-`` and a random suffix)."""
    thread_id = f"T-{uuid.uuid4().hex[:8]}"
    with transaction(factory) as session:
        repository.upsert_thread(
            session,
            thread_id=thread_id,
            order_id=f"O-{thread_id}",
            seller_id=seller_id,
            buyer_id="B-1",
            market=market,
            currency=currency,
            state=ThreadState.TAKEN_OVER,
            reply_due_at=None,
        )
    return thread_id
