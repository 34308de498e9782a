"""A thread's projection, its messages, the reply verdicts, violations and R2.2's reply fingerprints."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, bindparam, select, update
from sqlalchemy.orm import Session

from rules.kinds import Direction, TakeoverReason, ThreadState, ViolationKind
from store.models import (
    Message,
    ReplyFingerprint,
    Thread,
    Violation,
    utcnow,
)
from store.repository._common import FRESH, Inserted, Recorded, dialect_insert, insert_if_absent, insert_new, prepared


def upsert_thread(
    session: Session,
    *,
    thread_id: str,
    order_id: str,
    seller_id: str,
    buyer_id: str,
    market: str,
    currency: str,
    state: ThreadState | str,
    reply_due_at: datetime | None = None,
    takeover_reason: TakeoverReason | str | None = None,
    unanswered: list[dict[str, Any]] | None = None,
) -> None:
    """Write the workflow's current view of a thread; the workflow is the source of truth.

    A market change (R1.6) arrives as a new market and currency; ``created_at`` stays the first.
    One prepared statement (``prepared``), no row read back: ``session.get`` reads it when needed.
    """
    now = utcnow()
    session.execute(
        prepared(session, ("upsert_thread",), lambda: _upsert_thread(session)),
        {
            "thread_id": thread_id,
            "order_id": order_id,
            "seller_id": seller_id,
            "buyer_id": buyer_id,
            "market": market,
            "currency": currency,
            "state": ThreadState(state),
            "reply_due_at": reply_due_at,
            "takeover_reason": None if takeover_reason is None else TakeoverReason(takeover_reason),
            "unanswered": unanswered or [],
            "created_at": now,
            "updated_at": now,
        },
    )


_THREAD_COLUMNS = ("order_id", "seller_id", "buyer_id", "market", "currency", "state", "reply_due_at",
                   "takeover_reason", "unanswered")  # fmt: skip


def _upsert_thread(session: Session) -> Any:
    table = Thread.__table__
    insert = dialect_insert(session, table)
    names = ("thread_id", *_THREAD_COLUMNS, "created_at", "updated_at")
    return insert.values({name: bindparam(name, type_=table.c[name].type) for name in names}).on_conflict_do_update(
        index_elements=["thread_id"],
        set_={name: insert.excluded[name] for name in (*_THREAD_COLUMNS, "updated_at")},
    )


def record_message(
    session: Session,
    *,
    message_id: str,
    thread_id: str,
    direction: Direction | str,
    body: str,
    received_at: datetime,
    no_reply_needed: bool = False,
    accepted: bool | None = None,
    refusal: list[dict[str, Any]] | None = None,
    auto_reply_flag: bool = False,
    response_working_hours: float | None = None,
) -> Inserted:
    """Keep a message once per (thread, backend ``message_id``); a redelivery returns the first copy."""
    return insert_new(
        session,
        Message,
        ["thread_id", "message_id"],
        {
            "message_id": message_id,
            "thread_id": thread_id,
            "direction": Direction(direction),
            "body": body,
            "received_at": received_at,
            "no_reply_needed": no_reply_needed,
            "accepted": accepted,
            "refusal": refusal,
            "auto_reply_flag": auto_reply_flag,
            "response_working_hours": response_working_hours,
        },
    )


def record_verdict(
    session: Session, thread_id: str, message_id: str, *, accepted: bool, refusal: list[dict[str, Any]] | None = None
) -> Message:
    """Attach the screening verdict (R2) to a seller reply kept before it was screened."""
    mine = (Message.thread_id == thread_id, Message.message_id == message_id)
    session.execute(update(Message).where(*mine).values(accepted=accepted, refusal=refusal))
    return session.scalars(select(Message).where(*mine), execution_options=FRESH).one()


def record_violation(
    session: Session,
    *,
    dedupe_key: str,
    seller_id: str,
    kind: ViolationKind | str,
    rule: str,
    occurred_at: datetime,
    thread_id: str | None = None,
    detail: dict[str, Any] | None = None,
) -> Recorded[Violation]:
    """Mark the seller's record once per ``dedupe_key`` (e.g. ``"R1.4:{thread}:{received_at}"``)."""
    return insert_if_absent(
        session,
        Violation,
        ["dedupe_key"],
        {
            "dedupe_key": dedupe_key,
            "seller_id": seller_id,
            "kind": ViolationKind(kind),
            "rule": rule,
            "occurred_at": occurred_at,
            "thread_id": thread_id,
            "detail": detail or {},
        },
    )


def thread_messages(session: Session, thread_id: str) -> list[Message]:
    """A thread's messages in the order they were received or sent."""
    query = select(Message).filter_by(thread_id=thread_id).order_by(Message.received_at, Message.message_id)
    return list(session.scalars(query))


def thread_violations(session: Session, thread_id: str) -> list[Violation]:
    return list(session.scalars(select(Violation).filter_by(thread_id=thread_id).order_by(Violation.occurred_at)))


def record_seller_reply(
    session: Session,
    *,
    message_id: str,
    thread_id: str,
    body: str,
    sent_at: datetime,
    accepted: bool,
    findings: Sequence[Mapping[str, Any]] = (),
    auto_reply_flag: bool = False,
    response_working_hours: float | None = None,
) -> Inserted:
    """A seller reply with its verdict (R2: nothing a seller sends is lost, refused or not)."""
    return record_message(
        session,
        message_id=message_id,
        thread_id=thread_id,
        direction=Direction.SELLER,
        body=body,
        received_at=sent_at,
        accepted=accepted,
        refusal=[dict(finding) for finding in findings] or None,
        auto_reply_flag=auto_reply_flag,
        response_working_hours=response_working_hours,
    )


def record_fingerprint(
    session: Session, *, message_id: str, seller_id: str, thread_id: str, fingerprint: str, sent_at: datetime
) -> Inserted:
    """Remember a sent reply's normalised text for R2.2, once per message of a thread."""
    return insert_new(
        session,
        ReplyFingerprint,
        ["thread_id", "message_id"],
        {
            "message_id": message_id,
            "seller_id": seller_id,
            "thread_id": thread_id,
            "fingerprint": fingerprint,
            "sent_at": sent_at,
        },
    )


def fingerprints_since(session: Session, seller_id: str, since: datetime) -> Sequence[Row[Any]]:
    """The seller's reply fingerprints sent at or after ``since`` (R2.2 looks back 7 days), oldest
    first, as rows of thread_id, message_id, fingerprint and sent_at: read on every reply, so one
    prepared statement and no ORM objects."""
    return session.execute(
        prepared(session, ("fingerprints_since",), _fingerprints_since), {"seller_id": seller_id, "since": since}
    ).all()


def _fingerprints_since() -> Any:
    f = ReplyFingerprint.__table__.c
    return (
        select(f.thread_id, f.message_id, f.fingerprint, f.sent_at)
        .where(f.seller_id == bindparam("seller_id"), f.sent_at >= bindparam("since", type_=f.sent_at.type))
        .order_by(f.sent_at)
    )
