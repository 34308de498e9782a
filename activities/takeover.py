"""The platform's side of a takeover (R5.3, R5.4): the ops case, its decision, the seller's record.

The case's opening and its decision are written with the events that tell ops (and, for the
decision, the seller) in one transaction; the buyer hears of the decision from the Takeover's
own notice (workflows/takeover.py), without ops' internal note.
"""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity

from activities.events import EventWriter
from contract.cases import REFUNDING_OUTCOMES, DecisionRecord, decision_key
from contract.threads import TakeoverStart
from events.schema import CaseDecided, CaseOpened, Money
from rules.kinds import SEVERE_REASONS, Recipient, takeover_rule
from store import repository
from store.db import transaction
from store.models import Thread


class TakeoverActivities:
    def __init__(self, sessions: sessionmaker[Session], events: EventWriter) -> None:
        self._sessions = sessions
        self._events = events

    @activity.defn(name="open_ops_case")
    def open_ops_case(self, start: TakeoverStart) -> bool:
        """Open the case ops decide (R5.3) and tell ops; False when it was already open."""
        thread = start.thread
        with transaction(self._sessions) as session:
            created = repository.open_ops_case(
                session,
                thread_id=thread.thread_id,
                takeover_no=start.takeover_no,
                reason=start.reason,
                opened_at=start.started_at,
            ).created
            self._events.thread_event(
                session,
                thread_id=thread.thread_id,
                event_type="case.opened",
                recipient=Recipient.OPS,
                key=f"case-{start.takeover_no}",
                occurred_at=start.started_at,
                data=CaseOpened(
                    reason=start.reason,
                    rule=takeover_rule(start.reason, start.escalation_id is not None),
                    severe=start.reason in SEVERE_REASONS,
                    takeover_no=start.takeover_no,
                    raised_by=start.raised_by,
                    escalation_id=start.escalation_id,
                    note=start.note,
                    order_total=Money(amount=thread.order_total, currency=start.order_currency or start.currency)
                    if thread.order_total
                    else None,
                ),
            )
            return created

    @activity.defn(name="record_decision")
    def record_decision(self, record: DecisionRecord) -> None:
        """Keep the decision, who made it and why, with the case (ops' reports read it there), and
        tell the seller and ops."""
        decision = record.decision
        with transaction(self._sessions) as session:
            repository.decide_ops_case(
                session,
                record.thread_id,
                record.takeover_no,
                outcome=decision.outcome,
                decided_by=decision.decided_by,
                decided_at=decision.decided_at,
                note=decision.note,
            )
            currency = record.currency
            if currency is None:
                thread = session.get(Thread, record.thread_id)
                currency = thread.currency if thread is not None else ""
            decided = CaseDecided(
                outcome=decision.outcome,
                takeover_no=record.takeover_no,
                decided_by=decision.decided_by,
                by_rule=decision.by_rule,
                note=decision.note,
                refund=Money(amount=decision.refund_amount, currency=currency)
                if decision.refund_amount is not None and decision.outcome in REFUNDING_OUTCOMES
                else None,
            )
            for recipient in (Recipient.SELLER, Recipient.OPS):
                self._events.thread_event(
                    session,
                    thread_id=record.thread_id,
                    event_type="case.decided",
                    recipient=recipient,
                    key=decision_key(record.takeover_no, decision),
                    occurred_at=decision.decided_at,
                    data=decided,
                )

    @activity.defn(name="flag_seller")
    def flag_seller(self, start: TakeoverStart) -> None:
        """R5.4: a severe violation flags the seller's record."""
        with transaction(self._sessions) as session:
            repository.flag_seller(
                session,
                seller_id=start.thread.seller_id,
                thread_id=start.thread.thread_id,
                reason=start.reason,
                flagged_at=start.started_at,
            )
