"""What ops read in the Temporal UI (issue 8): every workflow type carries a static summary, its
current details in words, and a summary on every timer, activity and child it starts.

On the real dev server, which keeps user metadata as a cluster does (the time-skipping server
does not). One scenario starts all five workflow types: a thread awaiting its seller, a severe
takeover whose Return awaits the parcel, a refunded takeover whose Recharge has run, and a seller
absence.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from datetime import timedelta
from decimal import Decimal

from temporalio.api.common.v1 import Payload
from temporalio.api.enums.v1 import EventType
from temporalio.api.sdk.v1 import WorkflowMetadata
from temporalio.client import Client, WorkflowHandle

from contract.absences import AbsenceAnnouncement
from contract.cases import recharge_workflow_id, return_workflow_id
from contract.details import when
from contract.threads import takeover_workflow_id, thread_workflow_id
from helpdesk_testing import ThreadHarness
from rules.kinds import CaseStage, OpsOutcome, TakeoverReason

# The history events that start something, and must say what in the UI.
SUMMARISED = {
    EventType.EVENT_TYPE_TIMER_STARTED: "timer",
    EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED: "activity",
    EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED: "child workflow",
}


async def _eventually(check: Callable[[], Awaitable[bool]], what: str, timeout: float = 20.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not await check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"never happened: {what}")
        await asyncio.sleep(0.1)


async def _details(handle: WorkflowHandle) -> str:
    metadata = await handle.query("__temporal_workflow_metadata", result_type=WorkflowMetadata)
    return metadata.current_details


async def _summary(client: Client, payload: Payload) -> str:
    """A user-metadata summary as the UI shows it: through the payload codec (it is encrypted in
    history like every payload), then the pydantic payload converter."""
    [text] = await client.data_converter.decode([payload], [str])
    return text


async def _unsummarised(client: Client, handle: WorkflowHandle) -> list[str]:
    """Every timer, activity and child start in the history that carries no summary."""
    missing = []
    async for event in handle.fetch_history_events():
        kind = SUMMARISED.get(event.event_type)
        if kind is None:
            continue
        summary = await _summary(client, event.user_metadata.summary) if event.user_metadata.HasField("summary") else ""
        if not summary:
            missing.append(f"{kind} at event {event.event_id}")
    return missing


async def test_every_workflow_type_tells_ops_what_it_is_doing(dev_harness: ThreadHarness):
    h = dev_harness
    client = h.client.temporal
    now = await h.now()

    waiting = await h.open_thread(market="FR", received_at=now)
    severe = await h.open_thread(market="DE", received_at=now, order_total=Decimal("249.00"))
    await severe.escalate(TakeoverReason.LOCKED_DEVICE)
    refunded = await h.open_thread(market="IT", received_at=now, order_total=Decimal("120.00"))
    await refunded.escalate(TakeoverReason.QUALITY_DISPUTE)
    await refunded.case()
    await refunded.decide(OpsOutcome.REFUND)
    await refunded.case(until=lambda case: case.stage == CaseStage.CLOSED, timeout=30)
    await severe.case(until=lambda case: case.stage == CaseStage.AWAITING_PARCEL, timeout=30)
    seller = f"S-{uuid.uuid4().hex[:8]}"
    first_day = (now + timedelta(days=30)).date()
    await h.client.absences.announce(
        AbsenceAnnouncement(
            seller_id=seller, market="FR", first_day=first_day, last_day=first_day + timedelta(days=2), announced_at=now
        )
    )

    workflows: dict[str, tuple[WorkflowHandle, str, tuple[str, ...]]] = {
        "BuyerThread": (
            client.get_workflow_handle(thread_workflow_id(waiting.thread_id)),
            f"Buyer thread {waiting.thread_id}",
            ("awaiting seller", "reply due", "working hours left", "1 unanswered buyer message"),
        ),
        "Takeover": (
            client.get_workflow_handle(takeover_workflow_id(severe.thread_id)),
            f"Takeover of thread {severe.thread_id}: locked_device",
            ("awaiting parcel", "locked device (severe, R5.4)", "decided return and refund", "by rule R5.4"),
        ),
        "Return": (
            client.get_workflow_handle(return_workflow_id(severe.thread_id)),
            f"Return for thread {severe.thread_id}",
            ("awaiting parcel", "lapses", "(R5.5)"),
        ),
        "Recharge": (
            client.get_workflow_handle(recharge_workflow_id(refunded.thread_id, 1)),
            f"Recharge of thread {refunded.thread_id}",
            ("all charged", "handling fee", "refund 120.00 EUR"),
        ),
        "SellerAbsence": (
            h.client.absences.handle(seller, first_day),
            f"seller {seller}",
            ("Absence announced", f"{first_day} to {first_day + timedelta(days=2)}", "announced in time (R4.2)"),
        ),
    }
    for workflow_type, (handle, summary_anchor, detail_anchors) in workflows.items():
        description = await handle.describe()
        assert description.workflow_type == workflow_type
        static_summary = await description.static_summary()
        assert static_summary and summary_anchor in static_summary, (workflow_type, static_summary)
        if workflow_type == "Recharge":  # a closed workflow answers queries too: its worker replays it
            await _eventually(lambda: _closed(handle), "the recharge completes")
        details = await _details(handle)
        for anchor in detail_anchors:
            assert anchor in details, (workflow_type, anchor, details)
        assert await _unsummarised(client, handle) == [], workflow_type

    # The clock's first timer is R1.3's half-time reminder; it names the deadline in the market's offset.
    due = (await waiting.state()).due_at
    assert due is not None
    timers = [
        await _summary(client, event.user_metadata.summary)
        async for event in workflows["BuyerThread"][0].fetch_history_events()
        if event.event_type == EventType.EVENT_TYPE_TIMER_STARTED
    ]
    assert timers[0] == f"remind seller: half the working hours used; reply due {when(due)} (FR) (R1.3)", timers


async def _closed(handle: WorkflowHandle) -> bool:
    return (await handle.describe()).close_time is not None
