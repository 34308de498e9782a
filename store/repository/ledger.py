"""The ledger of costs charged to sellers (R5.6): one row per cost, written once."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from rules.kinds import CostKind
from store.models import (
    LedgerEntry,
)
from store.repository._common import Recorded, insert_if_absent


def add_ledger_entry(
    session: Session,
    *,
    seller_id: str,
    thread_id: str,
    takeover_no: int,
    cost_kind: CostKind | str,
    amount: Decimal,
    currency: str,
) -> Recorded[LedgerEntry]:
    """Charge one cost of one takeover (R5.6), at most once.

    When the entry exists, nothing is written and the existing row comes back unchanged, even if
    this call carries another amount: the first charge is the charge.
    """
    return insert_if_absent(
        session,
        LedgerEntry,
        ["thread_id", "takeover_no", "cost_kind", "reverses"],
        {
            "seller_id": seller_id,
            "thread_id": thread_id,
            "takeover_no": takeover_no,
            "cost_kind": CostKind(cost_kind),
            "amount": amount,
            "currency": currency,
            "reverses": 0,
        },
    )


def credit_charge(session: Session, charge: LedgerEntry, amount: Decimal, appeal_id: str) -> Recorded[LedgerEntry]:
    """Give back ``amount`` of one charge (issue 20): a row of its own, negative, in the charge's
    currency, at most once per charge (the unique key takes ``reverses``); the charge stays."""
    if charge.reverses:
        raise ValueError(f"ledger row {charge.id} is a credit; only a charge is credited")
    return insert_if_absent(
        session,
        LedgerEntry,
        ["thread_id", "takeover_no", "cost_kind", "reverses"],
        {
            "seller_id": charge.seller_id,
            "thread_id": charge.thread_id,
            "takeover_no": charge.takeover_no,
            "cost_kind": charge.cost_kind,
            "amount": -amount,
            "currency": charge.currency,
            "reverses": charge.id,
            "appeal_id": appeal_id,
        },
    )


def ledger_for_seller(session: Session, seller_id: str) -> list[LedgerEntry]:
    """A seller's recharges, oldest first."""
    query = select(LedgerEntry).filter_by(seller_id=seller_id).order_by(LedgerEntry.created_at, LedgerEntry.id)
    return list(session.scalars(query))


def ledger_for_thread(session: Session, thread_id: str) -> list[LedgerEntry]:
    """A thread's recharges, by takeover then in the order they were charged."""
    query = select(LedgerEntry).filter_by(thread_id=thread_id).order_by(LedgerEntry.takeover_no, LedgerEntry.id)
    return list(session.scalars(query))
