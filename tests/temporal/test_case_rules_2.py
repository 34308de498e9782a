"""Issue 15 on the time-skipping server, for cases, returns, money and absences: R5.4 without an
order total, R5.5's 14 days to ship (not to arrive), R1.6 and the order's currency, R4.5 cancel
then announce again."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from contract.absences import AbsenceAnnouncement
from contract.cases import InspectionReport, ParcelReceived, ParcelShipped, RefundAmount
from contract.threads import ThreadLimits
from helpdesk_testing import ThreadHarness, ThreadProbe
from rules.kinds import (
    CaseStage,
    InspectionResult,
    OpsOutcome,
    RaisedBy,
    Recipient,
    ReturnOutcome,
    TakeoverReason,
    ThreadState,
)
from starter.client.cases import CaseRefused
from store import events as log
from store.db import transaction

MINUTE, DAY = timedelta(minutes=1), timedelta(days=1)
GRACE = timedelta(seconds=ThreadLimits().reply_grace_s)


async def _severe(h: ThreadHarness, **options: object) -> ThreadProbe:
    thread = await h.open_thread(market="FR", received_at=await h.now(), **options)
    await thread.settled(lambda s: s.due_at is not None)
    await thread.escalate(TakeoverReason.LOCKED_DEVICE, RaisedBy.BUYER, escalation_id="E-locked")
    return thread


async def test_r54_without_an_order_total_the_label_goes_out_at_once_and_ops_give_the_amount_when_the_refund_is_due(
    thread_harness: ThreadHarness,
):
    h = thread_harness
    thread = await _severe(h)
    returned = await thread.return_status(lambda s: s.label is not None)
    assert returned.stage == CaseStage.AWAITING_PARCEL  # no ops decision needed to send the label
    # Not asked before it is due: no amount can be given while the refund is not due … but it may be given early.
    now = await h.now()
    await h.client.cases.parcel_received(thread.thread_id, ParcelReceived(event_id="P-1", received_at=now))
    await thread.return_status(lambda s: s.stage == CaseStage.AWAITING_INSPECTION)
    assert thread.events("case.refund_amount_needed") == []
    await h.client.cases.inspected(
        thread.thread_id, InspectionReport(event_id="I-1", result=InspectionResult.FAULT_CONFIRMED, inspected_at=now)
    )
    await thread.return_status(lambda s: s.stage == CaseStage.AWAITING_REFUND_AMOUNT)
    [asked] = await thread.wait_for_event("case.refund_amount_needed")
    assert (asked["recipient"]["kind"], asked["data"]["currency"], asked["data"]["rule"]) == ("ops", "EUR", "R5.4")
    await h.client.cases.refund_amount(thread.thread_id, RefundAmount(amount=Decimal("249.00"), decided_by="ops-ann"))
    case = await thread.case(lambda c: c.stage == CaseStage.CLOSED)
    assert case.refund is not None and (case.refund.amount, case.refund.currency) == (Decimal("249.00"), "EUR")
    assert sorted(thread.ledger()) == sorted(
        [
            ("handling_fee", Decimal("15.00"), "EUR"),
            ("severe_violation_fee", Decimal("50.00"), "EUR"),
            ("return_label", Decimal("8.00"), "EUR"),
            ("refund", Decimal("249.00"), "EUR"),
        ]
    )
    try:
        await h.client.cases.refund_amount(thread.thread_id, RefundAmount(amount=Decimal("1.00"), decided_by="ops-ann"))
    except CaseRefused as refused:
        assert refused.kind in ("refund_amount_known", "return_refunded")
    else:
        raise AssertionError("a second refund amount was taken")


async def test_r55_shipped_on_day_13_and_in_on_day_16_is_not_lapsed(thread_harness: ThreadHarness):
    h = thread_harness
    thread = await _severe(h, order_total=Decimal("199.00"))
    returned = await thread.return_status(lambda s: s.label is not None)
    issued = returned.label.issued_at
    await h.advance_to(issued + 13 * DAY)
    await h.client.cases.parcel_shipped(
        thread.thread_id, ParcelShipped(event_id="S-1", shipped_at=await h.now(), tracking_number="TRK1")
    )
    await h.advance_to(issued + 16 * DAY)
    status = await thread.return_status(lambda s: True)
    assert status.outcome is None and status.stage == CaseStage.AWAITING_PARCEL  # not lapsed at day 14
    await h.client.cases.parcel_received(thread.thread_id, ParcelReceived(event_id="P-1", received_at=await h.now()))
    await thread.return_status(lambda s: s.stage == CaseStage.AWAITING_INSPECTION)


async def test_r55_without_a_shipment_the_return_lapses_at_day_14_and_a_late_shipment_is_refused(
    thread_harness: ThreadHarness,
):
    h = thread_harness
    thread = await _severe(h, order_total=Decimal("199.00"))
    issued = (await thread.return_status(lambda s: s.label is not None)).label.issued_at
    await h.advance_to(issued + 14 * DAY)
    lapsed = await thread.return_status(lambda s: s.outcome is not None)
    assert lapsed.outcome == ReturnOutcome.LAPSED
    for event in (
        lambda: h.client.cases.parcel_shipped(
            thread.thread_id, ParcelShipped(event_id="S-late", shipped_at=issued + 15 * DAY - MINUTE)
        ),
        lambda: h.client.cases.parcel_received(
            thread.thread_id, ParcelReceived(event_id="P-late", received_at=issued + 14 * DAY)
        ),
    ):
        try:
            await event()
        except CaseRefused as refused:
            assert refused.kind == "return_lapsed"
        else:
            raise AssertionError("an event of a lapsed return was taken")


async def test_r55_a_shipped_parcel_past_its_transit_limit_is_told_to_ops_and_still_awaited(
    thread_harness: ThreadHarness,
):
    h = thread_harness
    thread = await _severe(h, order_total=Decimal("199.00"))
    issued = (await thread.return_status(lambda s: s.label is not None)).label.issued_at
    await h.advance_to(issued + 2 * DAY)
    shipped_at = await h.now()
    await h.client.cases.parcel_shipped(
        thread.thread_id, ParcelShipped(event_id="S-1", shipped_at=shipped_at, tracking_number="TRK9")
    )
    transit = timedelta(days=ThreadLimits().return_transit_days)
    await h.advance_to(shipped_at + transit - MINUTE)
    assert thread.events("return.parcel_overdue") == []
    await h.advance_to(shipped_at + transit + MINUTE)
    [overdue] = await thread.wait_for_event("return.parcel_overdue")
    assert (overdue["recipient"]["kind"], overdue["data"]["tracking_number"]) == ("ops", "TRK9")
    assert (await thread.return_status(lambda s: True)).outcome is None  # still awaited
    await h.client.cases.parcel_received(thread.thread_id, ParcelReceived(event_id="P-1", received_at=await h.now()))
    await thread.return_status(lambda s: s.stage == CaseStage.AWAITING_INSPECTION)


async def test_r16_after_a_market_change_the_refund_keeps_the_orders_currency_and_fees_follow_the_market(
    thread_harness: ThreadHarness,
):
    h = thread_harness
    kept = await h.open_thread(market="FR", received_at=await h.now(), order_total=Decimal("100.00"))
    repriced = await h.open_thread(market="FR", received_at=await h.now(), order_total=Decimal("100.00"))
    for thread in (kept, repriced):
        await thread.settled(lambda s: s.due_at is not None)
    await kept.change_market("GB")
    await h.client.change_market(repriced.thread_id, "GB", order_total=Decimal("90.00"))
    for thread in (kept, repriced):
        await thread.escalate(TakeoverReason.NOT_AS_DESCRIBED, RaisedBy.BUYER, escalation_id="E-1")
        await thread.case(lambda c: c.next_reminder_at is not None)
        await thread.decide(OpsOutcome.REFUND)
        await thread.case(lambda c: c.stage == CaseStage.CLOSED)
    # The order was paid in euros: refunded (and recharged) in euros; the fee in the new market's pounds.
    assert sorted(kept.ledger()) == [("handling_fee", Decimal("15.00"), "GBP"), ("refund", Decimal("100.00"), "EUR")]
    # Repriced by the backend in pounds: the refund in pounds.
    assert sorted(repriced.ledger()) == [("handling_fee", Decimal("15.00"), "GBP"), ("refund", Decimal("90.00"), "GBP")]
    [refunded] = kept.events("refund.issued")
    assert refunded["data"]["refund"] == {"amount": "100.00", "currency": "EUR"}


async def test_r45_an_absence_cancelled_then_announced_again_covers_its_days(thread_harness: ThreadHarness):
    h = thread_harness
    monday = await h.ordinary_monday("FR", weeks_ahead=3)
    seller = f"S-re-{monday.isoformat()}"
    await h.advance_to(h.local("FR", monday - timedelta(days=20), "09:00"))

    async def announce():
        return await h.client.absences.announce(
            AbsenceAnnouncement(
                seller_id=seller,
                market="FR",
                first_day=monday,
                last_day=monday + timedelta(days=4),
                announced_at=await h.now(),
            )
        )

    await announce()
    await h.client.absences.cancel(seller, monday)
    await h.advance_to(h.local("FR", monday - timedelta(days=19), "09:00"))
    again = await announce()
    assert again.cancelled_at is None and again.working_days == 5
    friday = monday - timedelta(days=3)
    await h.advance_to(h.local("FR", friday, "15:00"))
    thread = await h.open_thread(market="FR", received_at=h.local("FR", friday, "15:00"), seller_id=seller)
    await h.advance_to(h.local("FR", monday, "15:00") + GRACE)
    status = await thread.settled(lambda s: s.state == ThreadState.TAKEN_OVER)
    assert status.takeover_reason == TakeoverReason.SELLER_ABSENT and status.violations == ()  # covered (R4.4)
    with transaction(h.sessions) as session:
        told = [
            row.type
            for row in log.page(session, recipient=(Recipient.ADMIN, None), limit=10_000)
            if row.seller_id == seller
        ]
    assert told == ["absence.announced", "absence.cancelled", "absence.announced"]  # the administrator hears of each
