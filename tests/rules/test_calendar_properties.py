"""Property tests for the working-hours clock (RULES.md, Terms and R1.1).

Three kinds of checks:

* a brute-force reference written here, independent of ``rules.calendar``: it steps minute by
  minute through real time, converts each minute to the market's local wall clock with zoneinfo,
  and counts the minute when its local date is Monday-Friday and not in the ``holidays`` package's
  table for the market (queried directly), and its local wall-clock minute lies in a window;
* two test-only library oracles (pandas ``CustomBusinessHour`` and ``businesstimedelta``) for
  markets configured with one 09:00-18:00 window;
* algebraic laws: monotone, inverse, additive, at microsecond precision.

Hypothesis' example database is switched off (``database=None``) so the run leaves no
``.hypothesis`` folder behind; each test keeps a modest example count.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal
from functools import cache
from zoneinfo import ZoneInfo

import businesstimedelta
import holidays
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from pandas.tseries.offsets import CustomBusinessDay, CustomBusinessHour

from rules.calendar import calendar_for
from rules.markets import DEFAULT_MARKETS, Market, MarketRegistry

UTC = UTC
MINUTE = timedelta(minutes=1)
US = timedelta(microseconds=1)
FIRST_DAY, LAST_DAY = date(2024, 1, 1), date(2028, 12, 31)
HOLIDAY_YEARS = range(2022, 2032)


def u(instant: datetime) -> datetime:
    """The instant in UTC. All datetime comparisons below go through this: Python compares two
    datetimes sharing a tzinfo by wall clock, ignoring ``fold`` (so 01:30 and the repeated 01:30
    of an autumn DST night compare equal), and PEP 495 makes ``==`` across zones False whenever
    one side lies in a repeated or skipped hour, even for the same instant."""
    return instant.astimezone(UTC)


def _settings(examples: int):
    return settings(max_examples=examples, deadline=None, database=None)


def _with_windows(code: str, windows: list[str]) -> Market:
    return MarketRegistry.from_overrides({code: {"working_windows": windows}})[code]


# A custom market in Asia/Jerusalem: its spring DST change is on a Friday (a working day here, since
# working days are Monday-Friday by the rule), so real elapsed time inside a working day is tested.
XJ = Market(code="XJ", languages=("he",), currency="ILS", timezone="Asia/Jerusalem", holiday_country="IL")

NINE_TO_SIX = {code: _with_windows(code, ["09:00-18:00"]) for code in DEFAULT_MARKETS}

REFERENCE_MARKETS: list[Market] = [
    *DEFAULT_MARKETS.values(),  # full 00:00-24:00 days
    *NINE_TO_SIX.values(),
    _with_windows("FR", ["08:00-12:00", "13:00-17:30"]),
    _with_windows("US", ["07:30-11:45", "12:15-20:00"]),
    _with_windows("GB", ["00:00-06:00", "22:00-24:00"]),  # windows touching midnight
    XJ,
    XJ.model_copy(update={"code": "XJ2", "working_windows": NINE_TO_SIX["FR"].working_windows}),
    # Windows around the Friday DST change (02:00 -> 03:00 local); no boundary falls in the gap.
    XJ.model_copy(
        update={"code": "XJ3", "working_windows": _with_windows("FR", ["01:00-02:00", "03:00-05:00"]).working_windows}
    ),
]


@cache
def holiday_dates(country: str, subdiv: str | None) -> frozenset[date]:
    """The package's holidays for the market, asked once for all years (not per year)."""
    return frozenset(holidays.country_holidays(country, subdiv=subdiv, years=HOLIDAY_YEARS))


# -- the brute-force reference ------------------------------------------------------------------


def _working_predicate(market: Market):
    zone = ZoneInfo(market.timezone)
    days_off = holiday_dates(market.holiday_country, market.holiday_subdiv)
    windows = [(w.start, w.end) for w in market.working_windows]

    def is_working(instant: datetime) -> bool:
        """Is the minute [instant, instant + 1 min) working time? (instant on a whole minute)"""
        local = instant.astimezone(zone)
        day = local.date()
        if day.weekday() >= 5 or day in days_off:
            return False
        minute = local.hour * 60 + local.minute
        return any(start <= minute < end for start, end in windows)

    return is_working


def reference_due(market: Market, received: datetime, minutes: int) -> datetime:
    """The end of the ``minutes``-th working minute after ``received`` (a whole minute)."""
    if minutes == 0:
        return received
    is_working = _working_predicate(market)
    t, left = received.astimezone(UTC), minutes
    while True:
        if is_working(t):
            left -= 1
        t += MINUTE
        if left == 0:
            return t


def reference_between(market: Market, start: datetime, end: datetime) -> timedelta:
    is_working = _working_predicate(market)
    t, stop, count = start.astimezone(UTC), end.astimezone(UTC), 0
    while t < stop:
        count += is_working(t)
        t += MINUTE
    return count * MINUTE


def reference_next_working(market: Market, instant: datetime) -> datetime:
    is_working = _working_predicate(market)
    t = instant.astimezone(UTC)
    while not is_working(t):
        t += MINUTE
    return t


# -- strategies -----------------------------------------------------------------------------------


def _dst_change_days() -> set[date]:
    zones = {m.timezone for m in REFERENCE_MARKETS}
    out: set[date] = set()
    for name in zones:
        zone = ZoneInfo(name)
        day = FIRST_DAY - timedelta(days=7)
        while day <= LAST_DAY + timedelta(days=7):
            if (
                datetime.combine(day, time(0), zone).utcoffset()
                != datetime.combine(day + timedelta(days=1), time(0), zone).utcoffset()
            ):
                out.add(day)
            day += timedelta(days=1)
    return out


def _interesting_days() -> list[date]:
    days = _dst_change_days()
    for market in REFERENCE_MARKETS:
        days |= {d for d in holiday_dates(market.holiday_country, market.holiday_subdiv) if FIRST_DAY <= d <= LAST_DAY}
    for year in range(FIRST_DAY.year - 1, LAST_DAY.year + 1):
        days |= {date(year, 12, 20) + timedelta(days=k) for k in range(15)}  # 20 Dec - 3 Jan
    days |= {date(2024, 2, 29), date(2028, 2, 29)}
    return sorted(d for d in days if FIRST_DAY - timedelta(days=7) <= d <= LAST_DAY)


INTERESTING_DAYS = _interesting_days()
assert len(INTERESTING_DAYS) > 200

days_st = st.one_of(
    st.dates(FIRST_DAY, LAST_DAY),
    st.builds(lambda d, k: d + timedelta(days=k), st.sampled_from(INTERESTING_DAYS), st.integers(-4, 2)),
)
# Minute of the local day, with the window edges and DST hours over-weighted.
minute_of_day_st = st.one_of(
    st.integers(0, 24 * 60 - 1),
    st.sampled_from(
        [
            0,
            1,
            59,
            60,
            61,
            119,
            120,
            121,
            150,
            179,
            180,
            181,
            299,
            300,
            449,
            450,
            479,
            480,
            539,
            540,
            541,
            705,
            719,
            720,
            735,
            779,
            780,
            1019,
            1020,
            1049,
            1050,
            1079,
            1080,
            1081,
            1199,
            1200,
            1319,
            1320,
            1439,
        ]
    ),
)
OTHER_OFFSETS = [UTC, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-8))]


@st.composite
def whole_minute_instants(draw, zone_name: str) -> datetime:
    """A whole-minute instant picked on the market's local clock, shown in a random zone."""
    day, minute, fold = draw(days_st), draw(minute_of_day_st), draw(st.integers(0, 1))
    local = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=ZoneInfo(zone_name)).replace(fold=fold)
    shown_in = draw(st.sampled_from([None, *OTHER_OFFSETS]))
    return local if shown_in is None else local.astimezone(shown_in)


@st.composite
def microsecond_instants(draw, zone_name: str) -> datetime:
    base = draw(whole_minute_instants(zone_name))
    shift = timedelta(
        microseconds=draw(st.one_of(st.just(0), st.integers(0, 60_000_000 - 1), st.integers(-60_000_000, 0)))
    )
    # Arithmetic in UTC: ``aware + timedelta`` in a ZoneInfo zone is wall-clock arithmetic.
    return (u(base) + shift).astimezone(base.tzinfo)


# Up to ~60 working hours, in whole minutes; the common amounts over-weighted.
minutes_st = st.one_of(st.integers(0, 60 * 60), st.sampled_from([0, 1, 60, 240, 540, 720, 1080, 1440, 2880, 3600]))

# Up to 80 working hours at microsecond precision, with whole hours and whole days over-weighted.
hours_td_st = st.one_of(
    st.integers(0, 80 * 3_600_000_000).map(lambda us: timedelta(microseconds=us)),
    st.integers(0, 80).map(lambda h: timedelta(hours=h)),
    st.sampled_from([timedelta(0), US, timedelta(hours=9), timedelta(hours=24), timedelta(hours=48) - US]),
)
markets_st = st.sampled_from(REFERENCE_MARKETS)


def _hours_argument(minutes: int, form: str):
    """The same amount in one of the argument types due_instant accepts."""
    if form == "number" and minutes % 60 == 0:
        return minutes // 60
    if form == "number" and minutes % 15 == 0:
        return minutes / 60  # .25/.5/.75: exact as a float
    if form == "decimal":
        return Decimal(minutes) / Decimal(60) if minutes % 15 == 0 else timedelta(minutes=minutes)
    return timedelta(minutes=minutes)


def _assert_in_market_zone(result: datetime, market: Market) -> None:
    assert isinstance(result.tzinfo, ZoneInfo) and result.tzinfo.key == market.timezone


# -- 1. against the minute-stepping reference -----------------------------------------------------


@_settings(250)
@given(market=markets_st, data=st.data(), minutes=minutes_st, form=st.sampled_from(["number", "decimal", "timedelta"]))
def test_due_instant_matches_minute_reference(market, data, minutes, form):
    received = data.draw(whole_minute_instants(market.timezone), label="received")
    result = calendar_for(market).due_instant(received, _hours_argument(minutes, form))
    assert u(result) == u(reference_due(market, received, minutes))
    _assert_in_market_zone(result, market)


@_settings(150)
@given(market=markets_st, data=st.data(), span=st.integers(0, 6 * 24 * 60))
def test_between_next_and_is_working_match_minute_reference(market, data, span):
    start = data.draw(whole_minute_instants(market.timezone), label="start")
    end = (u(start) + span * MINUTE).astimezone(start.tzinfo)  # real elapsed, not wall-clock arithmetic
    calendar = calendar_for(market)
    expected = reference_between(market, start, end)
    assert calendar.working_time_between(start, end) == expected
    assert calendar.working_time_between(end, start) == -expected
    nxt = calendar.next_working_instant(start)
    assert u(nxt) == u(reference_next_working(market, start))
    _assert_in_market_zone(nxt, market)
    assert calendar.is_working_instant(start) is _working_predicate(market)(start.astimezone(UTC))
    assert calendar.is_working_instant(nxt)


# -- 2. against pandas CustomBusinessHour and businesstimedelta (09:00-18:00) --------------------
#
# Both libraries are fed naive *local wall* times and count wall-clock hours. That agrees with the
# rule's real elapsed time here because every DST change of the 15 default zones happens on a
# Sunday (EU: 01:00 UTC, US: 02:00 local), so never inside a 09:00-18:00 window of a working day:
# each window is exactly 9 real hours, and an instant on a DST Sunday (even in the skipped or the
# repeated hour) rolls forward to Monday 09:00 whatever its offset. So DST dates are kept in the
# sample on purpose, and the due instants are compared exactly (as local wall times).


@cache
def _holiday_list(code: str) -> tuple[date, ...]:
    market = DEFAULT_MARKETS[code]
    return tuple(sorted(holiday_dates(market.holiday_country, market.holiday_subdiv)))


@cache
def _pandas_offsets(code: str) -> tuple[CustomBusinessHour, CustomBusinessDay]:
    kwargs = {"weekmask": "Mon Tue Wed Thu Fri", "holidays": list(_holiday_list(code))}
    return CustomBusinessHour(start="09:00", end="18:00", **kwargs), CustomBusinessDay(**kwargs)


@cache
def _btd_rules(code: str) -> businesstimedelta.Rules:
    workday = businesstimedelta.WorkDayRule(start_time=time(9), end_time=time(18), working_days=[0, 1, 2, 3, 4])
    return businesstimedelta.Rules([workday, businesstimedelta.HolidayRule(frozenset(_holiday_list(code)))])


local_walls_st = st.builds(lambda d, m: datetime.combine(d, time(m // 60, m % 60)), days_st, minute_of_day_st)


@_settings(200)
@given(code=st.sampled_from(sorted(DEFAULT_MARKETS)), wall=local_walls_st, hours=st.integers(1, 60))
def test_due_instant_matches_pandas_custom_business_hour(code, wall, hours):
    market = NINE_TO_SIX[code]
    ours = calendar_for(market).due_instant(wall.replace(tzinfo=ZoneInfo(market.timezone)), hours)
    _assert_in_market_zone(ours, market)
    hour_offset, day_offset = _pandas_offsets(code)
    theirs = pd.Timestamp(wall) + hours * hour_offset
    # pandas never returns a closing time: a total that ends exactly at 18:00 comes back as the next
    # opening, 09:00. With n >= 1 hour the earliest instant can never be an opening time (an hour
    # of that window would have to be used), so map it back to the previous working day's 18:00.
    if theirs.time() == time(9, 0):
        theirs = (theirs.normalize() - day_offset) + pd.Timedelta(hours=18)
    assert ours.replace(tzinfo=None) == theirs.to_pydatetime()


@_settings(200)
@given(code=st.sampled_from(sorted(DEFAULT_MARKETS)), wall=local_walls_st, minutes=st.integers(1, 60 * 60))
def test_due_instant_matches_businesstimedelta(code, wall, minutes):
    market = NINE_TO_SIX[code]
    ours = calendar_for(market).due_instant(wall.replace(tzinfo=ZoneInfo(market.timezone)), timedelta(minutes=minutes))
    _assert_in_market_zone(ours, market)
    # businesstimedelta treats naive datetimes as UTC and answers in UTC: here that is the wall clock.
    theirs = wall + businesstimedelta.BusinessTimeDelta(_btd_rules(code), timedelta=timedelta(minutes=minutes))
    assert ours.replace(tzinfo=None) == theirs.replace(tzinfo=None)


# -- 3. laws, at microsecond precision ------------------------------------------------------------


@_settings(300)
@given(
    market=markets_st,
    data=st.data(),
    delta_us=st.integers(0, 5 * 24 * 3_600_000_000),
    hours=hours_td_st,
    more=hours_td_st,
)
def test_monotone(market, data, delta_us, hours, more):
    r1 = data.draw(microsecond_instants(market.timezone), label="r1")
    r2 = (u(r1) + timedelta(microseconds=delta_us)).astimezone(ZoneInfo(market.timezone))
    calendar = calendar_for(market)
    # r1 <= r2  =>  due(r1) <= due(r2)
    assert u(calendar.due_instant(r1, hours)) <= u(calendar.due_instant(r2, hours))
    # and more hours never give an earlier deadline
    assert u(calendar.due_instant(r1, hours)) <= u(calendar.due_instant(r1, hours + more))


@_settings(300)
@given(market=markets_st, data=st.data(), hours=hours_td_st)
def test_working_time_to_the_due_instant_is_the_hours(market, data, hours):
    r = data.draw(microsecond_instants(market.timezone), label="r")
    calendar = calendar_for(market)
    due = calendar.due_instant(r, hours)
    assert u(due) >= u(r)
    assert calendar.working_time_between(r, due) == hours
    assert calendar.working_time_between(due, r) == -hours
    if hours > timedelta(0):
        # the earliest such instant: one microsecond less is not enough
        assert calendar.working_time_between(r, u(due) - US) == hours - US


@_settings(300)
@given(market=markets_st, data=st.data(), delta_us=st.one_of(st.integers(0, 6 * 24 * 3_600_000_000), st.integers(0, 3)))
def test_due_instant_of_the_working_time_up_to_t(market, data, delta_us):
    r = data.draw(microsecond_instants(market.timezone), label="r")
    t = u(r) + timedelta(microseconds=delta_us)
    calendar = calendar_for(market)
    worked = calendar.working_time_between(r, t)
    assert worked >= timedelta(0)
    due = calendar.due_instant(r, worked)
    assert u(due) <= u(t)
    assert calendar.working_time_between(due, t) == timedelta(0)
    # Equality when t is a working instant -- refined: t must also not be the *start* of a working
    # window that follows non-working time. At such a start (e.g. Tue 09:00 with 09:00-18:00) the
    # same working time was already reached at the previous window's end (Mon 18:00), which is
    # the earliest instant and so the due instant. Hence: t == r, or t and the microsecond before
    # it are both working time.
    if t == u(r) or (calendar.is_working_instant(t) and calendar.is_working_instant(t - US)):
        assert u(due) == u(t)


def test_inverse_at_a_window_start_gives_the_previous_window_end():
    # The boundary case behind the refinement above, by hand: FR 09:00-18:00, r = Mon 10:00,
    # t = Tue 09:00 (a working instant). Working time Mon 10:00-18:00 = 8h; the earliest instant
    # with 8h worked is Mon 18:00, not Tue 09:00.
    calendar = calendar_for(NINE_TO_SIX["FR"])
    r, t = datetime.fromisoformat("2026-01-12T10:00:00+01:00"), datetime.fromisoformat("2026-01-13T09:00:00+01:00")
    assert calendar.is_working_instant(t)
    assert calendar.working_time_between(r, t) == timedelta(hours=8)
    assert calendar.due_instant(r, timedelta(hours=8)).isoformat() == "2026-01-12T18:00:00+01:00"


@_settings(300)
@given(market=markets_st, data=st.data(), a=hours_td_st.filter(lambda h: h > timedelta(0)), b=hours_td_st)
def test_additive(market, data, a, b):
    r = data.draw(microsecond_instants(market.timezone), label="r")
    calendar = calendar_for(market)
    assert u(calendar.due_instant(calendar.due_instant(r, a), b)) == u(calendar.due_instant(r, a + b))


@_settings(100)
@given(market=markets_st, data=st.data(), hours=hours_td_st)
def test_due_instants_batch_equals_single_calls(market, data, hours):
    received = data.draw(st.lists(microsecond_instants(market.timezone), max_size=8), label="received")
    calendar = calendar_for(market)
    assert [u(d) for d in calendar.due_instants(received, hours)] == [
        u(calendar.due_instant(r, hours)) for r in received
    ]
