"""The store's side of an appeal (issue 20): keep it, remind ops, and apply the decision once.

``decide_appeal`` writes the decision and what it reverses in one transaction, each part keyed so
a retry (a timeout after the commit, a worker killed mid-write) reverses nothing twice: the
appeal row is decided only while open, a violation overturned and a flag lifted only while they
stand, and a charge's credit is a ledger row whose unique key is the charge it gives back.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel
from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities.events import EventWriter
from activities.statements import StatementWriter, statement_of
from contract.statements import AppealDecided, AppealOrder, AppealStatus, AppealVerdict, Statement
from events.schema import AppealDecidedData, AppealReceived, AppealReminder, Money
from rules.kinds import AppealOutcome, Recipient, SanctionKind
from rules.statements import render_decision
from store import repository
from store.db import transaction
from store.models import AppealRecord


def decision_of(row: AppealRecord) -> AppealDecided | None:
    """The decision an appeal row keeps, once it has one."""
    if row.outcome is None or row.decided_by is None or row.decided_at is None:
        return None
    return AppealDecided(
        outcome=row.outcome,
        decided_by=row.decided_by,
        reason=row.decision_reason or "",
        decided_at=row.decided_at,
        credited=row.credited,
        currency=row.currency,
    )


class AppealActivities:
    def __init__(self, sessions: sessionmaker[Session], events: EventWriter, statements: StatementWriter) -> None:
        self._sessions = sessions
        self._events = events
        self._statements = statements  # the market's languages, for the decision's text

    @activity.defn(name="open_appeal")
    def open_appeal(self, order: AppealOrder) -> None:
        """Keep the appeal; the seller gets an acknowledgement, ops a case to decide."""
        statement = order.statement
        appeal_id = activity.info().workflow_id
        with transaction(self._sessions) as session:
            repository.open_appeal(
                session,
                appeal_id=appeal_id,
                sanction_id=statement.sanction_id,
                seller_id=statement.seller_id,
                grounds=order.grounds,
                submitted_at=order.submitted_at,
                submitted_by=order.submitted_by,
            )
            received = AppealReceived(
                appeal_id=appeal_id,
                sanction_id=statement.sanction_id,
                sanction_kind=statement.sanction_kind,
                submitted_at=order.submitted_at,
                grounds=order.grounds,
                rule=statement.rule,
            )
            for recipient in (Recipient.SELLER, Recipient.OPS):
                self._tell(
                    session,
                    statement,
                    "appeal.received",
                    recipient,
                    f"{appeal_id}:received",
                    order.submitted_at,
                    received,
                )

    @activity.defn(name="remind_appeal")
    def remind_appeal(self, status: AppealStatus) -> None:
        """Ops: an appeal undecided for a working day (and each working day after)."""
        reminder = AppealReminder(
            appeal_id=status.appeal_id,
            sanction_id=status.sanction_id,
            submitted_at=status.submitted_at,
            reminder_no=status.reminders_sent,
        )
        with transaction(self._sessions) as session:
            stored = repository.statement(session, status.sanction_id)
            if stored is None:
                raise ApplicationError(
                    f"appeal {status.appeal_id}: no statement {status.sanction_id}", non_retryable=True
                )
            repository.count_reminder(session, status.appeal_id, status.reminders_sent)
            self._tell(
                session,
                statement_of(stored),
                "appeal.reminder",
                Recipient.OPS,
                f"{status.appeal_id}:reminder-{status.reminders_sent}",
                status.next_reminder_at or activity.info().scheduled_time,
                reminder,
            )

    @activity.defn(name="decide_appeal")
    def decide_appeal(self, verdict: AppealVerdict) -> AppealDecided:
        """Keep the decision and reverse what it overturns, once; tell the seller and ops."""
        statement, decision = verdict.statement, verdict.decision
        with transaction(self._sessions) as session:
            credited, currency = self._reverse(session, verdict)
            row = repository.decide_appeal(
                session,
                verdict.appeal_id,
                outcome=decision.outcome,
                decided_by=decision.decided_by,
                decided_at=verdict.decided_at,
                reason=decision.reason,
                credited=credited,
                currency=currency,
            )
            decided = decision_of(row)
            assert decided is not None
            told = AppealDecidedData(
                appeal_id=verdict.appeal_id,
                sanction_id=statement.sanction_id,
                sanction_kind=statement.sanction_kind,
                outcome=decided.outcome,
                decided_by=decided.decided_by,
                note=decided.reason,
                credit=Money(amount=decided.credited, currency=decided.currency)
                if decided.credited is not None and decided.currency
                else None,
                texts=self._decision_texts(statement, decided),
            )
            for recipient in (Recipient.SELLER, Recipient.OPS):
                self._tell(
                    session,
                    statement,
                    "appeal.decided",
                    recipient,
                    f"{verdict.appeal_id}:decided",
                    decided.decided_at,
                    told,
                )
        return decided

    def _decision_texts(self, statement: Statement, decided: AppealDecided) -> dict[str, str]:
        credit = (decided.credited, decided.currency) if decided.credited is not None and decided.currency else None
        return {
            language: render_decision(
                statement.sanction_id, statement.sanction_kind, decided.outcome, decided.reason, credit, language
            )
            for language in self._statements.market(statement.market).languages
        }

    @staticmethod
    def _reverse(session: Session, verdict: AppealVerdict) -> tuple[Decimal | None, str | None]:
        """What the outcome reverses; the credit's amount and currency for a charge."""
        statement, decision = verdict.statement, verdict.decision
        if decision.outcome == AppealOutcome.UPHELD:
            return None, None
        kind = statement.sanction_kind
        if kind == SanctionKind.VIOLATION:
            stored = repository.statement(session, statement.sanction_id)
            if stored is None or stored.sanction_key is None:
                raise ApplicationError(f"{statement.sanction_id}: no violation behind it", non_retryable=True)
            repository.overturn_violation(session, stored.sanction_key, verdict.appeal_id, verdict.decided_at)
            return None, None
        if kind == SanctionKind.FLAG:
            assert statement.thread_id is not None and statement.facts.takeover_reason is not None
            repository.lift_flag(
                session,
                statement.seller_id,
                statement.thread_id,
                str(statement.facts.takeover_reason),
                verdict.appeal_id,
                verdict.decided_at,
            )
            return None, None
        if kind == SanctionKind.CHARGE:
            facts = statement.facts
            charge = None
            if statement.thread_id and facts.takeover_no and facts.cost_kind:
                charge = repository.charge_of(session, statement.thread_id, facts.takeover_no, facts.cost_kind)
            if charge is None:
                raise ApplicationError(f"{statement.sanction_id}: no such ledger row", non_retryable=True)
            amount = charge.amount if decision.outcome == AppealOutcome.OVERTURNED else decision.amount
            assert amount is not None
            credit = repository.credit_charge(session, charge, min(amount, charge.amount), verdict.appeal_id).row
            return -credit.amount, credit.currency
        raise ApplicationError(f"{statement.sanction_id}: a {kind} is not appealed", non_retryable=True)

    def _tell(
        self,
        session: Session,
        statement: Statement,
        event_type: str,
        recipient: Recipient,
        key: str,
        at: datetime,
        data: BaseModel,
    ) -> None:
        """An appeal's event, where its sanction's statement went."""
        self._events.seller_or_thread_event(
            session,
            thread_id=statement.thread_id,
            seller_id=statement.seller_id,
            market=statement.market,
            event_type=event_type,
            recipient=recipient,
            key=key,
            occurred_at=at,
            data=data,
        )
