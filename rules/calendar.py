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
asked about, with the working time accumulated before each interval, and two direct indexes
into it (by day, and by day of working time). A deadline is then two index look-ups: the
working time accumulated at ``received_at``, and the interval where that plus N hours is
reached.
"""

from __future__ import annotations

import operator
import threading
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache
from itertools import accumulate
from zoneinfo import ZoneInfo

import holidays as holidays_lib

from errors import InvalidInput
from rules.markets import MINUTES_PER_DAY, Market

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
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


class NaiveDatetimeError(InvalidInput):
    """An instant without a UTC offset: the clock cannot know which market time it means."""

    def __init__(self, field: str, value: datetime) -> None:
        self.field = field
        super().__init__(
            f"{field} must carry a UTC offset (e.g. {value.isoformat()}+01:00), got the naive {value.isoformat()}"
        )


class InvalidHoursError(InvalidInput):
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


# The bucket of the working-time index: one day of working time. Small enough that a bucket holds
# few intervals (under 3 for 09:00-18:00 windows), large enough that the index stays short.
_REACH_BUCKET = _US_PER_DAY


@dataclass(frozen=True, slots=True)
class _Table:
    """A calendar's working intervals over the local years [first_year, last_year], in order.

    Instants are epoch microseconds; [lo, hi) is the span of those years. ``before[k]`` and
    ``after[k]`` are the working time from ``lo`` to the start and end of interval k. Two direct
    indexes replace binary searches (which cost a cache miss per step once fifteen markets'
    tables are in use): ``day_first[d]`` is the first interval ending after ``lo + d`` days, and
    ``reach_first[b]`` the first interval whose ``after`` reaches ``b`` days of working time; from
    either, at most a few intervals are stepped over. Immutable: a wider table replaces it whole,
    so a thread holding the old one stays consistent.
    """

    first_year: int
    last_year: int
    lo: int
    hi: int
    starts: array[int]
    ends: array[int]
    before: array[int]
    after: array[int]
    day_first: array[int]
    reach_first: array[int]
    total: int  # the working time of the whole table

    @classmethod
    def build(cls, first_year: int, last_year: int, lo: int, hi: int, starts: list[int], ends: list[int]) -> _Table:
        after = list(accumulate(map(operator.sub, ends, starts)))
        before = [0, *after[:-1]] if after else []
        total = after[-1] if after else 0
        # Built with one C-level binary search per entry; only lookups are on the hot path.
        day_first = [bisect_right(ends, day_start) for day_start in range(lo, hi + _US_PER_DAY, _US_PER_DAY)]
        reach_first = [bisect_left(after, reached) for reached in range(0, total + 1 if after else 0, _REACH_BUCKET)]
        return cls(
            first_year,
            last_year,
            lo,
            hi,
            array("q", starts),
            array("q", ends),
            array("q", before),
            array("q", after),
            array("q", day_first),
            array("q", reach_first),
            total,
        )

    def index_at(self, at: int) -> int:
        """The first interval ending after ``at`` (which lies in [lo, hi]); len(ends) if none."""
        k = self.day_first[(at - self.lo) // _US_PER_DAY]
        ends = self.ends
        count = len(ends)
        while k < count and ends[k] <= at:
            k += 1
        return k

    def accumulated(self, at: int) -> int:
        """Working time from ``lo`` to ``at`` (which lies in [lo, hi])."""
        k = self.index_at(at)
        if k == len(self.ends):
            return self.total
        begin = self.starts[k]
        return self.before[k] + (at - begin if at > begin else 0)

    def reaching(self, worked: int) -> int:
        """The instant at which the working time from ``lo`` reaches ``worked`` (0 < worked <= total)."""
        j = self.reach_first[worked // _REACH_BUCKET]
        after = self.after
        while after[j] < worked:
            j += 1
        return self.starts[j] + worked - self.before[j]


class WorkingCalendar:
    """One market's working time. Safe to share across threads; build through ``calendar_for(market)``."""

    def __init__(self, market: Market) -> None:
        self.market = market
        self.zone: ZoneInfo = ZoneInfo(market.timezone)
        self._windows = tuple((w.start, w.end) for w in market.working_windows)
        self._year_intervals: dict[int, tuple[int, int, list[int], list[int]]] = {}
        self._table: _Table | None = None
        self._lock = threading.Lock()

    @property
    def working_day_hours(self) -> float:
        """The working hours of one working day: 24 for full days, 9 for a 09:00-18:00 window."""
        return sum(end - start for start, end in self._windows) / 60

    # -- days -----------------------------------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        """A working weekday of the market (Monday to Friday in the rulebook) and not one of its
        public holidays (R1, Terms)."""
        return day.weekday() in self.market.working_weekdays and day not in public_holidays(
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

    def _intervals_of_year(self, year: int) -> tuple[int, int, list[int], list[int]]:
        """(start of the year, start of the next, the starts and ends of its working intervals).

        Computed once per year. The offset of every local midnight is read once (the same fold=0
        reading as ``_local_us``); a working day of exactly 24 h gets its windows by plain
        addition, and only a day whose length differs, a DST day, has its windows converted one
        by one. Written as flat loops over locals: building the tables is most of a fresh
        calendar's cost.
        """
        cached = self._year_intervals.get(year)
        if cached is not None:
            return cached
        holidays = {
            day.toordinal() for day in public_holidays(self.market.holiday_country, self.market.holiday_subdiv, year)
        }
        utcoffset, fromordinal, unit, us_per_day = self.zone.utcoffset, datetime.fromordinal, _US, _US_PER_DAY
        first, stop = date(year, 1, 1).toordinal(), date(year + 1, 1, 1).toordinal()
        # The instant of each local midnight from 1 January to 1 January of the next year.
        midnights = [
            (ordinal - _EPOCH_ORDINAL) * us_per_day - utcoffset(fromordinal(ordinal)) // unit  # type: ignore[operator]
            for ordinal in range(first, stop + 1)
        ]
        windows = [(start * _US_PER_MINUTE, end * _US_PER_MINUTE) for start, end in self._windows]
        starts: list[int] = []
        ends: list[int] = []
        add_start, add_end = starts.append, ends.append
        # ordinal 1 (1 January of year 1) was a Monday: (ordinal - 1) % 7 is the weekday.
        weekdays = frozenset(self.market.working_weekdays)
        for ordinal in [o for o in range(first, stop) if (o - 1) % 7 in weekdays and o not in holidays]:
            index = ordinal - first
            midnight = midnights[index]
            if midnights[index + 1] - midnight == us_per_day:  # no DST change that day
                for begin, end in windows:
                    add_start(midnight + begin)
                    add_end(midnight + end)
                continue
            day = date.fromordinal(ordinal)
            for begin_minute, end_minute in self._windows:
                begin, end = self._local_us(day, begin_minute), self._local_us(day, end_minute)
                if end > begin:  # a window that a DST gap swallows whole holds no working time
                    add_start(begin)
                    add_end(end)
        cached = self._year_intervals[year] = (midnights[0], midnights[-1], starts, ends)
        return cached

    def _covering(self, first_year: int, last_year: int) -> _Table:
        """A table spanning at least [first_year - 1, last_year + 1], widening the current one if needed.

        The neighbouring years are included because a thread's instants stray into them: a
        deadline in late December is due in January, a backfilled message is from last year.
        With them, a calendar in use is rarely rebuilt.
        """
        if first_year < 1 or last_year > 9998:
            raise ValueError(f"the calendar of market {self.market.code} ends at the years 1 and 9998")
        with self._lock:
            table = self._table
            if table is not None:
                if table.first_year <= first_year and last_year <= table.last_year:
                    return table
                # Grow only on the side asked for, by the asked years and their neighbour.
                first_year = first_year - 1 if first_year < table.first_year else table.first_year
                last_year = last_year + 1 if last_year > table.last_year else table.last_year
            else:
                first_year, last_year = first_year - 1, last_year + 1
            first_year, last_year = max(first_year, 1), min(last_year, 9998)
            starts: list[int] = []
            ends: list[int] = []
            for year in range(first_year, last_year + 1):
                _, _, year_starts, year_ends = self._intervals_of_year(year)
                starts += year_starts
                ends += year_ends
            table = _Table.build(
                first_year,
                last_year,
                self._intervals_of_year(first_year)[0],
                self._intervals_of_year(last_year)[1],
                starts,
                ends,
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

        The common case, whole hours inside the years the table already holds, is answered here
        with the table's two indexes and one conversion out; everything else, and every error,
        goes through ``_due_us``, the general implementation.
        """
        table = self._table
        if table is not None and type(hours) is int and 0 < hours <= MAX_HOURS:
            try:
                elapsed = received_at - _EPOCH
                start = elapsed.days * _US_PER_DAY + elapsed.seconds * 1_000_000 + elapsed.microseconds
            except (TypeError, AttributeError):
                start = table.hi  # not an aware datetime: the general path names the problem
            lo = table.lo
            if lo <= start < table.hi:
                # table.index_at and table.reaching, inlined: the two calls cost 7-10 % of a deadline.
                ends, starts, before = table.ends, table.starts, table.before
                count = len(ends)
                k = table.day_first[(start - lo) // _US_PER_DAY]
                while k < count and ends[k] <= start:
                    k += 1
                if k < count:
                    begin = starts[k]
                    target = before[k] + (start - begin if start > begin else 0) + hours * US_PER_HOUR
                    if target <= table.total:
                        after = table.after
                        j = table.reach_first[target // _REACH_BUCKET]
                        while after[j] < target:
                            j += 1
                        at = starts[j] + target - before[j]
                        if 0 <= at < _FAST_OUT_LIMIT_US:
                            return datetime.fromtimestamp(at / 1_000_000, self.zone)
        amount = hours_to_us(hours)
        return self._out(self._due_us(_to_us(received_at, "received_at"), amount))

    def due_instants(self, received: Iterable[datetime], hours: Hours = 24) -> list[datetime]:
        """``due_instant`` for each instant, in order, with the same hours (the CLI, backfills)."""
        hours_to_us(hours)  # refuses bad hours even for no instants
        return [self.due_instant(received_at, hours) for received_at in received]

    def _due_us(self, start: int, amount: int) -> int:
        """The instant at which ``amount`` of working time has passed since ``start`` (both µs)."""
        if not amount:
            return start
        table = self._table_at(start)
        while True:
            target = table.accumulated(start) + amount
            if target <= table.total:
                return table.reaching(target)
            table = self._later(table, self._local_year(start))  # due beyond the table's years

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
        k = table.index_at(a)
        found: list[tuple[datetime, datetime]] = []
        while k < len(table.starts) and table.starts[k] < b:
            found.append((self._out(max(table.starts[k], a)), self._out(min(table.ends[k], b))))
            k += 1
        return found

    def next_working_instant(self, instant: datetime) -> datetime:
        """``instant`` itself when it lies in working time, else the start of the next working window."""
        at = _to_us(instant, "instant")
        table = self._table_at(at)
        while (k := table.index_at(at)) == len(table.ends):
            table = self._later(table, self._local_year(at))
        return self._out(max(table.starts[k], at))

    def is_working_instant(self, instant: datetime) -> bool:
        at = _to_us(instant, "instant")
        table = self._table_at(at)
        k = table.index_at(at)
        return k < len(table.ends) and table.starts[k] <= at


@lru_cache(maxsize=256)
def calendar_for(market: Market) -> WorkingCalendar:
    """The shared calendar of a market, so its precomputed days are reused across calls."""
    return WorkingCalendar(market)
