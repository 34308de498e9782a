"""Request keys wide enough for the longest ids the contract admits (issue 15): a label's or a
refund's key is ``label:{thread id}:{takeover}:{decision instant}``, up to 171 characters for a
128-character thread id, which PostgreSQL refused in a VARCHAR(128) (the activity then failed on
every retry and the return stalled).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("return_labels", "refunds")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.alter_column("request_key", type_=sa.String(255), existing_type=sa.String(128), existing_nullable=False)


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.alter_column("request_key", type_=sa.String(128), existing_type=sa.String(255), existing_nullable=False)
