"""RetentionSweep: the personal texts of closed threads go once their periods are over (issue 19).

Started by the schedule ``helpdesk-retention`` (``starter/client/retention.py``). For each kind
of record in turn (``RETENTION_KINDS``) it runs batches (``sweep_retention_batch``: at most
``HELPDESK_RETENTION_BATCH_SIZE`` threads or rows, one transaction) until the activity finds none
left, then completes the buyer erasures that waited for a thread to close, and returns what it
removed, counted per kind of record (never a text or an id).

Idempotent and resumable: every batch selects only what still carries a text, so a retried
activity, a run that failed half way or the next scheduled run carries on where the last stopped.
Every run's cutoff is its start (``workflow.now()``). A long backlog continues-as-new with the
counts so far (``RetentionProgress``), so its history stays short.
"""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow
from temporalio.common import RawValue, RetryPolicy
from temporalio.exceptions import ActivityError

from workflows.refusals import NO_PAYLOAD, decoded

with workflow.unsafe.imports_passed_through():
    from contract.retention import (
        RETENTION_KINDS,
        RETENTION_SWEEP,
        RetentionBatch,
        RetentionBatchResult,
        RetentionProgress,
        RetentionSummary,
    )

SWEEP_RETRY = RetryPolicy(initial_interval=timedelta(seconds=1), maximum_interval=timedelta(minutes=1))
BATCH_TIMEOUT = timedelta(minutes=5)
ERASURES_TIMEOUT = timedelta(minutes=30)
ERASURES_HEARTBEAT = timedelta(minutes=5)
"""The activity heartbeats after each buyer; one buyer's erasure is a few calls to Temporal and the store."""
ERASURES_RETRY = RetryPolicy(initial_interval=timedelta(seconds=5), maximum_attempts=3)
CONTINUE_AFTER_BATCHES = 500
"""A run with more batches than this continues as new (about 3 history events each)."""


@workflow.defn(name=RETENTION_SWEEP)
class RetentionSweep:
    @workflow.run
    async def run(self, raw: RawValue = NO_PAYLOAD) -> RetentionSummary:
        """No input from the schedule; ``raw``: a ``RetentionProgress`` when continued as new."""
        progress = (
            RetentionProgress(started_at=workflow.now())
            if raw is NO_PAYLOAD
            else decoded(raw, RetentionProgress, "RetentionSweep input")
        )
        kinds_done = list(progress.kinds_done)
        periods = dict(progress.periods)
        removed = dict(progress.removed)
        batches_here = 0
        for kind in RETENTION_KINDS:
            if kind in kinds_done:
                continue
            while True:
                if batches_here >= CONTINUE_AFTER_BATCHES or workflow.info().is_continue_as_new_suggested():
                    workflow.continue_as_new(
                        RetentionProgress(
                            started_at=progress.started_at,
                            kinds_done=tuple(kinds_done),
                            batches=progress.batches + batches_here,
                            periods=periods,
                            removed=removed,
                        )
                    )
                result = await workflow.execute_activity(
                    "sweep_retention_batch",
                    RetentionBatch(kind=kind, now=progress.started_at),
                    result_type=RetentionBatchResult,
                    start_to_close_timeout=BATCH_TIMEOUT,
                    retry_policy=SWEEP_RETRY,
                    summary=f"retention: a batch of {kind}",
                )
                batches_here += 1
                periods[kind] = result.period_days
                for name, count in result.removed.items():
                    removed[name] = removed.get(name, 0) + count
                if result.done:
                    kinds_done.append(kind)
                    break
        try:
            erasures = await workflow.execute_activity(
                "complete_deferred_erasures",
                result_type=int,
                start_to_close_timeout=ERASURES_TIMEOUT,
                heartbeat_timeout=ERASURES_HEARTBEAT,
                retry_policy=ERASURES_RETRY,
                summary="retention: buyer erasures that waited for a thread to close",
            )
        except (
            ActivityError
        ):  # the sweep still ends (or the schedule would skip every later run); the next run retries them
            erasures = 0
        summary = RetentionSummary(
            started_at=progress.started_at,
            finished_at=workflow.now(),
            batches=progress.batches + batches_here,
            periods=periods,
            removed=removed,
            deferred_erasures_completed=erasures,
        )
        await workflow.execute_activity(
            "log_retention_run",
            summary,
            start_to_close_timeout=timedelta(seconds=30),
            retry_policy=SWEEP_RETRY,
            summary="retention: the run's log line",
        )
        return summary
