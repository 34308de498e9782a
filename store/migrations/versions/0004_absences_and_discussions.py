"""Absences know their instants (R4.4 cover); threads their unanswered messages (R3.2);
accepted replies their response time in working hours (seller metrics).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INSTANT = sa.DateTime(timezone=True)
JSON_DOCUMENT = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("absences") as batch:
        batch.add_column(sa.Column("market", sa.String(2), nullable=True))
        batch.add_column(sa.Column("starts_at", INSTANT, nullable=True))
        batch.add_column(sa.Column("ends_at", INSTANT, nullable=True))
    with op.batch_alter_table("threads") as batch:
        batch.add_column(sa.Column("unanswered", JSON_DOCUMENT, nullable=True))
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("response_working_hours", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("response_working_hours")
    with op.batch_alter_table("threads") as batch:
        batch.drop_column("unanswered")
    with op.batch_alter_table("absences") as batch:
        batch.drop_column("ends_at")
        batch.drop_column("starts_at")
        batch.drop_column("market")
