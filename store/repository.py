"""Idempotent reads and writes the activities use; each takes the caller's ``Session``.

Temporal retries activities, and a retry may run concurrently with a slow first attempt. So
every write of a keyed fact is a single ``INSERT … ON CONFLICT DO NOTHING`` (or ``DO UPDATE`` for
the thread projection) on the natural key, never read-then-write: the database decides who wins,
and the loser reads the winner's row. Functions flush but never commit; the caller's
:func:`store.db.transaction` does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Generic, NamedTuple, TypeVar

from sqlalchemy import Table, func, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from rules.kinds import CostKind, Direction, OpsOutcome, TakeoverReason, ThreadState, ViolationKind
from store.models import (
    Absence,
    Base,
    InboundMessage,
    LedgerEntry,
    Message,
    OpsCase,
    Refund,
    ReplyFingerprint,
    ReturnLabel,
    SellerFlag,
    Thread,
    Violation,
    utcnow,
)

RowT = TypeVar("RowT", bound=Base)
_FRESH = {"populate_existing": True}  # a row already in the session must show the database's values


class Recorded(NamedTuple, Generic[RowT]):
    """The stored row, and whether this call created it (``False``: it was already there)."""

    row: RowT
    created: bool


def _insert(session: Session, model: type[Base] | Table) -> postgresql.Insert | sqlite.Insert:
    """The dialect's INSERT, which is the one that knows ``ON CONFLICT``."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(model)
    if dialect == "sqlite":
        return sqlite.insert(model)
    raise ValueError(f"the store supports SQLite and PostgreSQL, not {dialect}")


def _insert_if_absent(
    session: Session, model: type[RowT], key: Sequence[str], values: Mapping[str, Any]
) -> Recorded[RowT]:
    stmt = _insert(session, model).values(**values).on_conflict_do_nothing(index_elements=list(key))
    row = session.scalars(stmt.returning(model), execution_options=_FRESH).one_or_none()
    if row is not None:
        return Recorded(row, True)
    existing = select(model).filter_by(**{column: values[column] for column in key})
    return Recorded(session.scalars(existing, execution_options=_FRESH).one(), False)


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
) -> Thread:
    """Write the workflow's current view of a thread; the workflow is the source of truth.

    A market change (R1.6) arrives as a new market and currency; ``created_at`` stays the first.
    """
    now = utcnow()
    values = {
        "order_id": order_id,
        "seller_id": seller_id,
        "buyer_id": buyer_id,
        "market": market,
        "currency": currency,
        "state": ThreadState(state),
        "reply_due_at": reply_due_at,
        "takeover_reason": None if takeover_reason is None else TakeoverReason(takeover_reason),
        "unanswered": unanswered or [],
    }
    stmt = (
        _insert(session, Thread)
        .values(thread_id=thread_id, created_at=now, updated_at=now, **values)
        .on_conflict_do_update(index_elements=["thread_id"], set_={**values, "updated_at": now})
    )
    return session.scalars(stmt.returning(Thread), execution_options=_FRESH).one()


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
) -> Recorded[Message]:
    """Keep a message once per (thread, backend ``message_id``); a redelivery returns the first copy."""
    return _insert_if_absent(
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
    return session.scalars(select(Message).where(*mine), execution_options=_FRESH).one()


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
    return _insert_if_absent(
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


def add_ledger_entry(
    session: Session,
    *,
    seller_id: str,
    thread_id: str,
    takeover_no: int,
    cost_kind: CostKind | str,
    amount: Decimal,
    currency: str,
) -> Recorded[LedgerEntry]:
    """Charge one cost of one takeover (R5.6), at most once.

    When the entry exists, nothing is written and the existing row comes back unchanged, even if
    this call carries another amount: the first charge is the charge.
    """
    return _insert_if_absent(
        session,
        LedgerEntry,
        ["thread_id", "takeover_no", "cost_kind"],
        {
            "seller_id": seller_id,
            "thread_id": thread_id,
            "takeover_no": takeover_no,
            "cost_kind": CostKind(cost_kind),
            "amount": amount,
            "currency": currency,
        },
    )


def ledger_for_seller(session: Session, seller_id: str) -> list[LedgerEntry]:
    """A seller's recharges, oldest first."""
    query = select(LedgerEntry).filter_by(seller_id=seller_id).order_by(LedgerEntry.created_at, LedgerEntry.id)
    return list(session.scalars(query))


def ledger_for_thread(session: Session, thread_id: str) -> list[LedgerEntry]:
    """A thread's recharges, by takeover then in the order they were charged."""
    query = select(LedgerEntry).filter_by(thread_id=thread_id).order_by(LedgerEntry.takeover_no, LedgerEntry.id)
    return list(session.scalars(query))


def lock_seller(session: Session, seller_id: str) -> None:
    """Serialise a seller's absence announcements until the transaction ends (R4.5 overlap check).

    SQLite's ``BEGIN IMMEDIATE`` (store.db) already serialises writers; PostgreSQL takes a
    transaction-scoped advisory lock on the seller, so check-then-insert cannot race.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:seller))"), {"seller": f"absence:{seller_id}"})


def overlapping_absence(session: Session, seller_id: str, first_day: date, last_day: date) -> Absence | None:
    """An announced (not cancelled) absence of the seller sharing a day with ``first_day..last_day``."""
    query = (
        select(Absence)
        .filter_by(seller_id=seller_id, cancelled_at=None)
        .where(Absence.first_day <= last_day, Absence.last_day >= first_day)
        .order_by(Absence.first_day)
        .limit(1)
    )
    return session.scalars(query, execution_options=_FRESH).one_or_none()


def record_absence(
    session: Session,
    *,
    seller_id: str,
    first_day: date,
    last_day: date,
    announced_at: datetime,
    working_days: int,
    late_notice: bool,
    market: str | None = None,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
) -> Recorded[Absence]:
    """Keep an announced absence (R4.1, R4.2) once per (seller, first day). Announcing again the
    days of a cancelled absence (R4.5, issue 15) makes it the announced one again, with the new
    announcement's days and notice; a repeat of a live announcement changes nothing."""
    values = {
        "seller_id": seller_id,
        "first_day": first_day,
        "last_day": last_day,
        "announced_at": announced_at,
        "working_days": working_days,
        "late_notice": late_notice,
        "market": market,
        "starts_at": starts_at,
        "ends_at": ends_at,
    }
    recorded = _insert_if_absent(session, Absence, ["seller_id", "first_day"], values)
    if recorded.created or recorded.row.cancelled_at is None:
        return recorded
    session.execute(
        update(Absence).filter_by(seller_id=seller_id, first_day=first_day).values(**values, cancelled_at=None)
    )
    return Recorded(_absence(session, seller_id, first_day), True)


def shorten_absence(
    session: Session,
    seller_id: str,
    first_day: date,
    *,
    last_day: date,
    working_days: int,
    ends_at: datetime | None = None,
) -> Absence:
    """Move an absence's last day (R4.5); repeating the call changes nothing more."""
    values: dict[str, Any] = {"last_day": last_day, "working_days": working_days}
    if ends_at is not None:
        values["ends_at"] = ends_at
    session.execute(update(Absence).filter_by(seller_id=seller_id, first_day=first_day).values(**values))
    return _absence(session, seller_id, first_day)


def cancel_absence(session: Session, seller_id: str, first_day: date, *, cancelled_at: datetime) -> Absence:
    """Cancel an absence (R4.5); a repeated cancel keeps the first ``cancelled_at``."""
    session.execute(
        update(Absence)
        .filter_by(seller_id=seller_id, first_day=first_day, cancelled_at=None)
        .values(cancelled_at=cancelled_at)
    )
    return _absence(session, seller_id, first_day)


def absence_at(session: Session, seller_id: str, at: datetime) -> Absence | None:
    """R4.4: the seller's announced absence running at ``at`` (not cancelled before ``at``)."""
    query = (
        select(Absence)
        .filter_by(seller_id=seller_id)
        .where(Absence.starts_at <= at, Absence.ends_at > at)
        .where((Absence.cancelled_at.is_(None)) | (Absence.cancelled_at > at))
        .limit(1)
    )
    return session.scalars(query, execution_options=_FRESH).one_or_none()


def open_threads(session: Session, seller_id: str) -> list[Thread]:
    """The seller's threads that are neither taken over nor closed, those awaiting the seller
    first, by due instant (R3.2 Discussions; R4.3 the threads that may need cover)."""
    query = (
        select(Thread)
        .filter_by(seller_id=seller_id)
        .where(Thread.state.in_([ThreadState.AWAITING_SELLER, ThreadState.AWAITING_BUYER]))
        .order_by(
            Thread.state != ThreadState.AWAITING_SELLER, Thread.reply_due_at.asc().nulls_last(), Thread.created_at
        )
    )
    return list(session.scalars(query, execution_options=_FRESH))


def _absence(session: Session, seller_id: str, first_day: date) -> Absence:
    query = select(Absence).filter_by(seller_id=seller_id, first_day=first_day)
    return session.scalars(query, execution_options=_FRESH).one()


def record_fingerprint(
    session: Session, *, message_id: str, seller_id: str, thread_id: str, fingerprint: str, sent_at: datetime
) -> Recorded[ReplyFingerprint]:
    """Remember a sent reply's normalised text for R2.2, once per message of a thread."""
    return _insert_if_absent(
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


def fingerprints_since(session: Session, seller_id: str, since: datetime) -> list[ReplyFingerprint]:
    """The seller's reply fingerprints sent at or after ``since`` (R2.2 looks back 7 days)."""
    query = (
        select(ReplyFingerprint)
        .where(ReplyFingerprint.seller_id == seller_id, ReplyFingerprint.sent_at >= since)
        .order_by(ReplyFingerprint.sent_at)
    )
    return list(session.scalars(query))


def open_ops_case(
    session: Session, *, thread_id: str, takeover_no: int, reason: TakeoverReason | str, opened_at: datetime
) -> Recorded[OpsCase]:
    """Open the ops case of a takeover (R5.3) once."""
    return _insert_if_absent(
        session,
        OpsCase,
        ["thread_id", "takeover_no"],
        {
            "thread_id": thread_id,
            "takeover_no": takeover_no,
            "reason": TakeoverReason(reason),
            "opened_at": opened_at,
        },
    )


def decide_ops_case(
    session: Session,
    thread_id: str,
    takeover_no: int,
    *,
    outcome: OpsOutcome | str,
    decided_by: str,
    decided_at: datetime,
    note: str | None = None,
) -> OpsCase:
    """Record a decision; a later one (ops overriding the rulebook's default, R5.4) replaces it,
    a retry of the same one (same ``decided_at``) changes nothing."""
    session.execute(
        update(OpsCase)
        .filter_by(thread_id=thread_id, takeover_no=takeover_no)
        .where((OpsCase.decided_at.is_(None)) | (OpsCase.decided_at < decided_at))
        .values(outcome=OpsOutcome(outcome), decided_by=decided_by, decided_at=decided_at, note=note)
    )
    query = select(OpsCase).filter_by(thread_id=thread_id, takeover_no=takeover_no)
    return session.scalars(query, execution_options=_FRESH).one()


def flag_seller(
    session: Session, *, seller_id: str, thread_id: str, reason: TakeoverReason | str, flagged_at: datetime
) -> Recorded[SellerFlag]:
    """Flag the seller's record for a severe violation (R5.4), once per thread and reason."""
    return _insert_if_absent(
        session,
        SellerFlag,
        ["seller_id", "thread_id", "reason"],
        {"seller_id": seller_id, "thread_id": thread_id, "reason": TakeoverReason(reason), "flagged_at": flagged_at},
    )


def seller_flags(session: Session, seller_id: str) -> list[SellerFlag]:
    return list(session.scalars(select(SellerFlag).filter_by(seller_id=seller_id).order_by(SellerFlag.flagged_at)))


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
) -> Recorded[Message]:
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


def ops_case(session: Session, thread_id: str, takeover_no: int) -> OpsCase | None:
    return session.get(OpsCase, (thread_id, takeover_no), populate_existing=True)


def record_label(
    session: Session,
    *,
    request_key: str,
    label_id: str,
    thread_id: str,
    takeover_no: int,
    carrier: str,
    tracking_number: str,
    ship_to: str,
    issued_at: datetime,
) -> Recorded[ReturnLabel]:
    """A label issued for ``request_key``; a retry gets the first label back, not a second one."""
    return _insert_if_absent(
        session,
        ReturnLabel,
        ["request_key"],
        {
            "request_key": request_key,
            "label_id": label_id,
            "thread_id": thread_id,
            "takeover_no": takeover_no,
            "carrier": carrier,
            "tracking_number": tracking_number,
            "ship_to": ship_to,
            "issued_at": issued_at,
        },
    )


def label_for(session: Session, request_key: str) -> ReturnLabel | None:
    return session.scalars(
        select(ReturnLabel).filter_by(request_key=request_key), execution_options=_FRESH
    ).one_or_none()


def void_label(session: Session, label_id: str, *, voided_at: datetime) -> ReturnLabel:
    """Void an unused label; voiding twice keeps the first time."""
    session.execute(
        update(ReturnLabel)
        .where(ReturnLabel.label_id == label_id, ReturnLabel.voided_at.is_(None))
        .values(voided_at=voided_at)
    )
    return session.scalars(select(ReturnLabel).filter_by(label_id=label_id), execution_options=_FRESH).one()


def labels_for_thread(session: Session, thread_id: str) -> list[ReturnLabel]:
    return list(session.scalars(select(ReturnLabel).filter_by(thread_id=thread_id).order_by(ReturnLabel.issued_at)))


def record_refund(
    session: Session,
    *,
    request_key: str,
    refund_id: str,
    thread_id: str,
    takeover_no: int,
    order_id: str,
    provider: str,
    amount: Decimal,
    currency: str,
    refunded_at: datetime,
) -> Recorded[Refund]:
    """A refund made for ``request_key``; a retry gets the first refund back, never a second one."""
    return _insert_if_absent(
        session,
        Refund,
        ["request_key"],
        {
            "request_key": request_key,
            "refund_id": refund_id,
            "thread_id": thread_id,
            "takeover_no": takeover_no,
            "order_id": order_id,
            "provider": provider,
            "amount": amount,
            "currency": currency,
            "refunded_at": refunded_at,
        },
    )


def refunds_for_thread(session: Session, thread_id: str) -> list[Refund]:
    return list(session.scalars(select(Refund).filter_by(thread_id=thread_id).order_by(Refund.refunded_at)))


# -- the seller's views (R3.2 Discussions, seller metrics) ----------------------------------------


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


def violation_counts_since(session: Session, seller_id: str, since: datetime, until: datetime) -> dict[str, int]:
    query = (
        select(Violation.kind, func.count())
        .where(Violation.seller_id == seller_id, Violation.occurred_at >= since, Violation.occurred_at <= until)
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


# -- the HTTP API's inbox (store first, then Temporal) ---------------------------------------------


def accept_inbound(
    session: Session, *, message_id: str, thread_id: str, payload: dict[str, Any]
) -> Recorded[InboundMessage]:
    """Keep a buyer message before handing it over; a redelivery returns the first copy."""
    return _insert_if_absent(
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
    return list(session.scalars(query, execution_options=_FRESH))


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


def count_attempt(session: Session, thread_id: str, message_id: str) -> None:
    session.execute(
        update(InboundMessage)
        .where(InboundMessage.thread_id == thread_id, InboundMessage.message_id == message_id)
        .values(attempts=InboundMessage.attempts + 1)
    )
