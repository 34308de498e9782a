"""Personal data lifecycle (issue 19): data keys per workflow, buyer erasures, the read audit, and
the mark retention leaves on a thread whose texts it removed. Self-contained like 0001.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(128)
INSTANT = sa.DateTime(timezone=True)
POSITION = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSON_DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("threads") as batch:
        batch.add_column(sa.Column("personal_data_removed_at", INSTANT, nullable=True))
        batch.add_column(sa.Column("erased_at", INSTANT, nullable=True))
    op.create_index(op.f("ix_threads_state_updated_at"), "threads", ["state", "updated_at"])
    op.create_index(op.f("ix_threads_buyer_id"), "threads", ["buyer_id"])

    op.create_table(
        "data_keys",
        sa.Column("key_id", sa.String(40), nullable=False),
        sa.Column("workflow_id", sa.String(255), nullable=False),
        sa.Column("master_key_id", sa.String(64), nullable=True),
        sa.Column("wrapped", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("destroyed_at", INSTANT, nullable=True),
        sa.PrimaryKeyConstraint("key_id", name=op.f("pk_data_keys")),
    )
    op.create_index(
        "uq_data_keys_live_workflow_id",
        "data_keys",
        ["workflow_id"],
        unique=True,
        sqlite_where=sa.text("destroyed_at IS NULL"),
        postgresql_where=sa.text("destroyed_at IS NULL"),
    )

    op.create_table(
        "buyer_erasures",
        sa.Column("buyer_id", ID, nullable=False),
        sa.Column("state", sa.String(32), nullable=False),
        sa.Column("requested_at", INSTANT, nullable=False),
        sa.Column("requested_by", sa.String(128), nullable=False),
        sa.Column("erased_at", INSTANT, nullable=True),
        sa.Column("threads", sa.Integer(), nullable=False),
        sa.Column("keys_destroyed", sa.Integer(), nullable=False),
        sa.Column("waiting_for", JSON_DOCUMENT, nullable=True),
        sa.PrimaryKeyConstraint("buyer_id", name=op.f("pk_buyer_erasures")),
        sa.CheckConstraint("state IN ('deferred', 'erased')", name=op.f("ck_buyer_erasures_state")),
    )

    op.create_table(
        "data_access_log",
        sa.Column("id", POSITION, autoincrement=True, nullable=False),
        sa.Column("at", INSTANT, nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("token_id", sa.String(64), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("thread_id", ID, nullable=True),
        sa.Column("seller_id", ID, nullable=True),
        sa.Column("subject", sa.String(255), nullable=True),
        sa.Column("items", sa.Integer(), nullable=False),
        sa.Column("client", sa.String(64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_access_log")),
    )
    op.create_index(op.f("ix_data_access_log_at"), "data_access_log", ["at"])
    op.create_index(op.f("ix_data_access_log_thread_id_at"), "data_access_log", ["thread_id", "at"])


def downgrade() -> None:
    op.drop_table("data_access_log")
    op.drop_table("buyer_erasures")
    op.drop_index("uq_data_keys_live_workflow_id", table_name="data_keys")
    op.drop_table("data_keys")
    op.drop_index(op.f("ix_threads_buyer_id"), table_name="threads")
    op.drop_index(op.f("ix_threads_state_updated_at"), table_name="threads")
    with op.batch_alter_table("threads") as batch:
        batch.drop_column("erased_at")
        batch.drop_column("personal_data_removed_at")
