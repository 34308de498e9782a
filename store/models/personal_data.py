"""The personal-data lifecycle (issue 19): data keys, buyer erasures and the access log."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    Index,
    Integer,
    LargeBinary,
    String,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from store.coltypes import JSONDocument
from store.models.base import ID, KEY, POSITION, Base, _enum, utcnow


class DataKey(Base):
    """A data key that encrypts one workflow's payloads (issue 19), wrapped by a master key.

    Erasing a buyer destroys the keys of their threads' workflows (``wrapped`` is cleared, the
    row stays as the record that it was destroyed), so what Temporal keeps of those histories
    can no longer be decrypted while every other workflow still can. At most one live key per
    workflow id; a workflow id used again after its key was destroyed gets a new one.
    """

    __tablename__ = "data_keys"
    __table_args__ = (
        Index(
            "uq_data_keys_live_workflow_id",
            "workflow_id",
            unique=True,
            sqlite_where=text("destroyed_at IS NULL"),
            postgresql_where=text("destroyed_at IS NULL"),
        ),
    )

    key_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    """Opaque and random: payload metadata names it in plaintext."""
    workflow_id: Mapped[str] = mapped_column(KEY)
    master_key_id: Mapped[str | None] = mapped_column(String(64))
    """The master key that wraps it; ``helpdesk keys rewrap`` moves every key to the current one."""
    wrapped: Mapped[bytes | None] = mapped_column(LargeBinary)
    """Nonce + AES-GCM of the 32 key bytes under the master key; none once destroyed."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    destroyed_at: Mapped[datetime | None]


class ErasureState(StrEnum):
    DEFERRED = "deferred"
    """The buyer still has a thread that is not closed (or a case not ended): erased when it is."""
    ERASED = "erased"


class BuyerErasure(Base):
    """A request to erase one buyer's personal data, and what was done (the record of accountability).

    Keeps the buyer's pseudonymous id (the backend's), who asked and when, never a text.
    """

    __tablename__ = "buyer_erasures"

    buyer_id: Mapped[str] = mapped_column(ID, primary_key=True)
    state: Mapped[ErasureState] = mapped_column(_enum(ErasureState, "state"))
    requested_at: Mapped[datetime]
    requested_by: Mapped[str] = mapped_column(String(128))
    erased_at: Mapped[datetime | None]
    threads: Mapped[int] = mapped_column(Integer, default=0)
    keys_destroyed: Mapped[int] = mapped_column(Integer, default=0)
    waiting_for: Mapped[list[Any] | None] = mapped_column(JSONDocument)
    """Deferred: the thread ids still open when it was last tried."""


class DataAccess(Base):
    """One read of personal data through the API (issue 19): who (role, token id), what, when; never the data."""

    __tablename__ = "data_access_log"
    __table_args__ = (Index(None, "at"), Index(None, "thread_id", "at"))

    id: Mapped[int] = mapped_column(POSITION, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    role: Mapped[str] = mapped_column(String(16))
    token_id: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    """What was read: ``thread.read``, ``events.read``, ``codec.decode`` …"""
    thread_id: Mapped[str | None] = mapped_column(ID)
    seller_id: Mapped[str | None] = mapped_column(ID)
    subject: Mapped[str | None] = mapped_column(String(255))
    """Whatever else names what was read (a feed's filter, a workflow id), never personal data."""
    items: Mapped[int] = mapped_column(Integer, default=0)
    client: Mapped[str | None] = mapped_column(String(64))
