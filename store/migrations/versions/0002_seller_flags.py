"""Seller flags: the record of severe violations (R5.4).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TAKEOVER_REASONS = (
    "reply_deadline_missed", "quality_dispute", "not_as_described", "return_rights_denied",
    "terms_violation", "seller_absent", "locked_device", "counterfeit", "unsafe_product",
)  # fmt: skip


def upgrade() -> None:
    allowed = ", ".join(f"'{value}'" for value in TAKEOVER_REASONS)
    op.create_table(
        "seller_flags",
        sa.Column("seller_id", sa.String(128), nullable=False),
        sa.Column("thread_id", sa.String(128), nullable=False),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("flagged_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(f"reason IN ({allowed})", name=op.f("ck_seller_flags_reason")),
        sa.ForeignKeyConstraint(
            ["thread_id"], ["threads.thread_id"], name=op.f("fk_seller_flags_thread_id_threads"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("seller_id", "thread_id", "reason", name=op.f("pk_seller_flags")),
    )


def downgrade() -> None:
    op.drop_table("seller_flags")
