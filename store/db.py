"""Engines, sessions and transactions for the store.

Synchronous on purpose: activities that touch the store are sync activities running in the
worker's thread pool, which keeps SQLite and psycopg usage simple and each call short.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from telemetry.tracing import instrument_engine

SCHEMA_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")
SQLITE_BUSY_TIMEOUT_S = 30
READ_ONLY = "helpdesk_read_only"  # connection execution option set by ``reading``


def normalize_url(url: str | URL) -> URL:
    """Map bare ``postgresql://`` / ``postgres://`` URLs to psycopg 3, the only PG driver we ship."""
    parsed = make_url(url)
    if parsed.drivername in {"postgresql", "postgres"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def make_engine(url: str | URL, *, schema: str | None = None, **kwargs: Any) -> Engine:
    """Create an engine configured for how the helpdesk uses each backend.

    SQLite: foreign keys on (off by default there), WAL so readers do not block the writer, a
    busy timeout, usable from the worker's threads, and every ``transaction`` opened with
    ``BEGIN IMMEDIATE`` so concurrent writers queue on the busy timeout instead of failing on a
    read-to-write lock upgrade (a ``reading`` one begins deferred and queues for nothing). PostgreSQL: psycopg 3; ``schema`` sets the ``search_path`` of
    every connection (as ``?options=-csearch_path%3D…`` in the URL would), which lets tests and
    tenants live in their own schema. SQLite has no schemas; ``schema`` is ignored there.
    """
    parsed = normalize_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed, **kwargs)
    if schema is not None:
        if not SCHEMA_NAME.match(schema):
            raise ValueError(f"invalid schema name {schema!r}")
        connect_args = dict(kwargs.pop("connect_args", {}))
        connect_args["options"] = f"{connect_args.get('options', '')} -csearch_path={schema}".strip()
        kwargs["connect_args"] = connect_args
    engine = create_engine(parsed, pool_pre_ping=True, **kwargs)
    instrument_engine(engine)
    return engine


def _sqlite_engine(url: URL, **kwargs: Any) -> Engine:
    in_memory = url.database in (None, "", ":memory:")
    connect_args = {"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_S}
    connect_args.update(kwargs.pop("connect_args", {}))
    if in_memory:
        kwargs.setdefault("poolclass", StaticPool)  # one shared connection, or each sees an empty DB
    engine = create_engine(url, connect_args=connect_args, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself, see below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        if not in_memory:
            cursor.execute("PRAGMA journal_mode=WAL")
            # WAL with NORMAL: a commit survives the process being killed (kill -9 of a worker);
            # only an OS crash or power loss can lose the last commits. FULL cost an fsync per
            # activity. Production runs on PostgreSQL.
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # A read (``reading``) begins deferred: under WAL it sees a snapshot and waits for no writer.
        read_only = connection.get_execution_options().get(READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    instrument_engine(engine)
    return engine


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded attributes after commit, so rows can be returned to callers."""
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit when the block ends, roll back when it raises."""
    with factory() as session, session.begin():
        yield session


@contextmanager
def reading(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A unit of work that only reads. On SQLite it does not take the write lock that
    ``transaction`` takes up front: R2.2's look at the seller's recent replies, on every reply,
    queued behind the records being written (two thirds of the screening activity's samples in a
    profile of ``bench/threads.py``). PostgreSQL reads the same either way."""
    with factory() as session, session.begin():
        session.connection(execution_options={READ_ONLY: True})
        yield session


def open_store(database_url: str) -> sessionmaker[Session]:
    """Sessions on the store, its schema brought to the newest migration first."""
    from store.migrate import upgrade  # Alembic, loaded only by the processes that open the store

    upgrade(database_url)
    return session_factory(make_engine(database_url))
