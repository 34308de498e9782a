"""What workflows hand to the record-keeping activities: snapshots and events of a thread.

Each carries everything the activity needs to write idempotently (natural keys: message ids,
violation dedupe keys, event keys), so a retried or replayed activity writes nothing twice, and
everything the events it writes must say (events/schema.py). Fields added since a workflow could
have scheduled the activity have defaults, so an activity retried from an older history still
decodes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict

from contract.facts import StatementFacts
from contract.threads import BuyerMessage, SellerReply, ThreadOpen, UnansweredMessage, ViolationRecord
from rules.deadlines import DeadlineRequest
from rules.findings import Finding
from rules.kinds import Recipient, TakeoverReason, ThreadState
from rules.screening import violations_of


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ThreadSnapshot(_Model):
    """The thread row of the store's read model, as the workflow sees the thread now."""

    thread: ThreadOpen
    market: str
    currency: str
    state: ThreadState
    reply_due_at: AwareDatetime | None = None
    takeover_reason: TakeoverReason | None = None
    unanswered: tuple[UnansweredMessage, ...] = ()
    working_hours_left: float | None = None  # to reply_due_at, counted from the record's instant


class ViolationEntry(_Model):
    thread_id: str
    seller_id: str
    violation: ViolationRecord
    dedupe_key: str


class ThreadChange(_Model):
    """A change of the thread's state, with the violations it brings (R1.4 breach, R5.4 severe)."""

    snapshot: ThreadSnapshot
    violations: tuple[ViolationEntry, ...] = ()
    at: AwareDatetime | None = None  # when it changed (workflow time)
    last_message_at: AwareDatetime | None = None


class BuyerMessageRecord(_Model):
    snapshot: ThreadSnapshot
    message: BuyerMessage
    at: AwareDatetime | None = None  # when the thread applied it (workflow time)


class BuyerMessageTake(_Model):
    """``record_buyer_message`` and the deadline the message starts, in one local activity.

    The activity computes ``deadline`` and completes the snapshot from it (market, currency, the
    due instant and the working hours left at ``record.at``) before it records, and returns the
    schedule for the thread to run on."""

    record: BuyerMessageRecord
    deadline: DeadlineRequest


class ReplyRecord(_Model):
    """A screened seller reply: delivered to the buyer (outbox) when accepted, kept either way."""

    snapshot: ThreadSnapshot
    reply: SellerReply
    sent_at: AwareDatetime
    accepted: bool
    findings: tuple[Finding, ...] = ()
    violations: tuple[ViolationEntry, ...] = ()
    response_working_hours: float | None = None  # accepted: from the oldest message it answered
    answered: tuple[str, ...] = ()  # accepted: the buyer messages it answered (R1.2)


class Notice(_Model):
    """One event for a person (R3.1), once per ``key``: ``kind`` is its type (events/schema.py)
    and ``payload`` that type's data; a kind from before events existed is kept as ``legacy.notice``."""

    thread_id: str | None
    recipient: Recipient
    kind: str
    key: str
    payload: dict[str, Any] = {}
    at: AwareDatetime | None = None  # when it happened (workflow time)


class ScreenRequest(_Model):
    thread_id: str
    seller_id: str
    market: str
    languages: tuple[str, ...]
    reply: SellerReply
    sent_at: AwareDatetime


class ReplyTake(_Model):
    """``screen_reply`` and ``record_reply`` in one local activity (threads of version 2), for a
    reply whose two possible records the thread can write in advance: ``accepted`` when screening
    finds nothing; else ``refused``, completed with the findings and the violations they make
    (``reply_violations``)."""

    screen: ScreenRequest
    accepted: ReplyRecord
    refused: ReplyRecord


def reply_violations(
    thread: ThreadOpen, reply_id: str, findings: tuple[Finding, ...], at: datetime
) -> tuple[ViolationEntry, ...]:
    """The violations a refused reply records (R2), each kind once, keyed by thread, reply and kind
    so a retried record writes each once (the backend's reply ids are unique only within a thread,
    issue 15). The thread and the activity that records both use this."""
    return tuple(
        ViolationEntry(
            thread_id=thread.thread_id,
            seller_id=thread.seller_id,
            violation=ViolationRecord(
                kind=kind,
                rule=rule,
                at=at,
                facts=StatementFacts.of_finding(next(f for f in findings if f.kind == kind), reply_id),
            ),
            dedupe_key=f"{thread.thread_id}:{reply_id}:{kind}",
        )
        for kind, rule in violations_of(findings)
    )
