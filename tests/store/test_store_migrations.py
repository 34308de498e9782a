"""The migrations build exactly the schema the models describe, on both backends."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
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


def test_the_outbox_becomes_the_event_log_and_nothing_in_it_is_lost(empty_database: tuple[str, str | None]) -> None:
    """0006: each outbox row (never delivered, a kind and a thin payload) is kept as a
    ``legacy.notice`` event, numbered per thread in the outbox's order."""
    from sqlalchemy import text

    from store import events as log
    from store.db import session_factory

    url, schema = empty_database
    upgrade(url, "0005", schema=schema)
    engine = make_engine(url, schema=schema)
    try:
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO threads (thread_id, order_id, seller_id, buyer_id, market, currency, state, unanswered, created_at, updated_at)"
                    " VALUES ('T-1', 'O-1', 'S-1', 'B-1', 'FR', 'EUR', 'awaiting_buyer', '[]', :at, :at)"
                ),
                {"at": "2026-11-30 10:00:00"},
            )
            for row in (
                ("T-1", "M-1", "buyer", "seller_reply", '{"thread_id": "T-1"}'),
                (
                    "T-1",
                    "M-1:reminder-half_time",
                    "seller",
                    "reminder_half_time",
                    '{"due_at": "2026-12-01T10:00:00+00:00"}',
                ),
                (None, "absence-S-1-2027-01-04", "admin", "absence_announced", '{"seller_id": "S-1"}'),
            ):
                connection.execute(
                    text(
                        "INSERT INTO outbox (thread_id, message_id, recipient, kind, payload, created_at)"
                        " VALUES (:thread, :message, :recipient, :kind, :payload, :at)"
                    ),
                    {
                        "thread": row[0],
                        "message": row[1],
                        "recipient": row[2],
                        "kind": row[3],
                        "payload": row[4],
                        "at": "2026-11-30 10:00:00",
                    },
                )
        upgrade(url, schema=schema)
        assert "outbox" not in inspect(engine).get_table_names()
        with session_factory(engine)() as session:
            rows = log.page(session)
            assert [(row.stream, row.sequence, row.type, row.recipient_kind, row.recipient_id) for row in rows] == [
                ("thread:T-1", 1, "legacy.notice", "buyer", "B-1"),
                ("thread:T-1", 2, "legacy.notice", "seller", "S-1"),
                ("seller:S-1", 1, "legacy.notice", "admin", None),
            ]
            assert rows[1].document["data"] == {
                "kind": "reminder_half_time",
                "payload": {"due_at": "2026-12-01T10:00:00+00:00"},
            }
            assert rows[0].document["order_id"] == "O-1"
    finally:
        engine.dispose()


def test_message_ids_become_per_thread_and_every_row_is_kept(empty_database: tuple[str, str | None]) -> None:
    """0007: messages, fingerprints and the inbox keyed by (thread, message); a store written
    before keeps all its rows, and afterwards a second thread may use the same ids."""
    from sqlalchemy import text

    from store import repository
    from store.db import session_factory, transaction

    url, schema = empty_database
    upgrade(url, "0006", schema=schema)
    engine = make_engine(url, schema=schema)
    at = "2026-11-30 10:00:00"
    try:
        with engine.begin() as connection:
            for thread in ("T-1", "T-2"):
                connection.execute(
                    text(
                        "INSERT INTO threads (thread_id, order_id, seller_id, buyer_id, market, currency, state, unanswered, created_at, updated_at)"
                        " VALUES (:t, 'O', 'S-1', 'B', 'FR', 'EUR', 'awaiting_buyer', '[]', :at, :at)"
                    ),
                    {"t": thread, "at": at},
                )
            connection.execute(
                text(
                    "INSERT INTO messages (message_id, thread_id, direction, body, received_at, no_reply_needed, auto_reply_flag)"
                    " VALUES ('M-1', 'T-1', 'buyer', 'question', :at, false, false), ('R-1', 'T-1', 'seller', 'answer', :at, false, false)"
                ),
                {"at": at},
            )
            connection.execute(
                text(
                    "INSERT INTO reply_fingerprints (message_id, seller_id, thread_id, fingerprint, sent_at) VALUES ('R-1', 'S-1', 'T-1', 'answer', :at)"
                ),
                {"at": at},
            )
            connection.execute(
                text(
                    "INSERT INTO inbound_messages (message_id, thread_id, payload, accepted_at, attempts) VALUES ('M-1', 'T-1', '{}', :at, 1)"
                ),
                {"at": at},
            )
        upgrade(url, schema=schema)
        sessions = session_factory(engine)
        with transaction(sessions) as session:
            assert {(m.message_id, m.body) for m in repository.thread_messages(session, "T-1")} == {
                ("M-1", "question"),
                ("R-1", "answer"),
            }
            assert [
                (f.thread_id, f.message_id)
                for f in repository.fingerprints_since(session, "S-1", datetime(2026, 1, 1, tzinfo=UTC))
            ] == [("T-1", "R-1")]
            assert [(m.thread_id, m.message_id) for m in repository.pending_inbound(session)] == [("T-1", "M-1")]
            # The same ids in another thread are new rows now.
            assert repository.record_message(
                session,
                message_id="M-1",
                thread_id="T-2",
                direction="buyer",
                body="other",
                received_at=datetime.now(UTC),
            ).created
            assert repository.accept_inbound(session, message_id="M-1", thread_id="T-2", payload={}).created
        with transaction(sessions) as session:  # deleting a message takes its fingerprint with it
            session.execute(text("DELETE FROM messages WHERE thread_id = 'T-1' AND message_id = 'R-1'"))
            assert repository.fingerprints_since(session, "S-1", datetime(2026, 1, 1, tzinfo=UTC)) == []
    finally:
        engine.dispose()
