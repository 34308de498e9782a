"""Seller absences (R4) on the wire: the announcement, the workflow's id and inputs, its status.
The working days and the notice are the rulebook's (``rules/absences.py``)."""

from __future__ import annotations

from datetime import date

from pydantic import AwareDatetime, Field, ValidationInfo, field_validator

from contract.threads import Day, Identifier, MarketCode, _Model
from rules.absences import AbsencePlan
from rules.kinds import AbsenceState

SELLER_ABSENCE = "SellerAbsence"


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


class PlanRequest(_Model):
    market: str
    first_day: date
    last_day: date
    at: AwareDatetime


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
