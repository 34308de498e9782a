"""Ops cases of takeovers (R5.3), their decisions, and the seller flags of severe reasons (R5.4)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from rules.kinds import OpsOutcome, TakeoverReason
from store.models import (
    OpsCase,
    SellerFlag,
)
from store.repository._common import FRESH, Recorded, insert_if_absent


def open_ops_case(
    session: Session, *, thread_id: str, takeover_no: int, reason: TakeoverReason | str, opened_at: datetime
) -> Recorded[OpsCase]:
    """Open the ops case of a takeover (R5.3) once."""
    return insert_if_absent(
        session,
        OpsCase,
        ["thread_id", "takeover_no"],
        {
            "thread_id": thread_id,
            "takeover_no": takeover_no,
            "reason": TakeoverReason(reason),
            "opened_at": opened_at,
        },
    )


def decide_ops_case(
    session: Session,
    thread_id: str,
    takeover_no: int,
    *,
    outcome: OpsOutcome | str,
    decided_by: str,
    decided_at: datetime,
    note: str | None = None,
) -> OpsCase:
    """Record a decision; a later one (ops overriding the rulebook's default, R5.4) replaces it,
    a retry of the same one (same ``decided_at``) changes nothing."""
    session.execute(
        update(OpsCase)
        .filter_by(thread_id=thread_id, takeover_no=takeover_no)
        .where((OpsCase.decided_at.is_(None)) | (OpsCase.decided_at < decided_at))
        .values(outcome=OpsOutcome(outcome), decided_by=decided_by, decided_at=decided_at, note=note)
    )
    query = select(OpsCase).filter_by(thread_id=thread_id, takeover_no=takeover_no)
    return session.scalars(query, execution_options=FRESH).one()


def flag_seller(
    session: Session, *, seller_id: str, thread_id: str, reason: TakeoverReason | str, flagged_at: datetime
) -> Recorded[SellerFlag]:
    """Flag the seller's record for a severe violation (R5.4), once per thread and reason."""
    return insert_if_absent(
        session,
        SellerFlag,
        ["seller_id", "thread_id", "reason"],
        {"seller_id": seller_id, "thread_id": thread_id, "reason": TakeoverReason(reason), "flagged_at": flagged_at},
    )


def seller_flags(session: Session, seller_id: str, *, lifted: bool = False) -> list[SellerFlag]:
    """The flags on the seller's record; ``lifted``: those an appeal lifted too."""
    query = select(SellerFlag).filter_by(seller_id=seller_id).order_by(SellerFlag.flagged_at)
    if not lifted:
        query = query.where(SellerFlag.lifted_at.is_(None))
    return list(session.scalars(query))


def ops_case(session: Session, thread_id: str, takeover_no: int) -> OpsCase | None:
    return session.get(OpsCase, (thread_id, takeover_no), populate_existing=True)
