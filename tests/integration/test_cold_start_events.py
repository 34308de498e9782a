"""sdk-python#1591 must not stall a case (issue 15): an event for a Return or a Takeover that
reaches a cold worker in the same workflow task as the result of an activity still pending when
the previous worker went away.

Reproduced deterministically on the dev server: workflows and activities run on two workers of one
task queue, so the workflow worker can be stopped while an activity is held in flight. The
activity is then released (its result is recorded, the workflow task waits for a worker), the
event is sent (it waits with that task), and a new, cold workflow worker takes both at once.
Another cold worker must then be able to replay that history and carry the case on.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import subprocess
import sys
import threading
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from temporalio import activity
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from config import load_settings
from contract.cases import (
    CaseStatus,
    Decided,
    InspectionReport,
    OpsDecision,
    ParcelReceived,
    ReturnStart,
    ReturnStatus,
    return_workflow_id,
)
from contract.threads import TakeoverStart, ThreadOpen, takeover_workflow_id
from rules.kinds import CaseStage, InspectionResult, OpsOutcome, ReturnOutcome, TakeoverReason, ThreadState
from starter.client.cases import CaseClient
from store import repository
from store.db import transaction
from worker import activities_for

pytestmark = pytest.mark.devserver
TESTS = Path(__file__).resolve().parents[1]


def activity_name(fn) -> str:
    from temporalio.activity import _Definition

    definition = _Definition.from_callable(fn)
    assert definition is not None and definition.name is not None
    return definition.name


class HeldActivities:
    """The production activities, with one of them held (its first call) until the test lets it go."""

    def __init__(self, sessions, held: str) -> None:
        self.settings = load_settings(task_queue=f"cold-{uuid.uuid4().hex[:6]}", metrics_port=0)
        self.name = held
        real = {activity_name(fn): fn for fn in activities_for(self.settings, sessions)}
        self.started, self.release = threading.Event(), threading.Event()

        @activity.defn(name=held)
        @functools.wraps(real[held], updated=())  # its signature and types: the payload decodes into the same model
        def held_activity(*args: Any) -> Any:
            self.started.set()
            self.release.wait(60)
            return real[held](*args)

        # While it holds one, the worker in the test's process runs every activity (the others for
        # real) and the cold worker none: an activity task never reaches a worker without it.
        self.activities = [held_activity, *(fn for name, fn in real.items() if name != held)]


@asynccontextmanager
async def held_activity_worker(env: WorkflowEnvironment, held: HeldActivities) -> AsyncIterator[None]:
    """The held activity's worker, in the test's process. Leaving, it waits for that activity to report
    its result and then stops polling, so that from then on only cold workers take the case's tasks."""
    with concurrent.futures.ThreadPoolExecutor(4) as executor:
        async with Worker(
            env.client,
            task_queue=held.settings.task_queue,
            activities=held.activities,
            activity_executor=executor,
            graceful_shutdown_timeout=timedelta(seconds=60),
        ):
            yield


@asynccontextmanager
async def workflow_worker(
    env: WorkflowEnvironment, held: HeldActivities, sessions, activities: str = "all"
) -> AsyncIterator[None]:
    """The workflows in a process of its own, cold (none of them in its cache), killed with SIGKILL
    at the end: no graceful shutdown tells the server. ``activities="none"`` while the test's own
    worker holds one: every activity task then reaches the worker that has them all."""
    process = subprocess.Popen(
        [
            sys.executable,
            str(TESTS / "cold_worker.py"),
            env.client.service_client.config.target_host,
            env.client.namespace,
            held.settings.task_queue,
            str(sessions.kw["bind"].url),
            activities,
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None and process.stdout.readline().strip() == "polling"
        yield
    finally:
        process.kill()
        process.wait()


async def test_a_parcel_reported_with_the_label_result_pending_on_a_cold_worker_does_not_stall_the_return(
    dev_env: WorkflowEnvironment, store_sessions
):
    held = HeldActivities(store_sessions, "issue_return_label")
    queue = held.settings.task_queue
    thread = ThreadOpen(
        thread_id=f"T-{uuid.uuid4().hex[:8]}", order_id="O-1", seller_id="S-1", buyer_id="B-1", market="FR"
    )
    _thread_row(store_sessions, thread)
    decision = Decided(
        outcome=OpsOutcome.RETURN_AND_REFUND,
        decided_by="ops",
        note="n",
        decided_at=datetime.now(UTC),
        refund_amount=Decimal("99.00"),
    )
    cases = CaseClient(dev_env.client, store_sessions)
    async with held_activity_worker(dev_env, held):
        async with workflow_worker(dev_env, held, store_sessions, activities="none"):
            handle = await dev_env.client.start_workflow(
                "Return",
                ReturnStart(thread=thread, takeover_no=1, decision=decision, currency="EUR"),
                id=return_workflow_id(thread.thread_id),
                task_queue=queue,
                result_type=ReturnStatus,
            )
            assert await asyncio.to_thread(held.started.wait, 30)  # the label activity is in flight
        # The workflow worker is gone; the label's result arrives; then the carrier's parcel scan.
        held.release.set()
    await asyncio.sleep(1.0)
    parcel = asyncio.create_task(
        cases.parcel_received(thread.thread_id, ParcelReceived(event_id="P-1", received_at=datetime.now(UTC)))
    )
    await asyncio.sleep(1.0)
    async with workflow_worker(
        dev_env, held, store_sessions
    ):  # cold: takes the label result and the parcel in one task
        status = await asyncio.wait_for(parcel, 30)
        assert status.parcel is not None
    async with workflow_worker(dev_env, held, store_sessions):  # cold again: replays that history, then goes on
        report = InspectionReport(
            event_id="I-1", result=InspectionResult.FAULT_CONFIRMED, inspected_at=datetime.now(UTC)
        )
        await asyncio.wait_for(cases.inspected(thread.thread_id, report), 30)
        result = await asyncio.wait_for(handle.result(), 30)
    assert (result.outcome, result.stage) == (ReturnOutcome.REFUNDED, CaseStage.CLOSED)


async def test_a_decision_sent_with_the_case_opening_result_pending_on_a_cold_worker_does_not_stall_the_case(
    dev_env: WorkflowEnvironment, store_sessions
):
    """The chaos run's case (docs/testing.md, "Chaos"): ops decide just as the worker dies with the case's
    opening activity in flight."""
    held = HeldActivities(store_sessions, "open_ops_case")
    queue = held.settings.task_queue
    thread = ThreadOpen(
        thread_id=f"T-{uuid.uuid4().hex[:8]}", order_id="O-1", seller_id="S-1", buyer_id="B-1", market="FR"
    )
    _thread_row(store_sessions, thread)
    start = TakeoverStart(
        thread=thread, reason=TakeoverReason.QUALITY_DISPUTE, currency="EUR", market="FR", started_at=datetime.now(UTC)
    )
    cases = CaseClient(dev_env.client, store_sessions)
    async with held_activity_worker(dev_env, held):
        async with workflow_worker(dev_env, held, store_sessions, activities="none"):
            handle = await dev_env.client.start_workflow(
                "Takeover",
                start,
                id=takeover_workflow_id(thread.thread_id),
                task_queue=queue,
                result_type=CaseStatus,
            )
            assert await asyncio.to_thread(held.started.wait, 30)
        held.release.set()
    await asyncio.sleep(1.0)
    decision = OpsDecision(outcome=OpsOutcome.REJECT_CLAIM, decided_by="ops-ann", note="as described")
    decided = asyncio.create_task(cases.decide(thread.thread_id, decision))
    await asyncio.sleep(1.0)
    async with workflow_worker(dev_env, held, store_sessions):
        assert (await asyncio.wait_for(decided, 30)).outcome == OpsOutcome.REJECT_CLAIM
    async with workflow_worker(dev_env, held, store_sessions):  # a cold replay of that history, then on to the recharge
        case = await asyncio.wait_for(handle.result(), 60)
    assert (case.stage, [c.kind for c in case.charges]) == (CaseStage.CLOSED, ["handling_fee"])


def _thread_row(sessions, thread: ThreadOpen) -> None:
    with transaction(sessions) as session:
        repository.upsert_thread(
            session,
            thread_id=thread.thread_id,
            order_id=thread.order_id,
            seller_id=thread.seller_id,
            buyer_id=thread.buyer_id,
            market=thread.market,
            currency="EUR",
            state=ThreadState.TAKEN_OVER,
        )
