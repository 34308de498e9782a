"""The deadline local activity through a real worker: the schedule a thread will record (R1.1, R1.3).

A probe workflow stands in for BuyerThread here; it runs the activity the way the thread will,
so the wiring (pydantic converter, aware datetimes, the worker's market registry) is proven on
both real servers.
"""

from __future__ import annotations

import concurrent.futures
import uuid
from datetime import datetime, timedelta

import pytest
from temporalio import workflow
from temporalio.client import WorkflowFailureError
from temporalio.exceptions import ApplicationError
from temporalio.testing import WorkflowEnvironment

with workflow.unsafe.imports_passed_through():  # the sandbox re-imports this module for DeadlineProbe
    from config import load_settings
    from rules.deadlines import DeadlineRequest, DeadlineSchedule
    from worker import build_worker


@workflow.defn(sandboxed=True)
class DeadlineProbe:
    @workflow.run
    async def run(self, request: DeadlineRequest) -> DeadlineSchedule:
        return await workflow.execute_local_activity(
            "compute_deadlines",
            request,
            result_type=DeadlineSchedule,
            start_to_close_timeout=timedelta(seconds=10),
            retry_policy=None,
        )


async def _probe(env: WorkflowEnvironment, request: DeadlineRequest, sessions=None, **settings) -> DeadlineSchedule:
    config = load_settings(task_queue=f"probe-{uuid.uuid4()}", metrics_port=0, **settings)
    with concurrent.futures.ThreadPoolExecutor(4) as executor:
        async with build_worker(env.client, config, executor, sessions=sessions, workflows=[DeadlineProbe]):
            return await env.client.execute_workflow(
                DeadlineProbe.run, request, id=f"probe-{uuid.uuid4()}", task_queue=config.task_queue
            )


async def test_christmas_deadline_and_reminders_on_time_skipping_server(
    time_skipping_env: WorkflowEnvironment, store_sessions
):
    # FR, Thu 24 Dec 16:30: 7.5 h left that day, 25 Dec holiday, weekend, Mon 28 Dec 16.5 h -> 16:30.
    received = datetime.fromisoformat("2026-12-24T16:30:00+01:00")
    schedule = await _probe(
        time_skipping_env, sessions=store_sessions, request=DeadlineRequest(market="FR", received_at=received)
    )
    assert schedule.due_at == datetime.fromisoformat("2026-12-28T16:30:00+01:00")
    assert schedule.due_at.utcoffset() == timedelta(hours=1)
    # R1.3: half time (12 h) = 7.5 h on the 24th + 4.5 h on Mon 28th; 4 h left = 20 h = Mon 12:30.
    assert schedule.half_time_reminder_at == datetime.fromisoformat("2026-12-28T04:30:00+01:00")
    assert schedule.hours_left_reminder_at == datetime.fromisoformat("2026-12-28T12:30:00+01:00")


async def test_market_override_applies_in_the_worker(time_skipping_env: WorkflowEnvironment, store_sessions):
    # FR with 09:00-18:00 windows: Fri 17:00 + 24 h = 1 h Fri, 9 h Mon, 9 h Tue, 5 h Wed -> Wed 14:00.
    received = datetime.fromisoformat("2026-11-27T17:00:00+01:00")
    schedule = await _probe(
        time_skipping_env,
        DeadlineRequest(market="FR", received_at=received),
        sessions=store_sessions,
        markets={"FR": {"working_windows": ["09:00-18:00"]}},
    )
    assert schedule.due_at == datetime.fromisoformat("2026-12-02T14:00:00+01:00")


async def test_unknown_market_fails_once_with_the_known_list(time_skipping_env: WorkflowEnvironment, store_sessions):
    received = datetime.fromisoformat("2026-11-27T17:00:00+01:00")
    with pytest.raises(WorkflowFailureError) as failure:
        await _probe(
            time_skipping_env, sessions=store_sessions, request=DeadlineRequest(market="XX", received_at=received)
        )
    cause = failure.value.cause
    while not isinstance(cause, ApplicationError):  # WorkflowFailure <- ActivityError <- ApplicationError
        cause = cause.cause
    assert isinstance(cause, ApplicationError) and cause.type == "UnknownMarket" and cause.non_retryable
    assert "known markets: AT, BE, DE" in cause.message


@pytest.mark.devserver
async def test_us_thanksgiving_on_the_dev_server(dev_env: WorkflowEnvironment, store_sessions):
    # US, Wed 25 Nov 2026 10:00 EST: 14 h left Wed, Thu 26 Thanksgiving, Fri 27 10 h -> Fri 10:00.
    received = datetime.fromisoformat("2026-11-25T10:00:00-05:00")
    schedule = await _probe(
        dev_env, sessions=store_sessions, request=DeadlineRequest(market="US", received_at=received)
    )
    assert schedule.due_at == datetime.fromisoformat("2026-11-27T10:00:00-05:00")
