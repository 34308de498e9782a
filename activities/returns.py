"""The return's side effects (R5.5): labels through the carrier, refunds through payments.

Each call carries an idempotency key derived from the case (thread, takeover, step), passed to
the provider and used as the store's unique key, so a retried activity, a replay or a worker
killed between the provider's answer and our commit never buys a second label or refunds twice.
"""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity

from activities.adapters import Carrier, Payments
from contract.cases import IssueLabel, IssueRefund, Label, RefundReceipt, VoidLabel
from store import repository
from store.db import transaction


class ReturnActivities:
    def __init__(self, sessions: sessionmaker[Session], carrier: Carrier, payments: Payments) -> None:
        self._sessions = sessions
        self._carrier = carrier
        self._payments = payments

    @activity.defn(name="issue_return_label")
    def issue_return_label(self, order: IssueLabel) -> Label:
        with transaction(self._sessions) as session:
            known = repository.label_for(session, order.key)
        if known is None:
            label_id, tracking = self._carrier.issue_label(order.request, order.key, order.at)
            with transaction(self._sessions) as session:
                known = repository.record_label(
                    session,
                    request_key=order.key,
                    label_id=label_id,
                    thread_id=order.request.thread_id,
                    takeover_no=order.request.takeover_no,
                    carrier=self._carrier.name,
                    tracking_number=tracking,
                    ship_to=order.request.ship_to,
                    issued_at=order.at,
                ).row
        return Label(
            label_id=known.label_id,
            carrier=known.carrier,
            tracking_number=known.tracking_number,
            issued_at=known.issued_at,
        )

    @activity.defn(name="void_return_label")
    def void_return_label(self, order: VoidLabel) -> None:
        self._carrier.void_label(order.label.label_id)
        with transaction(self._sessions) as session:
            repository.void_label(session, order.label.label_id, voided_at=order.at)

    @activity.defn(name="refund_buyer")
    def refund_buyer(self, order: IssueRefund) -> RefundReceipt:
        refund_id = self._payments.refund(order.request, order.key)
        with transaction(self._sessions) as session:
            row = repository.record_refund(
                session,
                request_key=order.key,
                refund_id=refund_id,
                thread_id=order.request.thread_id,
                takeover_no=order.request.takeover_no,
                order_id=order.request.order_id,
                provider=self._payments.name,
                amount=order.request.amount,
                currency=order.request.currency,
                refunded_at=order.at,
            ).row
        return RefundReceipt(
            refund_id=row.refund_id,
            provider=row.provider,
            amount=row.amount,
            currency=row.currency,
            refunded_at=row.refunded_at,
        )
