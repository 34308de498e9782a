"""The platform's side of a takeover (R5.3, R5.4): the ops case, its decision, the seller's record."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity

from rules.cases import FIRST_TAKEOVER, DecisionRecord
from rules.contract import TakeoverStart
from store import repository
from store.db import transaction



class TakeoverActivities:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    @activity.defn(name="open_ops_case")
    def open_ops_case(self, start: TakeoverStart) -> bool:
        """Open the case ops decide (R5.3); False when it was already open."""
        with transaction(self._sessions) as session:
            return repository.open_ops_case(
                session,
                thread_id=start.thread.thread_id,
                takeover_no=FIRST_TAKEOVER,
                reason=start.reason,
                opened_at=start.started_at,
            ).created

    @activity.defn(name="record_decision")
    def record_decision(self, record: DecisionRecord) -> None:
        """Keep the decision, who made it and why, with the case (ops' reports read it there)."""
        decision = record.decision
        with transaction(self._sessions) as session:
            repository.decide_ops_case(
                session, record.thread_id, record.takeover_no, outcome=decision.outcome,
                decided_by=decision.decided_by, decided_at=decision.decided_at, note=decision.note,
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
