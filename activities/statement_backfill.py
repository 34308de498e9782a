"""Statements for the sanctions recorded before statements existed (issue 20, store migration 0010).

A store upgraded to 0010 holds violations, flags, charges and takeover cases that no seller was
given a statement of reasons for. ``backfill_statements`` writes one for each, as the sanction's
own activity would have, from what its row keeps (the rule, the kind, the amount and currency, the
reason, the absence's days), issued now: the window to appeal counts from today, since the seller
is told today. Idempotent (a sanction that has its statement is left as it is) and resumable (one
transaction per batch), so it can run while the worker writes new ones.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from activities.statements import Sanction, StatementWriter
from contract.facts import StatementFacts
from contract.statements import charge_sanction_id, flag_sanction_id, takeover_sanction_id, violation_sanction_id
from rules.kinds import SanctionKind, ViolationKind, takeover_rule
from store.db import transaction
from store.models import Absence, LedgerEntry, OpsCase, SellerFlag, Thread, Violation


@dataclass
class Backfilled:
    """Statements written per kind of sanction; ``skipped``: sanctions whose market is not known."""

    violation: int = 0
    flag: int = 0
    charge: int = 0
    takeover: int = 0
    skipped: int = 0


def backfill_statements(
    sessions: sessionmaker[Session], writer: StatementWriter, now: datetime, *, batch: int = 500
) -> Backfilled:
    counts = Backfilled()
    for make in (_violations, _flags, _charges, _takeovers):
        offset = 0
        while True:
            with transaction(sessions) as session:
                page = list(make(session, offset, batch))
                for sanction, market in page:
                    if market is None:
                        counts.skipped += 1
                        continue
                    if writer.issue(session, sanction._replace(issued_at=now), market=market):
                        setattr(counts, str(sanction.kind), getattr(counts, str(sanction.kind)) + 1)
            if len(page) < batch:
                break
            offset += batch
    return counts


Found = Iterator[tuple[Sanction, str | None]]


def _market(session: Session, thread_id: str | None) -> str | None:
    return session.scalar(select(Thread.market).where(Thread.thread_id == thread_id)) if thread_id else None


def _violations(session: Session, offset: int, limit: int) -> Found:
    for row in session.scalars(select(Violation).order_by(Violation.id).offset(offset).limit(limit)):
        market = _market(session, row.thread_id)
        facts = StatementFacts()
        if row.kind == ViolationKind.LATE_ABSENCE_NOTICE:  # R4.2: the absence's market and days
            absence = session.scalars(
                select(Absence).where(Absence.seller_id == row.seller_id, Absence.announced_at == row.occurred_at)
            ).first()
            market = absence.market if absence is not None else None
            detail = row.detail or {}
            if isinstance(detail.get("working_days"), int) and isinstance(detail.get("notice_days"), int):
                facts = StatementFacts(absence_working_days=detail["working_days"], notice_days=detail["notice_days"])
        yield (
            Sanction(
                kind=SanctionKind.VIOLATION,
                sanction_id=violation_sanction_id(row.dedupe_key),
                seller_id=row.seller_id,
                thread_id=row.thread_id,
                rule=row.rule,
                occurred_at=row.occurred_at,
                facts=facts,
                violation_kind=row.kind,
                key=row.dedupe_key,
            ),
            market,
        )


def _flags(session: Session, offset: int, limit: int) -> Found:
    query = select(SellerFlag).order_by(SellerFlag.flagged_at, SellerFlag.thread_id).offset(offset).limit(limit)
    for row in session.scalars(query):
        yield (
            Sanction(
                kind=SanctionKind.FLAG,
                sanction_id=flag_sanction_id(row.thread_id, str(row.reason)),
                seller_id=row.seller_id,
                thread_id=row.thread_id,
                rule="R5.4",
                occurred_at=row.flagged_at,
                facts=StatementFacts(takeover_reason=row.reason),
            ),
            _market(session, row.thread_id),
        )


def _charges(session: Session, offset: int, limit: int) -> Found:
    query = select(LedgerEntry).where(LedgerEntry.reverses == 0).order_by(LedgerEntry.id).offset(offset).limit(limit)
    for row in session.scalars(query):
        yield (
            Sanction(
                kind=SanctionKind.CHARGE,
                sanction_id=charge_sanction_id(row.thread_id, row.takeover_no, row.cost_kind),
                seller_id=row.seller_id,
                thread_id=row.thread_id,
                rule="R5.6",
                occurred_at=row.created_at,
                facts=StatementFacts(
                    amount=row.amount, currency=row.currency, cost_kind=str(row.cost_kind), takeover_no=row.takeover_no
                ),
            ),
            _market(session, row.thread_id),
        )


def _takeovers(session: Session, offset: int, limit: int) -> Found:
    query = (
        select(OpsCase, Thread.seller_id, Thread.market)
        .join(Thread, Thread.thread_id == OpsCase.thread_id)
        .order_by(OpsCase.opened_at, OpsCase.thread_id, OpsCase.takeover_no)
        .offset(offset)
        .limit(limit)
    )
    for case, seller_id, market in session.execute(query):
        yield (
            Sanction(
                kind=SanctionKind.TAKEOVER,
                sanction_id=takeover_sanction_id(case.thread_id, case.takeover_no),
                seller_id=seller_id,
                thread_id=case.thread_id,
                # an escalation is not kept with the case: the reason's own rule (R5.2 for a dispute)
                rule=takeover_rule(case.reason, escalated=False),
                occurred_at=case.opened_at,
                facts=StatementFacts(takeover_reason=case.reason, takeover_no=case.takeover_no),
            ),
            market,
        )
