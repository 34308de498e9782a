"""Seller absences (R4): announce, shorten, cancel, and what is open while a seller is away."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from rules.kinds import ThreadState
from store.models import (
    Absence,
    Thread,
)
from store.repository._common import FRESH, Recorded, insert_if_absent


def lock_seller(session: Session, seller_id: str) -> None:
    """Serialise a seller's absence announcements until the transaction ends (R4.5 overlap check).

    SQLite's ``BEGIN IMMEDIATE`` (store.db) already serialises writers; PostgreSQL takes a
    transaction-scoped advisory lock on the seller, so check-then-insert cannot race.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:seller))"), {"seller": f"absence:{seller_id}"})


def overlapping_absence(session: Session, seller_id: str, first_day: date, last_day: date) -> Absence | None:
    """An announced (not cancelled) absence of the seller sharing a day with ``first_day..last_day``."""
    query = (
        select(Absence)
        .filter_by(seller_id=seller_id, cancelled_at=None)
        .where(Absence.first_day <= last_day, Absence.last_day >= first_day)
        .order_by(Absence.first_day)
        .limit(1)
    )
    return session.scalars(query, execution_options=FRESH).one_or_none()


def record_absence(
    session: Session,
    *,
    seller_id: str,
    first_day: date,
    last_day: date,
    announced_at: datetime,
    working_days: int,
    late_notice: bool,
    market: str | None = None,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
) -> Recorded[Absence]:
    """Keep an announced absence (R4.1, R4.2) once per (seller, first day). Announcing again the
    days of a cancelled absence (R4.5, issue 15) makes it the announced one again, with the new
    announcement's days and notice; a repeat of a live announcement changes nothing."""
    values = {
        "seller_id": seller_id,
        "first_day": first_day,
        "last_day": last_day,
        "announced_at": announced_at,
        "working_days": working_days,
        "late_notice": late_notice,
        "market": market,
        "starts_at": starts_at,
        "ends_at": ends_at,
    }
    recorded = insert_if_absent(session, Absence, ["seller_id", "first_day"], values)
    if recorded.created or recorded.row.cancelled_at is None:
        return recorded
    session.execute(
        update(Absence).filter_by(seller_id=seller_id, first_day=first_day).values(**values, cancelled_at=None)
    )
    return Recorded(_absence(session, seller_id, first_day), True)


def shorten_absence(
    session: Session,
    seller_id: str,
    first_day: date,
    *,
    last_day: date,
    working_days: int,
    ends_at: datetime | None = None,
) -> Absence:
    """Move an absence's last day (R4.5); repeating the call changes nothing more."""
    values: dict[str, Any] = {"last_day": last_day, "working_days": working_days}
    if ends_at is not None:
        values["ends_at"] = ends_at
    session.execute(update(Absence).filter_by(seller_id=seller_id, first_day=first_day).values(**values))
    return _absence(session, seller_id, first_day)


def cancel_absence(session: Session, seller_id: str, first_day: date, *, cancelled_at: datetime) -> Absence:
    """Cancel an absence (R4.5); a repeated cancel keeps the first ``cancelled_at``."""
    session.execute(
        update(Absence)
        .filter_by(seller_id=seller_id, first_day=first_day, cancelled_at=None)
        .values(cancelled_at=cancelled_at)
    )
    return _absence(session, seller_id, first_day)


def absence_at(session: Session, seller_id: str, at: datetime) -> Absence | None:
    """R4.4: the seller's announced absence running at ``at`` (not cancelled before ``at``)."""
    query = (
        select(Absence)
        .filter_by(seller_id=seller_id)
        .where(Absence.starts_at <= at, Absence.ends_at > at)
        .where((Absence.cancelled_at.is_(None)) | (Absence.cancelled_at > at))
        .limit(1)
    )
    return session.scalars(query, execution_options=FRESH).one_or_none()


def open_threads(session: Session, seller_id: str) -> list[Thread]:
    """The seller's threads that are neither taken over nor closed, those awaiting the seller
    first, by due instant (R3.2 Discussions; R4.3 the threads that may need cover)."""
    query = (
        select(Thread)
        .filter_by(seller_id=seller_id)
        .where(Thread.state.in_([ThreadState.AWAITING_SELLER, ThreadState.AWAITING_BUYER]))
        .order_by(
            Thread.state != ThreadState.AWAITING_SELLER, Thread.reply_due_at.asc().nulls_last(), Thread.created_at
        )
    )
    return list(session.scalars(query, execution_options=FRESH))


def _absence(session: Session, seller_id: str, first_day: date) -> Absence:
    query = select(Absence).filter_by(seller_id=seller_id, first_day=first_day)
    return session.scalars(query, execution_options=FRESH).one()
