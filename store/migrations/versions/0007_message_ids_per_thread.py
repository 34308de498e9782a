"""Message ids are the backend's, unique within their thread: key messages, their fingerprints and
the HTTP API's inbox by (thread, message) (issue 15). Every row is kept: ids that were unique
across the store are unique within their thread too.

SQLite recreates each table (Alembic batch mode). The fingerprints drop their reference to the
messages first and get it back last, so dropping the old ``messages`` table never cascades into
them.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEY = ["thread_id", "message_id"]


def upgrade() -> None:
    with op.batch_alter_table("reply_fingerprints", recreate="always") as batch:
        batch.drop_constraint("fk_reply_fingerprints_message_id_messages", type_="foreignkey")
        batch.drop_constraint("pk_reply_fingerprints", type_="primary")
        batch.create_primary_key("pk_reply_fingerprints", KEY)
    with op.batch_alter_table("messages", recreate="always") as batch:
        batch.drop_constraint("pk_messages", type_="primary")
        batch.create_primary_key("pk_messages", KEY)
    with op.batch_alter_table("inbound_messages", recreate="always") as batch:
        batch.drop_constraint("pk_inbound_messages", type_="primary")
        batch.create_primary_key("pk_inbound_messages", KEY)
    with op.batch_alter_table("reply_fingerprints", recreate="always") as batch:
        batch.create_foreign_key(
            "fk_reply_fingerprints_thread_id_messages", "messages", KEY, KEY, ondelete="CASCADE"
        )


def downgrade() -> None:
    """Back to ids unique across the store; fails if two threads now share a message id."""
    with op.batch_alter_table("reply_fingerprints", recreate="always") as batch:
        batch.drop_constraint("fk_reply_fingerprints_thread_id_messages", type_="foreignkey")
        batch.drop_constraint("pk_reply_fingerprints", type_="primary")
        batch.create_primary_key("pk_reply_fingerprints", ["message_id"])
    for table in ("messages", "inbound_messages"):
        with op.batch_alter_table(table, recreate="always") as batch:
            batch.drop_constraint(f"pk_{table}", type_="primary")
            batch.create_primary_key(f"pk_{table}", ["message_id"])
    with op.batch_alter_table("reply_fingerprints", recreate="always") as batch:
        batch.create_foreign_key(
            "fk_reply_fingerprints_message_id_messages", "messages", ["message_id"], ["message_id"], ondelete="CASCADE"
        )
