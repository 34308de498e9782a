"""R5.6: charge the seller one cost of one takeover, by the tariff, exactly once.

The ledger row's unique key (thread, takeover, cost kind) is the guarantee: a retry after a
timeout that had in fact written, a replay, or a second worker racing the first all meet the
row already there and get it back (``created=False``) instead of charging again. The seller's
``charge.made`` event is written with the row, so it is told of each charge exactly as often as
it is charged: once.
"""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity

from activities.events import EventWriter
from activities.statements import Sanction, StatementWriter
from contract.cases import Charge, ChargeRequest
from contract.facts import StatementFacts
from contract.statements import charge_sanction_id
from events.schema import ChargeMade, Money
from rules.kinds import Recipient, SanctionKind
from rules.tariff import Tariff
from store import repository
from store.db import transaction


class RechargeActivities:
    def __init__(
        self, sessions: sessionmaker[Session], tariff: Tariff, events: EventWriter, statements: StatementWriter
    ) -> None:
        self._sessions = sessions
        self._tariff = tariff
        self._events = events
        self._statements = statements

    @activity.defn(name="charge_seller")
    def charge_seller(self, request: ChargeRequest) -> Charge:
        cost = request.cost
        currency = cost.currency or request.currency  # a refund is charged in the order's currency (R1.6)
        amount = cost.amount if cost.amount is not None else self._tariff.price(cost.kind, currency)
        with transaction(self._sessions) as session:
            entry = repository.add_ledger_entry(
                session,
                seller_id=request.seller_id,
                thread_id=request.thread_id,
                takeover_no=request.takeover_no,
                cost_kind=cost.kind,
                amount=amount,
                currency=currency,
            )
            row = entry.row
            thread = self._events.thread_ids(session, request.thread_id, "charge")
            self._events.thread_event(
                session,
                thread_id=request.thread_id,
                event_type="charge.made",
                recipient=Recipient.SELLER,
                key=f"charge-{request.takeover_no}:{row.cost_kind}",
                occurred_at=row.created_at,
                data=ChargeMade(
                    cost_kind=row.cost_kind,
                    charge=Money(amount=row.amount, currency=row.currency),
                    takeover_no=request.takeover_no,
                ),
                thread=thread,
            )
            self._statements.issue(  # issue 20: the charge explained, and contestable
                session,
                Sanction(
                    kind=SanctionKind.CHARGE,
                    sanction_id=charge_sanction_id(row.thread_id, row.takeover_no, row.cost_kind),
                    seller_id=row.seller_id,
                    thread_id=row.thread_id,
                    rule="R5.6",
                    occurred_at=request.at or row.created_at,
                    facts=StatementFacts(
                        amount=row.amount,
                        currency=row.currency,
                        cost_kind=str(row.cost_kind),
                        takeover_no=row.takeover_no,
                    ),
                ),
                thread=thread,
            )
        return Charge(kind=row.cost_kind, amount=row.amount, currency=row.currency, created=entry.created)
