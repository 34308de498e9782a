"""Seller absences (R4): the announcement, its length in working days, and the notice it needs.

Pure: the working days and the local dates come from the market's calendar, so this runs in an
activity (the calendar needs ``zoneinfo`` and ``holidays``, which the workflow sandbox does not
give) and its answer is recorded in the workflow's history.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pydantic import AwareDatetime, Field, ValidationInfo, field_validator

from rules.calendar import calendar_for
from rules.contract import Day, Identifier, MarketCode, _Model
from rules.kinds import AbsenceState
from rules.markets import Market

SELLER_ABSENCE = "SellerAbsence"
NOTICE_DAYS = 14  # R4.2: calendar days of notice an absence of more than …
LONG_ABSENCE_WORKING_DAYS = 5  # … 5 working days needs


def absence_workflow_id(seller_id: str, first_day: date) -> str:
    return f"absence-{seller_id}-{first_day.isoformat()}"


class AbsenceAnnouncement(_Model):
    """R4.1: the seller's absence, first and last day inclusive, in the seller's home market."""

    seller_id: Identifier
    market: MarketCode = Field(description="the seller's home market, whose calendar counts the days")
    first_day: Day
    last_day: Day
    announced_at: AwareDatetime

    @field_validator("last_day")
    @classmethod
    def _ordered(cls, last_day: date, info: ValidationInfo) -> date:
        first_day = info.data.get("first_day")
        if first_day is not None and last_day < first_day:
            raise ValueError(f"last_day {last_day} is before first_day {first_day}")
        return last_day

    def same_absence(self, other: AbsenceAnnouncement) -> bool:
        """The same announcement sent again (whenever): same seller, market and days."""
        return (self.seller_id, self.market, self.first_day, self.last_day) == (
            other.seller_id,
            other.market,
            other.first_day,
            other.last_day,
        )


class AbsencePlan(_Model):
    """What the market's calendar says about an absence announced (or changed) at an instant."""

    first_day: date
    last_day: date
    working_days: int = Field(description="R4.1: working days of the market between the days, inclusive")
    notice_days: int = Field(description="calendar days from the announcement's local date to the first day")
    late_notice: bool = Field(description="R4.2: more than 5 working days with less than 14 days' notice")
    starts_at: AwareDatetime = Field(description="local midnight starting the first day")
    ends_at: AwareDatetime = Field(description="local midnight ending the last day")
    today: date = Field(description="the local date of the instant asked about")


class PlanRequest(_Model):
    market: str
    first_day: date
    last_day: date
    at: AwareDatetime


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


class AbsenceRecord(_Model):
    """The ``record_absence`` activity's input."""

    announcement: AbsenceAnnouncement
    plan: AbsencePlan


class AbsenceRecorded(_Model):
    overlaps: tuple[date, date] | None = Field(default=None, description="another announced absence it overlaps")
    open_threads: tuple[str, ...] = Field(default=(), description="the seller's open threads, for cover (R4.3)")


class AbsenceChange(_Model):
    """The ``change_absence`` activity's input: shortened (new plan) or cancelled (``cancelled_at``)."""

    seller_id: str
    first_day: date
    plan: AbsencePlan | None = None
    cancelled_at: AwareDatetime | None = None


class AbsenceShortening(_Model):
    """R4.5: the new last day (shorter, not in the past)."""

    last_day: Day


class AbsenceStatus(_Model):
    """The ``SellerAbsence`` workflow's ``status`` query, update results and result."""

    seller_id: str
    market: str
    first_day: date
    last_day: date
    state: AbsenceState
    announced_at: AwareDatetime
    working_days: int | None = None
    late_notice: bool | None = None
    starts_at: AwareDatetime | None = None
    ends_at: AwareDatetime | None = None
    cancelled_at: AwareDatetime | None = None
    refusal: str | None = None


class CoverRequest(_Model):
    seller_id: str
    at: AwareDatetime


class AbsenceCover(_Model):
    """R4.4: is the seller on an announced absence at the deadline, and was it announced in time?"""

    absent: bool
    late_notice: bool = False
    first_day: date | None = None
