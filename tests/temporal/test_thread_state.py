"""The thread's state, carried whole over continue-as-new: ``ThreadMemory.from_carry`` and
``to_carry`` are each other's inverse on a carry with every field set, so a field added to the
state and forgotten in the carry (or the other way round) fails here, not in a thread that lost
it after its history grew long."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from contract.threads import ReplyVerdict, ThreadCarry, ThreadOpen, UnansweredMessage, ViolationRecord
from rules.deadlines import DeadlineRequest, deadline_schedule
from rules.findings import Finding
from rules.kinds import CaseStage, OpsOutcome, TakeoverReason, ThreadState, ViolationKind
from rules.markets import DEFAULT_MARKETS
from workflows.thread_state import ThreadMemory

T0 = datetime(2026, 12, 21, 9, 0, tzinfo=UTC)
THREAD = ThreadOpen(
    thread_id="T-1", order_id="O-1", seller_id="S-1", buyer_id="B-1", market="FR", order_total=Decimal("199.00")
)


def a_carry_with_every_field_set() -> ThreadCarry:
    market = DEFAULT_MARKETS["FR"]
    refused = ReplyVerdict(
        message_id="R-2", accepted=False, findings=(Finding(rule="R2.1", kind="off_platform_contact"),)
    )
    carry = ThreadCarry(
        market=market.profile(),
        state=ThreadState.TAKEN_OVER,
        unanswered=(UnansweredMessage(message_id="M-3", received_at=T0 + timedelta(days=2)),),
        schedule=deadline_schedule(market, DeadlineRequest(market="FR", received_at=T0 + timedelta(days=2))),
        reminders_sent=("half_time", "hours_left"),
        seen_message_ids=("M-1", "M-2", "M-3"),
        reply_verdicts={"R-1": ReplyVerdict(message_id="R-1", accepted=True, answered=("M-1",)), "R-2": refused},
        violations=(ViolationRecord(kind=ViolationKind.REPLY_DEADLINE_MISSED, rule="R1.4", at=T0 + timedelta(days=3)),),
        takeover_reason=TakeoverReason.REPLY_DEADLINE_MISSED,
        escalation_ids=("E-1",),
        messages_received=3,
        replies_accepted=1,
        replies_refused=1,
        last_message_at=T0 + timedelta(days=2),
        contact_attempts=1,
        case_stage=CaseStage.AWAITING_DECISION,
        case_outcome=OpsOutcome.REFUND,
        last_reply_at=T0 + timedelta(hours=1),
        takeovers=2,
        closed_at=T0 + timedelta(days=40),
        order_total=Decimal("149.00"),
        order_currency="EUR",
    )
    unset = [name for name, info in ThreadCarry.model_fields.items() if getattr(carry, name) == info.default]
    assert not unset, f"give these a value other than their default: {unset}"
    return carry


def test_the_state_carries_every_field_over_continue_as_new() -> None:
    carry = a_carry_with_every_field_set()
    assert ThreadMemory.from_carry(carry, THREAD).to_carry() == carry


def test_a_fresh_thread_starts_awaiting_the_buyer_with_the_orders_total() -> None:
    memory = ThreadMemory.fresh(THREAD, T0)
    assert (memory.state, memory.market, memory.received, memory.order_total, memory.last_message_at) == (
        ThreadState.AWAITING_BUYER,
        None,
        0,
        Decimal("199.00"),
        T0,
    )
