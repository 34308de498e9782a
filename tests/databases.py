"""Fixtures that run every store test on SQLite and on PostgreSQL (the root conftest offers them
to every test: the store's, the event log's, the webhook relay's).

SQLite: a fresh database file in ``tmp_path`` per test. PostgreSQL (server named by
``HELPDESK_TEST_POSTGRES_URL``): one schema with a random name per test session, created and
migrated at first use and dropped (CASCADE) at the end; tables are emptied after each test. An
unreachable PostgreSQL fails the tests: a skipped backend would hide a broken store.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from store.db import make_engine, session_factory
from store.migrate import upgrade
from store.models import Base

POSTGRES_URL_ENV = "HELPDESK_TEST_POSTGRES_URL"
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@dataclass(frozen=True)
class Database:
    """A migrated database a test may write to."""

    url: str
    schema: str | None
    engine: Engine
    factory: sessionmaker[Session]

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name


class PostgresServer:
    """The test server: reachable or a clear failure, and throwaway schemas on it."""

    def __init__(self) -> None:
        self.url = os.environ.get(POSTGRES_URL_ENV, DEFAULT_POSTGRES_URL)
        self.admin = make_engine(self.url, poolclass=NullPool, connect_args={"connect_timeout": 5})
        try:
            with self.admin.connect():
                return
        except OperationalError as exc:
            reason = str(exc.orig).strip()
        pytest.fail(
            f"PostgreSQL is not reachable at {self.url}: {reason}\nStart it, or point {POSTGRES_URL_ENV} at a "
            "server where this user may create schemas; the store tests never skip a backend.",
            pytrace=False,
        )

    def create_schema(self) -> str:
        schema = f"store_test_{uuid.uuid4().hex[:12]}"
        with self.admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        return schema

    def drop_schema(self, schema: str) -> None:
        with self.admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    server = PostgresServer()
    yield server
    server.admin.dispose()


@pytest.fixture(scope="session")
def postgres_schema(postgres: PostgresServer) -> Iterator[str]:
    """The session's migrated schema."""
    schema = postgres.create_schema()
    try:
        upgrade(postgres.url, schema=schema)
        yield schema
    finally:
        postgres.drop_schema(schema)


@pytest.fixture(params=BACKENDS)
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str | None]]:
    """URL and schema of a database with no tables at all, for migration tests."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}", None
        return
    server: PostgresServer = request.getfixturevalue("postgres")
    schema = server.create_schema()
    try:
        yield server.url, schema
    finally:
        server.drop_schema(schema)


@pytest.fixture(params=BACKENDS)
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A migrated, empty database: a new SQLite file, or the session's PostgreSQL schema."""
    if request.param == "sqlite":
        url, schema = f"sqlite:///{tmp_path / 'store.db'}", None
        upgrade(url)
    else:
        url, schema = request.getfixturevalue("postgres").url, request.getfixturevalue("postgres_schema")
    engine = make_engine(url, schema=schema)
    try:
        yield Database(url, schema, engine, session_factory(engine))
    finally:
        if engine.dialect.name == "postgresql":
            tables = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
            with engine.begin() as connection:
                connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        engine.dispose()
