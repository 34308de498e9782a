"""Retention (issue 19): the sweep that removes personal texts a set time after a thread closed.

The schedule ``helpdesk-retention`` starts the ``RetentionSweep`` workflow every
``HELPDESK_RETENTION_INTERVAL_HOURS``; the workflow runs one batch of one kind at a time
(``RetentionBatch``) until none is left of every kind, then returns a ``RetentionSummary``:
counts and periods, never a text or an id.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from contract.threads import _Model

RETENTION_SWEEP = "RetentionSweep"
RETENTION_SCHEDULE_ID = "helpdesk-retention"
RETENTION_WORKFLOW_ID = "retention-sweep"
"""The id the schedule starts its runs under (Temporal appends the scheduled time)."""

RETENTION_KINDS = ("messages", "events", "case_notes", "threads", "inbound", "access_log")
"""In the order a run sweeps them (``store.repository.personal_data.RetentionKind``): each
thread-scoped kind after its own period, then ``threads`` (everything left, the thread marked)
once the longest of those periods is over, then the rows counted from their own instant."""


class RetentionBatch(_Model):
    """One batch of one kind: what was older than its period at ``now`` (the run's start)."""

    kind: str = Field(description="one of RETENTION_KINDS")
    now: datetime


class RetentionBatchResult(_Model):
    kind: str
    period_days: int = Field(description="the period the worker's settings give this kind")
    removed: dict[str, int] = Field(description="per kind of record (RemovedCounts), only those above 0")
    done: bool = Field(description="nothing of this kind is left: the run goes on to the next kind")


class RetentionProgress(_Model):
    """A run so far, carried across continue-as-new."""

    started_at: datetime
    kinds_done: tuple[str, ...] = ()
    batches: int = 0
    periods: dict[str, int] = {}
    removed: dict[str, int] = {}


class RetentionSummary(_Model):
    """What one run removed: counts per kind of record and the periods applied; no personal data."""

    started_at: datetime
    finished_at: datetime
    batches: int
    periods: dict[str, int] = Field(description="days per swept kind, as the worker's settings gave them")
    removed: dict[str, int] = Field(description="rows or texts removed per kind of record")
    deferred_erasures_completed: int = Field(description="buyer erasures that waited for a thread to close")
