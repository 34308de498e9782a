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
