"""Column types that behave the same on SQLite and PostgreSQL.

SQLite has no time zones and no decimals; these types make the Python side identical anyway, so
deadline arithmetic and the ledger never depend on which database a deployment runs.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, DateTime, Dialect, Numeric
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.types import TypeDecorator

CENT = Decimal("0.01")

#: JSON everywhere, JSONB on PostgreSQL so ops can index and query findings and details.
JSONDocument = JSON().with_variant(JSONB(), "postgresql")


class UTCDateTime(TypeDecorator[datetime]):
    """An instant, stored in UTC, always returned time-zone aware (UTC).

    PostgreSQL keeps ``timestamptz``; SQLite would silently drop ``tzinfo``, so values are
    normalised to naive UTC before they reach it and tagged UTC again on the way back. Naive
    datetimes are refused: a deadline counted from an unknown zone is a wrong deadline.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: pass an aware datetime")
        value = value.astimezone(UTC)
        return value if dialect.name == "postgresql" else value.replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Money(TypeDecorator[Decimal]):
    """An amount in currency units with two decimals, exact as a ``Decimal``.

    Floats and sub-cent amounts are refused rather than rounded: a recharge (R5.6) must be the
    amount the tariff says, not a nearby one.
    """

    impl = Numeric(12, 2)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
            raise TypeError(f"amount must be Decimal or int, not {type(value).__name__}")
        amount = Decimal(value)
        if amount != amount.quantize(CENT):
            raise ValueError(f"amount {amount} has more than two decimals")
        return amount.quantize(CENT)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        return None if value is None else Decimal(value).quantize(CENT)
