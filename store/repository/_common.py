"""What every aggregate's writes share: the insert of the database's dialect, insert-if-absent, ``Recorded``."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Generic, NamedTuple, TypeVar

from sqlalchemy import Table, bindparam, select
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
    stmt = prepared(
        session,
        ("insert_if_absent", model, tuple(key), tuple(values)),
        lambda: _insert_if_absent(session, model, key, values),
    )
    row = session.scalars(stmt, dict(values), execution_options=FRESH).one_or_none()
    if row is not None:
        return Recorded(row, True)
    existing = select(model).filter_by(**{column: values[column] for column in key})
    return Recorded(session.scalars(existing, execution_options=FRESH).one(), False)


def _insert_if_absent(session: Session, model: type[RowT], key: Sequence[str], values: Mapping[str, Any]) -> Any:
    table = model.__table__
    return (
        dialect_insert(session, model)
        .values({name: bindparam(name, type_=table.c[name].type) for name in values})  # type: ignore[attr-defined]
        .on_conflict_do_nothing(index_elements=list(key))
        .returning(model)
    )


class Inserted(NamedTuple):
    """Whether this call inserted the row (``False``: it was already there)."""

    created: bool


def insert_new(session: Session, model: type[Base], key: Sequence[str], values: Mapping[str, Any]) -> Inserted:
    """``insert_if_absent`` for a writer that does not need the row back: one prepared statement,
    run by the SQL core (no ORM object built, none read back)."""
    table = model.__table__
    stmt = prepared(
        session,
        ("insert_new", model, tuple(key), tuple(values)),
        lambda: (
            dialect_insert(session, table)  # type: ignore[arg-type]
            .values({name: bindparam(name, type_=table.c[name].type) for name in values})  # type: ignore[attr-defined]
            .on_conflict_do_nothing(index_elements=list(key))
            .returning(table.c[key[0]])
        ),  # type: ignore[attr-defined]
    )
    return Inserted(session.execute(stmt, dict(values)).first() is not None)


_PREPARED: dict[tuple[Any, ...], Any] = {}


def prepared(session: Session, key: tuple[Any, ...], build: Callable[[], Any]) -> Any:
    """A statement built once per database dialect and ``key``, with bound parameters for its values.

    Building a statement from values (``insert(…).values(**row)``) coerces every value and hashes
    the result for SQLAlchemy's compiled cache on every call: in the record activities that was
    most of a write's CPU, more than running it."""
    full_key = (session.get_bind().dialect.name, *key)
    statement = _PREPARED.get(full_key)
    if statement is None:
        statement = _PREPARED[full_key] = build()
    return statement
