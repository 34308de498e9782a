"""A market's working week (``Market.working_weekdays``): Monday to Friday in the rulebook (R1.1
counts no weekend hour); a market configured with seven working days counts them all, which is
what lets bench/scale.py set deadlines on a Saturday."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from rules.calendar import calendar_for
from rules.markets import MarketRegistry

PARIS = ZoneInfo("Europe/Paris")
SATURDAY_10 = datetime(2026, 11, 7, 10, 0, tzinfo=PARIS)  # no French public holiday that weekend


def test_the_rulebook_counts_no_weekend_hour():
    fr = MarketRegistry.from_overrides().get("FR")
    assert fr.working_weekdays == (0, 1, 2, 3, 4)
    # 24 working hours from Saturday 10:00: Monday and nothing before it.
    assert calendar_for(fr).due_instant(SATURDAY_10, hours=24) == datetime(2026, 11, 10, 0, 0, tzinfo=PARIS)


def test_a_seven_day_market_counts_the_weekend():
    every_day = MarketRegistry.from_overrides({"FR": {"working_weekdays": [0, 1, 2, 3, 4, 5, 6]}}).get("FR")
    assert calendar_for(every_day).due_instant(SATURDAY_10, hours=24) == datetime(2026, 11, 8, 10, 0, tzinfo=PARIS)
    assert calendar_for(every_day).is_working_day(SATURDAY_10.date())


def test_a_day_that_is_not_a_weekday_is_refused_naming_the_market_and_field():
    with pytest.raises(ValueError, match=r"FR\.working_weekdays: working weekdays must be some of 0 \(Monday\) to 6"):
        MarketRegistry.from_overrides({"FR": {"working_weekdays": [5, 7]}})
