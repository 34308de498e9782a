"""The event log (what people must learn) and its webhook deliveries, on SQLite and PostgreSQL.

Writers append an event in the transaction of the fact it reports (a reply and its delivery to
the buyer commit together, or neither does). Readers page the log by ``position``; the webhook
relay plans one delivery row per event and endpoint and works them off in order per stream.

Why positions never appear out of order: ``append`` first serialises event writers
(PostgreSQL: a transaction-scoped advisory lock held to the commit; SQLite: ``BEGIN IMMEDIATE``
already serialises every writer), so a position is taken only after every earlier one has
committed. A feed reader that has seen position *n* has seen everything before it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import and_, bindparam, delete, exists, func, select, text, update
from sqlalchemy.orm import Session

from rules.kinds import Recipient
from store.models import DeliveryState, EventRecord, Lease, WebhookDelivery, WebhookEndpoint, utcnow
from store.repository._common import dialect_insert

_DELIVERIES, _EVENTS = WebhookDelivery.__table__, EventRecord.__table__
EVENT_WRITERS_LOCK = 0x68656C706465736B  # "helpdesk": the advisory lock key of event writers (PostgreSQL)
FRESH = {"populate_existing": True}


def _serialise_writers(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": EVENT_WRITERS_LOCK})


class Appended(NamedTuple):
    position: int
    event_id: str
    sequence: int
    created: bool  # False: the event was already there (a retried activity)


def append(
    session: Session,
    *,
    event_id: str,
    type: str,
    stream: str,
    thread_id: str | None,
    seller_id: str | None,
    recipient_kind: Recipient,
    recipient_id: str | None,
    occurred_at: datetime,
    document: dict[str, Any],
) -> Appended:
    """Write the event once per ``event_id``, numbered next in its ``stream``; a repeat returns the first.

    ``document`` is the rendered envelope without ``sequence``, which is set here. Two statements
    on the writers' hot path, without the ORM: the stream's last number, then the insert.
    """
    _serialise_writers(session)
    sequence = (session.scalar(_LAST_SEQUENCE, {"stream": stream}) or 0) + 1
    inserted = session.execute(
        _appending(session),
        {
            "event_id": event_id,
            "type": type,
            "stream": stream,
            "sequence": sequence,
            "thread_id": thread_id,
            "seller_id": seller_id,
            "recipient_kind": recipient_kind.value,
            "recipient_id": recipient_id,
            "occurred_at": occurred_at,
            "recorded_at": utcnow(),
            "document": _numbered(document, sequence),
        },
    ).scalar_one_or_none()
    if inserted is not None:
        return Appended(inserted, event_id, sequence, True)
    e = _EVENTS
    position, first = session.execute(select(e.c.position, e.c.sequence).where(e.c.event_id == event_id)).one()
    return Appended(position, event_id, first, False)


# The writers' two statements, built once (bound parameters, not values): building and hashing a
# statement per event cost more than running it.
_LAST_SEQUENCE = select(func.max(_EVENTS.c.sequence)).where(_EVENTS.c.stream == bindparam("stream"))
_APPENDS: dict[str, Any] = {}


def _appending(session: Session) -> Any:
    dialect = session.get_bind().dialect.name
    statement = _APPENDS.get(dialect)
    if statement is None:
        columns = ("event_id", "type", "stream", "sequence", "thread_id", "seller_id", "recipient_kind", "recipient_id",
                   "occurred_at", "recorded_at", "document")  # fmt: skip
        statement = (
            dialect_insert(session, _EVENTS)
            .values({name: bindparam(name, type_=_EVENTS.c[name].type) for name in columns})
            .on_conflict_do_nothing(index_elements=["event_id"])
            .returning(_EVENTS.c.position)
        )
        _APPENDS[dialect] = statement
    return statement


def _numbered(document: dict[str, Any], sequence: int) -> dict[str, Any]:
    """The envelope with its ``sequence`` right after its ``type``, as a reader expects it."""
    numbered: dict[str, Any] = {}
    for key, value in document.items():
        numbered[key] = value
        if key == "type":
            numbered["sequence"] = sequence
    numbered.setdefault("sequence", sequence)
    return numbered


# -- reading the log -------------------------------------------------------------------------------


def page(
    session: Session,
    *,
    after: int = 0,
    limit: int = 100,
    recipient: tuple[Recipient, str | None] | None = None,
    thread_id: str | None = None,
    types: Iterable[str] = (),
) -> list[EventRecord]:
    """Events after position ``after``, oldest first; narrowed to one recipient, thread or types."""
    query = select(EventRecord).where(EventRecord.position > after)
    if recipient is not None:
        kind, who = recipient
        query = query.where(EventRecord.recipient_kind == kind, EventRecord.recipient_id == who)
    if thread_id is not None:
        query = query.where(EventRecord.thread_id == thread_id)
    wanted = tuple(types)
    if wanted:
        query = query.where(EventRecord.type.in_(wanted))
    return list(session.scalars(query.order_by(EventRecord.position).limit(limit)))


_LAST_POSITION = select(func.max(_EVENTS.c.position))


def last_position(session: Session) -> int:
    return session.scalar(_LAST_POSITION) or 0


def by_id(session: Session, event_id: str) -> EventRecord | None:
    return session.scalars(select(EventRecord).filter_by(event_id=event_id)).one_or_none()


# -- webhook deliveries ----------------------------------------------------------------------------


def ensure_endpoint(session: Session, name: str, url: str, *, from_start: bool, now: datetime) -> WebhookEndpoint:
    """The endpoint's row; a new one is planned from the log's start or from now (``from_start``)."""
    stmt = dialect_insert(session, WebhookEndpoint).values(
        name=name, url=url, planned_to=0 if from_start else last_position(session), created_at=now
    )
    session.execute(stmt.on_conflict_do_nothing(index_elements=["name"]))
    endpoint = session.get(WebhookEndpoint, name, populate_existing=True)
    assert endpoint is not None
    if endpoint.url != url:
        endpoint.url = url
    return endpoint


def plan(session: Session, endpoint: str, *, types: frozenset[str] | None, now: datetime, limit: int = 500) -> int:
    """A pending delivery for each event after the endpoint's plan that it takes; the position
    planned to now."""
    row = session.get(WebhookEndpoint, endpoint, populate_existing=True)
    assert row is not None, f"endpoint {endpoint} not ensured"
    events = session.execute(
        select(EventRecord.position, EventRecord.stream, EventRecord.type)
        .where(EventRecord.position > row.planned_to)
        .order_by(EventRecord.position)
        .limit(limit)
    ).all()
    if not events:
        return row.planned_to
    wanted = [
        {
            "endpoint": endpoint,
            "position": position,
            "stream": stream,
            "state": DeliveryState.PENDING,
            "attempts": 0,
            "next_attempt_at": now,
        }
        for position, stream, kind in events
        if types is None or kind in types
    ]
    if wanted:
        stmt = (
            dialect_insert(session, WebhookDelivery)
            .values(wanted)
            .on_conflict_do_nothing(index_elements=["endpoint", "position"])
        )
        session.execute(stmt)
    row.planned_to = events[-1][0]
    return row.planned_to


class Due(NamedTuple):
    """A delivery to attempt now and its event, read without the ORM (the relay's hot path)."""

    delivery_id: int
    attempts: int
    retry_from: datetime | None
    last_status: int | None
    position: int
    event_id: str
    stream: str
    thread_id: str | None
    sequence: int
    type: str
    occurred_at: datetime
    document: dict[str, Any]


def _due_statement() -> Any:
    d, e = _DELIVERIES, _EVENTS
    earlier = d.alias("earlier")
    blocked = exists().where(
        earlier.c.endpoint == d.c.endpoint,
        earlier.c.stream == d.c.stream,
        earlier.c.state == DeliveryState.PENDING.value,
        earlier.c.position < d.c.position,
    )
    return (
        select(
            d.c.id,
            d.c.attempts,
            d.c.retry_from,
            d.c.last_status,
            e.c.position,
            e.c.event_id,
            e.c.stream,
            e.c.thread_id,
            e.c.sequence,
            e.c.type,
            e.c.occurred_at,
            e.c.document,
        )
        .join_from(d, e, e.c.position == d.c.position)
        .where(
            d.c.endpoint == bindparam("endpoint"),
            d.c.state == DeliveryState.PENDING.value,
            d.c.next_attempt_at <= bindparam("now", type_=d.c.next_attempt_at.type),
            ~blocked,
        )
        .order_by(d.c.position)
        .limit(bindparam("limit"))
    )


_DUE = _due_statement()


def due(session: Session, endpoint: str, now: datetime, limit: int = 100) -> list[Due]:
    """The deliveries to attempt now: the first pending one of each stream, if its time has come.

    A stream's later events wait behind its first undelivered one, so a receiver gets each
    thread's events in order; a dead letter no longer holds its stream up.
    """
    return [Due(*row) for row in session.execute(_DUE, {"endpoint": endpoint, "now": now, "limit": limit})]


_DELIVERED = (
    update(_DELIVERIES)
    .where(_DELIVERIES.c.id.in_(bindparam("ids", expanding=True)), _DELIVERIES.c.state == DeliveryState.PENDING.value)
    .values(
        state=DeliveryState.DELIVERED.value,
        delivered_at=bindparam("at", type_=_DELIVERIES.c.delivered_at.type),
        last_attempt_at=bindparam("at", type_=_DELIVERIES.c.last_attempt_at.type),
        last_status=bindparam("status"),
        last_error=None,
        attempts=_DELIVERIES.c.attempts + 1,
    )
)


def record_delivered(session: Session, delivery_ids: Sequence[int], *, at: datetime, status: int) -> None:
    """Deliveries the receiver answered ``status`` (2xx) at ``at``: one statement for a round's."""
    if delivery_ids:
        session.execute(_DELIVERED, {"ids": list(delivery_ids), "at": at, "status": status})


def record_failed(
    session: Session, delivery_id: int, *, at: datetime, status: int | None, error: str, retry_at: datetime | None
) -> None:
    """A failed attempt: retried at ``retry_at``, or dead-lettered when ``retry_at`` is None."""
    d = _DELIVERIES
    values: dict[str, Any] = {
        "last_attempt_at": at, "last_status": status, "last_error": error[:500], "attempts": d.c.attempts + 1,
        "retry_from": func.coalesce(d.c.retry_from, at),
    }  # fmt: skip
    if retry_at is None:
        values.update(state=DeliveryState.DEAD.value, dead_at=at)
    else:
        values["next_attempt_at"] = retry_at
    session.execute(update(d).where(d.c.id == delivery_id, d.c.state == DeliveryState.PENDING.value).values(**values))


def wake(session: Session, endpoint: str, now: datetime) -> int:
    """The endpoint answered again: its deliveries waiting out a backoff are due now."""
    d = _DELIVERIES
    result = session.execute(
        update(d)
        .where(
            d.c.endpoint == endpoint,
            d.c.state == DeliveryState.PENDING.value,
            d.c.attempts > 0,
            d.c.next_attempt_at > now,
        )
        .values(next_attempt_at=now)
    )
    return int(result.rowcount or 0)


def dead_letters(
    session: Session, endpoint: str | None = None, limit: int = 100
) -> list[tuple[WebhookDelivery, EventRecord]]:
    query = (
        select(WebhookDelivery, EventRecord)
        .join(EventRecord, EventRecord.position == WebhookDelivery.position)
        .where(WebhookDelivery.state == DeliveryState.DEAD)
        .order_by(WebhookDelivery.position)
        .limit(limit)
    )
    if endpoint is not None:
        query = query.where(WebhookDelivery.endpoint == endpoint)
    return [(delivery, event) for delivery, event in session.execute(query).all()]


def redeliver(session: Session, *, now: datetime, event_id: str | None = None, endpoint: str | None = None) -> int:
    """Dead letters back to pending (one event's, or all), with a fresh retry horizon; how many."""
    query = update(WebhookDelivery).where(WebhookDelivery.state == DeliveryState.DEAD)
    if endpoint is not None:
        query = query.where(WebhookDelivery.endpoint == endpoint)
    if event_id is not None:
        position = select(EventRecord.position).where(EventRecord.event_id == event_id).scalar_subquery()
        query = query.where(WebhookDelivery.position == position)
    result = session.execute(
        query.values(state=DeliveryState.PENDING, next_attempt_at=now, retry_from=now, dead_at=None, attempts=0)
    )
    return int(result.rowcount or 0)


def delivery_counts(session: Session) -> dict[tuple[str, DeliveryState], int]:
    """Deliveries by endpoint and state (the relay's gauges)."""
    rows = session.execute(
        select(WebhookDelivery.endpoint, WebhookDelivery.state, func.count())
        .where(WebhookDelivery.state != DeliveryState.DELIVERED)
        .group_by(WebhookDelivery.endpoint, WebhookDelivery.state)
    ).all()
    return {(endpoint, DeliveryState(state)): count for endpoint, state, count in rows}


def deliveries_of(session: Session, event_id: str) -> list[WebhookDelivery]:
    position = select(EventRecord.position).where(EventRecord.event_id == event_id).scalar_subquery()
    return list(
        session.scalars(
            select(WebhookDelivery).where(WebhookDelivery.position == position).order_by(WebhookDelivery.endpoint)
        )
    )


# -- the relay's lease ---------------------------------------------------------------------------


def hold_lease(session: Session, name: str, holder: str, *, now: datetime, ttl: timedelta) -> bool:
    """Take or keep the lease ``name`` for ``ttl``; False while another holder's lease runs."""
    expires = now + ttl
    session.execute(
        dialect_insert(session, Lease)
        .values(name=name, holder=holder, expires_at=expires)
        .on_conflict_do_nothing(index_elements=["name"])
    )
    result = session.execute(
        update(Lease)
        .where(Lease.name == name, and_(Lease.holder == holder) | (Lease.expires_at < now))
        .values(holder=holder, expires_at=expires)
    )
    return bool(result.rowcount)


def release_lease(session: Session, name: str, holder: str) -> None:
    session.execute(delete(Lease).where(Lease.name == name, Lease.holder == holder))
