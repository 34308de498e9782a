"""What every table shares: the id and key widths, the constraint naming convention, the declarative base,
the timestamp default and how an enum is stored."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, ClassVar

from sqlalchemy import (
    BigInteger,
    Enum,
    Integer,
    MetaData,
    String,
)
from sqlalchemy.orm import DeclarativeBase

from store.coltypes import JSONDocument, Money, UTCDateTime

ID = String(128)
"""Ids come from the marketplace backend; wide enough for UUIDs and prefixed keys."""
KEY = String(255)
"""Keys the helpdesk derives from an id and what happened to it (``label:{thread}:{n}:{instant}``)."""
POSITION = BigInteger().with_variant(Integer, "sqlite")
"""Event log positions: 64 bits on PostgreSQL; SQLite's AUTOINCREMENT needs INTEGER (64 bits there too)."""

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """Default for record timestamps (when the helpdesk wrote the row, not a rule instant)."""
    return datetime.now(UTC)


def _enum(kind: type[StrEnum], name: str) -> Enum:
    """Store the enum *value* as VARCHAR(32) with a CHECK constraint: portable, readable in SQL."""
    return Enum(
        kind,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime,
        Decimal: Money,
        dict[str, Any]: JSONDocument,
    }
