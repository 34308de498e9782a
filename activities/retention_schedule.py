"""The retention schedule (issue 19) and Temporal's own retention of closed workflows, as the
worker registers them at start (``worker.run_worker``: so ``make run`` and every deployment do).

``ensure_retention_schedule`` creates the schedule ``helpdesk-retention`` (the ``RetentionSweep``
workflow every interval, a run skipped while the last still runs), or brings an existing one to the
given interval and task queue; calling it again, or from two processes at once, is harmless.
``ensure_namespace_retention`` sets how long Temporal keeps a closed workflow's history, to match
the store's ``HELPDESK_RETENTION_MESSAGES_DAYS``. Here rather than in ``starter/client`` because
the worker may not import the ways in (docs/architecture.md); ``starter/client/retention.py``
wraps them with the settings and adds running the sweep now and its status.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta

from google.protobuf.duration_pb2 import Duration
from temporalio.api.namespace.v1 import NamespaceConfig
from temporalio.api.workflowservice.v1 import DescribeNamespaceRequest, UpdateNamespaceRequest
from temporalio.client import (
    Client,
    Schedule,
    ScheduleActionStartWorkflow,
    ScheduleAlreadyRunningError,
    ScheduleIntervalSpec,
    ScheduleOverlapPolicy,
    SchedulePolicy,
    ScheduleSpec,
    ScheduleState,
    ScheduleUpdate,
    ScheduleUpdateInput,
)
from temporalio.service import RPCError, RPCStatusCode

from contract.retention import RETENTION_SCHEDULE_ID, RETENTION_SWEEP, RETENTION_WORKFLOW_ID

NOTE = "issue 19: removes personal texts of closed threads after their periods (docs/privacy.md, Retention)"
RACE_ATTEMPTS = 5


def retention_schedule(task_queue: str, every: timedelta) -> Schedule:
    """The schedule as the settings want it."""
    return Schedule(
        action=ScheduleActionStartWorkflow(
            RETENTION_SWEEP,
            id=RETENTION_WORKFLOW_ID,
            task_queue=task_queue,
            static_summary="retention sweep (issue 19)",
        ),
        spec=ScheduleSpec(intervals=[ScheduleIntervalSpec(every=every)]),
        policy=SchedulePolicy(overlap=ScheduleOverlapPolicy.SKIP),
        state=ScheduleState(note=NOTE),
    )


def _matches(current: Schedule, wanted: Schedule) -> bool:
    action, want = current.action, wanted.action
    assert isinstance(want, ScheduleActionStartWorkflow)
    return (
        isinstance(action, ScheduleActionStartWorkflow)
        and (action.workflow, action.id, action.task_queue) == (want.workflow, want.id, want.task_queue)
        and [spec.every for spec in current.spec.intervals] == [spec.every for spec in wanted.spec.intervals]
        and not current.spec.calendars
        and not current.spec.cron_expressions
        and current.policy.overlap == wanted.policy.overlap
    )


async def ensure_retention_schedule(client: Client, *, task_queue: str, every: timedelta) -> str:
    """Create the schedule, or update it to these: ``"created"``, ``"updated"`` or ``"unchanged"``.

    Ops' pause (and its note) survives an update. Two processes racing: one creates, the other
    finds it and updates it if needed; an update that loses a race to another is tried again.
    """
    wanted = retention_schedule(task_queue, every)
    try:
        await client.create_schedule(RETENTION_SCHEDULE_ID, wanted)
        return "created"
    except ScheduleAlreadyRunningError:
        pass
    handle = client.get_schedule_handle(RETENTION_SCHEDULE_ID)
    changed = False

    def update(given: ScheduleUpdateInput) -> ScheduleUpdate | None:
        nonlocal changed
        current = given.description.schedule
        changed = not _matches(current, wanted)
        return ScheduleUpdate(schedule=replace(wanted, state=current.state)) if changed else None

    for attempt in range(RACE_ATTEMPTS):
        try:
            await handle.update(update)
            break
        except RPCError as error:  # another process updated it between our read and write
            if error.status != RPCStatusCode.FAILED_PRECONDITION or attempt == RACE_ATTEMPTS - 1:
                raise
            await asyncio.sleep(0.2 * (attempt + 1))
    return "updated" if changed else "unchanged"


async def ensure_namespace_retention(client: Client, namespace: str, days: int) -> timedelta | None:
    """Set the namespace's retention of closed workflows to ``days``; the previous value when it
    changed, ``None`` when it already was."""
    wanted = timedelta(days=days)
    described = await client.workflow_service.describe_namespace(DescribeNamespaceRequest(namespace=namespace))
    current = described.config.workflow_execution_retention_ttl.ToTimedelta()
    if current == wanted:
        return None
    await client.workflow_service.update_namespace(
        UpdateNamespaceRequest(
            namespace=namespace,
            config=NamespaceConfig(workflow_execution_retention_ttl=Duration(seconds=int(wanted.total_seconds()))),
        )
    )
    return current
