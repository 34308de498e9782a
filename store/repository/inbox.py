"""The HTTP API's inbox: a buyer message kept before it is handed to Temporal, and its hand-over."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, tuple_, update
from sqlalchemy.orm import Session

from store.models import (
    InboundMessage,
)
from store.repository._common import FRESH, Recorded, insert_if_absent


def accept_inbound(
    session: Session, *, message_id: str, thread_id: str, payload: dict[str, Any]
) -> Recorded[InboundMessage]:
    """Keep a buyer message before handing it over; a redelivery returns the first copy."""
    return insert_if_absent(
        session,
        InboundMessage,
        ["thread_id", "message_id"],
        {"message_id": message_id, "thread_id": thread_id, "payload": payload},
    )


def pending_inbound(session: Session, limit: int = 100) -> list[InboundMessage]:
    """Messages not yet handed to Temporal, oldest first."""
    query = (
        select(InboundMessage)
        .where(InboundMessage.handed_over_at.is_(None))
        .order_by(InboundMessage.accepted_at)
        .limit(limit)
    )
    return list(session.scalars(query, execution_options=FRESH))


def mark_handed_over(session: Session, thread_id: str, message_id: str, *, at: datetime) -> None:
    session.execute(
        update(InboundMessage)
        .where(
            InboundMessage.thread_id == thread_id,
            InboundMessage.message_id == message_id,
            InboundMessage.handed_over_at.is_(None),
        )
        .values(handed_over_at=at, attempts=InboundMessage.attempts + 1)
    )


def mark_all_handed_over(session: Session, keys: list[tuple[str, str]], *, at: datetime) -> None:
    """``mark_handed_over`` for many (thread id, message id) pairs in one statement."""
    if not keys:
        return
    session.execute(
        update(InboundMessage)
        .where(
            tuple_(InboundMessage.thread_id, InboundMessage.message_id).in_(keys),
            InboundMessage.handed_over_at.is_(None),
        )
        .values(handed_over_at=at, attempts=InboundMessage.attempts + 1)
    )


def count_attempt(session: Session, thread_id: str, message_id: str) -> None:
    session.execute(
        update(InboundMessage)
        .where(InboundMessage.thread_id == thread_id, InboundMessage.message_id == message_id)
        .values(attempts=InboundMessage.attempts + 1)
    )
