"""Regenerate the stored histories that ``tests/temporal/test_stored_histories.py`` replays.

    .venv/bin/python tests/histories/regenerate.py            # all paths
    .venv/bin/python tests/histories/regenerate.py severe     # one path

Each path of the rulebook that matters is driven on a fresh time-skipping server with the
production worker (sandbox, data converter, the test payload key of tests/conftest.py), and the
history of every workflow it started is written as ``tests/histories/<path>/<WorkflowType>[-n].json``.

Regenerate only to ADD a path or a workflow type. When a change of workflow code makes a stored
history fail to replay, that history is a run in production that the new code would break: keep
the old behaviour for old runs with ``workflow.patched("<change-id>")`` (docs/testing.md, "Replay and
versioning") and add a new history for the new behaviour; never regenerate the old ones away.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import sys
import tempfile
import uuid
from collections.abc import Awaitable, Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import history_keys  # noqa: E402, F401  (the tests' payload key, set before the settings are read)
from temporalio.client import Client  # noqa: E402
from temporalio.testing import WorkflowEnvironment  # noqa: E402

from config import load_settings  # noqa: E402
from connection import data_converter  # noqa: E402
from contract.absences import AbsenceAnnouncement  # noqa: E402
from contract.cases import (  # noqa: E402
    InspectionReport,
    ParcelReceived,
    ParcelShipped,
    RefundAmount,
    recharge_workflow_id,
    return_workflow_id,
)
from contract.threads import ThreadLimits, takeover_workflow_id, thread_workflow_id  # noqa: E402
from helpdesk_testing import ThreadHarness, ThreadProbe  # noqa: E402
from helpdesk_testing.environment import register_search_attributes  # noqa: E402
from rules.kinds import CaseStage, InspectionResult, OpsOutcome, RaisedBy, TakeoverReason, ThreadState  # noqa: E402
from starter.client.helpdesk import HelpdeskClient  # noqa: E402
from store.db import open_store  # noqa: E402
from telemetry.logging import configure_logging  # noqa: E402
from worker import build_worker  # noqa: E402

HERE = Path(__file__).resolve().parent


async def breach(h: ThreadHarness) -> list[str]:
    """R1.4: Friday 15:00 in FR, no reply: taken over Monday 15:00; ops reject; recharge (R5.6)."""
    monday = await h.ordinary_monday("FR")
    friday = monday - timedelta(days=3)
    await h.advance_to(h.local("FR", friday, "15:00"))
    thread = await h.open_thread(market="FR", received_at=h.local("FR", friday, "15:00"))
    await h.advance_to(h.local("FR", monday, "15:01"))
    await thread.settled(lambda s: s.state == ThreadState.TAKEN_OVER)
    await thread.case()
    await thread.decide(OpsOutcome.REJECT_CLAIM)
    await thread.case(lambda c: c.stage == CaseStage.CLOSED)
    return _case_ids(thread, recharge=True)


async def reply(h: ThreadHarness) -> list[str]:
    """R2/R1.2/R1.6: a refused reply, a market change, an accepted reply; reminders fire."""
    monday = await h.ordinary_monday("FR", "GB")
    await h.advance_to(h.local("FR", monday, "09:00"))
    thread = await h.open_thread(market="FR", received_at=h.local("FR", monday, "09:00"))
    await thread.settled(lambda s: s.due_at is not None)
    assert not (await thread.reply("Vous êtes un imbécile.")).accepted
    await h.advance_to(h.local("FR", monday, "21:30"))  # past half time: the first reminder (R1.3)
    await thread.change_market("GB")
    assert (await thread.reply("Yes, it is unlocked and ships today.")).accepted
    await thread.message(received_at=h.local("FR", monday + timedelta(days=1), "10:00"), no_reply_needed=True)
    return [thread_workflow_id(thread.thread_id)]


async def version_2(h: ThreadHarness) -> list[str]:
    """Issue 18, a thread started at ThreadInput version 2: no patch marker, a buyer message's
    deadline and record in one local activity, a reply's screening and record in one (refused,
    then accepted), and the two-activity path when an accepted reply leaves a message waiting."""
    monday = await h.ordinary_monday("FR")
    await h.advance_to(h.local("FR", monday, "09:00"))
    thread = await h.open_thread(market="FR", received_at=h.local("FR", monday, "09:00"))
    await thread.settled(lambda s: s.due_at is not None)
    assert not (await thread.reply("Appelez-moi au 06 12 34 56 78.")).accepted
    assert (await thread.reply("Oui, il est débloqué et part aujourd'hui.")).accepted
    await h.advance_to(h.local("FR", monday, "11:00"))
    await thread.message(received_at=h.local("FR", monday, "11:00"))
    await thread.settled(lambda s: s.due_at is not None)
    late = h.local("FR", monday, "11:00") - timedelta(minutes=30)
    assert (await thread.reply("Il est en parfait état.", sent_at=late)).accepted  # answers neither: 11:00 waits
    return [thread_workflow_id(thread.thread_id)]


async def escalation(h: ThreadHarness) -> list[str]:
    """R5.1-R5.3: a quality dispute, ops refund the order total; recharge with the refund."""
    thread = await h.open_thread(market="DE", received_at=await h.now(), order_total=Decimal("149.00"))
    await thread.settled(lambda s: s.due_at is not None)
    await thread.escalate(TakeoverReason.QUALITY_DISPUTE)
    await thread.case()
    await thread.decide(OpsOutcome.REFUND)
    await thread.case(lambda c: c.stage == CaseStage.CLOSED)
    return _case_ids(thread, recharge=True)


async def severe(h: ThreadHarness) -> list[str]:
    """R5.4/R5.5: counterfeit: return and refund by rule; parcel, inspection, refund, recharge."""
    thread = await h.open_thread(market="FR", received_at=await h.now(), order_total=Decimal("219.00"))
    await thread.escalate(TakeoverReason.COUNTERFEIT, RaisedBy.BACKEND)
    await thread.case(lambda c: c.stage == CaseStage.AWAITING_PARCEL)
    now = await h.now()
    await h.client.cases.parcel_received(thread.thread_id, ParcelReceived(event_id="P-1", received_at=now))
    await h.client.cases.inspected(
        thread.thread_id, InspectionReport(event_id="I-1", result=InspectionResult.FAULT_CONFIRMED, inspected_at=now)
    )
    await thread.case(lambda c: c.stage == CaseStage.CLOSED)
    return _case_ids(thread, returned=True, recharge=True)


async def return_lapse(h: ThreadHarness) -> list[str]:
    """R5.5: return and refund decided, no parcel in 14 calendar days: lapsed; recharge."""
    thread = await h.open_thread(market="IT", received_at=await h.now(), order_total=Decimal("99.00"))
    await thread.escalate(TakeoverReason.NOT_AS_DESCRIBED)
    await thread.case()
    await thread.decide(OpsOutcome.RETURN_AND_REFUND)
    await thread.case(lambda c: c.stage == CaseStage.AWAITING_PARCEL)
    await h.advance_to(await h.now() + timedelta(days=14, minutes=1))
    await thread.case(lambda c: c.stage == CaseStage.CLOSED)
    return _case_ids(thread, returned=True, recharge=True)


async def absence(h: ThreadHarness) -> list[str]:
    """R4: an absence announced in time; a deadline inside it is covered (seller_absent)."""
    monday = await h.ordinary_monday("FR", weeks_ahead=3)
    seller = f"S-{uuid.uuid4().hex[:8]}"
    await h.advance_to(h.local("FR", monday - timedelta(days=15), "10:00"))
    await h.client.absences.announce(
        AbsenceAnnouncement(
            seller_id=seller,
            market="FR",
            first_day=monday,
            last_day=monday + timedelta(days=4),
            announced_at=await h.now(),
        )
    )
    await h.advance_to(h.local("FR", monday - timedelta(days=3), "15:00"))  # the Friday before
    thread = await h.open_thread(market="FR", received_at=await h.now(), seller_id=seller)
    await h.advance_to(h.local("FR", monday + timedelta(days=7), "09:00"))
    await thread.settled(lambda s: s.state == ThreadState.TAKEN_OVER)
    await thread.case()
    await thread.decide(OpsOutcome.REJECT_CLAIM)
    await thread.case(lambda c: c.stage == CaseStage.CLOSED)
    return [h.client.absences.handle(seller, monday).id, *_case_ids(thread, recharge=True)]


async def continue_as_new(h: ThreadHarness) -> list[str]:
    """Long threads: a run that continued-as-new, replies answered just before it."""
    from dataclasses import replace

    short = replace(
        h,
        client=HelpdeskClient(
            h.client.temporal,
            h.client.task_queue,
            sessions=h.sessions,
            limits=ThreadLimits(continue_as_new_after_events=30),
            clock=h.env.get_current_time,
        ),
    )
    at = await h.now()
    thread = await short.open_thread(market="FR", received_at=at)
    await thread.settled(lambda s: s.due_at is not None)
    first_run = await h.run_id(thread.thread_id)
    for n in range(4):
        await thread.message(received_at=at, message_id=f"{thread.thread_id}-x{n}")
        assert (await thread.reply(f"Bonjour, réponse numéro {n} : le colis part demain.")).accepted
    # The thread commits its last answer behind a 1 ms timer before it continues-as-new (see
    # BuyerThread.run); the time-skipping server moves its clock only when asked to.
    for _ in range(100):
        await h.advance_to(await h.now() + timedelta(seconds=1))
        if await h.run_id(thread.thread_id) != first_run:
            break
        await asyncio.sleep(0.05)
    assert await h.run_id(thread.thread_id) != first_run, "the thread did not continue-as-new"
    return [f"{thread_workflow_id(thread.thread_id)}@{first_run}", thread_workflow_id(thread.thread_id)]


async def late_reply(h: ThreadHarness) -> list[str]:
    """Issue 15, R1.4/R5.3: a reply that reached the helpdesk after the due instant takes the thread
    over at once and is refused; the reply queued behind it too; ops reject; recharge."""
    monday = await h.ordinary_monday("FR")
    received = h.local("FR", monday - timedelta(days=3), "15:00")
    await h.advance_to(received)
    thread = await h.open_thread(market="FR", received_at=received)
    await h.advance_to(h.local("FR", monday, "15:00") + timedelta(seconds=10))
    assert not (await thread.reply()).accepted
    assert not (await thread.reply("Toujours là ?")).accepted
    await thread.case()
    await thread.decide(OpsOutcome.REJECT_CLAIM)
    await thread.case(lambda c: c.stage == CaseStage.CLOSED)
    return _case_ids(thread, recharge=True)


async def reopen(h: ThreadHarness) -> list[str]:
    """Issue 15: a backfilled message, a dispute rejected, 30 days of silence (closed), a new
    message reopens the thread and a second dispute is takeover number 2 with its own case."""
    thread = await h.open_thread(market="FR", received_at=await h.now())
    await thread.settled(lambda s: s.due_at is not None)
    assert (await thread.reply()).accepted
    await thread.message(received_at=await h.now() - timedelta(minutes=5), message_id="M-backfill")
    await thread.escalate(TakeoverReason.QUALITY_DISPUTE, escalation_id="E-1")
    await thread.case(lambda c: c.next_reminder_at is not None)
    await thread.decide(OpsOutcome.REJECT_CLAIM)
    await thread.case(lambda c: c.stage == CaseStage.CLOSED)
    await thread.settled(lambda s: s.case_stage == CaseStage.CLOSED)
    await h.advance_to(await h.now() + timedelta(days=31))
    await thread.settled(lambda s: s.state == ThreadState.CLOSED)
    await thread.message(received_at=await h.now(), message_id="M-again")
    await thread.escalate(TakeoverReason.NOT_AS_DESCRIBED, escalation_id="E-2")
    await thread.case(lambda c: c.takeover_no == 2 and c.next_reminder_at is not None)
    await thread.decide(OpsOutcome.REJECT_CLAIM)
    await thread.case(lambda c: c.takeover_no == 2 and c.stage == CaseStage.CLOSED)
    tid = thread.thread_id
    return [
        thread_workflow_id(tid),
        takeover_workflow_id(tid),
        recharge_workflow_id(tid, 1),
        takeover_workflow_id(tid, 2),
        recharge_workflow_id(tid, 2),
    ]


async def escalated_case(h: ThreadHarness) -> list[str]:
    """Issue 15, R5.2/R5.4: a counterfeit reported on a case open for a missed deadline: the case
    turns severe (flag, decision by rule); ops override with a rejection; recharge with the severe fee."""
    monday = await h.ordinary_monday("FR")
    received = h.local("FR", monday - timedelta(days=3), "15:00")
    await h.advance_to(received)
    thread = await h.open_thread(market="FR", received_at=received, order_total=Decimal("150.00"))
    await h.advance_to(h.local("FR", monday, "15:02"))
    await thread.case(lambda c: c.next_reminder_at is not None)
    await thread.escalate(TakeoverReason.COUNTERFEIT, RaisedBy.OPS, escalation_id="E-fake")
    await thread.case(lambda c: c.severe and c.decision is not None)
    await thread.decide(OpsOutcome.REJECT_CLAIM)
    await thread.case(lambda c: c.stage == CaseStage.CLOSED)
    return _case_ids(thread, recharge=True)


async def refund_amount(h: ThreadHarness) -> list[str]:
    """Issue 15, R5.4/R5.5: a locked device with no order total: the label at once, the carrier's
    shipment scan, the parcel, the inspection, then ops give the refund's amount; recharge."""
    thread = await h.open_thread(market="FR", received_at=await h.now())
    await thread.escalate(TakeoverReason.LOCKED_DEVICE, RaisedBy.BUYER, escalation_id="E-locked")
    await thread.case(lambda c: c.stage == CaseStage.AWAITING_PARCEL)
    for _ in range(100):
        if (await h.client.cases.return_status(thread.thread_id)).label is not None:
            break
        await asyncio.sleep(0.05)
    now = await h.now()
    await h.client.cases.parcel_shipped(
        thread.thread_id, ParcelShipped(event_id="S-1", shipped_at=now, tracking_number="TRK")
    )
    await h.client.cases.parcel_received(thread.thread_id, ParcelReceived(event_id="P-1", received_at=now))
    await h.client.cases.inspected(
        thread.thread_id, InspectionReport(event_id="I-1", result=InspectionResult.FAULT_CONFIRMED, inspected_at=now)
    )
    for _ in range(100):
        if (await h.client.cases.return_status(thread.thread_id)).stage == CaseStage.AWAITING_REFUND_AMOUNT:
            break
        await asyncio.sleep(0.05)
    await h.client.cases.refund_amount(thread.thread_id, RefundAmount(amount=Decimal("180.00"), decided_by="ops-ann"))
    await thread.case(lambda c: c.stage == CaseStage.CLOSED)
    return _case_ids(thread, returned=True, recharge=True)


async def retention(h: ThreadHarness) -> list[str]:
    """Issue 19: a sweep finds a thread closed 400 days ago, empties its message, marks it."""
    from closed_threads import closed_thread_with_message

    from contract.retention import RETENTION_SWEEP
    from store.db import transaction

    with transaction(h.sessions) as session:
        closed_thread_with_message(session, "T-retention", closed_at=await h.now() - timedelta(days=400), body="?")
    workflow_id = f"retention-sweep-{uuid.uuid4().hex[:8]}"
    await h.env.client.execute_workflow(RETENTION_SWEEP, id=workflow_id, task_queue=h.client.task_queue)
    return [workflow_id]


async def appeal(h: ThreadHarness) -> list[str]:
    """Issue 20: a breach's handling fee appealed, ops reminded after a working day, then the fee
    partly credited back."""
    from contract.statements import AppealDecision, AppealRequest, charge_sanction_id
    from rules.kinds import AppealOutcome, CostKind

    await breach(h)
    thread_id = h.opened[-1]
    sanction_id = charge_sanction_id(thread_id, 1, CostKind.HANDLING_FEE)
    submitted = await h.client.appeals.submit(sanction_id, AppealRequest(grounds="I did reply"), submitted_by="h")
    await h.advance_to(submitted.submitted_at + timedelta(days=4))  # over a weekend at most: one reminder or more
    while (await h.client.appeals.status(submitted.appeal_id)).reminders_sent == 0:
        await asyncio.sleep(0.05)
    await h.client.appeals.decide(
        submitted.appeal_id,
        AppealDecision(
            outcome=AppealOutcome.PARTLY_OVERTURNED, decided_by="ops-ann", reason="half", amount=Decimal("5.00")
        ),
    )
    await h.env.client.get_workflow_handle(submitted.appeal_id).result()
    return [submitted.appeal_id]


def _case_ids(thread: ThreadProbe, *, returned: bool = False, recharge: bool = False) -> list[str]:
    tid = thread.thread_id
    ids = [thread_workflow_id(tid), takeover_workflow_id(tid)]
    if returned:
        ids.append(return_workflow_id(tid))
    if recharge:
        ids.append(recharge_workflow_id(tid, 1))
    return ids


PATHS: dict[str, Callable[[ThreadHarness], Awaitable[list[str]]]] = {
    "breach": breach,
    "reply": reply,
    "escalation": escalation,
    "severe": severe,
    "return_lapse": return_lapse,
    "absence": absence,
    "continue_as_new": continue_as_new,
    # issue 15's paths
    "late_reply": late_reply,
    "reopen": reopen,
    "escalated_case": escalated_case,
    "refund_amount": refund_amount,
    # issue 18's
    "version_2": version_2,
    # issue 19's
    "retention": retention,
    # issue 20's
    "appeal": appeal,
}


async def save(client: Client, path: str, workflow_ids: list[str]) -> list[Path]:
    """Write each workflow's history; ``id@run`` names one run (the first run of a continued thread)."""
    folder = HERE / path
    folder.mkdir(exist_ok=True)
    for old in folder.glob("*.json"):
        old.unlink()
    written: list[Path] = []
    seen: dict[str, int] = {}
    for spec in workflow_ids:
        workflow_id, _, run_id = spec.partition("@")
        handle = client.get_workflow_handle(workflow_id, run_id=run_id or None)
        history = await handle.fetch_history()
        workflow_type = history.events[0].workflow_execution_started_event_attributes.workflow_type.name
        seen[workflow_type] = seen.get(workflow_type, 0) + 1
        name = workflow_type if seen[workflow_type] == 1 else f"{workflow_type}-{seen[workflow_type]}"
        target = folder / f"{name}.json"
        target.write_text(json.dumps(json.loads(history.to_json()), separators=(",", ":")) + "\n")
        written.append(target)
    return written


async def main(selected: list[str]) -> None:
    configure_logging("WARNING")
    unknown = sorted(set(selected) - set(PATHS))
    if unknown:
        raise SystemExit(f"regenerate: unknown path {', '.join(unknown)}; known: {', '.join(PATHS)}")
    # Master-key payloads only: the stored histories replay in any checkout, which has none of the
    # data keys (issue 19) this run would make.
    converter = data_converter(load_settings(), per_workflow_keys=False)
    env = await WorkflowEnvironment.start_time_skipping(
        data_converter=converter,
        test_server_existing_path=str(Path(sys.executable).parent / "temporal-test-server"),
    )
    try:
        await register_search_attributes(env.client)
        settings = load_settings(task_queue="histories", metrics_port=0)
        store = tempfile.mkdtemp(prefix="histories-")
        sessions = open_store(f"sqlite:///{store}/helpdesk.db")
        with concurrent.futures.ThreadPoolExecutor(8) as executor:
            async with build_worker(env.client, settings, executor, sessions=sessions):
                harness = ThreadHarness(
                    env=env,
                    client=HelpdeskClient(
                        env.client, settings.task_queue, sessions=sessions, clock=env.get_current_time
                    ),
                    sessions=sessions,
                )
                for path in selected or list(PATHS):
                    ids = await PATHS[path](harness)
                    for written in await save(env.client, path, ids):
                        print(f"wrote {written.relative_to(ROOT)}")
                await harness.settle_opened_threads()
    finally:
        await env.shutdown()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
    import os

    os._exit(0)  # the SDK's threads can abort interpreter teardown (sdk-python#300)
