"""Statements of reasons and appeals (issue 20): one statement per sanction, one appeal per statement,
and the reversal an overturn makes (a violation overturned, a flag lifted, a charge credited).

Every write is keyed (the sanction id, the appeal id, the credited charge), so a retried
activity writes each once and an overturn reverses exactly once.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from rules.kinds import AppealOutcome, AppealState
from store.models import AppealRecord, LedgerEntry, SellerFlag, StatementRecord, Violation
from store.repository._common import FRESH, Inserted, Recorded, insert_if_absent, insert_new


def issue_statement(
    session: Session,
    *,
    sanction_id: str,
    sanction_key: str | None,
    sanction_kind: str,
    seller_id: str,
    thread_id: str | None,
    market: str,
    rule: str,
    violation_kind: str | None,
    occurred_at: datetime,
    issued_at: datetime,
    appeal_until: datetime,
    facts: dict[str, Any],
) -> Inserted:
    """The sanction's statement, once: a second call writes nothing (the first stands)."""
    return insert_new(
        session,
        StatementRecord,
        ["sanction_id"],
        {
            "sanction_id": sanction_id,
            "sanction_key": sanction_key,
            "sanction_kind": sanction_kind,
            "seller_id": seller_id,
            "thread_id": thread_id,
            "market": market,
            "rule": rule,
            "violation_kind": violation_kind,
            "occurred_at": occurred_at,
            "issued_at": issued_at,
            "appeal_until": appeal_until,
            "facts": facts,
        },
    )


def statement(session: Session, sanction_id: str) -> StatementRecord | None:
    return session.get(StatementRecord, sanction_id, populate_existing=True)


def seller_statements(session: Session, seller_id: str, *, limit: int = 500) -> list[StatementRecord]:
    """A seller's statements, newest first."""
    query = (
        select(StatementRecord)
        .filter_by(seller_id=seller_id)
        .order_by(StatementRecord.occurred_at.desc(), StatementRecord.sanction_id)
        .limit(limit)
    )
    return list(session.scalars(query))


def open_appeal(
    session: Session,
    *,
    appeal_id: str,
    sanction_id: str,
    seller_id: str,
    grounds: str,
    submitted_at: datetime,
    submitted_by: str,
) -> Recorded[AppealRecord]:
    return insert_if_absent(
        session,
        AppealRecord,
        ["appeal_id"],
        {
            "appeal_id": appeal_id,
            "sanction_id": sanction_id,
            "seller_id": seller_id,
            "grounds": grounds,
            "submitted_at": submitted_at,
            "submitted_by": submitted_by,
            "state": AppealState.OPEN,
        },
    )


def appeal(session: Session, appeal_id: str) -> AppealRecord | None:
    return session.get(AppealRecord, appeal_id, populate_existing=True)


def appeal_of(session: Session, sanction_id: str) -> AppealRecord | None:
    return session.scalars(select(AppealRecord).filter_by(sanction_id=sanction_id), execution_options=FRESH).first()


def appeals(
    session: Session, *, state: AppealState | None = None, seller_id: str | None = None, limit: int = 500
) -> list[AppealRecord]:
    """Appeals, oldest first: the open ones are ops' queue."""
    query = select(AppealRecord).order_by(AppealRecord.submitted_at, AppealRecord.appeal_id).limit(limit)
    if state is not None:
        query = query.where(AppealRecord.state == state)
    if seller_id is not None:
        query = query.where(AppealRecord.seller_id == seller_id)
    return list(session.scalars(query))


def decide_appeal(
    session: Session,
    appeal_id: str,
    *,
    outcome: AppealOutcome,
    decided_by: str,
    decided_at: datetime,
    reason: str,
    credited: Decimal | None,
    currency: str | None,
) -> AppealRecord:
    """Keep the decision with the appeal; the first decision stands (a retry rewrites nothing)."""
    session.execute(
        update(AppealRecord)
        .where(AppealRecord.appeal_id == appeal_id, AppealRecord.state == AppealState.OPEN)
        .values(
            state=AppealState.DECIDED,
            outcome=outcome,
            decided_by=decided_by,
            decided_at=decided_at,
            decision_reason=reason,
            credited=credited,
            currency=currency,
        )
    )
    row = appeal(session, appeal_id)
    if row is None:
        raise LookupError(f"appeal {appeal_id}: not in the store")
    return row


def count_reminder(session: Session, appeal_id: str, reminders_sent: int) -> None:
    """Ops were reminded of the appeal ``reminders_sent`` times (a retry writes the same number)."""
    session.execute(
        update(AppealRecord)
        .where(AppealRecord.appeal_id == appeal_id, AppealRecord.reminders_sent < reminders_sent)
        .values(reminders_sent=reminders_sent)
    )


def overturn_violation(session: Session, dedupe_key: str, appeal_id: str, at: datetime) -> Violation:
    """Mark the violation overturned, once: the first appeal's instant stays."""
    session.execute(
        update(Violation)
        .where(Violation.dedupe_key == dedupe_key, Violation.overturned_at.is_(None))
        .values(overturned_at=at, overturned_by=appeal_id)
    )
    row = session.scalars(select(Violation).filter_by(dedupe_key=dedupe_key), execution_options=FRESH).one_or_none()
    if row is None:
        raise LookupError(f"violation {dedupe_key}: not in the store")
    return row


def lift_flag(session: Session, seller_id: str, thread_id: str, reason: str, appeal_id: str, at: datetime) -> None:
    """Lift the flag, once."""
    session.execute(
        update(SellerFlag)
        .where(
            SellerFlag.seller_id == seller_id,
            SellerFlag.thread_id == thread_id,
            SellerFlag.reason == reason,
            SellerFlag.lifted_at.is_(None),
        )
        .values(lifted_at=at, lifted_by=appeal_id)
    )


def charge_of(session: Session, thread_id: str, takeover_no: int, cost_kind: str) -> LedgerEntry | None:
    """The charge (not a credit) of one cost of one takeover."""
    query = select(LedgerEntry).filter_by(thread_id=thread_id, takeover_no=takeover_no, cost_kind=cost_kind, reverses=0)
    return session.scalars(query, execution_options=FRESH).one_or_none()
