"""A buyer thread's state, in one dataclass: what ``BuyerThread`` holds between events and carries
whole over continue-as-new (``ThreadCarry`` on the wire, ``contract/threads.py``).

Kept apart from the workflow so that the carry is written in one place: ``from_carry`` and
``to_carry`` are each other's inverse, and a field added here is carried or the test of the pair
fails.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from contract.threads import ReplyVerdict, ThreadCarry, ThreadOpen, UnansweredMessage, ViolationRecord
    from rules.deadlines import DeadlineSchedule
    from rules.kinds import CaseStage, OpsOutcome, TakeoverReason, ThreadState
    from rules.markets import MarketProfile


@dataclass
class Arrival:
    """Something a handler queued for the thread's loop; an update waits for ``done``.

    Here, not in the workflow's module: this module passes through the sandbox, and a dataclass
    defined in the workflow's module is built again (its methods compiled) for every run."""

    payload: Any  # BuyerMessage | SellerReply | Escalation | MarketChange | CaseProgress
    at: datetime  # when the thread received it (the handler's workflow time), not when the loop applies it
    done: bool = False
    result: Any = None
    error: Exception | None = None


@dataclass
class Clock:
    """R1: the unanswered buyer messages, oldest first, and the schedule of the oldest."""

    unanswered: list[UnansweredMessage] = field(default_factory=list)
    schedule: DeadlineSchedule | None = None
    reminders_sent: set[str] = field(default_factory=set)


@dataclass
class ThreadMemory:
    """Everything a thread knows about itself that outlives one run of its workflow."""

    last_message_at: datetime
    market: MarketProfile | None = None  # None until the thread's first task asked for it
    state: ThreadState = ThreadState.AWAITING_BUYER
    clock: Clock = field(default_factory=Clock)
    seen: set[str] = field(default_factory=set)  # buyer message ids taken in
    verdicts: dict[str, ReplyVerdict] = field(default_factory=dict)  # by reply id
    violations: list[ViolationRecord] = field(default_factory=list)
    takeover_reason: TakeoverReason | None = None
    escalations: set[str] = field(default_factory=set)
    received: int = 0
    accepted: int = 0
    refused: int = 0
    contact_attempts: int = 0  # R2.1: refused off-platform contact attempts so far
    case_stage: CaseStage | None = None
    case_outcome: OpsOutcome | None = None
    last_reply_at: datetime | None = None  # R1.2: when the last accepted reply reached the helpdesk
    takeovers: int = 0
    closed_at: datetime | None = None
    order_total: Decimal | None = None
    order_currency: str | None = None  # None: the market's currency at the start

    @classmethod
    def fresh(cls, thread: ThreadOpen, now: datetime) -> ThreadMemory:
        return cls(last_message_at=now, order_total=thread.order_total)

    @classmethod
    def from_carry(cls, carry: ThreadCarry, thread: ThreadOpen) -> ThreadMemory:
        return cls(
            market=carry.market,
            state=carry.state,
            clock=Clock(list(carry.unanswered), carry.schedule, set(carry.reminders_sent)),
            seen=set(carry.seen_message_ids),
            verdicts=dict(carry.reply_verdicts),
            violations=list(carry.violations),
            takeover_reason=carry.takeover_reason,
            escalations=set(carry.escalation_ids),
            received=carry.messages_received,
            accepted=carry.replies_accepted,
            refused=carry.replies_refused,
            last_message_at=carry.last_message_at,
            contact_attempts=carry.contact_attempts,
            case_stage=carry.case_stage,
            case_outcome=carry.case_outcome,
            last_reply_at=carry.last_reply_at,
            # Before issue 15 a thread was taken over at most once and did not count it.
            takeovers=carry.takeovers or (1 if carry.takeover_reason is not None else 0),
            closed_at=carry.closed_at,
            order_total=carry.order_total if carry.order_currency else thread.order_total,
            order_currency=carry.order_currency,
        )

    def to_carry(self) -> ThreadCarry:
        assert self.market is not None
        return ThreadCarry(
            market=self.market,
            state=self.state,
            unanswered=tuple(self.clock.unanswered),
            schedule=self.clock.schedule,
            reminders_sent=tuple(sorted(self.clock.reminders_sent)),
            seen_message_ids=tuple(sorted(self.seen)),
            reply_verdicts=self.verdicts,
            violations=tuple(self.violations),
            takeover_reason=self.takeover_reason,
            escalation_ids=tuple(sorted(self.escalations)),
            messages_received=self.received,
            replies_accepted=self.accepted,
            replies_refused=self.refused,
            last_message_at=self.last_message_at,
            contact_attempts=self.contact_attempts,
            case_stage=self.case_stage,
            case_outcome=self.case_outcome,
            last_reply_at=self.last_reply_at,
            takeovers=self.takeovers,
            closed_at=self.closed_at,
            order_total=self.order_total,
            order_currency=self.order_currency,
        )
