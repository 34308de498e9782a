"""The retention schedule (issue 19) on the real dev server: registering it is idempotent and
follows the settings, triggering it runs the sweep workflow to completion with its counts, and the
namespace's retention of closed workflows is set to the messages' period."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from closed_threads import closed_thread_with_message
from sqlalchemy import select
from temporalio.client import ScheduleOverlapPolicy
from temporalio.testing import WorkflowEnvironment

from activities.retention_schedule import ensure_namespace_retention
from config import load_settings
from contract.retention import RETENTION_SCHEDULE_ID, RETENTION_SWEEP, RETENTION_WORKFLOW_ID
from starter.client.retention import ensure_retention_schedule, run_now, status
from store.db import reading, transaction
from store.models import Message, Thread

pytestmark = pytest.mark.devserver


async def test_registering_the_schedule_twice_is_harmless_and_it_follows_the_interval_setting(
    dev_env: WorkflowEnvironment, integration_worker: tuple[str, object]
) -> None:
    task_queue, _ = integration_worker
    client = dev_env.client
    every_12h = load_settings(task_queue=task_queue, retention_interval_hours=12)
    first = await ensure_retention_schedule(client, every_12h)
    assert first in ("created", "unchanged", "updated")  # the session's other test may have made it
    assert await ensure_retention_schedule(client, every_12h) == "unchanged"
    racing = await asyncio.gather(*(ensure_retention_schedule(client, every_12h) for _ in range(3)))
    assert racing == ["unchanged"] * 3

    assert (
        await ensure_retention_schedule(client, load_settings(task_queue=task_queue, retention_interval_hours=6))
        == "updated"
    )
    schedule = (await client.get_schedule_handle(RETENTION_SCHEDULE_ID).describe()).schedule
    assert [spec.every for spec in schedule.spec.intervals] == [timedelta(hours=6)]
    assert schedule.policy.overlap == ScheduleOverlapPolicy.SKIP
    action = schedule.action
    assert (action.workflow, action.id, action.task_queue) == (RETENTION_SWEEP, RETENTION_WORKFLOW_ID, task_queue)  # type: ignore[union-attr]

    await client.get_schedule_handle(RETENTION_SCHEDULE_ID).pause(note="ops: paused for an audit")
    assert await ensure_retention_schedule(client, every_12h) == "updated"
    schedule = (await client.get_schedule_handle(RETENTION_SCHEDULE_ID).describe()).schedule
    assert [spec.every for spec in schedule.spec.intervals] == [timedelta(hours=12)]
    assert schedule.state.paused, "an update keeps ops' pause"
    await client.get_schedule_handle(RETENTION_SCHEDULE_ID).unpause()


async def test_triggering_the_schedule_runs_the_sweep_to_completion_with_its_counts(
    dev_env: WorkflowEnvironment, integration_worker: tuple[str, object]
) -> None:
    task_queue, sessions = integration_worker
    client = dev_env.client
    await ensure_retention_schedule(client, load_settings(task_queue=task_queue))
    with transaction(sessions) as session:  # type: ignore[arg-type]
        closed_thread_with_message(
            session,
            "T-retention",
            closed_at=datetime.now(UTC) - timedelta(days=400),
            body="Mon adresse est 3 rue des Lilas",
        )

    summary = await run_now(client)

    assert summary.removed.get("message_bodies", 0) >= 1 and summary.removed.get("threads", 0) >= 1
    assert summary.periods == {
        "messages": 90,
        "events": 90,
        "case_notes": 365,
        "threads": 365,
        "inbound": 7,
        "access_log": 730,
    }
    assert summary.batches >= 6 and summary.finished_at >= summary.started_at
    with reading(sessions) as session:  # type: ignore[arg-type]
        assert session.scalar(select(Message.body).where(Message.thread_id == "T-retention")) == ""
        thread = session.get(Thread, "T-retention")
        assert thread is not None and thread.personal_data_removed_at is not None

    again = await run_now(client)
    assert again.removed.get("message_bodies", 0) == 0 and again.removed.get("threads", 0) == 0

    described = await status(client)
    completed = [run for run in described["last_runs"] if run.get("status") == "completed"]
    assert len(completed) >= 2 and completed[-1]["summary"]["batches"] == again.batches
    assert described["next_runs"], "the schedule runs again by itself"


async def test_the_namespace_keeps_closed_workflows_as_long_as_the_store_keeps_messages(
    dev_env: WorkflowEnvironment,
) -> None:
    namespace = dev_env.client.namespace
    await ensure_namespace_retention(dev_env.client, namespace, 90)
    assert await ensure_namespace_retention(dev_env.client, namespace, 90) is None  # already so: untouched
    assert await ensure_namespace_retention(dev_env.client, namespace, 30) == timedelta(days=90)
    assert await ensure_namespace_retention(dev_env.client, namespace, 90) == timedelta(days=30)


async def test_a_starting_worker_registers_the_schedule_and_sets_temporals_retention_and_never_fails_on_them(
    dev_env: WorkflowEnvironment, integration_worker: tuple[str, object]
) -> None:
    from structlog.testing import capture_logs
    from temporalio.client import Client

    from worker import register_retention

    task_queue, _ = integration_worker
    namespace = dev_env.client.namespace
    await ensure_namespace_retention(dev_env.client, namespace, 30)
    settings = load_settings(
        task_queue=task_queue,
        temporal_namespace=namespace,
        temporal_manage_retention=True,
        retention_interval_hours=8,
        retention_messages_days=90,
    )
    await register_retention(dev_env.client, settings)
    schedule = (await dev_env.client.get_schedule_handle(RETENTION_SCHEDULE_ID).describe()).schedule
    assert [spec.every for spec in schedule.spec.intervals] == [timedelta(hours=8)]
    assert await ensure_namespace_retention(dev_env.client, namespace, 90) is None  # the worker set it

    elsewhere = Client(dev_env.client.service_client, namespace="no-such-namespace")
    with capture_logs() as logged:
        await register_retention(elsewhere, settings.model_copy(update={"temporal_namespace": "no-such-namespace"}))
    assert [(line["event"], line["log_level"]) for line in logged] == [
        ("retention schedule not registered", "warning"),
        ("namespace retention not set", "warning"),
    ]
    await ensure_retention_schedule(dev_env.client, load_settings(task_queue=task_queue))  # back to the default
