"""Activity options, defined once for every workflow: how long a kind of activity may take and how
it is retried. Typed, so that ``**STORE`` type-checks against the SDK's ``execute_activity``.

Changing a timeout or a retry policy is safe for running workflows (replay compares the commands,
not their options)."""

from __future__ import annotations

from datetime import timedelta
from typing import TypedDict

from temporalio.common import RetryPolicy


class ActivityOptions(TypedDict, total=False):
    start_to_close_timeout: timedelta
    retry_policy: RetryPolicy


# Local activities: pure look-ups in the worker (the clock, market profiles) and the store's
# records a thread awaits before it answers; retried every few seconds at most.
LOCAL: ActivityOptions = {
    "start_to_close_timeout": timedelta(seconds=10),
    "retry_policy": RetryPolicy(maximum_interval=timedelta(seconds=10)),
}
# The store and the event log: notices, ops cases, flags, decisions.
STORE: ActivityOptions = {"start_to_close_timeout": timedelta(seconds=30)}
# The ledger's charge (R5.6): retried from a second on, the timeout given by the order.
CHARGE_RETRY = RetryPolicy(initial_interval=timedelta(seconds=1), maximum_interval=timedelta(minutes=5))
# A provider outside (carrier, payments): slower, and backed off further when it is down.
PROVIDER: ActivityOptions = {
    "start_to_close_timeout": timedelta(seconds=60),
    "retry_policy": RetryPolicy(initial_interval=timedelta(seconds=2), maximum_interval=timedelta(minutes=10)),
}
