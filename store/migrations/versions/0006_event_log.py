"""The event log and its webhook deliveries replace the outbox (issue 14).

The outbox's rows (a kind and a thin payload, never delivered) become ``legacy.notice`` events,
numbered per thread in the order they were written, so nothing recorded before is lost and the
feed shows it. Self-contained like 0001: no import from the application.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.String(128)
INSTANT = sa.DateTime(timezone=True)
POSITION = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
JSON_DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
RECIPIENTS = ("buyer", "seller", "ops", "admin")
DELIVERY_STATES = ("pending", "delivered", "dead")


def one_of(table: str, column: str, values: Sequence[str]) -> sa.CheckConstraint:
    allowed = ", ".join(f"'{value}'" for value in values)
    return sa.CheckConstraint(f"{column} IN ({allowed})", name=op.f(f"ck_{table}_{column}"))


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("position", POSITION, autoincrement=True, nullable=False),
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("type", sa.String(64), nullable=False),
        sa.Column("stream", sa.String(160), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("thread_id", ID, nullable=True),
        sa.Column("seller_id", ID, nullable=True),
        sa.Column("recipient_kind", sa.String(32), nullable=False),
        sa.Column("recipient_id", ID, nullable=True),
        sa.Column("occurred_at", INSTANT, nullable=False),
        sa.Column("recorded_at", INSTANT, nullable=False),
        sa.Column("document", JSON_DOCUMENT, nullable=False),
        sa.PrimaryKeyConstraint("position", name=op.f("pk_events")),
        sa.UniqueConstraint("event_id", name=op.f("uq_events_event_id")),
        sa.UniqueConstraint("stream", "sequence", name=op.f("uq_events_stream_sequence")),
        one_of("events", "recipient_kind", RECIPIENTS),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_events_recipient_kind_recipient_id_position"), "events", ["recipient_kind", "recipient_id", "position"])
    op.create_index(op.f("ix_events_thread_id_position"), "events", ["thread_id", "position"])

    op.create_table(
        "webhook_endpoints",
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("url", sa.String(2000), nullable=False),
        sa.Column("planned_to", POSITION, nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_webhook_endpoints")),
    )
    op.create_table(
        "webhook_deliveries",
        sa.Column("id", POSITION, autoincrement=True, nullable=False),
        sa.Column("endpoint", sa.String(64), nullable=False),
        sa.Column("position", POSITION, nullable=False),
        sa.Column("stream", sa.String(160), nullable=False),
        sa.Column("state", sa.String(32), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", INSTANT, nullable=False),
        sa.Column("retry_from", INSTANT, nullable=True),
        sa.Column("last_attempt_at", INSTANT, nullable=True),
        sa.Column("last_status", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.String(500), nullable=True),
        sa.Column("delivered_at", INSTANT, nullable=True),
        sa.Column("dead_at", INSTANT, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_deliveries")),
        sa.UniqueConstraint("endpoint", "position", name=op.f("uq_webhook_deliveries_endpoint_position")),
        sa.ForeignKeyConstraint(
            ["endpoint"], ["webhook_endpoints.name"], name=op.f("fk_webhook_deliveries_endpoint_webhook_endpoints"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["position"], ["events.position"], name=op.f("fk_webhook_deliveries_position_events"), ondelete="CASCADE"
        ),
        one_of("webhook_deliveries", "state", DELIVERY_STATES),
    )
    op.create_index(
        op.f("ix_webhook_deliveries_endpoint_state_stream_position"), "webhook_deliveries", ["endpoint", "state", "stream", "position"]
    )
    op.create_index(op.f("ix_webhook_deliveries_state_next_attempt_at"), "webhook_deliveries", ["state", "next_attempt_at"])

    op.create_table(
        "leases",
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("holder", sa.String(128), nullable=False),
        sa.Column("expires_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_leases")),
    )

    _outbox_to_events()
    op.drop_table("outbox")


def _outbox_to_events() -> None:
    """Each outbox row as a ``legacy.notice`` event, in the order the outbox kept them."""
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT o.id, o.thread_id, o.message_id, o.recipient, o.kind, o.payload, o.created_at,"
            " t.order_id, t.seller_id, t.buyer_id, t.market"
            " FROM outbox o LEFT JOIN threads t ON t.thread_id = o.thread_id ORDER BY o.id"
        )
    ).mappings()
    events = sa.table(
        "events",
        sa.column("event_id"), sa.column("type"), sa.column("stream"), sa.column("sequence"), sa.column("thread_id"),
        sa.column("seller_id"), sa.column("recipient_kind"), sa.column("recipient_id"),
        sa.column("occurred_at", INSTANT), sa.column("recorded_at", INSTANT), sa.column("document", JSON_DOCUMENT),
    )  # fmt: skip
    sequences: dict[str, int] = {}
    for row in rows:
        payload = row["payload"]
        if isinstance(payload, str):  # SQLite hands a raw query's JSON column back as text
            payload = json.loads(payload)
        payload = payload if isinstance(payload, dict) else {}
        seller = row["seller_id"] or payload.get("seller_id")
        stream = f"thread:{row['thread_id']}" if row["thread_id"] else f"seller:{seller or '-'}"
        sequences[stream] = sequences.get(stream, 0) + 1
        created = row["created_at"]
        if isinstance(created, str):
            created = datetime.fromisoformat(created)
        if created.tzinfo is None:
            created = created.replace(tzinfo=UTC)
        recipient_id = {"buyer": row["buyer_id"], "seller": seller}.get(row["recipient"])
        event_id = "evt_" + hashlib.sha256(f"legacy|{row['id']}|{row['message_id']}|{row['kind']}".encode()).hexdigest()[:32]
        document = {
            "event_id": event_id, "type": "legacy.notice", "sequence": sequences[stream],
            "occurred_at": created.isoformat(), "thread_id": row["thread_id"], "order_id": row["order_id"],
            "seller_id": seller, "market": row["market"],
            "recipient": {"kind": row["recipient"], "id": recipient_id},
            "data": {"kind": row["kind"], "payload": payload},
        }  # fmt: skip
        bind.execute(
            events.insert().values(
                event_id=event_id, type="legacy.notice", stream=stream, sequence=sequences[stream], thread_id=row["thread_id"],
                seller_id=seller, recipient_kind=row["recipient"], recipient_id=recipient_id, occurred_at=created,
                recorded_at=created, document=document,
            )
        )


def downgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("thread_id", ID, nullable=True),
        sa.Column("message_id", ID, nullable=False),
        sa.Column("recipient", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("payload", JSON_DOCUMENT, nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("delivered_at", INSTANT, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("message_id", "recipient", "kind", name=op.f("uq_outbox_message_id_recipient_kind")),
        sa.ForeignKeyConstraint(["thread_id"], ["threads.thread_id"], name=op.f("fk_outbox_thread_id_threads"), ondelete="CASCADE"),
        one_of("outbox", "recipient", RECIPIENTS),
    )
    for table in ("leases", "webhook_deliveries", "webhook_endpoints", "events"):
        op.drop_table(table)
