"""Retention's batches (issue 19): one kind, one batch, one transaction, its counts in the metrics.

Each call removes at most ``batch_size`` threads (or rows) of what is older than its kind's period
and commits; the next call selects only what still carries a text, so a retried call or a crashed
run resumes where it was and counts nothing twice. The periods are the worker's settings
(``worker.retention_periods``), so a changed setting applies from the next batch.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

import structlog
from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity

from contract.retention import RETENTION_KINDS, RetentionBatch, RetentionBatchResult, RetentionSummary
from store.db import transaction
from store.repository.personal_data import RetentionKind, sweep

log = structlog.stdlib.get_logger("helpdesk.retention")  # lazy: configured by the worker (telemetry/logging.py)
REMOVED_METRIC = "helpdesk_retention_removed"
THREAD_KINDS = (RetentionKind.MESSAGES, RetentionKind.EVENTS, RetentionKind.CASE_NOTES)


def thread_period(periods: Mapping[str, int]) -> int:
    """A thread loses every text left, and is marked, once the longest of its kinds' periods is over."""
    return max(periods[kind] for kind in THREAD_KINDS)


class RetentionActivities:
    def __init__(self, sessions: sessionmaker[Session], periods: Mapping[str, int], batch_size: int) -> None:
        missing = {kind for kind in RETENTION_KINDS if kind != RetentionKind.THREADS} - set(periods)
        if missing:
            raise ValueError(f"retention periods missing for {sorted(missing)}")
        self._sessions = sessions
        self._periods = {**periods, RetentionKind.THREADS.value: thread_period(periods)}
        self._batch_size = batch_size

    @activity.defn(name="sweep_retention_batch")
    def sweep_batch(self, batch: RetentionBatch) -> RetentionBatchResult:
        """Remove one batch of ``batch.kind`` older than its period at ``batch.now``; count it."""
        kind = RetentionKind(batch.kind)
        days = self._periods[kind.value]
        with transaction(self._sessions) as session:
            swept = sweep(session, kind, now=batch.now, older_than=timedelta(days=days), limit=self._batch_size)
        removed = {name: count for name, count in swept.removed.as_dict().items() if count}
        if removed:  # after the commit: a retry finds nothing left, so nothing is counted twice
            counter = activity.metric_meter().create_counter(
                REMOVED_METRIC, "personal texts and rows retention removed, by kind of record"
            )
            for name, count in removed.items():
                counter.add(count, {"kind": name})
        return RetentionBatchResult(kind=kind.value, period_days=days, removed=removed, done=swept.done)

    @activity.defn(name="log_retention_run")
    def log_run(self, summary: RetentionSummary) -> None:
        """One line per run, for the logs' dashboards: counts and periods, never a text or an id."""
        log.info(
            "retention.run",
            batches=summary.batches,
            removed=summary.removed,
            removed_total=sum(summary.removed.values()),
            periods=summary.periods,
            deferred_erasures_completed=summary.deferred_erasures_completed,
            seconds=round((summary.finished_at - summary.started_at).total_seconds(), 3),
        )
