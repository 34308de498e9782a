"""What a seller (and ops) see of the seller's service: Discussions (R3.2) and the metrics report.

Models and the pure arithmetic; the queries are in ``store.repository`` and the assembly with
the market calendars in ``starter.client.seller_views``.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from datetime import datetime, timedelta

from pydantic import AwareDatetime, Field

from contract.threads import UnansweredMessage, _Model
from rules.kinds import ThreadState

REPORT_WINDOWS = (7, 30, 90)  # days


class DiscussionEntry(_Model):
    """One open thread in the seller's Discussions (R3.2)."""

    thread_id: str
    order_id: str
    market: str
    state: ThreadState
    due_at: AwareDatetime | None
    working_hours_left: float | None = Field(description="from now to the deadline, in the market's working hours")
    unanswered: tuple[UnansweredMessage, ...]
    refused_replies: int
    last_refusal: list[dict[str, object]] | None = Field(
        default=None, description="findings of the latest refused reply"
    )


class WindowMetrics(_Model):
    """One window of the seller report, in working hours of each thread's market."""

    days: int
    replies: int = Field(description="accepted replies that answered a waiting buyer (all before the deadline)")
    breaches: int = Field(description="deadlines missed (R1.4 reply_deadline_missed)")
    on_time_rate: float | None = Field(description="replies / (replies + breaches); None when neither happened")
    median_response_hours: float | None
    p90_response_hours: float | None
    violations: dict[str, int] = Field(description="violations that stand, by kind")
    takeovers: dict[str, int]
    overturned: dict[str, int] = Field(
        default={}, description="violations an appeal overturned (issue 20), by kind: not counted above"
    )


class SellerReport(_Model):
    seller_id: str
    as_of: AwareDatetime
    windows: tuple[WindowMetrics, ...]
    response_hours_90d: tuple[float, ...] = Field(description="every response time of the 90-day window, for the chart")


def median_and_p90(hours: Sequence[float]) -> tuple[float | None, float | None]:
    """Median, and the 90th percentile by linear interpolation between closest ranks (``statistics``
    'inclusive' method: the p90 of 1..10 is 9.1); None for no data."""
    if not hours:
        return None, None
    if len(hours) == 1:
        return hours[0], hours[0]
    return round(statistics.median(hours), 2), round(statistics.quantiles(hours, n=10, method="inclusive")[8], 2)


def window_metrics(
    days: int,
    response_hours: Sequence[float],
    breaches: int,
    violations: dict[str, int],
    takeovers: dict[str, int],
    overturned: dict[str, int] | None = None,
) -> WindowMetrics:
    replies = len(response_hours)
    median, p90 = median_and_p90(sorted(response_hours))
    total = replies + breaches
    return WindowMetrics(
        days=days,
        replies=replies,
        breaches=breaches,
        on_time_rate=round(replies / total, 4) if total else None,
        median_response_hours=median,
        p90_response_hours=p90,
        violations=violations,
        takeovers=takeovers,
        overturned=overturned or {},
    )


def since(as_of: datetime, days: int) -> datetime:
    return as_of - timedelta(days=days)
