"""Run the store's Alembic migrations from code, wherever the package is installed.

The Alembic configuration is built here, pointing at ``store/migrations`` next to this file, so
neither an ``alembic.ini`` nor the repository checkout is needed: ``python -m store.migrate``
works the same from a wheel.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str, *, schema: str | None = None) -> Config:
    """An Alembic config for ``url`` (and, on PostgreSQL, ``schema``), built without a file."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    config.attributes["url"] = url
    config.attributes["schema"] = schema
    return config


def upgrade(url: str, revision: str = "head", *, schema: str | None = None) -> None:
    """Bring the database at ``url`` up to ``revision``; a no-op when it is already there."""
    command.upgrade(alembic_config(url, schema=schema), revision)


def downgrade(url: str, revision: str, *, schema: str | None = None) -> None:
    """Take the database at ``url`` back to ``revision`` (``"base"`` drops every table)."""
    command.downgrade(alembic_config(url, schema=schema), revision)


def main(argv: list[str] | None = None) -> None:
    """``python -m store.migrate [REVISION] [--url URL] [--schema NAME]``; URL defaults to settings."""
    parser = argparse.ArgumentParser(prog="python -m store.migrate", description=main.__doc__)
    parser.add_argument("revision", nargs="?", default="head")
    parser.add_argument("--url", help="SQLAlchemy URL; default: DATABASE_URL / HELPDESK_DATABASE_URL")
    parser.add_argument("--schema", help="PostgreSQL schema to migrate into")
    args = parser.parse_args(argv)
    if args.url is None:
        from config import Settings

        args.url = Settings().database_url
    upgrade(args.url, args.revision, schema=args.schema)


if __name__ == "__main__":
    main()
