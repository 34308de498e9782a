"""Engines are configured for the backend they talk to."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from store.db import make_engine

if TYPE_CHECKING:
    from conftest import Database


def test_connections_are_configured_for_the_backend(database: Database) -> None:
    with database.engine.connect() as connection:
        if database.dialect == "sqlite":
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        else:
            assert connection.scalar(text("SELECT current_schema()")) == database.schema


def test_plain_postgresql_urls_use_psycopg_and_schema_names_are_checked(database: Database) -> None:
    if database.dialect == "sqlite":
        engine = make_engine(database.url, schema="ignored_on_sqlite")
        assert engine.dialect.name == "sqlite"
        engine.dispose()
        return
    for scheme in ("postgresql", "postgres"):
        plain = make_url(database.url).set(drivername=scheme).render_as_string(hide_password=False)
        engine = make_engine(plain, schema=database.schema)
        try:
            assert engine.dialect.driver == "psycopg"
            with engine.connect() as connection:
                assert connection.scalar(text("SELECT current_schema()")) == database.schema
        finally:
            engine.dispose()
    with pytest.raises(ValueError, match="invalid schema name"):
        make_engine(database.url, schema='x"; DROP SCHEMA public; --')


def _open_thread(session, thread_id: str) -> None:  # noqa: ANN001
    from rules.kinds import ThreadState
    from store import repository

    repository.upsert_thread(
        session,
        thread_id=thread_id,
        order_id=f"O-{thread_id}",
        seller_id="S-read",
        buyer_id="B-1",
        market="FR",
        currency="EUR",
        state=ThreadState.AWAITING_SELLER,
    )


def test_reading_waits_for_no_writer_and_sees_only_committed_rows(database: Database) -> None:
    """R2.2 reads the seller's recent replies on every reply, the API a thread's seller on every
    request: those reads must not queue behind the worker's record writes (SQLite's
    ``BEGIN IMMEDIATE``), and must see what is committed."""
    from sqlalchemy.exc import OperationalError

    from store import repository
    from store.db import reading, session_factory, transaction

    def seen(session) -> list[str]:  # noqa: ANN001
        return sorted(row.thread_id for row in repository.open_threads(session, "S-read"))

    with transaction(database.factory) as session:
        _open_thread(session, "T-committed")
    impatient = make_engine(
        database.url, schema=database.schema, connect_args={"timeout": 0.2} if database.dialect == "sqlite" else {}
    )
    try:
        sessions = session_factory(impatient)
        with transaction(database.factory) as writer:
            _open_thread(writer, "T-uncommitted")  # holds the write lock until the block ends
            writer.flush()
            with reading(sessions) as session:
                assert seen(session) == ["T-committed"]
            if database.dialect == "sqlite":  # a writing transaction does queue, and gives up after its busy timeout
                with pytest.raises(OperationalError, match="database is locked"), transaction(sessions) as session:
                    seen(session)
        with reading(sessions) as session:
            assert seen(session) == ["T-committed", "T-uncommitted"]
    finally:
        impatient.dispose()
