"""The read audit (issue 19): one row per read of personal data through the API, never the data.

Unlike the facts of the other modules a read is not keyed: the same read twice is two reads, so
each call appends a row. Who reads is a role and a token id (a configured name or a hash prefix),
what is ids, counts and the filter used; ``starter/api/audit.py`` decides what goes in.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.models import DataAccess, utcnow

SUBJECT_MAX = 255  # the column's width: a long filter is cut, never refused (the read happened)
CLIENT_MAX = 64


def record_access(
    session: Session,
    *,
    role: str,
    token_id: str,
    action: str,
    thread_id: str | None = None,
    seller_id: str | None = None,
    subject: str | None = None,
    items: int = 0,
    client: str | None = None,
    at: datetime | None = None,
) -> DataAccess:
    """Append one read. ``subject`` and ``client`` are cut to their columns: the read has already
    happened by the time it is recorded, so a value too long must not lose the row."""
    row = DataAccess(
        at=at or utcnow(),
        role=role,
        token_id=token_id,
        action=action,
        thread_id=thread_id,
        seller_id=seller_id,
        subject=subject[:SUBJECT_MAX] if subject is not None else None,
        items=items,
        client=client[:CLIENT_MAX] if client is not None else None,
    )
    session.add(row)
    session.flush()  # the id, for the log line that goes with the row
    return row


def access_log(
    session: Session,
    *,
    thread_id: str | None = None,
    token_id: str | None = None,
    since: datetime | None = None,
    limit: int = 100,
) -> list[DataAccess]:
    """Reads newest first (``since``: at or after it); ties in time by the order they were written."""
    query = select(DataAccess)
    if thread_id is not None:
        query = query.where(DataAccess.thread_id == thread_id)
    if token_id is not None:
        query = query.where(DataAccess.token_id == token_id)
    if since is not None:
        query = query.where(DataAccess.at >= since)
    return list(session.scalars(query.order_by(DataAccess.at.desc(), DataAccess.id.desc()).limit(limit)))
