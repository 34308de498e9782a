"""The takeover case to its end (R5.3-R5.6), on the time-skipping server: decision, return,
inspection, refund and recharge, with the ledger rows of R5.6's tariff."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from decimal import Decimal

import gated_carrier
import pytest

from contract.cases import InspectionReport, ItemDispatched, OpsDecision, ParcelReceived
from contract.threads import thread_workflow_id
from helpdesk_testing import ThreadHarness, ThreadProbe
from helpdesk_testing.environment import timing_settings, timing_worker
from rules.kinds import (
    CaseStage,
    InspectionResult,
    OpsOutcome,
    RaisedBy,
    ReturnOutcome,
    TakeoverReason,
    ThreadState,
)
from starter.client.cases import CaseRefused
from store import repository
from store.db import transaction

MINUTE = timedelta(minutes=1)


async def _breached(h: ThreadHarness, market: str, order_total: Decimal) -> ThreadProbe:
    """A thread opened Friday 15:00 and left unanswered: taken over Monday 15:00 (R1.4)."""
    monday = await h.ordinary_monday(market)
    friday = monday - timedelta(days=3)
    await h.advance_to(h.local(market, friday, "15:00"))
    thread = await h.open_thread(market=market, received_at=h.local(market, friday, "15:00"), order_total=order_total)
    await h.advance_to(h.local(market, monday, "15:00") + MINUTE)
    await thread.settled(lambda s: s.state == ThreadState.TAKEN_OVER)
    return thread


async def _replays(h: ThreadHarness, thread_id: str) -> None:
    """Every workflow of the case replays from its history without a nondeterminism error."""
    from history_keys import test_data_converter
    from temporalio.worker import Replayer

    from worker import workflow_runner
    from workflows import ALL_WORKFLOWS

    replayer = Replayer(
        workflows=ALL_WORKFLOWS, data_converter=test_data_converter(), workflow_runner=workflow_runner()
    )
    for workflow_id in (
        f"thread-{thread_id}",
        f"takeover-{thread_id}",
        f"return-{thread_id}",
        f"recharge-{thread_id}-1",
    ):
        await replayer.replay_workflow(await h.client.temporal.get_workflow_handle(workflow_id).fetch_history())


async def _label(thread: ThreadProbe):
    status = await thread.return_status(lambda s: s.label is not None)
    assert status.label is not None and status.lapses_at is not None
    return status


@pytest.mark.parametrize(
    ("market", "currency", "order_total", "handling", "label"),
    [
        ("FR", "EUR", Decimal("219.00"), Decimal("15.00"), Decimal("8.00")),
        ("GB", "GBP", Decimal("189.50"), Decimal("15.00"), Decimal("8.00")),
        ("SE", "SEK", Decimal("2490.00"), Decimal("150.00"), Decimal("80.00")),
    ],
)
async def test_breach_to_refund_and_recharge(
    thread_harness: ThreadHarness, market, currency, order_total, handling, label
):
    h = thread_harness
    thread = await _breached(h, market, order_total)
    case = await thread.case()
    assert case.reason == TakeoverReason.REPLY_DEADLINE_MISSED and case.stage == CaseStage.AWAITING_DECISION

    decided = await thread.decide(OpsOutcome.RETURN_AND_REFUND)
    assert decided.outcome == OpsOutcome.RETURN_AND_REFUND and decided.refund_amount == order_total
    returned = await _label(thread)
    assert returned.stage == CaseStage.AWAITING_PARCEL
    assert returned.lapses_at == returned.label.issued_at + timedelta(days=14)

    now = await h.now()
    await h.client.cases.parcel_received(thread.thread_id, ParcelReceived(event_id="P-1", received_at=now))
    await thread.return_status(lambda s: s.stage == CaseStage.AWAITING_INSPECTION)
    await h.client.cases.inspected(
        thread.thread_id, InspectionReport(event_id="I-1", result=InspectionResult.FAULT_CONFIRMED, inspected_at=now)
    )
    case = await thread.case(lambda c: c.stage == CaseStage.CLOSED)
    assert case.returned is not None and case.returned.outcome == ReturnOutcome.REFUNDED
    assert case.refund is not None and (case.refund.amount, case.refund.currency) == (order_total, currency)
    # R5.6: handling fee, the return label, and the refund (the inspection found the seller at fault).
    assert sorted(thread.ledger()) == sorted(
        [
            ("handling_fee", handling, currency),
            ("return_label", label, currency),
            ("refund", order_total, currency),
        ]
    )
    assert [(c.kind, c.amount, c.created) for c in case.charges] == [
        ("handling_fee", handling, True),
        ("return_label", label, True),
        ("refund", order_total, True),
    ]
    with transaction(h.sessions) as session:
        refunds = repository.refunds_for_thread(session, thread.thread_id)
        labels = repository.labels_for_thread(session, thread.thread_id)
        decision = repository.ops_case(session, thread.thread_id, 1)
    assert [(r.refund_id, r.amount) for r in refunds] == [(case.refund.refund_id, order_total)]
    assert [(label.label_id, label.ship_to, label.voided_at) for label in labels] == [
        (returned.label.label_id, "platform", None)
    ]
    assert (decision.outcome, decision.decided_by, decision.note) == (
        "return_and_refund",
        "ops-ann",
        "checked the photos",
    )
    # The thread shows where its case stands.
    status = await thread.settled(lambda s: s.case_stage == CaseStage.CLOSED)
    assert status.case_outcome == OpsOutcome.RETURN_AND_REFUND
    outbox = thread.outbox()
    assert (
        ("buyer", "return.label_issued") in outbox
        and ("buyer", "refund.issued") in outbox
        and ("seller", "recharge.completed") in outbox
    )
    await _replays(h, thread.thread_id)


async def test_the_return_lapses_at_day_14_not_at_13_days_23_59(thread_harness: ThreadHarness):
    h = thread_harness
    thread = await _breached(h, "FR", Decimal("99.00"))
    await thread.decide(OpsOutcome.RETURN_AND_REFUND)
    issued = (await _label(thread)).label.issued_at
    await h.advance_to(issued + timedelta(days=14) - MINUTE)
    still = await thread.return_status(lambda s: True)
    assert still.stage == CaseStage.AWAITING_PARCEL and still.outcome is None
    await h.advance_to(issued + timedelta(days=14))
    lapsed = await thread.return_status(lambda s: s.outcome is not None)
    assert lapsed.outcome == ReturnOutcome.LAPSED
    case = await thread.case(lambda c: c.stage == CaseStage.CLOSED)
    assert case.refund is None
    # The label was issued, so it is charged; no refund was made, so none is charged (R5.6).
    assert sorted(thread.ledger()) == [
        ("handling_fee", Decimal("15.00"), "EUR"),
        ("return_label", Decimal("8.00"), "EUR"),
    ]
    with pytest.raises(CaseRefused, match=r"return_lapsed \(R5\.5\)") as refused:
        await h.client.cases.parcel_received(
            thread.thread_id, ParcelReceived(event_id="P-late", received_at=await h.now())
        )
    assert refused.value.kind == "return_lapsed"


async def test_an_undecided_case_reminds_ops_after_one_working_day_and_each_working_day(thread_harness: ThreadHarness):
    h = thread_harness
    monday = await h.ordinary_monday("FR")
    friday = monday - timedelta(days=3)
    await h.advance_to(h.local("FR", friday, "09:00"))
    thread = await h.open_thread(market="FR", received_at=h.local("FR", friday, "09:00"))
    await h.advance_to(h.local("FR", friday, "15:00"))
    await thread.escalate(TakeoverReason.NOT_AS_DESCRIBED, RaisedBy.BUYER)

    def reminders() -> int:
        return thread.outbox().count(("ops", "case.reminder"))

    case = await thread.case(lambda c: c.next_reminder_at is not None)
    opened = case.opened_at  # Friday 15:00 (and the milliseconds the escalation took)
    assert h.local("FR", friday, "15:00") <= opened < h.local("FR", friday, "15:01")
    # Plus one working day of FR: 24 working hours, and the weekend does not count.
    first = opened + timedelta(days=3)
    assert case.next_reminder_at == first
    await h.advance_to(first - MINUTE)
    await thread.case()
    assert reminders() == 0
    # The case counts a reminder, tells ops (an activity), then asks for the next working day: wait
    # for that next instant, or a read in between sees the count with the old instant.
    await h.advance_to(first)
    await thread.case(lambda c: c.reminders_sent == 1 and c.next_reminder_at is not None and c.next_reminder_at > first)
    assert reminders() == 1
    await h.advance_to(first + timedelta(days=1))  # Tuesday, the next working day
    second = first + timedelta(days=1)
    case = await thread.case(
        lambda c: c.reminders_sent == 2 and c.next_reminder_at is not None and c.next_reminder_at > second
    )
    assert reminders() == 2 and case.next_reminder_at == first + timedelta(days=2)
    await thread.decide(OpsOutcome.REJECT_CLAIM, note="the listing says 'B grade'")
    case = await thread.case(lambda c: c.stage == CaseStage.CLOSED)
    assert case.next_reminder_at is None and case.reminders_sent == 2
    assert thread.ledger() == [("handling_fee", Decimal("15.00"), "EUR")]
    assert ("buyer", "case.decided") in thread.outbox()


async def test_severe_reason_takes_the_fast_path_and_ops_may_override_before_the_parcel(thread_harness: ThreadHarness):
    h = thread_harness
    monday = await h.ordinary_monday("DE")
    await h.advance_to(h.local("DE", monday, "10:00"))
    thread = await h.open_thread(market="DE", received_at=h.local("DE", monday, "10:00"), order_total=Decimal("349.00"))
    await thread.escalate(TakeoverReason.COUNTERFEIT, RaisedBy.OPS)
    case = await thread.case(lambda c: c.stage == CaseStage.AWAITING_PARCEL)
    assert case.decision is not None and case.decision.outcome == OpsOutcome.RETURN_AND_REFUND
    assert (case.decision.decided_by, case.decision.by_rule) == ("platform", "R5.4")
    assert case.reminders_sent == 0 and case.next_reminder_at is None  # no waiting for ops
    first_label = (await _label(thread)).label

    # Ops decide otherwise while the parcel is awaited: the return is cancelled, its label voided.
    decided = await thread.decide(OpsOutcome.REFUND, note="buyer keeps the device for the police report")
    assert decided.by_rule is None
    case = await thread.case(lambda c: c.stage == CaseStage.CLOSED)
    assert case.returned is not None and case.returned.outcome == ReturnOutcome.CANCELLED
    assert case.refund is not None and case.refund.amount == Decimal("349.00")
    with transaction(h.sessions) as session:
        labels = repository.labels_for_thread(session, thread.thread_id)
    assert [(label.label_id, label.voided_at is not None) for label in labels] == [(first_label.label_id, True)]
    # Handling, the severe fee and the refund; the voided label costs nothing (R5.6).
    assert sorted(thread.ledger()) == [
        ("handling_fee", Decimal("15.00"), "EUR"),
        ("refund", Decimal("349.00"), "EUR"),
        ("severe_violation_fee", Decimal("50.00"), "EUR"),
    ]
    await _replays(h, thread.thread_id)


async def test_repair_sends_the_item_to_the_seller_and_waits_for_the_dispatch(thread_harness: ThreadHarness):
    h = thread_harness
    thread = await _breached(h, "IT", Decimal("150.00"))
    await thread.decide(OpsOutcome.REPAIR)
    await _label(thread)
    now = await h.now()
    with pytest.raises(CaseRefused, match="parcel_not_received"):
        await h.client.cases.item_dispatched(
            thread.thread_id, ItemDispatched(event_id="D-0", dispatched_at=now, tracking_number="1Z")
        )
    await h.client.cases.parcel_received(thread.thread_id, ParcelReceived(event_id="P-1", received_at=now))
    with pytest.raises(CaseRefused, match="no_inspection_expected"):
        await h.client.cases.inspected(
            thread.thread_id, InspectionReport(event_id="I-1", result="fault_confirmed", inspected_at=now)
        )
    await thread.return_status(lambda s: s.stage == CaseStage.AWAITING_DISPATCH)
    await h.client.cases.item_dispatched(
        thread.thread_id, ItemDispatched(event_id="D-1", dispatched_at=now, tracking_number="1Z999")
    )
    case = await thread.case(lambda c: c.stage == CaseStage.CLOSED)
    assert case.returned.outcome == ReturnOutcome.DISPATCHED and case.refund is None
    assert sorted(thread.ledger()) == [
        ("handling_fee", Decimal("15.00"), "EUR"),
        ("return_label", Decimal("8.00"), "EUR"),
    ]
    with transaction(h.sessions) as session:
        assert [label.ship_to for label in repository.labels_for_thread(session, thread.thread_id)] == ["seller"]


async def test_bad_input_is_refused_and_the_case_stays_healthy(thread_harness: ThreadHarness):
    h = thread_harness
    thread = await _breached(h, "FR", Decimal("80.00"))
    # An unknown outcome never leaves the client: the model names the field.
    with pytest.raises(ValueError, match="outcome"):
        OpsDecision(outcome="give_a_voucher", decided_by="ops-ann", note="?")
    # Sent raw (a client in another language), the workflow refuses it and carries on.
    from temporalio.client import WorkflowUpdateFailedError

    raw = h.client.temporal.get_workflow_handle(f"takeover-{thread.thread_id}")
    with pytest.raises(WorkflowUpdateFailedError):
        await raw.execute_update("decide", {"outcome": "give_a_voucher", "decided_by": "ops-ann", "note": "?"})
    decided = await thread.decide(OpsOutcome.RETURN_AND_REFUND)
    with pytest.raises(CaseRefused, match=r"case_already_decided \(R5\.3\): return_and_refund by ops-ann") as twice:
        await thread.decide(OpsOutcome.REJECT_CLAIM)
    assert twice.value.kind == "case_already_decided"
    now = await h.now()
    await _label(thread)
    with pytest.raises(CaseRefused, match="parcel_not_received"):
        await h.client.cases.inspected(
            thread.thread_id, InspectionReport(event_id="I-0", result="fault_confirmed", inspected_at=now)
        )
    first = await h.client.cases.parcel_received(thread.thread_id, ParcelReceived(event_id="P-1", received_at=now))
    again = await h.client.cases.parcel_received(thread.thread_id, ParcelReceived(event_id="P-1", received_at=now))
    assert first.parcel == again.parcel  # a redelivered event gets the same answer
    with pytest.raises(CaseRefused, match="parcel_already_received"):
        await h.client.cases.parcel_received(thread.thread_id, ParcelReceived(event_id="P-2", received_at=now))
    await h.client.cases.inspected(
        thread.thread_id, InspectionReport(event_id="I-1", result="no_fault_found", inspected_at=now)
    )
    case = await thread.case(lambda c: c.stage == CaseStage.CLOSED)
    assert case.decision == decided and case.returned.outcome == ReturnOutcome.NOT_REFUNDED and case.refund is None
    assert sorted(thread.ledger()) == [
        ("handling_fee", Decimal("15.00"), "EUR"),
        ("return_label", Decimal("8.00"), "EUR"),
    ]


async def test_a_refund_decision_needs_an_amount_when_the_order_total_is_unknown(thread_harness: ThreadHarness):
    h = thread_harness
    thread = await _breached(h, "FR", order_total=None)  # type: ignore[arg-type]
    with pytest.raises(CaseRefused, match="refund_amount_required"):
        await thread.decide(OpsOutcome.REFUND)
    await thread.decide(OpsOutcome.REFUND, refund_amount=Decimal("40.00"), note="partial: scratched screen")
    case = await thread.case(lambda c: c.stage == CaseStage.CLOSED)
    assert case.refund.amount == Decimal("40.00")
    assert sorted(thread.ledger()) == [("handling_fee", Decimal("15.00"), "EUR"), ("refund", Decimal("40.00"), "EUR")]


async def test_an_override_while_the_label_is_still_being_issued_voids_that_label(time_skipping_env, tmp_path):
    """R5.4: ops may override the rulebook's return at any point before the parcel, even while the
    carrier is still issuing the label (a CI run cancelled the return mid-issue and the case hung)."""
    gated_carrier.ISSUING.clear()
    gated_carrier.GATE.clear()
    settings = timing_settings(carrier="gated_carrier:factory", task_queue="timing-gated-carrier")
    async with timing_worker(time_skipping_env, f"sqlite:///{tmp_path / 'gated.db'}", settings) as worker:
        h = ThreadHarness.on(time_skipping_env, worker)
        try:
            thread = await h.open_thread(market="DE", received_at=await h.now(), order_total=Decimal("349.00"))
            await thread.escalate(TakeoverReason.COUNTERFEIT, RaisedBy.OPS)
            assert await asyncio.to_thread(gated_carrier.ISSUING.wait, 20), "the return never asked for its label"
            decided = await thread.decide(OpsOutcome.REFUND, note="buyer keeps the device for the police report")
            assert decided.outcome == OpsOutcome.REFUND
            gated_carrier.GATE.set()
            case = await thread.case(lambda c: c.stage == CaseStage.CLOSED)
            assert case.returned is not None and case.returned.outcome == ReturnOutcome.CANCELLED
            assert case.refund is not None and case.refund.amount == Decimal("349.00")
            with transaction(h.sessions) as session:
                labels = repository.labels_for_thread(session, thread.thread_id)
            assert [label.voided_at is not None for label in labels] == [True]
            assert sorted(thread.ledger()) == [
                ("handling_fee", Decimal("15.00"), "EUR"),
                ("refund", Decimal("349.00"), "EUR"),
                ("severe_violation_fee", Decimal("50.00"), "EUR"),
            ]
            await _replays(h, thread.thread_id)
        finally:
            gated_carrier.GATE.set()
            await h.settle_opened_threads()
            for thread_id in h.opened:  # its worker ends with the test: nothing may fire later
                await h.terminate(thread_workflow_id(thread_id))
