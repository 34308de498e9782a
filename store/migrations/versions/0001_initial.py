"""Initial schema: threads, messages, violations, ledger, absences, fingerprints, outbox, ops cases.

Self-contained on purpose: column types and the allowed values of every CHECK constraint are
written out here instead of imported from ``store.models``, so later model changes can never
rewrite what this revision did. Constraint names are given explicitly (``op.f``) and equal what
the models' naming convention produces, on SQLite and PostgreSQL alike.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(128)
CODE = sa.String(32)
INSTANT = sa.DateTime(timezone=True)
JSON_DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

THREAD_STATES = ("awaiting_seller", "awaiting_buyer", "taken_over", "closed")
DIRECTIONS = ("buyer", "seller")
VIOLATION_KINDS = (
    "reply_deadline_missed", "off_platform_contact", "automated_reply", "wrong_language",
    "empty_reply", "abusive_language", "late_absence_notice", "terms_violation", "severe_violation",
)  # fmt: skip
TAKEOVER_REASONS = (
    "reply_deadline_missed", "quality_dispute", "not_as_described", "return_rights_denied",
    "terms_violation", "seller_absent", "locked_device", "counterfeit", "unsafe_product",
)  # fmt: skip
COST_KINDS = ("handling_fee", "return_label", "refund", "severe_violation_fee")
RECIPIENTS = ("buyer", "seller", "ops", "admin")
OPS_OUTCOMES = ("refund", "return_and_refund", "repair", "replace", "reject_claim")


def one_of(table: str, column: str, values: Sequence[str]) -> sa.CheckConstraint:
    """The CHECK a non-native ``sa.Enum`` would create, named as the models name it."""
    allowed = ", ".join(f"'{value}'" for value in values)
    return sa.CheckConstraint(f"{column} IN ({allowed})", name=op.f(f"ck_{table}_{column}"))


def fk_thread(table: str, ondelete: str | None = None) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["thread_id"], ["threads.thread_id"], name=op.f(f"fk_{table}_thread_id_threads"), ondelete=ondelete
    )


def upgrade() -> None:
    op.create_table(
        "threads",
        sa.Column("thread_id", ID, nullable=False),
        sa.Column("order_id", ID, nullable=False),
        sa.Column("seller_id", ID, nullable=False),
        sa.Column("buyer_id", ID, nullable=False),
        sa.Column("market", sa.String(2), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("state", CODE, nullable=False),
        sa.Column("reply_due_at", INSTANT, nullable=True),
        sa.Column("takeover_reason", CODE, nullable=True),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("updated_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("thread_id", name=op.f("pk_threads")),
        one_of("threads", "state", THREAD_STATES),
        one_of("threads", "takeover_reason", TAKEOVER_REASONS),
    )
    op.create_index(op.f("ix_threads_seller_id_state_reply_due_at"), "threads", ["seller_id", "state", "reply_due_at"])

    op.create_table(
        "messages",
        sa.Column("message_id", ID, nullable=False),
        sa.Column("thread_id", ID, nullable=False),
        sa.Column("direction", CODE, nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("received_at", INSTANT, nullable=False),
        sa.Column("no_reply_needed", sa.Boolean(), nullable=False),
        sa.Column("accepted", sa.Boolean(), nullable=True),
        sa.Column("refusal", JSON_DOCUMENT, nullable=True),
        sa.Column("auto_reply_flag", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("message_id", name=op.f("pk_messages")),
        fk_thread("messages", ondelete="CASCADE"),
        one_of("messages", "direction", DIRECTIONS),
    )
    op.create_index(op.f("ix_messages_thread_id_received_at"), "messages", ["thread_id", "received_at"])

    op.create_table(
        "violations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("thread_id", ID, nullable=True),
        sa.Column("seller_id", ID, nullable=False),
        sa.Column("kind", CODE, nullable=False),
        sa.Column("rule", sa.String(16), nullable=False),
        sa.Column("detail", JSON_DOCUMENT, nullable=False),
        sa.Column("occurred_at", INSTANT, nullable=False),
        sa.Column("dedupe_key", sa.String(255), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_violations")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_violations_dedupe_key")),
        fk_thread("violations", ondelete="SET NULL"),
        one_of("violations", "kind", VIOLATION_KINDS),
    )
    op.create_index(op.f("ix_violations_seller_id_occurred_at"), "violations", ["seller_id", "occurred_at"])

    op.create_table(
        "ledger_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seller_id", ID, nullable=False),
        sa.Column("thread_id", ID, nullable=False),
        sa.Column("takeover_no", sa.Integer(), nullable=False),
        sa.Column("cost_kind", CODE, nullable=False),
        sa.Column("amount", sa.Numeric(12, 2), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_entries")),
        sa.UniqueConstraint(
            "thread_id", "takeover_no", "cost_kind", name=op.f("uq_ledger_entries_thread_id_takeover_no_cost_kind")
        ),
        fk_thread("ledger_entries"),
        one_of("ledger_entries", "cost_kind", COST_KINDS),
    )
    op.create_index(op.f("ix_ledger_entries_seller_id_created_at"), "ledger_entries", ["seller_id", "created_at"])

    op.create_table(
        "absences",
        sa.Column("seller_id", ID, nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("announced_at", INSTANT, nullable=False),
        sa.Column("working_days", sa.Integer(), nullable=False),
        sa.Column("late_notice", sa.Boolean(), nullable=False),
        sa.Column("cancelled_at", INSTANT, nullable=True),
        sa.PrimaryKeyConstraint("seller_id", "first_day", name=op.f("pk_absences")),
        sa.CheckConstraint("last_day >= first_day", name=op.f("ck_absences_days_ordered")),
    )

    op.create_table(
        "reply_fingerprints",
        sa.Column("message_id", ID, nullable=False),
        sa.Column("seller_id", ID, nullable=False),
        sa.Column("thread_id", ID, nullable=False),
        sa.Column("fingerprint", sa.Text(), nullable=False),
        sa.Column("sent_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("message_id", name=op.f("pk_reply_fingerprints")),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["messages.message_id"],
            name=op.f("fk_reply_fingerprints_message_id_messages"),
            ondelete="CASCADE",
        ),
        fk_thread("reply_fingerprints", ondelete="CASCADE"),
    )
    op.create_index(op.f("ix_reply_fingerprints_seller_id_sent_at"), "reply_fingerprints", ["seller_id", "sent_at"])

    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("thread_id", ID, nullable=True),
        sa.Column("message_id", ID, nullable=False),
        sa.Column("recipient", CODE, nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("payload", JSON_DOCUMENT, nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("delivered_at", INSTANT, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("message_id", "recipient", "kind", name=op.f("uq_outbox_message_id_recipient_kind")),
        fk_thread("outbox", ondelete="CASCADE"),
        one_of("outbox", "recipient", RECIPIENTS),
    )

    op.create_table(
        "ops_cases",
        sa.Column("thread_id", ID, nullable=False),
        sa.Column("takeover_no", sa.Integer(), nullable=False),
        sa.Column("reason", CODE, nullable=False),
        sa.Column("opened_at", INSTANT, nullable=False),
        sa.Column("outcome", CODE, nullable=True),
        sa.Column("decided_by", ID, nullable=True),
        sa.Column("decided_at", INSTANT, nullable=True),
        sa.PrimaryKeyConstraint("thread_id", "takeover_no", name=op.f("pk_ops_cases")),
        fk_thread("ops_cases"),
        one_of("ops_cases", "reason", TAKEOVER_REASONS),
        one_of("ops_cases", "outcome", OPS_OUTCOMES),
    )


def downgrade() -> None:
    for table in (
        "ops_cases",
        "outbox",
        "reply_fingerprints",
        "absences",
        "ledger_entries",
        "violations",
        "messages",
        "threads",
    ):
        op.drop_table(table)  # indexes go with their table on both backends
