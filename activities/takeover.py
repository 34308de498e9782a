"""The platform's side of a takeover (R5.3, R5.4): the ops case, its decision, the seller's record.

The case's opening and its decision are written with the events that tell ops (and, for the
decision, the seller) in one transaction; the buyer hears of the decision from the Takeover's
own notice (workflows/takeover.py), without ops' internal note.
"""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity

from activities.events import EventWriter
from activities.statements import Sanction, StatementWriter
from contract.cases import REFUNDING_OUTCOMES, DecisionRecord, decision_key
from contract.facts import StatementFacts
from contract.statements import flag_sanction_id, takeover_sanction_id
from contract.threads import TakeoverStart
from events.schema import CaseDecided, CaseOpened, Money
from rules.kinds import SEVERE_REASONS, Recipient, SanctionKind, takeover_rule
from store import repository
from store.db import transaction
from store.models import Thread


class TakeoverActivities:
    def __init__(self, sessions: sessionmaker[Session], events: EventWriter, statements: StatementWriter) -> None:
        self._sessions = sessions
        self._events = events
        self._statements = statements

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
            self._statements.issue(  # issue 20: the seller is told why, on which facts
                session,
                Sanction(
                    kind=SanctionKind.TAKEOVER,
                    sanction_id=takeover_sanction_id(thread.thread_id, start.takeover_no),
                    seller_id=thread.seller_id,
                    thread_id=thread.thread_id,
                    rule=takeover_rule(start.reason, start.escalation_id is not None),
                    occurred_at=start.started_at,
                    facts=_takeover_facts(start),
                ),
                market=start.market or None,
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
        """R5.4: a severe violation flags the seller's record, and the seller is told why (issue 20)."""
        thread = start.thread
        with transaction(self._sessions) as session:
            flag = repository.flag_seller(
                session,
                seller_id=thread.seller_id,
                thread_id=thread.thread_id,
                reason=start.reason,
                flagged_at=start.started_at,
            ).row
            self._statements.issue(
                session,
                Sanction(
                    kind=SanctionKind.FLAG,
                    sanction_id=flag_sanction_id(thread.thread_id, str(start.reason)),
                    seller_id=thread.seller_id,
                    thread_id=thread.thread_id,
                    rule="R5.4",
                    occurred_at=flag.flagged_at,
                    facts=_takeover_facts(start),
                ),
                market=start.market or None,
            )


def _takeover_facts(start: TakeoverStart) -> StatementFacts:
    """A takeover's facts: its reason, the escalation's reason and who raised it, if one did, and
    what the thread saw (a missed deadline's due instant and hours, a refused reply's finding)."""
    escalated = start.escalation_id is not None or start.raised_by is not None
    seen = start.facts or StatementFacts()
    return seen.model_copy(
        update={
            "takeover_no": start.takeover_no,
            "takeover_reason": start.reason,
            "escalation_reason": start.reason if escalated else seen.escalation_reason,
            "raised_by": start.raised_by or seen.raised_by,
        }
    )
