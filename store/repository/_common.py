"""What every aggregate's writes share: the insert of the database's dialect, insert-if-absent, ``Recorded``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Generic, NamedTuple, TypeVar

from sqlalchemy import Table, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from store.models import (
    Base,
)

RowT = TypeVar("RowT", bound=Base)


FRESH = {"populate_existing": True}  # a row already in the session must show the database's values


class Recorded(NamedTuple, Generic[RowT]):
    """The stored row, and whether this call created it (``False``: it was already there)."""

    row: RowT
    created: bool


def dialect_insert(session: Session, model: type[Base] | Table) -> postgresql.Insert | sqlite.Insert:
    """The dialect's INSERT, which is the one that knows ``ON CONFLICT``."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(model)
    if dialect == "sqlite":
        return sqlite.insert(model)
    raise ValueError(f"the store supports SQLite and PostgreSQL, not {dialect}")


def insert_if_absent(
    session: Session, model: type[RowT], key: Sequence[str], values: Mapping[str, Any]
) -> Recorded[RowT]:
    stmt = dialect_insert(session, model).values(**values).on_conflict_do_nothing(index_elements=list(key))
    row = session.scalars(stmt.returning(model), execution_options=FRESH).one_or_none()
    if row is not None:
        return Recorded(row, True)
    existing = select(model).filter_by(**{column: values[column] for column in key})
    return Recorded(session.scalars(existing, execution_options=FRESH).one(), False)
