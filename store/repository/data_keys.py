"""The data keys' table (``privacy/data_keys.py``): kept wrapped, destroyed by erasure, re-wrapped on rotation.

``DataKeyStore`` is the ``DataKeyTable`` the codec's ``DataKeys`` reads and writes, each call its own
short transaction (the codec calls it off the event loop on a cache miss). ``destroy_keys`` and
``keys_to_rewrap`` take the caller's session, like the rest of the repository.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Sequence
from datetime import datetime

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session, sessionmaker

from privacy.data_keys import StoredDataKey
from store.db import reading, transaction
from store.models import DataKey, utcnow
from store.repository._common import dialect_insert

LIVE = text("destroyed_at IS NULL")


def _stored(row: DataKey) -> StoredDataKey:
    return StoredDataKey(row.key_id, row.workflow_id, row.master_key_id, row.wrapped, row.destroyed_at)


class DataKeyStore:
    """The store's side of ``privacy.data_keys.DataKeyTable``, on sessions opened at first use."""

    def __init__(self, open_sessions: Callable[[], sessionmaker[Session]]) -> None:
        self._open = open_sessions
        self._opened: sessionmaker[Session] | None = None
        self._lock = threading.Lock()

    @property
    def _sessions(self) -> sessionmaker[Session]:
        if self._opened is None:
            with self._lock:
                if self._opened is None:
                    self._opened = self._open()
        return self._opened

    def live_key(self, workflow_id: str) -> StoredDataKey | None:
        with reading(self._sessions) as session:
            row = session.scalars(
                select(DataKey).where(DataKey.workflow_id == workflow_id, DataKey.destroyed_at.is_(None))
            ).one_or_none()
            return None if row is None else _stored(row)

    def add_key(self, key: StoredDataKey) -> StoredDataKey:
        """INSERT … ON CONFLICT DO NOTHING on the live-key index: two processes making a key for the
        same workflow at once end with one, the loser reads the winner's."""
        with transaction(self._sessions) as session:
            inserted = session.scalar(
                dialect_insert(session, DataKey)
                .values(
                    key_id=key.key_id,
                    workflow_id=key.workflow_id,
                    master_key_id=key.master_key_id,
                    wrapped=key.wrapped,
                    created_at=utcnow(),
                )
                .on_conflict_do_nothing(index_elements=["workflow_id"], index_where=LIVE)
                .returning(DataKey.key_id)
            )
            if inserted is not None:
                return key
            row = session.scalars(
                select(DataKey).where(DataKey.workflow_id == key.workflow_id, DataKey.destroyed_at.is_(None))
            ).one()
            return _stored(row)

    def key(self, key_id: str) -> StoredDataKey | None:
        with reading(self._sessions) as session:
            row = session.get(DataKey, key_id)
            return None if row is None else _stored(row)

    def destroy(self, workflow_ids: Collection[str], now: datetime) -> list[str]:
        with transaction(self._sessions) as session:
            return destroy_keys(session, workflow_ids, now)


def destroy_keys(session: Session, workflow_ids: Collection[str], now: datetime) -> list[str]:
    """Destroy the live keys of ``workflow_ids``: the wrapped bytes go, the row stays as the record.
    Returns the ids of the keys destroyed by this call (none the second time)."""
    if not workflow_ids:
        return []
    destroyed = session.scalars(
        update(DataKey)
        .where(DataKey.workflow_id.in_(list(workflow_ids)), DataKey.destroyed_at.is_(None))
        .values(wrapped=None, destroyed_at=now)
        .returning(DataKey.key_id)
    ).all()
    return list(destroyed)


def keys_to_rewrap(session: Session, current_master_id: str, limit: int) -> Sequence[DataKey]:
    """Live keys wrapped by another master key than the current one, oldest first, locked for update
    on PostgreSQL so two rewrap commands do not rewrap the same key twice over."""
    query = (
        select(DataKey)
        .where(DataKey.destroyed_at.is_(None), DataKey.master_key_id != current_master_id)
        .order_by(DataKey.created_at, DataKey.key_id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return session.scalars(query).all()


def count_keys(session: Session) -> dict[str, int]:
    """Live keys per master key id, and how many were destroyed: what `helpdesk keys status` shows."""
    counts: dict[str, int] = {}
    for master, destroyed in session.execute(select(DataKey.master_key_id, DataKey.destroyed_at)):
        name = "destroyed" if destroyed is not None else f"wrapped by {master}"
        counts[name] = counts.get(name, 0) + 1
    return counts
