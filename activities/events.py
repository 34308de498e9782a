"""Writing events: the envelope around an event's data, rendered once, in the fact's transaction.

Every activity that records a fact a person must learn calls ``EventWriter.emit`` inside the
same store transaction, so the fact and its event commit together (transactional outbox). The
writer fills the envelope from the thread's row (order, seller, buyer, market), renders every
instant in the market's time with its offset, and derives the ``event_id`` from the fact's own
key, so a retried activity, a replayed local activity or a second worker writes it once.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from events.schema import EVENT_TYPES, UnknownEventType, data_model
from rules.kinds import Recipient
from rules.markets import MarketRegistry, UnknownMarketError
from store import events as log
from store.models import Thread

UTC_ZONE = ZoneInfo("UTC")


class ThreadIds(NamedTuple):
    """Who a thread's events are about and for, and the market whose time they are told in."""

    order_id: str
    seller_id: str
    buyer_id: str
    market: str


def event_id(stream: str, event_type: str, recipient: Recipient, key: str) -> str:
    """Stable across retries: the same fact, type and recipient always give the same id."""
    digest = hashlib.sha256(f"{stream}|{event_type}|{recipient}|{key}".encode()).hexdigest()
    return f"evt_{digest[:32]}"


def thread_stream(thread_id: str) -> str:
    return f"thread:{thread_id}"


def seller_stream(seller_id: str) -> str:
    return f"seller:{seller_id}"


def _rendered(value: Any, zone: ZoneInfo) -> Any:
    """JSON of ``value`` with every instant in ``zone`` (what a person reads), amounts as strings."""
    if isinstance(value, BaseModel):
        return {name: _rendered(getattr(value, name), zone) for name in type(value).model_fields}
    if isinstance(value, datetime):
        return value.astimezone(zone).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(key): _rendered(item, zone) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_rendered(item, zone) for item in value]
    return value


class EventWriter:
    """Bound to the workers' markets (for their time zones) by ``worker.activities_for``."""

    def __init__(self, markets: MarketRegistry) -> None:
        self._markets = markets
        self._zones: dict[str, ZoneInfo] = {}

    def zone(self, market: str | None) -> ZoneInfo:
        if market is None:
            return UTC_ZONE
        zone = self._zones.get(market)
        if zone is None:
            try:
                zone = self._markets.get(market).zone
            except UnknownMarketError:
                zone = UTC_ZONE  # a market since removed from the settings: the instant stays exact
            self._zones[market] = zone
        return zone

    def thread_event(
        self,
        session: Session,
        *,
        thread_id: str,
        event_type: str,
        recipient: Recipient,
        key: str,
        occurred_at: datetime,
        data: BaseModel,
        thread: ThreadIds | None = None,
    ) -> log.Appended:
        """An event of a thread, numbered in the thread. ``thread``: its ids and market, when the
        caller has them (a snapshot); else they are read from the thread's row, which must exist."""
        if thread is None:
            thread = self.thread_ids(session, thread_id, f"event {event_type}")
        who = {Recipient.BUYER: thread.buyer_id, Recipient.SELLER: thread.seller_id}.get(recipient)
        return self._append(
            session,
            stream=thread_stream(thread_id),
            event_type=event_type,
            recipient=recipient,
            recipient_id=who,
            key=key,
            occurred_at=occurred_at,
            data=data,
            thread_id=thread_id,
            order_id=thread.order_id,
            seller_id=thread.seller_id,
            market=thread.market,
        )

    @staticmethod
    def thread_ids(session: Session, thread_id: str, what: str = "event") -> ThreadIds:
        """The thread's ids and market from its row, which must exist."""
        row = session.execute(
            select(Thread.order_id, Thread.seller_id, Thread.buyer_id, Thread.market).where(
                Thread.thread_id == thread_id
            )
        ).one_or_none()
        if row is None:
            raise LookupError(f"{what} for thread {thread_id}: no such thread in the store")
        return ThreadIds(*row)

    def seller_event(
        self,
        session: Session,
        *,
        seller_id: str,
        market: str | None,
        event_type: str,
        recipient: Recipient,
        key: str,
        occurred_at: datetime,
        data: BaseModel,
    ) -> log.Appended:
        """An event of no thread (an absence): numbered in the seller's stream."""
        who = seller_id if recipient == Recipient.SELLER else None
        return self._append(
            session,
            stream=seller_stream(seller_id),
            event_type=event_type,
            recipient=recipient,
            recipient_id=who,
            key=key,
            occurred_at=occurred_at,
            data=data,
            thread_id=None,
            order_id=None,
            seller_id=seller_id,
            market=market,
        )

    def seller_or_thread_event(
        self,
        session: Session,
        *,
        thread_id: str | None,
        seller_id: str,
        market: str,
        event_type: str,
        recipient: Recipient,
        key: str,
        occurred_at: datetime,
        data: BaseModel,
        thread: ThreadIds | None = None,
    ) -> log.Appended:
        """An event about a seller's sanction (issue 20): in its thread's stream when it has a thread,
        else in the seller's (a late absence notice)."""
        if thread_id is not None:
            return self.thread_event(
                session,
                thread_id=thread_id,
                event_type=event_type,
                recipient=recipient,
                key=key,
                occurred_at=occurred_at,
                data=data,
                thread=thread,
            )
        return self.seller_event(
            session,
            seller_id=seller_id,
            market=market,
            event_type=event_type,
            recipient=recipient,
            key=key,
            occurred_at=occurred_at,
            data=data,
        )

    def _append(
        self,
        session: Session,
        *,
        stream: str,
        event_type: str,
        recipient: Recipient,
        recipient_id: str | None,
        key: str,
        occurred_at: datetime,
        data: BaseModel,
        thread_id: str | None,
        order_id: str | None,
        seller_id: str | None,
        market: str | None,
    ) -> log.Appended:
        expected = data_model(event_type)
        if not isinstance(data, expected):
            raise UnknownEventType(f"event {event_type} carries {expected.__name__}, not {type(data).__name__}")
        if recipient not in EVENT_TYPES[event_type].recipients:
            raise UnknownEventType(f"event {event_type} is not for the {recipient}")
        zone = self.zone(market)
        identifier = event_id(stream, event_type, recipient, key)
        document = {
            "event_id": identifier,
            "type": event_type,
            "occurred_at": occurred_at.astimezone(zone).isoformat(),
            "thread_id": thread_id,
            "order_id": order_id,
            "seller_id": seller_id,
            "market": market,
            "recipient": {"kind": recipient.value, "id": recipient_id},
            "data": _rendered(data, zone),
        }
        return log.append(
            session,
            event_id=identifier,
            type=event_type,
            stream=stream,
            thread_id=thread_id,
            seller_id=seller_id,
            recipient_kind=recipient,
            recipient_id=recipient_id,
            occurred_at=occurred_at,
            document=document,
        )
