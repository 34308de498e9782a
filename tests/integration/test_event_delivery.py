"""A thread's whole story reaches the people it is for, as signed webhooks: the real dev server,
the real worker and store, the relay, and a real HTTP receiver on 127.0.0.1 that verifies every
signature with the Standard Webhooks reference verifier."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from decimal import Decimal

import pytest
import pytest_asyncio
from webhook_receiver import WebhookReceiver

from delivery.endpoints import RetryPolicy
from delivery.relay import Relay
from helpdesk_testing import ThreadHarness
from rules.kinds import OpsOutcome, RaisedBy, TakeoverReason, ThreadState

pytestmark = pytest.mark.devserver


@pytest_asyncio.fixture
async def delivered_to(dev_harness: ThreadHarness) -> AsyncIterator[WebhookReceiver]:
    """A receiver, and a relay sending it every event written from now on."""
    with WebhookReceiver() as receiver:
        relay = Relay(
            dev_harness.sessions,
            [receiver.endpoint(name=f"backend-{uuid.uuid4().hex[:6]}", from_start=False)],
            RetryPolicy(),
            poll_interval=0.05,
            holder=f"test-{uuid.uuid4().hex[:6]}",
        )
        stop = asyncio.Event()
        running = asyncio.create_task(relay.run(stop))
        try:
            yield receiver
        finally:
            stop.set()
            await running


def of_thread(receiver: WebhookReceiver, thread_id: str) -> list[tuple[int, str, str]]:
    return [
        (e["sequence"], e["type"], e["recipient"]["kind"]) for e in receiver.delivered() if e["thread_id"] == thread_id
    ]


async def until(receiver: WebhookReceiver, thread_id: str, count: int, timeout: float = 30.0) -> list[dict]:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while len(of_thread(receiver, thread_id)) < count:
        if loop.time() > deadline:
            raise AssertionError(f"{thread_id}: {of_thread(receiver, thread_id)}, expected {count} events")
        await asyncio.sleep(0.05)
    return [e for e in receiver.delivered() if e["thread_id"] == thread_id]


async def test_a_thread_from_message_to_recharge_reaches_buyer_seller_and_ops(
    dev_harness: ThreadHarness, delivered_to: WebhookReceiver
):
    h = dev_harness
    thread = await h.open_thread(market="FR", received_at=datetime.now(UTC), order_total=Decimal("249.00"))
    refused = await thread.reply("Appelez-moi au 06 12 34 56 78, ce sera plus simple.")
    accepted = await thread.reply("Oui, il est débloqué et part aujourd'hui.")
    assert not refused.accepted and accepted.accepted
    await thread.escalate(TakeoverReason.QUALITY_DISPUTE, RaisedBy.BUYER, escalation_id="E-1")
    await thread.settled(lambda s: s.state == ThreadState.TAKEN_OVER)
    await thread.case(lambda c: c.next_reminder_at is not None)
    await thread.decide(OpsOutcome.REFUND, refund_amount=Decimal("120.00"), note="screen scratched, photos checked")
    await thread.case(lambda c: c.stage == "closed")
    events = await until(delivered_to, thread.thread_id, 17)

    assert of_thread(delivered_to, thread.thread_id) == [
        (1, "buyer_message.received", "seller"),
        (2, "reply.refused", "seller"),
        (3, "statement.issued", "seller"),  # issue 20: the violation of the refused reply
        (4, "reply.delivered", "buyer"),
        (5, "case.opened", "ops"),
        (6, "statement.issued", "seller"),  # the takeover
        (7, "thread.taken_over", "seller"),
        (8, "thread.taken_over", "buyer"),
        (9, "case.decided", "seller"),
        (10, "case.decided", "ops"),
        (11, "case.decided", "buyer"),
        (12, "refund.issued", "buyer"),
        (13, "charge.made", "seller"),
        (14, "statement.issued", "seller"),  # each charge
        (15, "charge.made", "seller"),
        (16, "statement.issued", "seller"),
        (17, "recharge.completed", "seller"),
    ]
    by_type = {(e["type"], e["recipient"]["kind"]): e for e in events}
    assert delivered_to.invalid == []
    # The refused reply: the rule and what was found where; the clock still runs.
    finding = by_type[("reply.refused", "seller")]["data"]["findings"][0]
    assert (finding["rule"], finding["kind"], finding["text"]) == ("R2.1", "off_platform_contact", "06 12 34 56 78")
    assert by_type[("reply.refused", "seller")]["data"]["reply_due_at"] is not None
    # The buyer gets the accepted reply's text, and never the refused one.
    assert by_type[("reply.delivered", "buyer")]["data"]["text"] == "Oui, il est débloqué et part aujourd'hui."
    assert not any("06 12 34 56 78" in str(e["data"]) for e in events if e["recipient"]["kind"] == "buyer")
    # The takeover: reason, rule, who raised it; the seller's replies go to ops from now on.
    taken = by_type[("thread.taken_over", "seller")]["data"]
    assert (taken["reason"], taken["rule"], taken["raised_by"], taken["escalation_id"]) == (
        "quality_dispute",
        "R5.2",
        "buyer",
        "E-1",
    )
    assert by_type[("case.opened", "ops")]["data"]["order_total"] == {"amount": "249.00", "currency": "EUR"}
    # The decision: ops see their note, the buyer does not; the refund and the charges with currency.
    assert by_type[("case.decided", "ops")]["data"]["note"] == "screen scratched, photos checked"
    assert by_type[("case.decided", "buyer")]["data"]["note"] == ""
    assert by_type[("refund.issued", "buyer")]["data"]["refund"] == {"amount": "120.00", "currency": "EUR"}
    charges = [(e["data"]["cost_kind"], e["data"]["charge"]) for e in events if e["type"] == "charge.made"]
    assert charges == [
        ("handling_fee", {"amount": "15.00", "currency": "EUR"}),
        ("refund", {"amount": "120.00", "currency": "EUR"}),
    ]
    assert by_type[("recharge.completed", "seller")]["data"]["total"] == {"amount": "135.00", "currency": "EUR"}
    # Issue 20: each sanction's statement reaches the seller, in French, with its facts.
    statements = {e["data"]["sanction_kind"]: e["data"] for e in events if e["type"] == "statement.issued"}
    assert sorted(statements) == ["charge", "takeover", "violation"]
    violation = statements["violation"]
    assert (violation["rule"], violation["violation_kind"], violation["facts"]["finding_text"]) == (
        "R2.1",
        "off_platform_contact",
        "06 12 34 56 78",
    )
    assert "06 12 34 56 78" in violation["texts"]["fr"] and violation["sanction_id"] in violation["texts"]["fr"]
    assert statements["takeover"]["appealable"] is False and statements["takeover"]["facts"]["raised_by"] == "buyer"
    fees = [
        e["data"]["facts"] for e in events if e["type"] == "statement.issued" and e["data"]["sanction_kind"] == "charge"
    ]
    assert [(f["cost_kind"], f["amount"], f["currency"]) for f in fees] == [
        ("handling_fee", "15.00", "EUR"),
        ("refund", "120.00", "EUR"),
    ]
    # Every event once, numbered without gaps, each delivery carrying the event's id.
    assert [e["sequence"] for e in events] == list(range(1, len(events) + 1))
    assert all(a.webhook_id == a.event["event_id"] for a in delivered_to.arrivals)
