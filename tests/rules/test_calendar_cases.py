"""Hand-checked cases for the working-hours clock (RULES.md, Terms and R1.1).

Every expected value below was derived by hand from the rule, not from the implementation:
working days are Monday to Friday minus the market's public holidays (``holidays`` package, with the
subdivision the market table names), working hours are 00:00-24:00 local unless a market configures
narrower windows, hours are real elapsed time, and the default is 24 working hours. The one-line
comment above each case gives the arithmetic. The holiday dates the cases rely on are pinned in
``HOLIDAY_FACTS`` and checked against the package first, so a package change fails loudly there.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import holidays
import pytest

from rules.calendar import InvalidHoursError, NaiveDatetimeError, calendar_for
from rules.markets import DEFAULT_MARKETS, Market, MarketRegistry, UnknownMarketError

# -- markets used by the cases ------------------------------------------------------------------

MARKETS: dict[str, Market] = {
    **DEFAULT_MARKETS,
    # FR with one 09:00-18:00 window: 9 working hours per working day.
    "FR-9-18": MarketRegistry.from_overrides({"FR": {"working_windows": ["09:00-18:00"]}})["FR"],
    # FR with a lunch break: 08:00-12:00 and 13:00-17:00, 8 working hours per working day.
    "FR-split": MarketRegistry.from_overrides({"FR": {"working_windows": ["08:00-12:00", "13:00-17:00"]}})["FR"],
    # GB on the Scottish calendar, only to contrast with the default GB (subdivision ENG).
    "GB-SCT": MarketRegistry.from_overrides({"GB": {"holiday_subdiv": "SCT"}})["GB"],
    # A custom market in Asia/Jerusalem, whose spring DST change falls on a Friday (2026-03-27
    # 02:00 -> 03:00), so a *working* day has 23 real hours. Working days stay Monday-Friday (RULES).
    "XJ": Market(code="XJ", languages=("he",), currency="ILS", timezone="Asia/Jerusalem", holiday_country="IL"),
}


def cal(key: str):
    return calendar_for(MARKETS[key])


def at(iso: str) -> datetime:
    value = datetime.fromisoformat(iso)
    assert value.tzinfo is not None, iso
    return value


def assert_local(result: datetime, expected_iso: str, key: str) -> None:
    """Same instant, same wall clock and offset, and expressed in the market's zone.

    Compared in UTC: PEP 495 makes ``==`` across zones False when one side lies in a repeated or
    skipped DST hour, even for the same instant.
    """
    assert result.astimezone(UTC) == at(expected_iso).astimezone(UTC)
    assert result.isoformat() == expected_iso
    assert isinstance(result.tzinfo, ZoneInfo) and result.tzinfo.key == MARKETS[key].timezone


# -- the holiday facts the cases rely on (checked against the pinned package) -----------------------

HOLIDAY_FACTS = [
    # (country, subdiv, date, is a holiday?, name fragment)
    ("FR", None, date(2026, 7, 14), True, "National Day"),
    ("FR", None, date(2026, 5, 8), True, "Victory"),
    ("FR", None, date(2026, 5, 14), True, "Ascension"),
    ("FR", None, date(2026, 8, 15), True, "Assumption"),  # a Saturday
    ("FR", None, date(2026, 11, 1), True, "All Saints"),  # a Sunday
    ("FR", None, date(2026, 12, 25), True, "Christmas"),
    ("FR", None, date(2026, 12, 24), False, None),
    ("FR", None, date(2026, 12, 28), False, None),
    ("FR", None, date(2026, 4, 3), False, None),  # no Good Friday in FR
    ("FR", None, date(2026, 4, 6), True, "Easter Monday"),
    ("FR", None, date(2026, 1, 1), True, "New Year"),
    ("FR", None, date(2026, 1, 2), False, None),
    ("FR", None, date(2027, 1, 1), True, "New Year"),
    ("FR", None, date(2027, 1, 4), False, None),
    ("DE", None, date(2026, 4, 3), True, "Good Friday"),
    ("DE", None, date(2026, 4, 6), True, "Easter Monday"),
    ("DE", None, date(2026, 4, 7), False, None),
    ("DE", None, date(2026, 12, 24), False, None),
    ("DE", None, date(2026, 12, 25), True, "Christmas"),
    ("DE", None, date(2026, 12, 26), True, "Second Day of Christmas"),
    ("DE", None, date(2026, 12, 28), False, None),
    ("DE", None, date(2026, 1, 6), False, None),  # Epiphany is regional only (BW, BY, ST)
    ("DE", None, date(2027, 1, 1), True, "New Year"),
    ("GB", "ENG", date(2026, 4, 3), True, "Good Friday"),
    ("GB", "ENG", date(2026, 4, 6), True, "Easter Monday"),
    ("GB", "ENG", date(2026, 12, 25), True, "Christmas Day"),
    ("GB", "ENG", date(2026, 12, 28), True, "Boxing Day (observed)"),
    ("GB", "ENG", date(2026, 12, 29), False, None),
    ("GB", "ENG", date(2027, 1, 1), True, "New Year"),
    ("GB", "ENG", date(2027, 12, 27), True, "Christmas Day (observed)"),
    ("GB", "ENG", date(2027, 12, 28), True, "Boxing Day (observed)"),
    ("GB", "ENG", date(2026, 1, 2), False, None),  # Scotland only
    ("GB", "SCT", date(2026, 1, 2), True, "New Year Holiday"),
    ("GB", "ENG", date(2026, 11, 30), False, None),  # St Andrew's Day, Scotland only
    ("GB", "SCT", date(2026, 11, 30), True, "Andrew"),
    ("US", None, date(2026, 11, 26), True, "Thanksgiving"),
    ("US", None, date(2026, 11, 27), False, None),
    ("US", None, date(2026, 7, 3), True, "Independence Day (observed)"),
    ("US", None, date(2027, 12, 24), True, "Christmas Day (observed)"),
    ("US", None, date(2027, 12, 31), True, "New Year's Day (observed)"),
    ("US", None, date(2028, 1, 3), False, None),
    ("US", None, date(2026, 11, 2), False, None),
    ("US", None, date(2026, 11, 3), False, None),
    ("US", None, date(2026, 3, 9), False, None),
    ("FI", None, date(2026, 1, 6), True, "Epiphany"),
    ("FI", None, date(2026, 12, 24), True, "Christmas Eve"),
    ("FI", None, date(2026, 6, 19), True, "Midsummer Eve"),
    ("BE", None, date(2026, 5, 25), True, "Pentecost Monday"),
    ("BE", None, date(2026, 7, 21), True, "National Day"),
    ("IL", None, date(2026, 3, 26), False, None),
    ("IL", None, date(2026, 3, 27), False, None),
    ("IL", None, date(2026, 3, 30), False, None),
]


@pytest.mark.parametrize(("country", "subdiv", "day", "is_holiday", "name"), HOLIDAY_FACTS)
def test_holiday_facts_the_cases_rely_on(country, subdiv, day, is_holiday, name):
    table = holidays.country_holidays(country, subdiv=subdiv, years=day.year)
    assert (day in table) is is_holiday
    if name is not None:
        assert name in table[day]


def test_default_markets_follow_the_rules_table():
    # RULES.md, Terms: code -> (time zone, holidays country, subdivision), full-day windows.
    table = {
        "FR": ("Europe/Paris", "FR", None),
        "DE": ("Europe/Berlin", "DE", None),
        "AT": ("Europe/Vienna", "AT", None),
        "BE": ("Europe/Brussels", "BE", None),
        "NL": ("Europe/Amsterdam", "NL", None),
        "ES": ("Europe/Madrid", "ES", None),
        "IT": ("Europe/Rome", "IT", None),
        "PT": ("Europe/Lisbon", "PT", None),
        "IE": ("Europe/Dublin", "IE", None),
        "GB": ("Europe/London", "GB", "ENG"),
        "US": ("America/New_York", "US", None),
        "SE": ("Europe/Stockholm", "SE", None),
        "FI": ("Europe/Helsinki", "FI", None),
        "GR": ("Europe/Athens", "GR", None),
        "PL": ("Europe/Warsaw", "PL", None),
    }
    assert set(DEFAULT_MARKETS) == set(table)
    for code, (zone, country, subdiv) in table.items():
        market = DEFAULT_MARKETS[code]
        assert (market.timezone, market.holiday_country, market.holiday_subdiv) == (zone, country, subdiv)
        assert [(w.start, w.end) for w in market.working_windows] == [(0, 24 * 60)]
    assert DEFAULT_MARKETS["BE"].languages == ("fr", "nl", "de")
    assert DEFAULT_MARKETS["FI"].languages == ("fi", "sv")


# -- due_instant ----------------------------------------------------------------------------------

DUE_CASES = [
    # Friday afternoon: Fri 15:00-24:00 = 9h, Sat/Sun off, Mon 00:00 + 15h = Mon 15:00.
    pytest.param("FR", "2026-01-09T15:00:00+01:00", 24, "2026-01-12T15:00:00+01:00", id="FR-friday-afternoon"),
    # Same in DE: 9h Friday + 15h Monday.
    pytest.param("DE", "2026-01-09T15:00:00+01:00", 24, "2026-01-12T15:00:00+01:00", id="DE-friday-afternoon"),
    # Input given in UTC (14:00Z = 15:00 Paris): same deadline, returned in Paris time.
    pytest.param("FR", "2026-01-09T14:00:00+00:00", 24, "2026-01-12T15:00:00+01:00", id="FR-friday-utc-input"),
    # Saturday: Sat/Sun off, all of Monday (24h) -> end of Monday = Tue 00:00.
    pytest.param("FR", "2026-01-10T11:00:00+01:00", 24, "2026-01-13T00:00:00+01:00", id="FR-saturday"),
    # Sunday 23:59: still off, Monday 00:00-24:00 -> Tue 00:00.
    pytest.param("FR", "2026-01-11T23:59:00+01:00", 24, "2026-01-13T00:00:00+01:00", id="FR-sunday-late"),
    # Public holiday: Mon 10:00-24:00 = 14h, Tue 14 Jul holiday, Wed 00:00 + 10h.
    pytest.param("FR", "2026-07-13T10:00:00+02:00", 24, "2026-07-15T10:00:00+02:00", id="FR-before-national-day"),
    # Received on the holiday itself: Tue 14 Jul off, Wed full day -> Thu 00:00.
    pytest.param("FR", "2026-07-14T12:00:00+02:00", 24, "2026-07-16T00:00:00+02:00", id="FR-on-national-day"),
    # Thu 18:00-24:00 = 6h, Fri 8 May (Victory Day) off, Sat/Sun off, Mon 00:00 + 18h.
    pytest.param("FR", "2026-05-07T18:00:00+02:00", 24, "2026-05-11T18:00:00+02:00", id="FR-victory-day-bridge"),
    # Wed 12h, Thu 14 May (Ascension) off, Fri 00:00 + 12h.
    pytest.param("FR", "2026-05-13T12:00:00+02:00", 24, "2026-05-15T12:00:00+02:00", id="FR-ascension"),
    # A Saturday holiday (15 Aug) changes nothing and FR has no "observed" day: Fri 12h + Mon 12h.
    pytest.param("FR", "2026-08-14T12:00:00+02:00", 24, "2026-08-17T12:00:00+02:00", id="FR-saturday-holiday"),
    # A Sunday holiday (1 Nov) changes nothing: Fri 12h + Mon 12h.
    pytest.param("FR", "2026-10-30T12:00:00+01:00", 24, "2026-11-02T12:00:00+01:00", id="FR-sunday-holiday"),
    # Christmas: Thu 16:30-24:00 = 7.5h, Fri 25 holiday, Sat/Sun, Mon 28 00:00 + 16.5h.
    pytest.param("FR", "2026-12-24T16:30:00+01:00", 24, "2026-12-28T16:30:00+01:00", id="FR-christmas"),
    # DE: 24 Dec is no nationwide holiday; Thu 7.5h, Fri 25 + Sat 26 off, Sun off, Mon 16.5h.
    pytest.param("DE", "2026-12-24T16:30:00+01:00", 24, "2026-12-28T16:30:00+01:00", id="DE-christmas"),
    # DE: Wed 10:00-24:00 = 14h, Thu 24 Dec is a working day: 00:00 + 10h.
    pytest.param("DE", "2026-12-23T10:00:00+01:00", 24, "2026-12-24T10:00:00+01:00", id="DE-christmas-eve-works"),
    # GB: Thu 7.5h, Fri 25 off, weekend, Mon 28 = Boxing Day (observed) off, Tue 29 00:00 + 16.5h.
    pytest.param("GB", "2026-12-24T16:30:00+00:00", 24, "2026-12-29T16:30:00+00:00", id="GB-christmas-boxing-observed"),
    # GB 2027: Fri 10:00-24:00 = 14h, Sat 25/Sun 26, Mon 27 + Tue 28 observed, Wed 29 00:00 + 10h.
    pytest.param("GB", "2027-12-24T10:00:00+00:00", 24, "2027-12-29T10:00:00+00:00", id="GB-christmas-2027"),
    # FI: Wed 12h, Thu 24 (Christmas Eve) + Fri 25 off, Sat 26/Sun off, Mon 28 00:00 + 12h.
    pytest.param("FI", "2026-12-23T12:00:00+02:00", 24, "2026-12-28T12:00:00+02:00", id="FI-christmas-eve"),
    # Year end DE: Thu 31 Dec 12h, Fri 1 Jan off, weekend, Mon 4 Jan 00:00 + 12h.
    pytest.param("DE", "2026-12-31T12:00:00+01:00", 24, "2027-01-04T12:00:00+01:00", id="DE-new-year"),
    # Year end GB: Thu 31 Dec 12h, Fri 1 Jan off, weekend, Mon 4 Jan 00:00 + 12h.
    pytest.param("GB", "2026-12-31T12:00:00+00:00", 24, "2027-01-04T12:00:00+00:00", id="GB-new-year"),
    # Year end FR: Thu 20:00-24:00 = 4h, Fri 1 Jan off, weekend, Mon 00:00 + 20h.
    pytest.param("FR", "2026-12-31T20:00:00+01:00", 24, "2027-01-04T20:00:00+01:00", id="FR-new-year"),
    # 48h across the year end: Tue 30 Dec 15h + Wed 31 24h = 39h, Thu 1 Jan off, Fri 2 Jan 00:00 + 9h.
    pytest.param("FR", "2025-12-30T09:00:00+01:00", 48, "2026-01-02T09:00:00+01:00", id="FR-48h-year-end"),
    # US: Thu 23 Dec 15:00-24:00 = 9h, Fri 24 = Christmas Day (observed), weekend, Mon 27 00:00 + 15h.
    pytest.param("US", "2027-12-23T15:00:00-05:00", 24, "2027-12-27T15:00:00-05:00", id="US-christmas-observed"),
    # US: Thu 30 Dec 9h, Fri 31 Dec = New Year's Day 2028 (observed, dated in the old year), weekend, Mon 3 Jan + 15h.
    pytest.param(
        "US", "2027-12-30T15:00:00-05:00", 24, "2028-01-03T15:00:00-05:00", id="US-new-year-observed-in-old-year"
    ),
    # Easter DE: Thu 2 Apr 12h, Good Friday off, weekend, Easter Monday off, Tue 7 Apr 00:00 + 12h.
    pytest.param("DE", "2026-04-02T12:00:00+02:00", 24, "2026-04-07T12:00:00+02:00", id="DE-easter"),
    # Easter GB (BST): same days off as DE -> Tue 7 Apr 12:00.
    pytest.param("GB", "2026-04-02T12:00:00+01:00", 24, "2026-04-07T12:00:00+01:00", id="GB-easter"),
    # FR has no Good Friday: Thu 12h + Fri 3 Apr 12h.
    pytest.param("FR", "2026-04-02T12:00:00+02:00", 24, "2026-04-03T12:00:00+02:00", id="FR-good-friday-works"),
    # Received on Good Friday (DE): Fri off, weekend, Mon off, Tue full -> Wed 8 Apr 00:00.
    pytest.param("DE", "2026-04-03T09:00:00+02:00", 24, "2026-04-08T00:00:00+02:00", id="DE-on-good-friday"),
    # FR spring DST (Sun 29 Mar, 23h day, non-working): Sat -> Mon full day -> Tue 00:00, now CEST (+02:00).
    pytest.param("FR", "2026-03-28T10:00:00+01:00", 24, "2026-03-31T00:00:00+02:00", id="FR-dst-spring-saturday"),
    # Sunday 01:30 CET, just before the change: Monday full day -> Tue 00:00+02:00.
    pytest.param("FR", "2026-03-29T01:30:00+01:00", 24, "2026-03-31T00:00:00+02:00", id="FR-dst-spring-sunday"),
    # Fri 15:00 CET-24:00 CET = 9 real hours, Mon 00:00 CEST + 15h = Mon 15:00+02:00.
    pytest.param("FR", "2026-03-27T15:00:00+01:00", 24, "2026-03-30T15:00:00+02:00", id="FR-dst-spring-friday"),
    # FR autumn DST (Sun 25 Oct, 25h day, non-working): Sat -> Tue 00:00, now CET (+01:00).
    pytest.param("FR", "2026-10-24T10:00:00+02:00", 24, "2026-10-27T00:00:00+01:00", id="FR-dst-autumn-saturday"),
    # Sunday 02:30, first pass (CEST) of the repeated hour: Monday full day -> Tue 00:00+01:00.
    pytest.param("FR", "2026-10-25T02:30:00+02:00", 24, "2026-10-27T00:00:00+01:00", id="FR-dst-autumn-fold0"),
    # Sunday 02:30, second pass (CET): Monday full day -> Tue 00:00+01:00.
    pytest.param("FR", "2026-10-25T02:30:00+01:00", 24, "2026-10-27T00:00:00+01:00", id="FR-dst-autumn-fold1"),
    # Fri 15:00 CEST: 9h Friday, Mon 00:00 CET + 15h = Mon 15:00+01:00.
    pytest.param("FR", "2026-10-23T15:00:00+02:00", 24, "2026-10-26T15:00:00+01:00", id="FR-dst-autumn-friday"),
    # US spring DST (Sun 8 Mar): Sat -> Mon full day -> Tue 00:00 EDT (-04:00).
    pytest.param("US", "2026-03-07T10:00:00-05:00", 24, "2026-03-10T00:00:00-04:00", id="US-dst-spring-saturday"),
    # Fri 15:00 EST: 9h Friday, Mon 00:00 EDT + 15h.
    pytest.param("US", "2026-03-06T15:00:00-05:00", 24, "2026-03-09T15:00:00-04:00", id="US-dst-spring-friday"),
    # US autumn DST (Sun 1 Nov): Sat -> Mon full day -> Tue 00:00 EST (-05:00).
    pytest.param("US", "2026-10-31T10:00:00-04:00", 24, "2026-11-03T00:00:00-05:00", id="US-dst-autumn-saturday"),
    # Sunday 01:30 EDT (first pass of the repeated hour): Monday full day -> Tue 00:00-05:00.
    pytest.param("US", "2026-11-01T01:30:00-04:00", 24, "2026-11-03T00:00:00-05:00", id="US-dst-autumn-fold0"),
    # Sunday 01:30 EST (second pass): Monday full day -> Tue 00:00-05:00.
    pytest.param("US", "2026-11-01T01:30:00-05:00", 24, "2026-11-03T00:00:00-05:00", id="US-dst-autumn-fold1"),
    # Fri 15:00 EDT: 9h Friday, Mon 00:00 EST + 15h.
    pytest.param("US", "2026-10-30T15:00:00-04:00", 24, "2026-11-02T15:00:00-05:00", id="US-dst-autumn-friday"),
    # DST on a *working* day (Jerusalem, Fri 27 Mar 02:00->03:00): Fri 00:00-24:00 is 23 real hours,
    # so 1h is left for Mon 30 Mar: 01:00+03:00.
    pytest.param("XJ", "2026-03-27T00:00:00+02:00", 24, "2026-03-30T01:00:00+03:00", id="XJ-dst-friday-23h"),
    # Thu 12:00-24:00 = 12h, then Fri 00:00+02:00 (22:00Z) + 12 real hours = 10:00Z = 13:00+03:00 (not 12:00).
    pytest.param("XJ", "2026-03-26T12:00:00+02:00", 24, "2026-03-27T13:00:00+03:00", id="XJ-dst-real-elapsed"),
    # Exactly midnight: Mon 00:00 + one full working day = Tue 00:00.
    pytest.param("FR", "2026-01-12T00:00:00+01:00", 24, "2026-01-13T00:00:00+01:00", id="FR-monday-midnight"),
    # Friday 24:00 = Sat 00:00: no Friday time left, Monday full day -> Tue 00:00.
    pytest.param("FR", "2026-01-10T00:00:00+01:00", 24, "2026-01-13T00:00:00+01:00", id="FR-friday-2400"),
    # Fri 23:00: 1h Friday, Mon 00:00 + 23h.
    pytest.param("FR", "2026-01-09T23:00:00+01:00", 24, "2026-01-12T23:00:00+01:00", id="FR-friday-2300"),
    # 1 microsecond before Friday midnight: 1us Friday, Mon 00:00 + (24h - 1us).
    pytest.param(
        "FR", "2026-01-09T23:59:59.999999+01:00", 24, "2026-01-12T23:59:59.999999+01:00", id="FR-friday-last-us"
    ),
    # Mon 00:00 + 120h = five full working days (12-16 Jan, no holiday) -> end of Friday = Sat 00:00.
    pytest.param("FR", "2026-01-12T00:00:00+01:00", 120, "2026-01-17T00:00:00+01:00", id="FR-one-week"),
    # Fri 23:30 + 0.5h = end of Friday, Sat 00:00 (the earliest instant, not Monday 00:00).
    pytest.param(
        "FR", "2026-01-09T23:30:00+01:00", 0.5, "2026-01-10T00:00:00+01:00", id="FR-half-hour-ends-at-midnight"
    ),
    # Decimal hours: Mon 10:00 + 1.25h = 11:15.
    pytest.param(
        "FR", "2026-01-12T10:00:00+01:00", Decimal("1.25"), "2026-01-12T11:15:00+01:00", id="FR-decimal-hours"
    ),
    # timedelta hours: Mon 10:00 + 90 min = 11:30.
    pytest.param(
        "FR", "2026-01-12T10:00:00+01:00", timedelta(minutes=90), "2026-01-12T11:30:00+01:00", id="FR-timedelta-hours"
    ),
    # timedelta(hours=24) behaves as 24: Fri 9h + Mon 15h.
    pytest.param(
        "FR", "2026-01-09T15:00:00+01:00", timedelta(hours=24), "2026-01-12T15:00:00+01:00", id="FR-timedelta-24h"
    ),
    # GB is England: 2 Jan 2026 (Scotland only) is a working day. Wed 31 Dec 12h, Thu 1 Jan off, Fri 2 Jan 12h.
    pytest.param("GB", "2025-12-31T12:00:00+00:00", 24, "2026-01-02T12:00:00+00:00", id="GB-ENG-2-jan-works"),
    # Contrast: on the Scottish calendar 2 Jan is off too, weekend, Mon 5 Jan 00:00 + 12h.
    pytest.param("GB-SCT", "2025-12-31T12:00:00+00:00", 24, "2026-01-05T12:00:00+00:00", id="GB-SCT-2-jan-off"),
    # GB (ENG): St Andrew's Day Mon 30 Nov is Scotland only: Fri 12h + Mon 12h.
    pytest.param("GB", "2026-11-27T12:00:00+00:00", 24, "2026-11-30T12:00:00+00:00", id="GB-ENG-st-andrews-works"),
    # FI Epiphany: Mon 12h, Tue 6 Jan off, Wed 00:00 + 12h.
    pytest.param("FI", "2026-01-05T12:00:00+02:00", 24, "2026-01-07T12:00:00+02:00", id="FI-epiphany"),
    # FI Midsummer Eve (Fri 19 Jun): Thu 12h, Fri off, weekend (Midsummer Day Sat), Mon 00:00 + 12h.
    pytest.param("FI", "2026-06-18T12:00:00+03:00", 24, "2026-06-22T12:00:00+03:00", id="FI-midsummer-eve"),
    # BE Whit Monday: Fri 22 May 12h, weekend, Mon 25 May off, Tue 00:00 + 12h.
    pytest.param("BE", "2026-05-22T12:00:00+02:00", 24, "2026-05-26T12:00:00+02:00", id="BE-whit-monday"),
    # BE National Day (Tue 21 Jul): Mon 08:00-24:00 = 16h, Tue off, Wed 00:00 + 8h.
    pytest.param("BE", "2026-07-20T08:00:00+02:00", 24, "2026-07-22T08:00:00+02:00", id="BE-national-day"),
    # US Thanksgiving (Thu 26 Nov): Wed 15:00-24:00 = 9h, Thu off, Fri 27 is a working day: 00:00 + 15h.
    pytest.param("US", "2026-11-25T15:00:00-05:00", 24, "2026-11-27T15:00:00-05:00", id="US-thanksgiving"),
    # US Independence Day (observed) Fri 3 Jul: Thu 12h, Fri off, weekend, Mon 6 Jul 00:00 + 12h.
    pytest.param("US", "2026-07-02T12:00:00-04:00", 24, "2026-07-06T12:00:00-04:00", id="US-july-3-observed"),
    # 09:00-18:00: Fri 17-18 = 1h, Mon 9h (10), Tue 9h (19), Wed 09:00 + 5h = 14:00.
    pytest.param("FR-9-18", "2026-01-09T17:00:00+01:00", 24, "2026-01-14T14:00:00+01:00", id="FR-9-18-friday-17h"),
    # 09:00-18:00, Saturday: Mon 9h, Tue 9h (18), Wed 09:00 + 6h = 15:00.
    pytest.param("FR-9-18", "2026-01-10T12:00:00+01:00", 24, "2026-01-14T15:00:00+01:00", id="FR-9-18-saturday"),
    # 09:00-18:00: Mon 09:00 + 9h ends at the window end, Mon 18:00 (not Tue 09:00).
    pytest.param("FR-9-18", "2026-01-12T09:00:00+01:00", 9, "2026-01-12T18:00:00+01:00", id="FR-9-18-full-window"),
    # 09:00-18:00: received 07:00 before the window: 09:00 + 1h = 10:00.
    pytest.param("FR-9-18", "2026-01-12T07:00:00+01:00", 1, "2026-01-12T10:00:00+01:00", id="FR-9-18-before-window"),
    # 09:00-18:00: received at the window end 18:00 (not working): Tue 09:00 + 1h.
    pytest.param("FR-9-18", "2026-01-12T18:00:00+01:00", 1, "2026-01-13T10:00:00+01:00", id="FR-9-18-at-window-end"),
    # 09:00-18:00 across spring DST: Fri 1h, Mon 30 Mar 9h, Tue 9h (19), Wed 1 Apr 09:00 CEST + 5h.
    pytest.param("FR-9-18", "2026-03-27T17:00:00+01:00", 24, "2026-04-01T14:00:00+02:00", id="FR-9-18-dst"),
    # 08-12 + 13-17: Fri 11-12 (1h) + 13-17 (4h) = 5h, Mon 8h (13), Tue 8h (21), Wed 08:00-11:00 = 3h.
    pytest.param("FR-split", "2026-01-09T11:00:00+01:00", 24, "2026-01-14T11:00:00+01:00", id="FR-split-windows"),
    # 08-12 + 13-17: Mon 11:00 + 2h = 1h before lunch + 1h after -> 14:00.
    pytest.param("FR-split", "2026-01-12T11:00:00+01:00", 2, "2026-01-12T14:00:00+01:00", id="FR-split-over-lunch"),
    # 08-12 + 13-17: Mon 11:00 + 1h ends at the lunch break start, 12:00.
    pytest.param("FR-split", "2026-01-12T11:00:00+01:00", 1, "2026-01-12T12:00:00+01:00", id="FR-split-to-lunch"),
]


@pytest.mark.parametrize(("key", "received", "hours", "expected"), DUE_CASES)
def test_due_instant(key, received, hours, expected):
    assert_local(cal(key).due_instant(at(received), hours), expected, key)


def test_due_instant_default_is_24_working_hours():
    # R1.1 default: Fri 15:00 -> Mon 15:00 without passing hours.
    assert_local(cal("FR").due_instant(at("2026-01-09T15:00:00+01:00")), "2026-01-12T15:00:00+01:00", "FR")


@pytest.mark.parametrize("zero", [0, 0.0, Decimal("0"), timedelta(0)])
@pytest.mark.parametrize(
    ("key", "received", "expected"),
    [
        # 0 hours on a Saturday, given in UTC: received_at itself (no roll to Monday), in Paris time.
        ("FR", "2026-01-10T12:00:00+00:00", "2026-01-10T13:00:00+01:00"),
        # 0 hours during working time, given in +05:30: the same instant, in New York time.
        ("US", "2026-01-12T20:30:00+05:30", "2026-01-12T10:00:00-05:00"),
        # 0 hours outside the 09:00-18:00 window: still received_at itself.
        ("FR-9-18", "2026-01-12T20:00:00+01:00", "2026-01-12T20:00:00+01:00"),
        # 0 hours in the repeated hour of the US autumn night, second pass (EST): the same instant,
        # shown as 01:30-05:00 (fold=1), not as the first 01:30-04:00.
        ("US", "2026-11-01T06:30:00+00:00", "2026-11-01T01:30:00-05:00"),
        # 0 hours in the repeated hour of the FR autumn night, first pass (CEST).
        ("FR", "2026-10-25T00:30:00+00:00", "2026-10-25T02:30:00+02:00"),
    ],
)
def test_zero_hours_is_received_at_itself(key, received, expected, zero):
    assert_local(cal(key).due_instant(at(received), zero), expected, key)


# -- working_time_between ---------------------------------------------------------------------------

BETWEEN_CASES = [
    # Fri 15:00 -> Mon 15:00: 9h Friday + 15h Monday.
    ("FR", "2026-01-09T15:00:00+01:00", "2026-01-12T15:00:00+01:00", timedelta(hours=24)),
    # Sat 00:00 -> Mon 00:00: weekend only, nothing.
    ("FR", "2026-01-10T00:00:00+01:00", "2026-01-12T00:00:00+01:00", timedelta(0)),
    # Mon 00:00 -> next Mon 00:00: five full working days.
    ("FR", "2026-01-12T00:00:00+01:00", "2026-01-19T00:00:00+01:00", timedelta(hours=120)),
    # Christmas week 21-28 Dec: Mon-Thu 96h, Fri 25 holiday.
    ("FR", "2026-12-21T00:00:00+01:00", "2026-12-28T00:00:00+01:00", timedelta(hours=96)),
    # GB same week: Mon-Thu 96h, Fri 25 holiday (Mon 28 is outside the span).
    ("GB", "2026-12-21T00:00:00+00:00", "2026-12-29T00:00:00+00:00", timedelta(hours=96)),
    # Sat 28 Mar -> Tue 31 Mar over spring DST: 71 real hours pass, of which only Monday's 24 are working.
    ("FR", "2026-03-28T00:00:00+01:00", "2026-03-31T00:00:00+02:00", timedelta(hours=24)),
    # Fri 00:00 CET -> Tue 00:00 CEST: Friday 24h + Monday 24h.
    ("FR", "2026-03-27T00:00:00+01:00", "2026-03-31T00:00:00+02:00", timedelta(hours=48)),
    # Jerusalem Fri 27 Mar is a working day of 23 real hours.
    ("XJ", "2026-03-27T00:00:00+02:00", "2026-03-28T00:00:00+03:00", timedelta(hours=23)),
    # US Thanksgiving: Wed 15:00 -> Fri 15:00 = Wed 9h + Fri 15h.
    ("US", "2026-11-25T15:00:00-05:00", "2026-11-27T15:00:00-05:00", timedelta(hours=24)),
    # 09:00-18:00: Mon 00:00 -> Tue 00:00 = one window, 9h.
    ("FR-9-18", "2026-01-12T00:00:00+01:00", "2026-01-13T00:00:00+01:00", timedelta(hours=9)),
    # 09:00-18:00: Fri 17:00 -> Wed 14:00 = 1 + 9 + 9 + 5.
    ("FR-9-18", "2026-01-09T17:00:00+01:00", "2026-01-14T14:00:00+01:00", timedelta(hours=24)),
    # 08-12 + 13-17: Mon 11:30 -> 13:30 = 30 min before lunch + 30 min after.
    ("FR-split", "2026-01-12T11:30:00+01:00", "2026-01-12T13:30:00+01:00", timedelta(hours=1)),
    # Mixed input offsets: Fri 14:00Z (15:00 Paris) -> Mon 19:30+05:30 (15:00 Paris) = 24h.
    ("FR", "2026-01-09T14:00:00+00:00", "2026-01-12T19:30:00+05:30", timedelta(hours=24)),
    # Same instant: zero.
    ("FR", "2026-01-12T10:00:00+01:00", "2026-01-12T10:00:00+01:00", timedelta(0)),
    # Microseconds count: Fri 23:59:59.999999 -> Sat 00:00 = 1us.
    ("FR", "2026-01-09T23:59:59.999999+01:00", "2026-01-10T00:00:00+01:00", timedelta(microseconds=1)),
]


@pytest.mark.parametrize(("key", "start", "end", "expected"), BETWEEN_CASES)
def test_working_time_between(key, start, end, expected):
    calendar = cal(key)
    assert calendar.working_time_between(at(start), at(end)) == expected
    # Reversed span: the same amount, negative.
    assert calendar.working_time_between(at(end), at(start)) == -expected


# -- next_working_instant / is_working_instant / is_working_day -----------------------------------

NEXT_CASES = [
    # Saturday noon -> Monday 00:00.
    ("FR", "2026-01-10T12:00:00+01:00", "2026-01-12T00:00:00+01:00"),
    # Holiday (14 Jul) -> Wed 00:00.
    ("FR", "2026-07-14T12:00:00+02:00", "2026-07-15T00:00:00+02:00"),
    # DE Good Friday -> weekend, Easter Monday -> Tue 7 Apr 00:00.
    ("DE", "2026-04-03T12:00:00+02:00", "2026-04-07T00:00:00+02:00"),
    # GB Christmas Day -> weekend, Boxing Day (observed) Mon 28 -> Tue 29 00:00.
    ("GB", "2026-12-25T12:00:00+00:00", "2026-12-29T00:00:00+00:00"),
    # FR DST Sunday (CEST already) -> Mon 00:00+02:00.
    ("FR", "2026-03-29T12:00:00+02:00", "2026-03-30T00:00:00+02:00"),
    # Inside working time, given in UTC: the instant itself, in Paris time.
    ("FR", "2026-01-12T10:00:00+00:00", "2026-01-12T11:00:00+01:00"),
    # Exactly Monday 00:00: itself.
    ("FR", "2026-01-12T00:00:00+01:00", "2026-01-12T00:00:00+01:00"),
    # 09:00-18:00: Mon 20:00 -> Tue 09:00.
    ("FR-9-18", "2026-01-12T20:00:00+01:00", "2026-01-13T09:00:00+01:00"),
    # 09:00-18:00: Fri 18:00 (window end, exclusive) -> Mon 09:00.
    ("FR-9-18", "2026-01-09T18:00:00+01:00", "2026-01-12T09:00:00+01:00"),
    # 09:00-18:00: Mon 08:59 -> 09:00.
    ("FR-9-18", "2026-01-12T08:59:00+01:00", "2026-01-12T09:00:00+01:00"),
    # 09:00-18:00: Mon 12:00 inside the window -> itself.
    ("FR-9-18", "2026-01-12T12:00:00+01:00", "2026-01-12T12:00:00+01:00"),
    # 08-12 + 13-17: lunch break 12:30 -> 13:00.
    ("FR-split", "2026-01-12T12:30:00+01:00", "2026-01-12T13:00:00+01:00"),
]


@pytest.mark.parametrize(("key", "instant", "expected"), NEXT_CASES)
def test_next_working_instant(key, instant, expected):
    assert_local(cal(key).next_working_instant(at(instant)), expected, key)


@pytest.mark.parametrize(
    ("key", "instant", "expected"),
    [
        ("FR", "2026-01-09T23:59:59.999999+01:00", True),  # last microsecond of Friday
        ("FR", "2026-01-10T00:00:00+01:00", False),  # Friday 24:00 = Saturday
        ("FR", "2026-01-12T00:00:00+01:00", True),  # Monday 00:00
        ("FR", "2026-01-11T23:30:00+00:00", True),  # Sunday 23:30 UTC = Monday 00:30 Paris
        ("FR", "2026-07-14T10:00:00+02:00", False),  # holiday
        ("FR-9-18", "2026-01-12T09:00:00+01:00", True),  # window start is inclusive
        ("FR-9-18", "2026-01-12T17:59:59.999999+01:00", True),
        ("FR-9-18", "2026-01-12T18:00:00+01:00", False),  # window end is exclusive
        ("FR-split", "2026-01-12T12:00:00+01:00", False),  # lunch break
    ],
)
def test_is_working_instant(key, instant, expected):
    assert cal(key).is_working_instant(at(instant)) is expected


@pytest.mark.parametrize(
    ("key", "day", "expected"),
    [
        ("GB", date(2026, 1, 2), True),  # Scotland-only holiday, GB is ENG
        ("GB-SCT", date(2026, 1, 2), False),
        ("GB", date(2026, 12, 28), False),  # Boxing Day (observed)
        ("DE", date(2026, 12, 24), True),  # not a nationwide holiday
        ("DE", date(2026, 1, 6), True),  # Epiphany is regional only
        ("FI", date(2026, 1, 6), False),  # Epiphany
        ("FI", date(2026, 12, 24), False),  # Christmas Eve
        ("FR", date(2026, 4, 3), True),  # no Good Friday in FR
        ("DE", date(2026, 4, 3), False),
        ("BE", date(2026, 5, 25), False),  # Whit Monday
        ("US", date(2026, 11, 26), False),  # Thanksgiving
        ("US", date(2026, 11, 27), True),
        ("US", date(2027, 12, 31), False),  # New Year's Day 2028 (observed)
        ("FR", date(2026, 1, 10), False),  # Saturday
        ("FR", date(2026, 1, 12), True),  # Monday
    ],
)
def test_is_working_day(key, day, expected):
    assert cal(key).is_working_day(day) is expected


# -- refusals -------------------------------------------------------------------------------------


def test_naive_received_at_is_refused_naming_the_field():
    with pytest.raises(NaiveDatetimeError) as info:
        cal("FR").due_instant(datetime(2026, 1, 9, 15, 0))
    assert info.value.field == "received_at"
    assert "received_at" in str(info.value)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda c: c.working_time_between(datetime(2026, 1, 9), at("2026-01-12T00:00:00+01:00")), "start"),
        (lambda c: c.working_time_between(at("2026-01-09T00:00:00+01:00"), datetime(2026, 1, 12)), "end"),
        (lambda c: c.next_working_instant(datetime(2026, 1, 10, 12)), "instant"),
        (lambda c: c.is_working_instant(datetime(2026, 1, 10, 12)), "instant"),
    ],
    ids=["between-start", "between-end", "next-working", "is-working"],
)
def test_naive_datetimes_are_refused_everywhere(call, field):
    with pytest.raises(NaiveDatetimeError) as info:
        call(cal("FR"))
    assert info.value.field == field
    assert field in str(info.value)


@pytest.mark.parametrize(
    "hours",
    [
        -1,
        -0.5,
        float("nan"),
        float("inf"),
        float("-inf"),
        Decimal("NaN"),
        Decimal("-1"),
        Decimal("Infinity"),
        timedelta(hours=-1),
        "24",
        None,
        True,
    ],
    ids=repr,
)
def test_invalid_hours_are_refused(hours):
    with pytest.raises(InvalidHoursError):
        cal("FR").due_instant(at("2026-01-09T15:00:00+01:00"), hours)


def test_unknown_market_is_refused_listing_known_codes():
    registry = MarketRegistry.from_overrides()
    with pytest.raises(UnknownMarketError) as info:
        registry.get("XX")
    message = str(info.value)
    assert "XX" in message
    for code in DEFAULT_MARKETS:
        assert code in message
    assert info.value.known == sorted(DEFAULT_MARKETS)
    assert isinstance(info.value, ValueError)
    with pytest.raises(UnknownMarketError):
        registry["ZZ"]
    assert "XX" not in registry
    # Codes are case-insensitive.
    assert registry.get("fr") is registry.get("FR")
