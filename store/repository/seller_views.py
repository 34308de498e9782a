"""Reads for the seller's views: R3.2 Discussions and the seller report."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rules.kinds import Direction
from store.models import (
    Message,
    OpsCase,
    Thread,
    Violation,
)


def refused_replies_by_thread(session: Session, thread_ids: Sequence[str]) -> dict[str, list[Message]]:
    """Refused seller replies of the given threads, oldest first."""
    if not thread_ids:
        return {}
    query = (
        select(Message)
        .where(
            Message.thread_id.in_(list(thread_ids)), Message.direction == Direction.SELLER, Message.accepted.is_(False)
        )
        .order_by(Message.received_at)
    )
    refused: dict[str, list[Message]] = {}
    for message in session.scalars(query):
        refused.setdefault(message.thread_id, []).append(message)
    return refused


def response_hours_since(session: Session, seller_id: str, since: datetime) -> list[tuple[datetime, float]]:
    """(sent at, working hours) of the seller's accepted replies since ``since`` that answered a buyer."""
    query = (
        select(Message.received_at, Message.response_working_hours)
        .join(Thread, Thread.thread_id == Message.thread_id)
        .where(Thread.seller_id == seller_id, Message.direction == Direction.SELLER, Message.accepted.is_(True))
        .where(Message.response_working_hours.is_not(None), Message.received_at >= since)
        .order_by(Message.received_at)
    )
    return [(sent_at, hours) for sent_at, hours in session.execute(query)]


def violation_counts_since(
    session: Session, seller_id: str, since: datetime, until: datetime, *, overturned: bool = False
) -> dict[str, int]:
    """The seller's violations by kind: those that stand, or (``overturned``) those an appeal overturned."""
    query = (
        select(Violation.kind, func.count())
        .where(Violation.seller_id == seller_id, Violation.occurred_at >= since, Violation.occurred_at <= until)
        .where(Violation.overturned_at.is_not(None) if overturned else Violation.overturned_at.is_(None))
        .group_by(Violation.kind)
    )
    return {str(kind): count for kind, count in session.execute(query)}


def takeover_counts_since(session: Session, seller_id: str, since: datetime, until: datetime) -> dict[str, int]:
    query = (
        select(OpsCase.reason, func.count())
        .join(Thread, Thread.thread_id == OpsCase.thread_id)
        .where(Thread.seller_id == seller_id, OpsCase.opened_at >= since, OpsCase.opened_at <= until)
        .group_by(OpsCase.reason)
    )
    return {str(reason): count for reason, count in session.execute(query)}
