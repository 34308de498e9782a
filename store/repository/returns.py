"""Return labels and refunds (R5.5): one per idempotency key, as the providers issued them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from store.models import (
    Refund,
    ReturnLabel,
)
from store.repository._common import FRESH, Recorded, insert_if_absent


def record_label(
    session: Session,
    *,
    request_key: str,
    label_id: str,
    thread_id: str,
    takeover_no: int,
    carrier: str,
    tracking_number: str,
    ship_to: str,
    issued_at: datetime,
) -> Recorded[ReturnLabel]:
    """A label issued for ``request_key``; a retry gets the first label back, not a second one."""
    return insert_if_absent(
        session,
        ReturnLabel,
        ["request_key"],
        {
            "request_key": request_key,
            "label_id": label_id,
            "thread_id": thread_id,
            "takeover_no": takeover_no,
            "carrier": carrier,
            "tracking_number": tracking_number,
            "ship_to": ship_to,
            "issued_at": issued_at,
        },
    )


def label_for(session: Session, request_key: str) -> ReturnLabel | None:
    return session.scalars(
        select(ReturnLabel).filter_by(request_key=request_key), execution_options=FRESH
    ).one_or_none()


def void_label(session: Session, label_id: str, *, voided_at: datetime) -> ReturnLabel:
    """Void an unused label; voiding twice keeps the first time."""
    session.execute(
        update(ReturnLabel)
        .where(ReturnLabel.label_id == label_id, ReturnLabel.voided_at.is_(None))
        .values(voided_at=voided_at)
    )
    return session.scalars(select(ReturnLabel).filter_by(label_id=label_id), execution_options=FRESH).one()


def labels_for_thread(session: Session, thread_id: str) -> list[ReturnLabel]:
    return list(session.scalars(select(ReturnLabel).filter_by(thread_id=thread_id).order_by(ReturnLabel.issued_at)))


def record_refund(
    session: Session,
    *,
    request_key: str,
    refund_id: str,
    thread_id: str,
    takeover_no: int,
    order_id: str,
    provider: str,
    amount: Decimal,
    currency: str,
    refunded_at: datetime,
) -> Recorded[Refund]:
    """A refund made for ``request_key``; a retry gets the first refund back, never a second one."""
    return insert_if_absent(
        session,
        Refund,
        ["request_key"],
        {
            "request_key": request_key,
            "refund_id": refund_id,
            "thread_id": thread_id,
            "takeover_no": takeover_no,
            "order_id": order_id,
            "provider": provider,
            "amount": amount,
            "currency": currency,
            "refunded_at": refunded_at,
        },
    )


def refunds_for_thread(session: Session, thread_id: str) -> list[Refund]:
    return list(session.scalars(select(Refund).filter_by(thread_id=thread_id).order_by(Refund.refunded_at)))
