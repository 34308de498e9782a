"""The record of the rules: threads, messages, violations, the ledger, absences, reply fingerprints, the event
log and its webhook deliveries, leases, ops cases, return labels, refunds, seller flags, inbound messages."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from rules.kinds import (
    CostKind,
    Direction,
    OpsOutcome,
    Recipient,
    TakeoverReason,
    ThreadState,
    ViolationKind,
)
from store.coltypes import JSONDocument
from store.models.base import ID, KEY, POSITION, Base, _enum, utcnow


class Thread(Base):
    """One buyer inquiry; a projection of the BuyerThread workflow's state for views and reports."""

    __tablename__ = "threads"
    __table_args__ = (
        Index(None, "seller_id", "state", "reply_due_at"),
        Index(None, "state", "updated_at"),  # retention's look for threads closed long enough ago
        Index(None, "buyer_id"),  # a buyer's threads, for an erasure
    )

    thread_id: Mapped[str] = mapped_column(ID, primary_key=True)
    order_id: Mapped[str] = mapped_column(ID)
    seller_id: Mapped[str] = mapped_column(ID)
    buyer_id: Mapped[str] = mapped_column(ID)
    market: Mapped[str] = mapped_column(String(2))
    currency: Mapped[str] = mapped_column(String(3))
    state: Mapped[ThreadState] = mapped_column(_enum(ThreadState, "state"))
    reply_due_at: Mapped[datetime | None]
    takeover_reason: Mapped[TakeoverReason | None] = mapped_column(_enum(TakeoverReason, "takeover_reason"))
    unanswered: Mapped[list[Any] | None] = mapped_column(JSONDocument)
    """The buyer messages the seller owes a reply, ``[{"message_id", "received_at"}, …]`` (R1.2, R3.2)."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    personal_data_removed_at: Mapped[datetime | None]
    """When retention or an erasure removed the texts of this thread (issue 19); none while they are kept."""
    erased_at: Mapped[datetime | None]
    """When its buyer's erasure ended it (issue 19): the id is closed for good, a message for it is refused."""


class Message(Base):
    """A buyer message or a seller reply, with its text (kept here, not in Temporal history).

    Refused seller replies are kept too (R2: nothing a seller sends is lost), with the findings.
    """

    __tablename__ = "messages"
    __table_args__ = (Index(None, "thread_id", "received_at"),)

    # Message ids are the backend's, unique within their thread (every thread may open with M-1).
    thread_id: Mapped[str] = mapped_column(ForeignKey("threads.thread_id", ondelete="CASCADE"), primary_key=True)
    message_id: Mapped[str] = mapped_column(ID, primary_key=True)
    direction: Mapped[Direction] = mapped_column(_enum(Direction, "direction"))
    body: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime]
    no_reply_needed: Mapped[bool] = mapped_column(Boolean, default=False)
    accepted: Mapped[bool | None] = mapped_column(Boolean)
    refusal: Mapped[list[dict[str, Any]] | None] = mapped_column(JSONDocument)
    """Findings of a refused reply: ``[{"rule", "kind", "text", "start", "end"}, …]``."""
    auto_reply_flag: Mapped[bool] = mapped_column(Boolean, default=False)
    response_working_hours: Mapped[float | None] = mapped_column(Float)
    """An accepted reply: working hours from the oldest message it answered (seller metrics)."""


class Violation(Base):
    """A mark on the seller's record; ``dedupe_key`` makes a retried activity record it once."""

    __tablename__ = "violations"
    __table_args__ = (Index(None, "seller_id", "occurred_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    thread_id: Mapped[str | None] = mapped_column(ForeignKey("threads.thread_id", ondelete="SET NULL"))
    seller_id: Mapped[str] = mapped_column(ID)
    kind: Mapped[ViolationKind] = mapped_column(_enum(ViolationKind, "kind"))
    rule: Mapped[str] = mapped_column(String(16))
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    occurred_at: Mapped[datetime]
    dedupe_key: Mapped[str] = mapped_column(KEY, unique=True)
    overturned_at: Mapped[datetime | None]
    """When an appeal overturned it (issue 20): kept for audit, no longer counted against the seller."""
    overturned_by: Mapped[str | None] = mapped_column(KEY)
    """The appeal that overturned it."""


class LedgerEntry(Base):
    """A cost recharged to the seller (R5.6): one row per (thread, takeover, cost kind), ever; and
    the credit an appeal gives back on one (issue 20): one row per charge, ever, never a deletion."""

    __tablename__ = "ledger_entries"
    __table_args__ = (
        UniqueConstraint("thread_id", "takeover_no", "cost_kind", "reverses"),
        Index(None, "seller_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seller_id: Mapped[str] = mapped_column(ID)
    thread_id: Mapped[str] = mapped_column(ForeignKey("threads.thread_id"))
    takeover_no: Mapped[int] = mapped_column(Integer)
    cost_kind: Mapped[CostKind] = mapped_column(_enum(CostKind, "cost_kind"))
    amount: Mapped[Decimal]
    """Positive for a charge; negative for a credit."""
    currency: Mapped[str] = mapped_column(String(3))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    reverses: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    """0 for a charge; for a credit, the ``id`` of the charge it gives back (in part or whole)."""
    appeal_id: Mapped[str | None] = mapped_column(KEY)
    """A credit: the appeal that decided it."""


class Absence(Base):
    """An announced seller absence (R4); days are inclusive dates in the seller's home market."""

    __tablename__ = "absences"
    __table_args__ = (CheckConstraint("last_day >= first_day", name="days_ordered"),)

    seller_id: Mapped[str] = mapped_column(ID, primary_key=True)
    first_day: Mapped[date] = mapped_column(Date, primary_key=True)
    last_day: Mapped[date] = mapped_column(Date)
    announced_at: Mapped[datetime]
    working_days: Mapped[int] = mapped_column(Integer)
    late_notice: Mapped[bool] = mapped_column(Boolean)
    cancelled_at: Mapped[datetime | None]
    market: Mapped[str | None] = mapped_column(String(2))
    starts_at: Mapped[datetime | None]
    """Local midnight starting ``first_day`` in ``market``; with ``ends_at``, what R4.4 compares a deadline with."""
    ends_at: Mapped[datetime | None]


class ReplyFingerprint(Base):
    """Normalised text of a seller reply, for R2.2's same-text-to-many-threads check."""

    __tablename__ = "reply_fingerprints"
    __table_args__ = (
        Index(None, "seller_id", "sent_at"),
        ForeignKeyConstraint(
            ["thread_id", "message_id"], ["messages.thread_id", "messages.message_id"], ondelete="CASCADE"
        ),
    )

    thread_id: Mapped[str] = mapped_column(ForeignKey("threads.thread_id", ondelete="CASCADE"), primary_key=True)
    message_id: Mapped[str] = mapped_column(ID, primary_key=True)
    seller_id: Mapped[str] = mapped_column(ID)
    fingerprint: Mapped[str] = mapped_column(Text)
    """Normalised reply text or a hash of it, as the screening decides; compared per seller."""
    sent_at: Mapped[datetime]


class EventRecord(Base):
    """One event a person must learn (events/schema.py), written in the transaction of its fact.

    ``position`` orders the whole log and is the feed's cursor: event writers serialise from
    their insert to their commit (``store.events.append``), so positions become visible in
    order and a reader never skips one committed later. ``sequence`` numbers a stream (a thread,
    or a seller's absences) from 1 without gaps. ``document`` is the rendered envelope, exactly
    what a webhook sends and the feed returns (plus the cursor).
    """

    __tablename__ = "events"
    __table_args__ = (
        UniqueConstraint("stream", "sequence"),
        Index(None, "recipient_kind", "recipient_id", "position"),
        Index(None, "thread_id", "position"),
        {"sqlite_autoincrement": True},  # a position is never reused, even after the newest rows go
    )

    position: Mapped[int] = mapped_column(POSITION, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(64), unique=True)
    type: Mapped[str] = mapped_column(String(64))
    stream: Mapped[str] = mapped_column(String(160))
    sequence: Mapped[int] = mapped_column(Integer)
    thread_id: Mapped[str | None] = mapped_column(ID)
    seller_id: Mapped[str | None] = mapped_column(ID)
    recipient_kind: Mapped[Recipient] = mapped_column(_enum(Recipient, "recipient_kind"))
    recipient_id: Mapped[str | None] = mapped_column(ID)
    occurred_at: Mapped[datetime]
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    document: Mapped[dict[str, Any]] = mapped_column(JSONDocument)


class DeliveryState(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    DEAD = "dead"


class WebhookEndpoint(Base):
    """A configured webhook endpoint as the relay knows it: how far its deliveries are planned."""

    __tablename__ = "webhook_endpoints"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    url: Mapped[str] = mapped_column(String(2000))
    planned_to: Mapped[int] = mapped_column(POSITION)
    """Every event up to this position has its delivery row (or is not for this endpoint)."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class WebhookDelivery(Base):
    """One event to one endpoint: attempts, the next one, and how it ended (delivered or dead)."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        UniqueConstraint("endpoint", "position"),
        Index(None, "endpoint", "state", "stream", "position"),
        Index(None, "state", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(POSITION, primary_key=True, autoincrement=True)
    endpoint: Mapped[str] = mapped_column(ForeignKey("webhook_endpoints.name", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(ForeignKey("events.position", ondelete="CASCADE"))
    stream: Mapped[str] = mapped_column(String(160))
    state: Mapped[DeliveryState] = mapped_column(_enum(DeliveryState, "state"), default=DeliveryState.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime]
    retry_from: Mapped[datetime | None]
    """When the current series of attempts began (its first failure, or ops' redelivery): the retry horizon counts from here."""
    last_attempt_at: Mapped[datetime | None]
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(String(500))
    delivered_at: Mapped[datetime | None]
    dead_at: Mapped[datetime | None]


class Lease(Base):
    """A named lease one process holds until ``expires_at`` (the webhook relay: one sender at a time)."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(String(128))
    expires_at: Mapped[datetime]


class OpsCase(Base):
    """The ops case a takeover opens (R5.3); one per (thread, takeover number)."""

    __tablename__ = "ops_cases"

    thread_id: Mapped[str] = mapped_column(ForeignKey("threads.thread_id"), primary_key=True)
    takeover_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    reason: Mapped[TakeoverReason] = mapped_column(_enum(TakeoverReason, "reason"))
    opened_at: Mapped[datetime]
    outcome: Mapped[OpsOutcome | None] = mapped_column(_enum(OpsOutcome, "outcome"))
    decided_by: Mapped[str | None] = mapped_column(ID)
    decided_at: Mapped[datetime | None]
    note: Mapped[str | None] = mapped_column(Text)
    """Why ops decided as they did (or the rule that decided, R5.4)."""


class ReturnLabel(Base):
    """A prepaid return label the carrier adapter issued (R5.5), keyed by our request key.

    ``request_key`` makes a retried label request return the first label instead of buying a
    second one; a real carrier gets the same key as its idempotency key.
    """

    __tablename__ = "return_labels"

    label_id: Mapped[str] = mapped_column(ID, primary_key=True)
    request_key: Mapped[str] = mapped_column(KEY, unique=True)
    thread_id: Mapped[str] = mapped_column(ForeignKey("threads.thread_id", ondelete="CASCADE"))
    takeover_no: Mapped[int] = mapped_column(Integer)
    carrier: Mapped[str] = mapped_column(String(32))
    tracking_number: Mapped[str] = mapped_column(ID)
    ship_to: Mapped[str] = mapped_column(String(16))
    issued_at: Mapped[datetime]
    voided_at: Mapped[datetime | None]


class Refund(Base):
    """A refund the payments adapter made to the buyer (R5.5), once per request key."""

    __tablename__ = "refunds"

    refund_id: Mapped[str] = mapped_column(ID, primary_key=True)
    request_key: Mapped[str] = mapped_column(KEY, unique=True)
    thread_id: Mapped[str] = mapped_column(ForeignKey("threads.thread_id", ondelete="CASCADE"))
    takeover_no: Mapped[int] = mapped_column(Integer)
    order_id: Mapped[str] = mapped_column(ID)
    provider: Mapped[str] = mapped_column(String(32))
    amount: Mapped[Decimal]
    currency: Mapped[str] = mapped_column(String(3))
    refunded_at: Mapped[datetime]


class SellerFlag(Base):
    """R5.4: a severe violation flags the seller's record; once per (seller, thread, reason)."""

    __tablename__ = "seller_flags"

    seller_id: Mapped[str] = mapped_column(ID, primary_key=True)
    thread_id: Mapped[str] = mapped_column(ForeignKey("threads.thread_id", ondelete="CASCADE"), primary_key=True)
    reason: Mapped[TakeoverReason] = mapped_column(_enum(TakeoverReason, "reason"), primary_key=True)
    flagged_at: Mapped[datetime]
    lifted_at: Mapped[datetime | None]
    """When an appeal lifted it (issue 20): kept for audit, no longer on the seller's record."""
    lifted_by: Mapped[str | None] = mapped_column(KEY)


class InboundMessage(Base):
    """A buyer message the HTTP API accepted, kept before it is handed to Temporal (issue 7).

    Written first, so a message is never lost when Temporal is down: the API answers 503 and
    the redelivery loop (or the next request) hands it over; the thread ignores a second copy by
    its ``message_id``, so none is applied twice.
    """

    __tablename__ = "inbound_messages"
    __table_args__ = (Index(None, "handed_over_at", "accepted_at"),)

    thread_id: Mapped[str] = mapped_column(ID, primary_key=True)
    message_id: Mapped[str] = mapped_column(ID, primary_key=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSONDocument)
    """``{"thread": ThreadOpen, "message": BuyerMessage}`` as JSON."""
    accepted_at: Mapped[datetime] = mapped_column(default=utcnow)
    handed_over_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
