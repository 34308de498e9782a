"""The working-hours clock (RULES.md, Terms and R1): deadlines counted in a market's working time.

Working time is real elapsed time inside the market's working windows (00:00-24:00 local by
default) on working days: Monday to Friday except the market's public holidays as the pinned
``holidays`` package defines them. So 24 working hours is one full working day, and across a
DST change the hours are the ones that really pass.

Why own code and not a library: DESIGN.md measured businesstimedelta and pandas'
CustomBusinessHour at 40 s and 11 s per 100k deadlines and wrong on DST; a walk over days is
under a second. Internally every instant is an integer count of microseconds since the Unix
epoch, so the arithmetic is exact. Holidays are precomputed per year; from them each calendar
builds, once per local year it is asked about, a table of that year's working intervals with the
working time accumulated before each. A deadline is then two binary searches: the working time
already accumulated at ``received_at``, and the interval where that plus N hours is reached.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays as holidays_lib

from rules.markets import MINUTES_PER_DAY, Market

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_US = timedelta(microseconds=1)
_ONE_DAY = timedelta(days=1)
US_PER_HOUR = 3_600_000_000
# A deadline further away than this is a configuration error, not a date to search for.
MAX_SEARCH_YEARS = 40
MAX_HOURS = 24 * 366 * 20  # 20 years of full days: more than any rule asks, less than the search
_US_PER_MINUTE = 60_000_000
_US_PER_DAY = 86_400_000_000

Hours = float | int | Decimal | timedelta
Interval = tuple[int, int]  # [start, end) in epoch microseconds


class NaiveDatetimeError(ValueError):
    """An instant without a UTC offset: the clock cannot know which market time it means."""

    def __init__(self, field: str, value: datetime) -> None:
        self.field = field
        super().__init__(
            f"{field} must carry a UTC offset (e.g. {value.isoformat()}+01:00), got the naive {value.isoformat()}"
        )


class InvalidHoursError(ValueError):
    """A negative, non-finite or non-numeric number of working hours."""


def _to_us(value: datetime, field: str) -> int:
    try:
        return (value - _EPOCH) // _US  # the hot path: one C-level subtraction
    except TypeError:
        if isinstance(value, datetime):
            raise NaiveDatetimeError(field, value) from None
        raise TypeError(f"{field} must be a datetime, got {type(value).__name__}") from None


# Below 2**32 s (year 2106) a float of seconds is within 0.25 µs of the exact value, so
# ``fromtimestamp`` (which rounds to the microsecond) gives it back exactly and twice as fast.
_FAST_OUT_LIMIT_US = 2**32 * 1_000_000


def hours_to_us(hours: Hours, field: str = "hours") -> int:
    """Exact microseconds for a number of working hours; refuses negative and non-finite values."""
    if type(hours) is int:  # the common case (24), without Decimal
        amount = hours * US_PER_HOUR
    elif isinstance(hours, timedelta):
        amount = hours // _US
    elif isinstance(hours, bool) or not isinstance(hours, (int, float, Decimal)):
        raise InvalidHoursError(f"{field} must be a number of hours, got {hours!r}")
    else:
        exact = Decimal(str(hours)) if isinstance(hours, float) else Decimal(hours)
        if not exact.is_finite():
            raise InvalidHoursError(f"{field} must be a finite number of hours, got {hours!r}")
        amount = int(exact * US_PER_HOUR)
    if amount < 0:
        raise InvalidHoursError(f"{field} must not be negative, got {hours!r}")
    if amount > MAX_HOURS * US_PER_HOUR:
        raise InvalidHoursError(f"{field} must be at most {MAX_HOURS}, got {hours!r}")
    return amount


@lru_cache(maxsize=4096)
def public_holidays(country: str, subdiv: str | None, year: int) -> frozenset[date]:
    """The market's public holidays of one year, computed once per (country, subdivision, year)."""
    return frozenset(holidays_lib.country_holidays(country, subdiv=subdiv, years=year).keys())


class WorkingCalendar:
    """One market's working time. Safe to share across threads; build through ``calendar_for(market)``."""

    def __init__(self, market: Market) -> None:
        self.market = market
        self.zone: ZoneInfo = ZoneInfo(market.timezone)
        self._windows = tuple((w.start, w.end) for w in market.working_windows)
        self._years: dict[int, _Year] = {}
        # Built years sorted by start, for a binary search from an instant to its year. Replaced
        # whole (never mutated) when a year is added, so readers on other threads see a consistent pair.
        self._index: tuple[list[int], list[_Year]] = ([], [])
        self._lock = threading.Lock()

    # -- days -----------------------------------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        """Monday to Friday and not a public holiday of the market (R1, Terms)."""
        return day.weekday() < 5 and day not in public_holidays(
            self.market.holiday_country, self.market.holiday_subdiv, day.year
        )

    def _local_us(self, day: date, minute: int = 0) -> int:
        """The instant of a local wall-clock minute of ``day`` (1440 = the next midnight).

        A wall time skipped or repeated by a DST change resolves as zoneinfo does (fold=0).
        """
        if minute == MINUTES_PER_DAY:
            day, minute = day + _ONE_DAY, 0
        local = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=self.zone)
        return (local - _EPOCH) // _US

    def intervals(self, day: date) -> tuple[Interval, ...]:
        """The working intervals of a local day, in epoch microseconds; empty on non-working days."""
        if not self.is_working_day(day):
            return ()
        return tuple((self._local_us(day, s), self._local_us(day, e)) for s, e in self._windows)

    # -- the per-year tables ------------------------------------------------------------------------

    def _build_year(self, year: int) -> _Year:
        holidays = public_holidays(self.market.holiday_country, self.market.holiday_subdiv, year)
        starts: list[int] = []
        ends: list[int] = []
        before: list[int] = []
        after: list[int] = []
        total = 0
        day = date(year, 1, 1)
        midnight = lo = self._local_us(day)
        while day.year == year:
            following = day + _ONE_DAY
            next_midnight = self._local_us(following)
            if day.weekday() < 5 and day not in holidays:
                if next_midnight - midnight == _US_PER_DAY:  # no DST change that day: plain offsets
                    windows = [(midnight + s * _US_PER_MINUTE, midnight + e * _US_PER_MINUTE) for s, e in self._windows]
                else:
                    windows = [(self._local_us(day, s), self._local_us(day, e)) for s, e in self._windows]
                for begin, end in windows:
                    starts.append(begin)
                    ends.append(end)
                    before.append(total)
                    total += end - begin
                    after.append(total)
            day, midnight = following, next_midnight
        return _Year(year, lo, midnight, starts, ends, before, after, total)

    def _year(self, year: int) -> _Year:
        table = self._years.get(year)
        if table is None:
            if not 1 <= year <= 9998:
                raise ValueError(f"year {year} is outside the calendar of market {self.market.code}")
            built = self._build_year(year)
            with self._lock:
                table = self._years.setdefault(year, built)
                ordered = sorted(self._years.values(), key=lambda y: y.lo)
                self._index = ([y.lo for y in ordered], ordered)
        return table

    def _year_at(self, instant_us: int) -> _Year:
        bounds, years = self._index
        i = bisect_right(bounds, instant_us) - 1
        if i >= 0 and instant_us < years[i].hi:
            return years[i]
        return self._year((_EPOCH + instant_us * _US).astimezone(self.zone).year)

    def _next_year(self, table: _Year, origin: _Year) -> _Year:
        if table.year - origin.year >= MAX_SEARCH_YEARS:
            raise ValueError(f"no working time within {MAX_SEARCH_YEARS} years in market {self.market.code}")
        return self._year(table.year + 1)

    def _out(self, instant_us: int) -> datetime:
        if 0 <= instant_us < _FAST_OUT_LIMIT_US:
            return datetime.fromtimestamp(instant_us / 1_000_000, self.zone)
        return (_EPOCH + instant_us * _US).astimezone(self.zone)

    # -- the clock ------------------------------------------------------------------------------

    def due_instant(self, received_at: datetime, hours: Hours = 24) -> datetime:
        """The earliest instant at which ``hours`` working hours have passed since ``received_at``.

        R1.1: a message on Friday 15:00 is due Monday 15:00; one on Saturday at the end of Monday
        (Tuesday 00:00). Zero hours is ``received_at`` itself. The result is in the market's zone.
        """
        return self._out(self._due_us(_to_us(received_at, "received_at"), hours_to_us(hours)))

    def due_instants(self, received: Iterable[datetime], hours: Hours = 24) -> list[datetime]:
        """``due_instant`` for many instants with the same hours (the CLI, backfills), in order."""
        amount = hours_to_us(hours)
        return [self._out(self._due_us(_to_us(r, "received_at"), amount)) for r in received]

    def _due_us(self, start: int, amount: int) -> int:
        if amount == 0:
            return start
        # _year_at and _Year.accumulated inlined: this is the path every deadline takes.
        bounds, years = self._index
        i = bisect_right(bounds, start) - 1
        table = years[i] if i >= 0 and start < years[i].hi else self._year_at(start)
        ends = table.ends
        k = bisect_right(ends, start)
        if k == len(ends):
            target = table.total + amount
        else:
            begin = table.starts[k]
            target = table.before[k] + (start - begin if start > begin else 0) + amount
        origin = table
        while target > table.total:  # the deadline lies in a later year
            target -= table.total
            table = self._next_year(table, origin)
        j = bisect_left(table.after, target)
        return table.starts[j] + target - table.before[j]

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Working time from ``start`` to ``end``; negative when ``end`` is before ``start``.

        The inverse of ``due_instant``: ``working_time_between(t, due_instant(t, h)) == h``.
        """
        a, b = _to_us(start, "start"), _to_us(end, "end")
        if b < a:
            return -self.working_time_between(end, start)
        first, last = self._year_at(a), self._year_at(b)
        total = last.accumulated(b) - first.accumulated(a)
        for year in range(first.year, last.year):
            total += self._year(year).total
        return total * _US

    def next_working_instant(self, instant: datetime) -> datetime:
        """``instant`` itself when it lies in working time, else the start of the next working window."""
        at = _to_us(instant, "instant")
        origin = table = self._year_at(at)
        i = bisect_right(table.ends, at)
        while i == len(table.ends):
            table, i = self._next_year(table, origin), 0
        return self._out(max(table.starts[i], at))

    def is_working_instant(self, instant: datetime) -> bool:
        at = _to_us(instant, "instant")
        table = self._year_at(at)
        i = bisect_right(table.ends, at)
        return i < len(table.ends) and table.starts[i] <= at


@dataclass(frozen=True, slots=True)
class _Year:
    """One local year [lo, hi) of a calendar: its working intervals in order, in epoch microseconds.

    ``before[k]``/``after[k]`` are the working time from ``lo`` to the start/end of interval k, so
    the working time up to any instant of the year is one binary search. Immutable once built.
    """

    year: int
    lo: int
    hi: int
    starts: list[int]
    ends: list[int]
    before: list[int]
    after: list[int]
    total: int

    def accumulated(self, at: int) -> int:
        """Working time from ``lo`` to ``at`` (which lies in [lo, hi])."""
        i = bisect_right(self.ends, at)
        if i == len(self.ends):
            return self.total
        begin = self.starts[i]
        return self.before[i] + (at - begin if at > begin else 0)


@lru_cache(maxsize=256)
def calendar_for(market: Market) -> WorkingCalendar:
    """The shared calendar of a market, so its precomputed days are reused across calls."""
    return WorkingCalendar(market)
