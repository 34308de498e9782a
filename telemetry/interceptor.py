"""A worker interceptor that binds each activity's ids to every log line it writes.

An activity runs in the worker's thread pool; the SDK copies the caller's contextvars into the
thread, so ids bound here reach structlog and standard-library lines alike (the store, the
adapters). One line per activity: DEBUG when it completes, WARNING with the error's type (never
its message, which for a database error holds the row, and so the buyer's text) when it fails.
"""

from __future__ import annotations

import time
from typing import Any

import structlog
from temporalio import activity
from temporalio.worker import ActivityInboundInterceptor, ExecuteActivityInput, Interceptor

from telemetry.ids import log_ids
from telemetry.logging import get_logger

log = get_logger("helpdesk.activity")


class ActivityLogIds(Interceptor):
    def intercept_activity(self, next: ActivityInboundInterceptor) -> ActivityInboundInterceptor:
        return _BindIds(next)


class _BindIds(ActivityInboundInterceptor):
    async def execute_activity(self, input: ExecuteActivityInput) -> Any:
        info = activity.info()
        ids = log_ids(
            {
                "workflow_id": info.workflow_id,
                "workflow_run_id": info.workflow_run_id,
                "workflow_type": info.workflow_type,
                "activity_type": info.activity_type,
            }
        )
        with structlog.contextvars.bound_contextvars(**ids):
            started = time.monotonic()
            try:
                result = await self.next.execute_activity(input)
            except Exception as error:
                log.warning(
                    "activity failed", error_type=type(error).__name__, attempt=info.attempt, local=info.is_local
                )
                raise
            log.debug(
                "activity done",
                ms=round((time.monotonic() - started) * 1000, 1),
                attempt=info.attempt,
                local=info.is_local,
            )
            return result
