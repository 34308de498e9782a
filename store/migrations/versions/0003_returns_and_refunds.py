"""Returns and refunds (R5.5): labels and refunds the adapters made; why ops decided.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(128)
INSTANT = sa.DateTime(timezone=True)


def _thread_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["thread_id"], ["threads.thread_id"], name=op.f(f"fk_{table}_thread_id_threads"), ondelete="CASCADE"
    )


def upgrade() -> None:
    with op.batch_alter_table("ops_cases") as batch:
        batch.add_column(sa.Column("note", sa.Text(), nullable=True))
    op.create_table(
        "return_labels",
        sa.Column("label_id", ID, nullable=False),
        sa.Column("request_key", ID, nullable=False),
        sa.Column("thread_id", ID, nullable=False),
        sa.Column("takeover_no", sa.Integer(), nullable=False),
        sa.Column("carrier", sa.String(32), nullable=False),
        sa.Column("tracking_number", ID, nullable=False),
        sa.Column("ship_to", sa.String(16), nullable=False),
        sa.Column("issued_at", INSTANT, nullable=False),
        sa.Column("voided_at", INSTANT, nullable=True),
        sa.PrimaryKeyConstraint("label_id", name=op.f("pk_return_labels")),
        sa.UniqueConstraint("request_key", name=op.f("uq_return_labels_request_key")),
        _thread_fk("return_labels"),
    )
    op.create_table(
        "refunds",
        sa.Column("refund_id", ID, nullable=False),
        sa.Column("request_key", ID, nullable=False),
        sa.Column("thread_id", ID, nullable=False),
        sa.Column("takeover_no", sa.Integer(), nullable=False),
        sa.Column("order_id", ID, nullable=False),
        sa.Column("provider", sa.String(32), nullable=False),
        sa.Column("amount", sa.Numeric(12, 2), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("refunded_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("refund_id", name=op.f("pk_refunds")),
        sa.UniqueConstraint("request_key", name=op.f("uq_refunds_request_key")),
        _thread_fk("refunds"),
    )


def downgrade() -> None:
    op.drop_table("refunds")
    op.drop_table("return_labels")
    with op.batch_alter_table("ops_cases") as batch:
        batch.drop_column("note")
