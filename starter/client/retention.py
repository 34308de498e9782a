"""Retention (issue 19) from the ways in: the schedule as the settings want it, a run now, its status.

The schedule itself is defined in ``activities/retention_schedule.py``, which the worker calls at
start; ``ensure_retention_schedule`` here is the same with the settings, for the CLI and tests.
``run_now`` triggers the schedule and waits for the run's summary (``helpdesk retention run``);
``status`` gives the next runs and the last runs' summaries (``helpdesk retention status``).
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from temporalio.client import (
    Client,
    ScheduleActionExecutionStartWorkflow,
    ScheduleDescription,
    WorkflowExecutionStatus,
)
from temporalio.service import RPCError, RPCStatusCode

from activities import retention_schedule
from config import Settings
from contract.retention import RETENTION_SCHEDULE_ID, RetentionSummary
from errors import NotFound, Unavailable


class RetentionScheduleMissing(NotFound):
    """No schedule ``helpdesk-retention``: the worker registers it when it starts."""


class RetentionRunNotStarted(Unavailable):
    """The schedule was triggered but no run showed up."""


def interval(settings: Settings) -> timedelta:
    """``HELPDESK_RETENTION_INTERVAL_HOURS`` as the schedule's interval (whole seconds)."""
    return timedelta(seconds=round(settings.retention_interval_hours * 3600))


async def ensure_retention_schedule(client: Client, settings: Settings) -> str:
    """Create the schedule ``helpdesk-retention`` or bring it to ``settings`` (interval, task
    queue): ``"created"``, ``"updated"`` or ``"unchanged"``; idempotent, safe to race."""
    return await retention_schedule.ensure_retention_schedule(
        client, task_queue=settings.task_queue, every=interval(settings)
    )


async def ensure_namespace_retention(client: Client, settings: Settings) -> timedelta | None:
    """The namespace's retention of closed workflows set to ``HELPDESK_RETENTION_MESSAGES_DAYS``;
    the previous value when it changed."""
    return await retention_schedule.ensure_namespace_retention(
        client, settings.temporal_namespace, settings.retention_messages_days
    )


async def describe_schedule(client: Client) -> ScheduleDescription:
    try:
        return await client.get_schedule_handle(RETENTION_SCHEDULE_ID).describe()
    except RPCError as error:
        if error.status == RPCStatusCode.NOT_FOUND:
            raise RetentionScheduleMissing(
                f"no schedule {RETENTION_SCHEDULE_ID}: start the worker (it registers it), or `make run`"
            ) from None
        raise


async def run_now(client: Client, timeout: timedelta = timedelta(seconds=30)) -> RetentionSummary:
    """Trigger the schedule and wait for its run's summary; when a run is already going (the
    schedule skips overlaps), wait for that one."""
    handle = client.get_schedule_handle(RETENTION_SCHEDULE_ID)
    before = await describe_schedule(client)
    seen = {_workflow_of(result.action) for result in before.info.recent_actions}
    await handle.trigger()
    deadline = asyncio.get_running_loop().time() + timeout.total_seconds()
    while True:
        info = (await describe_schedule(client)).info
        started = [_workflow_of(r.action) for r in info.recent_actions if _workflow_of(r.action) not in seen]
        running = [_workflow_of(action) for action in info.running_actions]
        run = (started or running or [None])[-1]
        if run is not None:
            workflow_id, run_id = run
            result: RetentionSummary = await client.get_workflow_handle(
                workflow_id, first_execution_run_id=run_id, result_type=RetentionSummary
            ).result()
            return result
        if asyncio.get_running_loop().time() > deadline:
            raise RetentionRunNotStarted(f"schedule {RETENTION_SCHEDULE_ID} was triggered but started no run")
        await asyncio.sleep(0.2)


def _workflow_of(action: Any) -> tuple[str, str] | None:
    if isinstance(action, ScheduleActionExecutionStartWorkflow):
        return action.workflow_id, action.first_execution_run_id
    return None


async def status(client: Client, last: int = 5) -> dict[str, Any]:
    """The schedule's interval, next runs, and its last runs with their summaries (JSON-ready)."""
    description = await describe_schedule(client)
    schedule, info = description.schedule, description.info
    runs = []
    for result in list(info.recent_actions)[-last:] if last else []:
        run = _workflow_of(result.action)
        entry: dict[str, Any] = {"scheduled_at": _iso(result.scheduled_at), "started_at": _iso(result.started_at)}
        if run is not None:
            entry.update(await _run_outcome(client, *run))
        runs.append(entry)
    return {
        "schedule_id": RETENTION_SCHEDULE_ID,
        "interval_hours": [spec.every.total_seconds() / 3600 for spec in schedule.spec.intervals],
        "paused": schedule.state.paused,
        "note": schedule.state.note,
        "next_runs": [_iso(at) for at in info.next_action_times],
        "running": [run[0] for run in map(_workflow_of, info.running_actions) if run is not None],
        "runs_skipped_overlap": info.num_actions_skipped_overlap,
        "last_runs": runs,
    }


async def _run_outcome(client: Client, workflow_id: str, run_id: str) -> dict[str, Any]:
    handle = client.get_workflow_handle(workflow_id, first_execution_run_id=run_id, result_type=RetentionSummary)
    try:
        described = await handle.describe()
    except RPCError as error:
        if error.status == RPCStatusCode.NOT_FOUND:  # past Temporal's retention
            return {"workflow_id": workflow_id, "status": "expired"}
        raise
    outcome: dict[str, Any] = {
        "workflow_id": workflow_id,
        "status": described.status.name.lower() if described.status else None,
    }
    if described.status == WorkflowExecutionStatus.COMPLETED:
        outcome["summary"] = (await handle.result()).model_dump(mode="json")
    elif described.status == WorkflowExecutionStatus.CONTINUED_AS_NEW:
        outcome["status"] = "running"
    return outcome


def _iso(at: datetime | None) -> str | None:
    return None if at is None else at.astimezone(UTC).isoformat()
