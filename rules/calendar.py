"""The working-hours clock (RULES.md, Terms and R1): deadlines counted in a market's working time.

Working time is real elapsed time inside the market's working windows (00:00-24:00 local by
default) on working days: Monday to Friday except the market's public holidays as the pinned
``holidays`` package defines them. So 24 working hours is one full working day, and across a
DST change the hours are the ones that really pass.

Why own code and not a library: DESIGN.md measured businesstimedelta and pandas'
CustomBusinessHour at 40 s and 11 s per 100k deadlines and wrong on DST; a walk over days is
under a second. Internally every instant is an integer count of microseconds since the Unix
epoch, so the arithmetic is exact. Holidays are precomputed per year; from them each calendar
keeps one table of its working intervals over the contiguous run of local years it has been
asked about, with the working time accumulated before each interval. A deadline is then two
binary searches: the working time accumulated at ``received_at``, and the interval where that
plus N hours is reached.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from functools import lru_cache
from itertools import accumulate
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
_EPOCH_ORDINAL = _EPOCH.toordinal()

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


_holiday_sources: dict[tuple[str, str | None], holidays_lib.HolidayBase] = {}
_holiday_lock = threading.Lock()


@lru_cache(maxsize=4096)
def public_holidays(country: str, subdiv: str | None, year: int) -> frozenset[date]:
    """The public holidays of one year, computed once per (country, subdivision, year).

    One ``holidays`` object per country fills in year after year: building a new one per year
    cost ten times as much (0.6 ms of set-up each), and gives the same dates.
    """
    with _holiday_lock:  # the holidays object fills itself in on access: one thread at a time
        source = _holiday_sources.get((country, subdiv))
        if source is None:
            source = _holiday_sources[(country, subdiv)] = holidays_lib.country_holidays(country, subdiv=subdiv)
        source.get(date(year, 1, 1))  # populates the whole year
        return frozenset(day for day in source if day.year == year)


@dataclass(frozen=True, slots=True)
class _Table:
    """A calendar's working intervals over the local years [first_year, last_year], in order.

    Instants are epoch microseconds; [lo, hi) is the span of those years. ``before[k]`` and
    ``after[k]`` are the working time from ``lo`` to the start and end of interval k, so the
    working time up to any instant is one binary search. Immutable: a wider table replaces it
    whole, so a thread holding the old one stays consistent.
    """

    first_year: int
    last_year: int
    lo: int
    hi: int
    starts: list[int]
    ends: list[int]
    before: list[int]
    after: list[int]

    @property
    def total(self) -> int:
        return self.after[-1] if self.after else 0

    def accumulated(self, at: int) -> int:
        """Working time from ``lo`` to ``at`` (which lies in [lo, hi])."""
        k = bisect_right(self.ends, at)
        if k == len(self.ends):
            return self.total
        begin = self.starts[k]
        return self.before[k] + (at - begin if at > begin else 0)


class WorkingCalendar:
    """One market's working time. Safe to share across threads; build through ``calendar_for(market)``."""

    def __init__(self, market: Market) -> None:
        self.market = market
        self.zone: ZoneInfo = ZoneInfo(market.timezone)
        self._windows = tuple((w.start, w.end) for w in market.working_windows)
        self._year_intervals: dict[int, tuple[int, int, list[Interval]]] = {}
        self._table: _Table | None = None
        self._lock = threading.Lock()

    @property
    def working_day_hours(self) -> float:
        """The working hours of one working day: 24 for full days, 9 for a 09:00-18:00 window."""
        return sum(end - start for start, end in self._windows) / 60

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

    # -- the table ----------------------------------------------------------------------------------

    def _intervals_of_year(self, year: int) -> tuple[int, int, list[Interval]]:
        """(start of the year, start of the next, the year's working intervals), computed once.

        Days are walked as ordinals with the zone's offset at each local midnight (the same
        fold=0 reading as ``_local_us``); only a day whose length is not 24 h, a DST day, has its
        windows converted one by one.
        """
        cached = self._year_intervals.get(year)
        if cached is not None:
            return cached
        holidays = {day.toordinal() for day in public_holidays(self.market.holiday_country, self.market.holiday_subdiv, year)}
        utcoffset, fromordinal = self.zone.utcoffset, datetime.fromordinal

        def midnight_us(ordinal: int) -> int:
            offset = utcoffset(fromordinal(ordinal))
            assert offset is not None  # a ZoneInfo always has an offset
            return (ordinal - _EPOCH_ORDINAL) * _US_PER_DAY - offset // _US

        found: list[Interval] = []
        first, stop = date(year, 1, 1).toordinal(), date(year + 1, 1, 1).toordinal()
        lo = midnight = midnight_us(first)
        for ordinal in range(first, stop):
            next_midnight = midnight_us(ordinal + 1)
            if (ordinal - 1) % 7 < 5 and ordinal not in holidays:  # ordinal 1 (1 Jan of year 1) was a Monday
                if next_midnight - midnight == _US_PER_DAY:  # no DST change that day: plain offsets
                    windows = [(midnight + s * _US_PER_MINUTE, midnight + e * _US_PER_MINUTE) for s, e in self._windows]
                else:
                    day = date.fromordinal(ordinal)
                    windows = [(self._local_us(day, s), self._local_us(day, e)) for s, e in self._windows]
                # A window that a DST gap swallows whole holds no working time.
                found += [(begin, end) for begin, end in windows if end > begin]
            midnight = next_midnight
        cached = self._year_intervals[year] = (lo, midnight, found)
        return cached

    def _covering(self, first_year: int, last_year: int) -> _Table:
        """A table spanning at least [first_year, last_year] (widening the current one if needed)."""
        with self._lock:
            table = self._table
            if table is not None:
                if table.first_year <= first_year and last_year <= table.last_year:
                    return table
                first_year, last_year = min(first_year, table.first_year), max(last_year, table.last_year)
            if first_year < 1 or last_year > 9998:
                raise ValueError(f"the calendar of market {self.market.code} ends at the years 1 and 9998")
            starts: list[int] = []
            ends: list[int] = []
            for year in range(first_year, last_year + 1):
                for begin, end in self._intervals_of_year(year)[2]:
                    starts.append(begin)
                    ends.append(end)
            after = list(accumulate(end - begin for begin, end in zip(starts, ends)))
            before = [0, *after[:-1]] if after else []
            table = _Table(
                first_year, last_year, self._intervals_of_year(first_year)[0], self._intervals_of_year(last_year)[1],
                starts, ends, before, after,
            )
            self._table = table
            return table

    def _table_at(self, *instants_us: int) -> _Table:
        """The table covering every given instant."""
        table = self._table
        if table is not None and all(table.lo <= t < table.hi for t in instants_us):
            return table
        years = [self._local_year(t) for t in instants_us]
        return self._covering(min(years), max(years))

    def _local_year(self, instant_us: int) -> int:
        try:
            return (_EPOCH + instant_us * _US).astimezone(self.zone).year
        except OverflowError:  # the last hours of 9999 UTC are in year 10000 east of Greenwich
            raise ValueError(f"the calendar of market {self.market.code} ends at the years 1 and 9998") from None

    def _later(self, table: _Table, origin_year: int) -> _Table:
        """A table one block of years longer, for a deadline beyond the current one."""
        if table.last_year - origin_year >= MAX_SEARCH_YEARS:
            raise ValueError(f"no working time within {MAX_SEARCH_YEARS} years in market {self.market.code}")
        return self._covering(table.first_year, table.last_year + 2)

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
        return self.due_instants((received_at,), hours)[0]

    def due_instants(self, received: Iterable[datetime], hours: Hours = 24) -> list[datetime]:
        """``due_instant`` for each instant, in order, with the same hours (the CLI, backfills).

        The one implementation of the deadline, written as a single loop over local variables:
        at about a microsecond a deadline, attribute look-ups and calls were a third of the time.
        """
        amount = hours_to_us(hours)
        # Locals, not globals, inside the loop: each global look-up is a dict probe per deadline.
        zone, fromtimestamp, epoch, unit, fast_limit = self.zone, datetime.fromtimestamp, _EPOCH, _US, _FAST_OUT_LIMIT_US
        right, left = bisect_right, bisect_left
        table = self._table
        lo = hi = 0
        if table is not None:
            lo, hi, starts, ends, before, after = table.lo, table.hi, table.starts, table.ends, table.before, table.after
        due: list[datetime] = []
        for received_at in received:
            try:
                start = (received_at - epoch) // unit
            except TypeError:
                start = _to_us(received_at, "received_at")  # raises the error that names the problem
            at = start
            while amount:
                if lo <= start < hi:
                    k = right(ends, start)
                    if k < len(ends):
                        begin = starts[k]
                        target = before[k] + (start - begin if start > begin else 0) + amount
                    else:
                        target = after[-1] + amount
                    if target <= after[-1]:
                        j = left(after, target, k)
                        at = starts[j] + target - before[j]
                        break
                    assert table is not None  # lo < hi only once a table was read
                    table = self._later(table, self._local_year(start))  # due beyond the table's years
                else:
                    table = self._table_at(start)
                lo, hi, starts, ends, before, after = table.lo, table.hi, table.starts, table.ends, table.before, table.after
            due.append(fromtimestamp(at / 1_000_000, zone) if 0 <= at < fast_limit else self._out(at))
        return due

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Working time from ``start`` to ``end``; negative when ``end`` is before ``start``.

        The inverse of ``due_instant``: ``working_time_between(t, due_instant(t, h)) == h``.
        """
        a, b = _to_us(start, "start"), _to_us(end, "end")
        table = self._table_at(a, b)
        return (table.accumulated(b) - table.accumulated(a)) * _US

    def working_intervals_between(self, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
        """The stretches of working time within [start, end], in order, in the market's zone.

        A thread keeps these for its deadline so it can tell the working hours left at any
        instant with plain datetime arithmetic, without the calendar inside the workflow.
        """
        a, b = _to_us(start, "start"), _to_us(end, "end")
        if b <= a:
            return []
        table = self._table_at(a, b)
        k = bisect_right(table.ends, a)
        found: list[tuple[datetime, datetime]] = []
        while k < len(table.starts) and table.starts[k] < b:
            found.append((self._out(max(table.starts[k], a)), self._out(min(table.ends[k], b))))
            k += 1
        return found

    def next_working_instant(self, instant: datetime) -> datetime:
        """``instant`` itself when it lies in working time, else the start of the next working window."""
        at = _to_us(instant, "instant")
        table = self._table_at(at)
        while (k := bisect_right(table.ends, at)) == len(table.ends):
            table = self._later(table, self._local_year(at))
        return self._out(max(table.starts[k], at))

    def is_working_instant(self, instant: datetime) -> bool:
        at = _to_us(instant, "instant")
        table = self._table_at(at)
        k = bisect_right(table.ends, at)
        return k < len(table.ends) and table.starts[k] <= at


@lru_cache(maxsize=256)
def calendar_for(market: Market) -> WorkingCalendar:
    """The shared calendar of a market, so its precomputed days are reused across calls."""
    return WorkingCalendar(market)
