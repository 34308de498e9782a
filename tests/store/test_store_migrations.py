"""The migrations build exactly the schema the models describe, on both backends."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import CheckConstraint, inspect

from store.db import make_engine
from store.migrate import MIGRATIONS_DIR, alembic_config, downgrade, upgrade
from store.models import Base

ROOT = Path(__file__).resolve().parents[2]


def _check_constraints(engine_url: str, schema: str | None) -> set[tuple[str, str]]:
    engine = make_engine(engine_url, schema=schema)
    try:
        inspector = inspect(engine)
        return {
            (table, str(check["name"]))
            for table in inspector.get_table_names()
            for check in inspector.get_check_constraints(table)
        }
    finally:
        engine.dispose()


def _model_check_constraints() -> set[tuple[str, str]]:
    return {
        (table.name, str(constraint.name))
        for table in Base.metadata.sorted_tables
        for constraint in table.constraints
        if isinstance(constraint, CheckConstraint)
    }


def test_upgrade_builds_the_models_schema(empty_database: tuple[str, str | None]) -> None:
    url, schema = empty_database
    upgrade(url, schema=schema)
    upgrade(url, schema=schema)  # already at head: nothing to do, nothing fails

    engine = make_engine(url, schema=schema)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
            head = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
            assert context.get_current_revision() == head
    finally:
        engine.dispose()

    # Autogenerate does not compare CHECK constraints; the enum guards must exist all the same.
    assert ("threads", "ck_threads_state") in _model_check_constraints()
    assert _check_constraints(url, schema) == _model_check_constraints()


def test_downgrade_to_base_and_up_again(empty_database: tuple[str, str | None]) -> None:
    url, schema = empty_database
    upgrade(url, schema=schema)
    downgrade(url, "base", schema=schema)
    engine = make_engine(url, schema=schema)
    try:
        assert inspect(engine).get_table_names() == ["alembic_version"]
    finally:
        engine.dispose()
    upgrade(url, schema=schema)
    assert _check_constraints(url, schema) == _model_check_constraints()


def test_command_line_needs_no_alembic_ini(empty_database: tuple[str, str | None], tmp_path: Path) -> None:
    url, schema = empty_database
    command = [sys.executable, "-m", "store.migrate", "--url", url] + (["--schema", schema] if schema else [])
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert not list(tmp_path.glob("*.ini")) and not list(MIGRATIONS_DIR.parent.parent.glob("alembic.ini"))
    engine = make_engine(url, schema=schema)
    try:
        assert set(inspect(engine).get_table_names()) == set(Base.metadata.tables) | {"alembic_version"}
    finally:
        engine.dispose()
