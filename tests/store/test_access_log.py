"""The read audit's rows (issue 19), on SQLite and PostgreSQL: every read is a new row, listed
newest first with its filters, and a long filter or address is cut rather than losing the row."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import TYPE_CHECKING

from store import repository as repo
from store.db import reading, transaction
from store.models import DataAccess
from store.repository.access_log import CLIENT_MAX, SUBJECT_MAX

if TYPE_CHECKING:
    from conftest import Database

T0 = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def record(database: Database, at: datetime, **fields: object) -> int:
    values: dict[str, object] = {"role": "ops", "token_id": "alice", "action": "thread.read", **fields}
    with transaction(database.factory) as session:
        return repo.record_access(session, at=at, **values).id  # type: ignore[arg-type]


def listed(database: Database, **filters: object) -> list[DataAccess]:
    with reading(database.factory) as session:
        return repo.access_log(session, **filters)  # type: ignore[arg-type]


def test_a_read_is_kept_with_every_field(database: Database) -> None:
    record(
        database,
        T0,
        thread_id="T-1",
        seller_id="S-1",
        subject="recipient=seller:S-1 after=0",
        items=3,
        client="127.0.0.1",
    )
    [row] = listed(database)
    assert (row.at, row.role, row.token_id, row.action) == (T0, "ops", "alice", "thread.read")
    assert (row.thread_id, row.seller_id, row.subject, row.items, row.client) == (
        "T-1",
        "S-1",
        "recipient=seller:S-1 after=0",
        3,
        "127.0.0.1",
    )
    assert row.at.tzinfo is UTC


def test_the_same_read_twice_is_two_rows(database: Database) -> None:
    """Reads are not keyed facts: nothing deduplicates them."""
    first, second = record(database, T0, thread_id="T-1"), record(database, T0, thread_id="T-1")
    assert first != second and [row.id for row in listed(database)] == [second, first]


def test_newest_first_and_each_filter(database: Database) -> None:
    paris = timezone(timedelta(hours=1))
    old = record(database, T0, thread_id="T-1", token_id="alice")
    bob = record(database, T0 + timedelta(minutes=1), thread_id="T-2", token_id="bob", role="backend")
    new = record(database, T0 + timedelta(minutes=2), thread_id="T-1", token_id="alice", action="case.read")
    assert [row.id for row in listed(database)] == [new, bob, old]
    assert [row.id for row in listed(database, thread_id="T-1")] == [new, old]
    assert [row.id for row in listed(database, token_id="bob")] == [bob]
    # ``since`` is inclusive and compares instants, whatever the offset it is given in.
    assert [row.id for row in listed(database, since=(T0 + timedelta(minutes=1)).astimezone(paris))] == [new, bob]
    assert [row.id for row in listed(database, thread_id="T-1", token_id="alice", since=T0, limit=1)] == [new]
    assert listed(database, thread_id="T-3") == [] and listed(database, token_id="carol") == []


def test_a_long_subject_or_client_is_cut_to_its_column(database: Database) -> None:
    record(database, T0, action="events.read", subject="type=" + "x" * 400, client="f" * 100)
    [row] = listed(database)
    assert row.subject == ("type=" + "x" * 400)[:SUBJECT_MAX] and row.client == "f" * CLIENT_MAX
