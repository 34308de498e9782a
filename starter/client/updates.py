"""Sending a workflow update so that nothing is lost in flight.

The server aborts an update whose workflow task failed (a buyer message arriving while a thread
continues-as-new fails that task by design), one that reached a run as it closed, and forgets the
ones in flight when it restarts (the chaos run found it: tests/chaos). Every
update of this system is idempotent (a reply by its ``message_id``, a market change by its
market, a case event by its ``event_id``, a decision refused once made), so sending it again to
the current run is safe and loses nothing.
"""

from __future__ import annotations

import asyncio
from typing import Any, TypeVar

from temporalio.client import WorkflowExecutionStatus, WorkflowHandle
from temporalio.service import RPCError, RPCStatusCode

UPDATE_ATTEMPTS = 5


T = TypeVar("T")


def dropped_in_flight(error: RPCError) -> bool:
    """The server gave up on an update it had not applied: its workflow task failed, or its run closed."""
    return (error.status == RPCStatusCode.FAILED_PRECONDITION and "workflow task failure" in error.message) or (
        error.status == RPCStatusCode.NOT_FOUND and "already completed" in error.message
    )


async def lost_by_the_server(handle: WorkflowHandle[Any, Any], error: RPCError) -> bool:
    """NOT_FOUND for an update of a workflow that is running: the server lost the update it had
    accepted (its update registry is in memory: a frontend or history restart empties it, seen
    here when the dev server restarts mid-update). The workflow is there, so send it again."""
    if error.status != RPCStatusCode.NOT_FOUND:
        return False
    try:
        description = await handle.describe()
    except RPCError:
        return False
    return description.status == WorkflowExecutionStatus.RUNNING


async def execute_update(handle: WorkflowHandle[Any, Any], name: str, payload: Any, result_type: type[T]) -> T:
    """``handle.execute_update``, sent again (with backoff) while the server dropped it in flight."""
    for attempt in range(UPDATE_ATTEMPTS - 1):
        try:
            return await handle.execute_update(name, payload, result_type=result_type)
        except RPCError as error:
            if not (dropped_in_flight(error) or await lost_by_the_server(handle, error)):
                raise
            await asyncio.sleep(0.05 * 2**attempt)
    return await handle.execute_update(name, payload, result_type=result_type)
