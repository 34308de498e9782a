"""Statements of reasons and appeals (issue 20)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from rules.kinds import (
    AppealOutcome,
    AppealState,
)
from store.models.base import ID, KEY, Base, _enum


class StatementRecord(Base):
    """A statement of reasons (issue 20): one per sanction, written in the sanction's transaction."""

    __tablename__ = "statements"
    __table_args__ = (Index(None, "seller_id", "occurred_at"),)

    sanction_id: Mapped[str] = mapped_column(KEY, primary_key=True)
    sanction_key: Mapped[str | None] = mapped_column(KEY)
    """The sanctioned row's natural key where the id does not spell it: a violation's dedupe key."""
    sanction_kind: Mapped[str] = mapped_column(String(16))
    seller_id: Mapped[str] = mapped_column(ID)
    thread_id: Mapped[str | None] = mapped_column(ID)
    market: Mapped[str] = mapped_column(String(2))
    rule: Mapped[str] = mapped_column(String(16))
    violation_kind: Mapped[str | None] = mapped_column(String(32))
    occurred_at: Mapped[datetime]
    appeal_until: Mapped[datetime]
    facts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    issued_at: Mapped[datetime]
    """When the seller was told (workflow time): the appeal window counts from it."""


class AppealRecord(Base):
    """An appeal on one sanction (issue 20), kept by its workflow ``appeal-{sanction_id}``."""

    __tablename__ = "appeals"
    __table_args__ = (Index(None, "state", "submitted_at"), Index(None, "seller_id", "submitted_at"))

    appeal_id: Mapped[str] = mapped_column(String(300), primary_key=True)
    sanction_id: Mapped[str] = mapped_column(ForeignKey("statements.sanction_id"), unique=True)
    seller_id: Mapped[str] = mapped_column(ID)
    grounds: Mapped[str] = mapped_column(Text)
    submitted_at: Mapped[datetime]
    submitted_by: Mapped[str] = mapped_column(ID)
    state: Mapped[AppealState] = mapped_column(_enum(AppealState, "state"))
    outcome: Mapped[AppealOutcome | None] = mapped_column(_enum(AppealOutcome, "outcome"))
    decided_by: Mapped[str | None] = mapped_column(ID)
    decided_at: Mapped[datetime | None]
    decision_reason: Mapped[str | None] = mapped_column(Text)
    credited: Mapped[Decimal | None]
    currency: Mapped[str | None] = mapped_column(String(3))
    reminders_sent: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    """Ops' reminders of it undecided, one per working day (ops' open list shows them)."""
