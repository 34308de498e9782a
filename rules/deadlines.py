"""The deadline schedule of R1.1 and R1.3: due instant and the two reminder instants.

Computed once per oldest unanswered message by a local activity, so the instants are recorded
in workflow history and a new ``holidays`` release or a changed setting never breaks replay.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from rules.calendar import calendar_for
from rules.markets import Market, MarketProfile


class DeadlineRequest(BaseModel):
    """What the thread knows when a clock starts or its market changes (R1.6)."""

    model_config = ConfigDict(frozen=True)

    market: str = Field(description="market code, e.g. FR")
    received_at: AwareDatetime = Field(description="when the platform received the oldest unanswered message")
    reply_working_hours: float = Field(default=24.0, gt=0, description="R1.1")
    reminder_hours_left: float = Field(default=4.0, gt=0, description="R1.3")
    half_time_share: float = Field(
        default=0.5, gt=0, lt=1, description="R1.3 first reminder: this share of the hours used"
    )


class WorkingDayRequest(BaseModel):
    """When is one working day of ``market`` after ``after``? (R5.3 ops reminders)."""

    model_config = ConfigDict(frozen=True)

    market: str
    after: AwareDatetime


class DeadlineSchedule(BaseModel):
    """Instants in the market's zone; reminders are None when they would not precede the deadline."""

    model_config = ConfigDict(frozen=True)

    market: str
    market_profile: MarketProfile = Field(description="the market as the worker computed with (R1.6)")
    received_at: AwareDatetime
    due_at: AwareDatetime
    half_time_reminder_at: AwareDatetime | None
    hours_left_reminder_at: AwareDatetime | None
    working_intervals: tuple[tuple[AwareDatetime, AwareDatetime], ...] = Field(
        default=(), description="the working time from received_at to due_at, for 'working hours left'"
    )

    def working_hours_left(self, now: datetime) -> float:
        return working_hours_left(self.working_intervals, now)

    def working_hours_used(self, now: datetime) -> float:
        """Working hours from ``received_at`` to ``now`` (a reply's response time, in R1's hours)."""
        total = sum((end - start).total_seconds() for start, end in self.working_intervals) / 3600
        return round(total - self.working_hours_left(now), 4)


def working_hours_left(intervals: tuple[tuple[datetime, datetime], ...], now: datetime) -> float:
    """Working hours from ``now`` to the end of ``intervals``: plain arithmetic, safe in a workflow."""
    left = sum(((end - max(start, now)).total_seconds() for start, end in intervals if end > now), 0.0)
    return round(left / 3600, 4)


def deadline_schedule(market: Market, request: DeadlineRequest) -> DeadlineSchedule:
    """R1.1 due instant; R1.3 reminders when half the time is used and when N working hours are left."""
    calendar = calendar_for(market)
    hours = request.reply_working_hours
    due_at = calendar.due_instant(request.received_at, hours)
    half = calendar.due_instant(request.received_at, hours * request.half_time_share)
    left = (
        calendar.due_instant(request.received_at, hours - request.reminder_hours_left)
        if request.reminder_hours_left < hours
        else None
    )
    return DeadlineSchedule(
        market=market.code,
        market_profile=market.profile(),
        received_at=request.received_at,
        due_at=due_at,
        half_time_reminder_at=half,
        hours_left_reminder_at=left,
        working_intervals=tuple(calendar.working_intervals_between(request.received_at, due_at)),
    )
