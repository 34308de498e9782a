"""Statements of reasons and appeals (issue 20): the statements, the appeals, and what an overturn
leaves on the record (a violation overturned, a flag lifted, a credit row in the ledger).

The ledger's unique key takes ``reverses`` (0 for a charge, the charge's id for its credit), so a
charge stays one row per (thread, takeover, cost kind) and its credit one row per charge.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(128)
KEY = sa.String(255)
INSTANT = sa.DateTime(timezone=True)
JSON_DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("violations") as batch:
        batch.add_column(sa.Column("overturned_at", INSTANT, nullable=True))
        batch.add_column(sa.Column("overturned_by", KEY, nullable=True))
    with op.batch_alter_table("seller_flags") as batch:
        batch.add_column(sa.Column("lifted_at", INSTANT, nullable=True))
        batch.add_column(sa.Column("lifted_by", KEY, nullable=True))
    with op.batch_alter_table("ledger_entries") as batch:
        batch.add_column(sa.Column("reverses", sa.Integer(), server_default=sa.text("0"), nullable=False))
        batch.add_column(sa.Column("appeal_id", KEY, nullable=True))
        batch.drop_constraint("uq_ledger_entries_thread_id_takeover_no_cost_kind", type_="unique")
        batch.create_unique_constraint(
            "uq_ledger_entries_thread_id_takeover_no_cost_kind_reverses",
            ["thread_id", "takeover_no", "cost_kind", "reverses"],
        )

    op.create_table(
        "statements",
        sa.Column("sanction_id", KEY, nullable=False),
        sa.Column("sanction_key", KEY, nullable=True),
        sa.Column("sanction_kind", sa.String(16), nullable=False),
        sa.Column("seller_id", ID, nullable=False),
        sa.Column("thread_id", ID, nullable=True),
        sa.Column("market", sa.String(2), nullable=False),
        sa.Column("rule", sa.String(16), nullable=False),
        sa.Column("violation_kind", sa.String(32), nullable=True),
        sa.Column("occurred_at", INSTANT, nullable=False),
        sa.Column("appeal_until", INSTANT, nullable=False),
        sa.Column("facts", JSON_DOCUMENT, nullable=False),
        sa.Column("issued_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("sanction_id", name=op.f("pk_statements")),
    )
    op.create_index(op.f("ix_statements_seller_id_occurred_at"), "statements", ["seller_id", "occurred_at"])

    op.create_table(
        "appeals",
        sa.Column("appeal_id", sa.String(300), nullable=False),
        sa.Column("sanction_id", KEY, nullable=False),
        sa.Column("seller_id", ID, nullable=False),
        sa.Column("grounds", sa.Text(), nullable=False),
        sa.Column("submitted_at", INSTANT, nullable=False),
        sa.Column("submitted_by", ID, nullable=False),
        sa.Column("state", sa.String(32), nullable=False),
        sa.Column("outcome", sa.String(32), nullable=True),
        sa.Column("decided_by", ID, nullable=True),
        sa.Column("decided_at", INSTANT, nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.Column("credited", sa.Numeric(12, 2), nullable=True),
        sa.Column("currency", sa.String(3), nullable=True),
        sa.Column("reminders_sent", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.PrimaryKeyConstraint("appeal_id", name=op.f("pk_appeals")),
        sa.UniqueConstraint("sanction_id", name=op.f("uq_appeals_sanction_id")),
        sa.ForeignKeyConstraint(
            ["sanction_id"], ["statements.sanction_id"], name=op.f("fk_appeals_sanction_id_statements")
        ),
        sa.CheckConstraint("state IN ('open', 'decided', 'refused')", name=op.f("ck_appeals_state")),
        sa.CheckConstraint(
            "outcome IN ('upheld', 'overturned', 'partly_overturned')", name=op.f("ck_appeals_outcome")
        ),
    )
    op.create_index(op.f("ix_appeals_state_submitted_at"), "appeals", ["state", "submitted_at"])
    op.create_index(op.f("ix_appeals_seller_id_submitted_at"), "appeals", ["seller_id", "submitted_at"])


def downgrade() -> None:
    op.drop_table("appeals")
    op.drop_table("statements")
    with op.batch_alter_table("ledger_entries") as batch:
        batch.drop_constraint("uq_ledger_entries_thread_id_takeover_no_cost_kind_reverses", type_="unique")
        batch.create_unique_constraint(
            "uq_ledger_entries_thread_id_takeover_no_cost_kind", ["thread_id", "takeover_no", "cost_kind"]
        )
        batch.drop_column("appeal_id")
        batch.drop_column("reverses")
    with op.batch_alter_table("seller_flags") as batch:
        batch.drop_column("lifted_by")
        batch.drop_column("lifted_at")
    with op.batch_alter_table("violations") as batch:
        batch.drop_column("overturned_by")
        batch.drop_column("overturned_at")
