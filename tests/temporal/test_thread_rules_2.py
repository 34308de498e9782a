"""Issue 15 on the time-skipping server, with the rule's own instants: R1.4 at the boundary, the
R1.2 backfill, escalations that are never dropped, a thread that closes and reopens, a second
takeover numbered 2, and a far-future ``received_at`` sent raw."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from contract.threads import BuyerMessage, ThreadLimits
from helpdesk_testing import ThreadHarness, ThreadProbe
from rules.kinds import CaseStage, OpsOutcome, RaisedBy, TakeoverReason, ThreadState
from store import repository
from store.db import transaction

SECOND, MINUTE = timedelta(seconds=1), timedelta(minutes=1)
GRACE = timedelta(seconds=ThreadLimits().reply_grace_s)


async def _friday_thread(h: ThreadHarness, **options: object) -> tuple[ThreadProbe, object]:
    """Opened Friday 15:00 in FR: due Monday 15:00 (R1.1)."""
    monday = await h.ordinary_monday("FR")
    received = h.local("FR", monday - timedelta(days=3), "15:00")
    await h.advance_to(received)
    thread = await h.open_thread(market="FR", received_at=received, **options)
    await thread.settled(lambda s: s.due_at is not None)
    return thread, h.local("FR", monday, "15:00")


# -- R1.4 at the boundary ---------------------------------------------------------------------------


async def test_r14_a_reply_that_reached_the_helpdesk_before_the_due_instant_is_on_time_however_late_the_thread_sees_it(
    thread_harness: ThreadHarness,
):
    h = thread_harness
    thread, due = await _friday_thread(h)
    await h.advance_to(due + GRACE - 10 * SECOND)  # the thread sees it after the due instant, within the grace
    verdict = await thread.reply(sent_at=due - SECOND)
    assert verdict.accepted and verdict.answered == (f"{thread.thread_id}-m1",)
    await h.advance_to(due + 5 * MINUTE)
    status = await thread.settled()
    assert status.state == ThreadState.AWAITING_BUYER and status.violations == () and status.takeover_reason is None


async def test_r14_a_reply_that_reached_the_helpdesk_after_the_due_instant_takes_the_thread_over_at_once(
    thread_harness: ThreadHarness,
):
    h = thread_harness
    thread, due = await _friday_thread(h)
    await h.advance_to(due + 10 * SECOND)  # before the thread would act on its own (due + grace)
    verdict = await thread.reply()  # stamped now: after the due instant
    assert not verdict.accepted and [(f.rule, f.kind) for f in verdict.findings] == [("R5.3", "thread_taken_over")]
    status = await thread.settled(lambda s: s.state == ThreadState.TAKEN_OVER)
    # R1.4: the breach is the due instant's, whichever the thread saw first.
    assert status.takeover_reason == TakeoverReason.REPLY_DEADLINE_MISSED
    assert [(v.kind, v.rule, v.at) for v in status.violations] == [("reply_deadline_missed", "R1.4", due)]
    # Kept for audit, refused, never delivered (R2); the seller is told.
    [kept] = [m for m in thread.messages() if m.direction == "seller"]
    assert kept.accepted is False and kept.refusal[0]["kind"] == "thread_taken_over"
    assert ("buyer", "reply.delivered") not in thread.outbox() and ("seller", "reply.refused") in thread.outbox()


async def test_r14_a_reply_stamped_in_time_that_reaches_the_thread_after_the_grace_finds_it_taken_over(
    thread_harness: ThreadHarness,
):
    h = thread_harness
    thread, due = await _friday_thread(h)
    await h.advance_to(due + GRACE + SECOND)
    await thread.settled(lambda s: s.state == ThreadState.TAKEN_OVER)
    verdict = await thread.reply(sent_at=due - SECOND)
    assert [(f.rule, f.kind) for f in verdict.findings] == [("R5.3", "thread_taken_over")]


# -- R1.2 backfill ----------------------------------------------------------------------------------


async def test_r12_a_message_received_before_the_last_reply_but_delivered_after_it_starts_no_clock(
    thread_harness: ThreadHarness,
):
    h = thread_harness
    thread, due = await _friday_thread(h)
    monday_10 = due - timedelta(hours=5)
    await h.advance_to(monday_10)
    assert (await thread.reply()).accepted
    # A late backend delivers a message the buyer sent on Monday at 09:00, before the reply.
    await h.advance_to(monday_10 + 10 * MINUTE)
    await thread.message(received_at=monday_10 - MINUTE * 60, text="Et le chargeur ?", message_id="M-late")
    status = await thread.settled(lambda s: s.messages_received == 2)
    assert status.state == ThreadState.AWAITING_BUYER and status.unanswered == () and status.due_at is None
    [event] = [e for e in thread.events("buyer_message.received") if e["data"]["message_id"] == "M-late"]
    assert event["data"]["reply_due_at"] is None
    await h.advance_to(due + timedelta(days=2))
    assert (await thread.settled()).state == ThreadState.AWAITING_BUYER  # no takeover, ever


# -- escalations are never dropped (R5.2, R5.4) -------------------------------------------------------


async def test_a_severe_escalation_on_a_thread_taken_over_for_its_deadline_makes_the_case_severe(
    thread_harness: ThreadHarness,
):
    h = thread_harness
    thread, due = await _friday_thread(h, order_total=Decimal("300.00"))
    await h.advance_to(due + GRACE)
    await thread.case(lambda c: c.next_reminder_at is not None)
    await thread.escalate(TakeoverReason.COUNTERFEIT, RaisedBy.OPS, escalation_id="E-fake")
    case = await thread.case(lambda c: c.severe and c.decision is not None)
    assert (case.reason, case.decision.outcome, case.decision.by_rule) == (
        "reply_deadline_missed",
        "return_and_refund",
        "R5.4",
    )
    assert case.escalations == ("counterfeit by ops who-1",)
    status = await thread.settled(lambda s: len(s.violations) == 2)
    assert [(v.kind, v.rule) for v in status.violations] == [
        ("reply_deadline_missed", "R1.4"),
        ("severe_violation", "R5.4"),
    ]
    with transaction(h.sessions) as session:
        assert [f.reason for f in repository.seller_flags(session, thread.thread.seller_id)] == ["counterfeit"]
    [told] = await thread.wait_for_event("case.escalated")
    assert (told["recipient"]["kind"], told["data"]["reason"], told["data"]["severe"]) == ("ops", "counterfeit", True)
    # Ops close it without a return: the severe fee is charged all the same (R5.6).
    await thread.decide(OpsOutcome.REJECT_CLAIM, note="the buyer withdrew the claim")
    await thread.case(lambda c: c.stage == CaseStage.CLOSED)
    assert sorted(kind for kind, _, _ in thread.ledger()) == ["handling_fee", "severe_violation_fee"]


async def test_an_escalated_terms_violation_records_its_violation(thread_harness: ThreadHarness):
    h = thread_harness
    thread, _ = await _friday_thread(h)
    await thread.escalate(TakeoverReason.TERMS_VIOLATION, RaisedBy.BACKEND, escalation_id="E-terms")
    status = await thread.settled(lambda s: s.state == ThreadState.TAKEN_OVER)
    assert [(v.kind, v.rule) for v in status.violations] == [("terms_violation", "R5.2")]
    assert thread.violations() == [("terms_violation", "R5.2")]


# -- a thread that closes and reopens -----------------------------------------------------------------


async def test_a_thread_with_an_open_case_does_not_close(thread_harness: ThreadHarness):
    h = thread_harness
    thread, due = await _friday_thread(h)
    await thread.escalate(TakeoverReason.QUALITY_DISPUTE, RaisedBy.BUYER, escalation_id="E-q")
    await thread.case(lambda c: c.next_reminder_at is not None)
    await h.advance_to(due + timedelta(days=31))
    status = await thread.settled()
    assert status.state == ThreadState.TAKEN_OVER and status.case_stage == CaseStage.AWAITING_DECISION


async def test_a_reopened_thread_keeps_its_history_and_a_second_takeover_is_number_2(thread_harness: ThreadHarness):
    h = thread_harness
    thread, due = await _friday_thread(h)
    await thread.escalate(TakeoverReason.QUALITY_DISPUTE, RaisedBy.BUYER, escalation_id="E-1")
    await thread.case(lambda c: c.next_reminder_at is not None)
    await thread.decide(OpsOutcome.REJECT_CLAIM, note="as described")
    first = await thread.case(lambda c: c.stage == CaseStage.CLOSED)
    assert first.takeover_no == 1
    await thread.settled(lambda s: s.case_stage == CaseStage.CLOSED)
    # 30 days without a message: closed. A month later the buyer writes again: reopened, remembered.
    await h.advance_to(due + timedelta(days=31))
    assert (await thread.settled(lambda s: s.state == ThreadState.CLOSED)).state == ThreadState.CLOSED
    await h.advance_to(due + timedelta(days=60))
    await thread.message(received_at=await h.now(), text="Il ne marche plus du tout.", message_id="M-after")
    reopened = await thread.settled(lambda s: s.messages_received == 2)
    # Its case had closed: the new message is the seller's to answer again, on a new clock; what
    # happened before is remembered.
    assert reopened.state == ThreadState.AWAITING_SELLER and reopened.due_at is not None
    assert reopened.takeover_no == 1 and reopened.takeover_reason == TakeoverReason.QUALITY_DISPUTE
    assert reopened.replies_accepted == 0 and reopened.messages_received == 2
    await thread.escalate(TakeoverReason.NOT_AS_DESCRIBED, RaisedBy.BUYER, escalation_id="E-2")
    second = await thread.case(lambda c: c.takeover_no == 2 and c.next_reminder_at is not None)
    assert second.reason == TakeoverReason.NOT_AS_DESCRIBED
    await thread.decide(OpsOutcome.REJECT_CLAIM, note="as described again")
    await thread.case(lambda c: c.takeover_no == 2 and c.stage == CaseStage.CLOSED)
    with transaction(h.sessions) as session:
        assert [case.reason for case in (repository.ops_case(session, thread.thread_id, n) for n in (1, 2))] == [
            "quality_dispute",
            "not_as_described",
        ]
    # R5.6: a handling fee per takeover, each its own ledger row.
    with transaction(h.sessions) as session:
        assert [(e.takeover_no, e.cost_kind) for e in repository.ledger_for_thread(session, thread.thread_id)] == [
            (1, "handling_fee"),
            (2, "handling_fee"),
        ]
    assert [e["data"]["takeover_no"] for e in thread.events("case.opened")] == [1, 2]


# -- a received_at far in the future, sent raw ----------------------------------------------------------


async def test_a_raw_buyer_message_far_ahead_of_the_clock_starts_no_clock(thread_harness: ThreadHarness):
    h = thread_harness
    thread, _ = await _friday_thread(h)
    future = BuyerMessage(message_id="M-2031", received_at=await h.now() + timedelta(days=5 * 365), text="?")
    await h.client.handle(thread.thread_id).signal("buyer_message", future)  # past the client's check
    status = await thread.settled()
    assert status.messages_received == 1 and [m.message_id for m in status.unanswered] == [f"{thread.thread_id}-m1"]
