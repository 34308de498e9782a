"""Alembic environment for the store, usable without an ``alembic.ini``.

The URL comes, in order, from ``config.attributes["url"]`` (set by :mod:`store.migrate`),
``-x url=…``, the ``sqlalchemy.url`` option, then the helpdesk settings (``DATABASE_URL``).
A PostgreSQL schema comes from ``config.attributes["schema"]`` or ``-x schema=…``; the
migrations, including Alembic's version table, then run inside it. A caller may also hand over
an open connection in ``config.attributes["connection"]``.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection
from sqlalchemy.pool import NullPool

from store.db import make_engine, normalize_url
from store.models import Base

config = context.config
x_args = context.get_x_argument(as_dictionary=True)


def database_url() -> str:
    url = config.attributes.get("url") or x_args.get("url") or config.get_main_option("sqlalchemy.url")
    if url:
        return str(url)
    from config import Settings  # only when nothing was given: keeps store free of rules

    return Settings().database_url


def run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        compare_type=True,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode is a no-op on PostgreSQL
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run(connection)
        return
    schema = config.attributes.get("schema") or x_args.get("schema")
    engine = make_engine(database_url(), schema=schema, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            run(connection)
    finally:
        engine.dispose()


def run_offline() -> None:
    context.configure(
        url=normalize_url(database_url()),
        target_metadata=Base.metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
