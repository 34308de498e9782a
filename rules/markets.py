"""Markets (RULES.md, Terms): languages, currency, time zone, public holidays, working windows.

A market fixes which calendar a deadline is counted on, which languages a reply must be in and
which currency costs are charged in. The 15 defaults are the table of RULES.md; settings may
override any field of a default market or add new ones (``HELPDESK_MARKETS``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import time
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from errors import InvalidInput

MINUTES_PER_DAY = 24 * 60
_HH_MM = re.compile(r"^(?P<h>\d{1,2}):(?P<m>\d{2})$")


class UnknownMarketError(InvalidInput):
    """A market code that is not configured; the message lists the known ones."""

    def __init__(self, code: str, known: Iterable[str]) -> None:
        self.code = code
        self.known = sorted(known)
        super().__init__(f"unknown market {code!r}; known markets: {', '.join(self.known)}")


def _parse_clock(value: Any) -> int:
    """Minutes after local midnight for "HH:MM" (24:00 allowed as the end of the day) or a time."""
    if isinstance(value, time):
        return value.hour * 60 + value.minute
    if isinstance(value, int):
        minutes = value
    else:
        match = _HH_MM.match(str(value).strip())
        if not match:
            raise ValueError(f"{value!r} is not a clock time HH:MM")
        minutes = int(match["h"]) * 60 + int(match["m"])
        if int(match["m"]) >= 60:
            raise ValueError(f"{value!r} is not a clock time HH:MM")
    if not 0 <= minutes <= MINUTES_PER_DAY:
        raise ValueError(f"{value!r} lies outside 00:00-24:00")
    return minutes


class WorkingWindow(BaseModel):
    """One stretch of working time on every working day, local clock, ``start`` < ``end``.

    Stored as minutes after local midnight so that 24:00 (the end of the day) is expressible.
    """

    model_config = ConfigDict(frozen=True)

    start: int = Field(description="minutes after local midnight, 0-1439")
    end: int = Field(description="minutes after local midnight, 1-1440 (1440 = 24:00)")

    @field_validator("start", "end", mode="before")
    @classmethod
    def _clock(cls, value: Any) -> int:
        return _parse_clock(value)

    @model_validator(mode="after")
    def _ordered(self) -> WorkingWindow:
        if self.start >= self.end:
            raise ValueError(f"working window must start before it ends, got {self}")
        return self

    @model_validator(mode="before")
    @classmethod
    def _from_pair(cls, data: Any) -> Any:
        if isinstance(data, (list, tuple)) and len(data) == 2:
            return {"start": data[0], "end": data[1]}
        if isinstance(data, str) and "-" in data:
            start, end = data.split("-", 1)
            return {"start": start, "end": end}
        return data

    def __str__(self) -> str:
        return f"{self.start // 60:02d}:{self.start % 60:02d}-{self.end // 60:02d}:{self.end % 60:02d}"


_SUPPORTED_HOLIDAYS: Mapping[str, list[str]] = holidays.list_supported_countries()

FULL_DAY = (WorkingWindow(start=0, end=MINUTES_PER_DAY),)


class MarketProfile(BaseModel):
    """What a thread needs to know of its market (R1.6): languages, currency, time zone."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    languages: tuple[str, ...]
    currency: str
    timezone: str


class Market(BaseModel):
    """One country storefront. Frozen: a market is a value, safe to share and to pass to activities."""

    model_config = ConfigDict(frozen=True)

    code: str
    languages: tuple[str, ...] = Field(min_length=1)
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    timezone: str
    holiday_country: str
    holiday_subdiv: str | None = None
    working_windows: tuple[WorkingWindow, ...] = FULL_DAY
    working_weekdays: tuple[int, ...] = Field(
        default=(0, 1, 2, 3, 4),
        description="the working days of the week, 0 = Monday: Monday to Friday in every market of the rulebook",
    )

    @field_validator("working_weekdays")
    @classmethod
    def _weekdays(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        if not value or any(day not in range(7) for day in value):
            raise ValueError(f"working weekdays must be some of 0 (Monday) to 6 (Sunday), got {list(value)}")
        return tuple(sorted(set(value)))

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @model_validator(mode="after")
    def _known_holiday_calendar(self) -> Market:
        subdivisions = _SUPPORTED_HOLIDAYS.get(self.holiday_country)
        if subdivisions is None:
            raise ValueError(f"the holidays package has no calendar for country {self.holiday_country!r}")
        if self.holiday_subdiv is not None and self.holiday_subdiv not in subdivisions:
            raise ValueError(
                f"the holidays package has no calendar for country {self.holiday_country!r} "
                f"subdivision {self.holiday_subdiv!r}; it has {', '.join(subdivisions)}"
            )
        return self

    @field_validator("working_windows")
    @classmethod
    def _disjoint(cls, windows: tuple[WorkingWindow, ...]) -> tuple[WorkingWindow, ...]:
        if not windows:
            raise ValueError("a market needs at least one working window")
        ordered = tuple(sorted(windows, key=lambda w: w.start))
        for before, after in zip(ordered, ordered[1:]):
            if after.start < before.end:
                raise ValueError(f"working windows {before} and {after} overlap")
        return ordered

    @cached_property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def profile(self) -> MarketProfile:
        return MarketProfile(code=self.code, languages=self.languages, currency=self.currency, timezone=self.timezone)

    def __hash__(self) -> int:
        # Equal markets share a code, so this agrees with ==; hashing every field cost 0.3 µs a
        # deadline in ``calendar_for``'s cache lookup.
        return hash(self.code)


def _market(code: str, languages: str, currency: str, tz: str, country: str, subdiv: str | None = None) -> Market:
    return Market(
        code=code,
        languages=tuple(languages.split(",")),
        currency=currency,
        timezone=tz,
        holiday_country=country,
        holiday_subdiv=subdiv,
    )


DEFAULT_MARKETS: Mapping[str, Market] = {
    m.code: m
    for m in (
        _market("FR", "fr", "EUR", "Europe/Paris", "FR"),
        _market("DE", "de", "EUR", "Europe/Berlin", "DE"),
        _market("AT", "de", "EUR", "Europe/Vienna", "AT"),
        _market("BE", "fr,nl,de", "EUR", "Europe/Brussels", "BE"),
        _market("NL", "nl", "EUR", "Europe/Amsterdam", "NL"),
        _market("ES", "es", "EUR", "Europe/Madrid", "ES"),
        _market("IT", "it", "EUR", "Europe/Rome", "IT"),
        _market("PT", "pt", "EUR", "Europe/Lisbon", "PT"),
        _market("IE", "en", "EUR", "Europe/Dublin", "IE"),
        _market("GB", "en", "GBP", "Europe/London", "GB", "ENG"),
        _market("US", "en", "USD", "America/New_York", "US"),
        _market("SE", "sv", "SEK", "Europe/Stockholm", "SE"),
        _market("FI", "fi,sv", "EUR", "Europe/Helsinki", "FI"),
        _market("GR", "el", "EUR", "Europe/Athens", "GR"),
        _market("PL", "pl", "PLN", "Europe/Warsaw", "PL"),
    )
}


class MarketRegistry:
    """The configured markets: the defaults with the settings' overrides applied."""

    def __init__(self, markets: Mapping[str, Market]) -> None:
        self._markets = dict(markets)

    @classmethod
    def from_overrides(cls, overrides: Mapping[str, Mapping[str, Any]] | None = None) -> MarketRegistry:
        """Apply ``{"FR": {"working_windows": ["09:00-18:00"]}, "CH": {...full market...}}``.

        A known code takes the given fields over its default; a new code must give every field.
        Raises ``ValueError`` naming the market and field when an override is invalid.
        """
        markets = dict(DEFAULT_MARKETS)
        for raw_code, fields in (overrides or {}).items():
            code = raw_code.upper()
            base = markets[code].model_dump() if code in markets else {}
            if not isinstance(fields, Mapping):
                raise ValueError(f"market override {code} must be an object of fields, got {fields!r}")
            try:
                markets[code] = Market.model_validate({**base, **dict(fields), "code": code})
            except ValidationError as exc:
                first = exc.errors()[0]
                where = ".".join(str(part) for part in first["loc"]) or "market"
                message = first["msg"].removeprefix("Value error, ")
                raise ValueError(f"market override {code}.{where}: {message}") from None
        return cls(markets)

    def get(self, code: str) -> Market:
        """The market for ``code`` (case-insensitive), or ``UnknownMarketError`` listing the known codes."""
        market = self._markets.get(code.upper()) if isinstance(code, str) else None
        if market is None:
            raise UnknownMarketError(str(code), self._markets)
        return market

    def __getitem__(self, code: str) -> Market:
        return self.get(code)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code.upper() in self._markets

    def __iter__(self) -> Iterator[Market]:
        return iter(self._markets.values())

    def __len__(self) -> int:
        return len(self._markets)

    @property
    def codes(self) -> list[str]:
        return sorted(self._markets)
