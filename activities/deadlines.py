"""Deadline computation as a (local) activity: the calendar lives outside the workflow sandbox.

DESIGN.md: ``ZoneInfo`` fails inside the sandbox and a holidays release must not change a
running thread's deadline on replay; running the clock here records its result in history.
"""

from __future__ import annotations

from datetime import datetime

from temporalio import activity
from temporalio.exceptions import ApplicationError

from rules.calendar import calendar_for
from rules.deadlines import DeadlineRequest, DeadlineSchedule, WorkingDayRequest, deadline_schedule
from rules.markets import Market, MarketProfile, MarketRegistry, UnknownMarketError


class DeadlineActivities:
    """Bound to the worker's market registry, so a market override in settings applies."""

    def __init__(self, markets: MarketRegistry) -> None:
        self._markets = markets

    def _market(self, code: str) -> Market:
        try:
            return self._markets.get(code)
        except UnknownMarketError as exc:
            # Retrying cannot make an unknown market known: fail once with the reason.
            raise ApplicationError(str(exc), type="UnknownMarket", non_retryable=True) from None

    @activity.defn(name="compute_deadlines")
    def compute_deadlines(self, request: DeadlineRequest) -> DeadlineSchedule:
        return deadline_schedule(self._market(request.market), request)

    @activity.defn(name="describe_market")
    def describe_market(self, code: str) -> MarketProfile:
        """Languages, currency and zone of a market, as this worker's settings define it (R1.6)."""
        return self._market(code).profile()

    @activity.defn(name="next_working_day")
    def next_working_day(self, request: WorkingDayRequest) -> datetime:
        """One working day of the market after ``request.after`` (R5.3: when an undecided case reminds ops)."""
        calendar = calendar_for(self._market(request.market))
        return calendar.due_instant(request.after, hours=calendar.working_day_hours)
