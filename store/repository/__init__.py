"""Idempotent reads and writes the activities use; each takes the caller's ``Session``.

Temporal retries activities, and a retry may run concurrently with a slow first attempt. So
every write of a keyed fact is a single ``INSERT … ON CONFLICT DO NOTHING`` (or ``DO UPDATE`` for
the thread projection) on the natural key, never read-then-write: the database decides who wins,
and the loser reads the winner's row. Functions flush but never commit; the caller's
:func:`store.db.transaction` does.

One module per aggregate (threads, ledger, absences, cases, returns, statements and appeals, the seller's views, the API's
inbox, the API's read audit, which only appends); callers use them through this package:
``repository.record_message(session, …)``.
"""

from __future__ import annotations

from store.repository._common import Recorded
from store.repository.absences import (
    absence_at,
    cancel_absence,
    lock_seller,
    open_threads,
    overlapping_absence,
    record_absence,
    shorten_absence,
)
from store.repository.access_log import access_log, record_access
from store.repository.cases import decide_ops_case, flag_seller, open_ops_case, ops_case, seller_flags
from store.repository.erasure import erased_threads
from store.repository.inbox import (
    accept_inbound,
    count_attempt,
    mark_all_handed_over,
    mark_handed_over,
    pending_inbound,
)
from store.repository.ledger import add_ledger_entry, credit_charge, ledger_for_seller, ledger_for_thread
from store.repository.personal_data import RemovedCounts, remove_thread_texts
from store.repository.returns import (
    label_for,
    labels_for_thread,
    record_label,
    record_refund,
    refunds_for_thread,
    void_label,
)
from store.repository.seller_views import (
    refused_replies_by_thread,
    response_hours_since,
    takeover_counts_since,
    violation_counts_since,
)
from store.repository.statements import (
    appeal,
    appeal_of,
    appeals,
    charge_of,
    count_reminder,
    decide_appeal,
    issue_statement,
    lift_flag,
    open_appeal,
    overturn_violation,
    seller_statements,
    statement,
)
from store.repository.threads import (
    fingerprints_since,
    record_fingerprint,
    record_message,
    record_seller_reply,
    record_verdict,
    record_violation,
    thread_messages,
    thread_violations,
    upsert_thread,
)

__all__ = [
    "Recorded",
    "RemovedCounts",
    "absence_at",
    "accept_inbound",
    "access_log",
    "add_ledger_entry",
    "appeal",
    "appeal_of",
    "appeals",
    "cancel_absence",
    "count_attempt",
    "credit_charge",
    "decide_appeal",
    "decide_ops_case",
    "erased_threads",
    "fingerprints_since",
    "flag_seller",
    "issue_statement",
    "label_for",
    "labels_for_thread",
    "charge_of",
    "count_reminder",
    "ledger_for_seller",
    "ledger_for_thread",
    "lift_flag",
    "lock_seller",
    "mark_all_handed_over",
    "mark_handed_over",
    "open_appeal",
    "open_ops_case",
    "open_threads",
    "ops_case",
    "overlapping_absence",
    "overturn_violation",
    "pending_inbound",
    "record_absence",
    "record_access",
    "record_fingerprint",
    "record_label",
    "record_message",
    "record_refund",
    "record_seller_reply",
    "record_verdict",
    "record_violation",
    "refunds_for_thread",
    "refused_replies_by_thread",
    "remove_thread_texts",
    "response_hours_since",
    "seller_flags",
    "seller_statements",
    "shorten_absence",
    "statement",
    "takeover_counts_since",
    "thread_messages",
    "thread_violations",
    "upsert_thread",
    "violation_counts_since",
    "void_label",
]
