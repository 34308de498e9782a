"""Seller absences (R4): an absence's length in working days and the notice it needs.

Pure: the working days and the local dates come from the market's calendar, so this runs in an
activity (the calendar needs ``zoneinfo`` and ``holidays``, which the workflow sandbox does not
give) and its answer is recorded in the workflow's history. The announcement and the other models
of an absence are the wire contract's (``contract/absences.py``).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from rules.calendar import calendar_for
from rules.markets import Market

NOTICE_DAYS = 14  # R4.2: calendar days of notice an absence of more than …
LONG_ABSENCE_WORKING_DAYS = 5  # … 5 working days needs


class AbsencePlan(BaseModel):
    """What the market's calendar says about an absence announced (or changed) at an instant."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    first_day: date
    last_day: date
    working_days: int = Field(description="R4.1: working days of the market between the days, inclusive")
    notice_days: int = Field(description="calendar days from the announcement's local date to the first day")
    late_notice: bool = Field(description="R4.2: more than 5 working days with less than 14 days' notice")
    starts_at: AwareDatetime = Field(description="local midnight starting the first day")
    ends_at: AwareDatetime = Field(description="local midnight ending the last day")
    today: date = Field(description="the local date of the instant asked about")


def plan_absence(
    market: Market,
    first_day: date,
    last_day: date,
    at: datetime,
    *,
    long_absence_working_days: int = LONG_ABSENCE_WORKING_DAYS,
    notice_days_needed: int = NOTICE_DAYS,
) -> AbsencePlan:
    """R4.1/R4.2 in the market's calendar; the two numbers of R4.2 are settings with these defaults."""
    calendar = calendar_for(market)
    zone = ZoneInfo(market.timezone)
    days = (last_day - first_day).days + 1
    working_days = sum(calendar.is_working_day(first_day + timedelta(days=n)) for n in range(days))
    today = at.astimezone(zone).date()
    notice_days = (first_day - today).days
    return AbsencePlan(
        first_day=first_day,
        last_day=last_day,
        working_days=working_days,
        notice_days=notice_days,
        late_notice=working_days > long_absence_working_days and notice_days < notice_days_needed,
        starts_at=datetime.combine(first_day, time(0), tzinfo=zone),
        ends_at=datetime.combine(last_day + timedelta(days=1), time(0), tzinfo=zone),
        today=today,
    )
