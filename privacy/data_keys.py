"""Data keys: one per workflow, wrapped by the master keys (envelope encryption), destroyable.

The master keys (``privacy/keys.py``) never encrypt a workflow's payloads directly any more: each
workflow id gets a random AES-256 data key the first time something is encrypted for it, stored
in the helpdesk's own database wrapped (AES-GCM) by the current master key. Erasing a buyer
destroys the data keys of their threads' workflows (the thread, its takeover cases, returns and
recharges): what Temporal keeps of those histories becomes ciphertext no key opens, while every
other workflow still decodes. Rotating the master key re-wraps the data keys; the payloads in
Temporal never change.

Stdlib, ``cryptography`` and ``errors`` only: the table that keeps the keys is reached through
``DataKeyTable``, which the store implements (``store/repository/data_keys.py``) and
``connection`` wires in, so this room stays below the store.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from errors import InvalidInput
from privacy.keys import KEY_BYTES, KEY_FILE_VARIABLE, KEYS_VARIABLE, KeyRing

NONCE_BYTES = 12
DATA_KEY_ID_PREFIX = "dk_"
DEFAULT_CACHE_SECONDS = 60.0
MAX_CACHED = 4096
"""Cached keys before the stale ones are dropped: a worker's sticky cache holds fewer workflows."""


class DataKeyUnavailable(InvalidInput):
    """A data key that cannot be used: unknown, destroyed, or wrapped by a master key not configured."""


class DataKeyDestroyed(DataKeyUnavailable):
    """The key was destroyed (its buyer was erased): the payloads it encrypted are gone for good."""

    def __init__(self, key_id: str, destroyed_at: datetime | None) -> None:
        when = f" on {destroyed_at:%Y-%m-%d %H:%M} UTC" if destroyed_at else ""
        super().__init__(f"data key {key_id!r} was destroyed{when}: the personal data it encrypted was erased")
        self.key_id = key_id
        self.destroyed_at = destroyed_at


@dataclass(frozen=True)
class StoredDataKey:
    """A data key as the table keeps it: wrapped, never the key itself; ``wrapped`` None once destroyed."""

    key_id: str
    workflow_id: str
    master_key_id: str | None
    wrapped: bytes | None
    destroyed_at: datetime | None = None


class DataKeyTable(Protocol):
    """Where the wrapped data keys live (the store). Synchronous: called off the event loop."""

    def live_key(self, workflow_id: str) -> StoredDataKey | None:
        """The workflow's key that is not destroyed, if there is one."""

    def add_key(self, key: StoredDataKey) -> StoredDataKey:
        """Keep ``key`` unless the workflow already has a live key (another process won the race);
        return the workflow's live key either way."""

    def key(self, key_id: str) -> StoredDataKey | None:
        """The key by its id, destroyed or not."""

    def destroy(self, workflow_ids: Collection[str], now: datetime) -> list[str]:
        """Destroy the live keys of these workflows; the ids of the keys this call destroyed."""


def new_data_key_id() -> str:
    """Random and opaque: payload metadata names it in plaintext, so it must say nothing."""
    return DATA_KEY_ID_PREFIX + secrets.token_hex(16)


def _wrap_aad(key_id: str) -> bytes:
    return b"helpdesk-data-key:" + key_id.encode()


def wrap(keyring: KeyRing, key_id: str, raw: bytes) -> tuple[str, bytes]:
    """``raw`` sealed by the current master key, bound to ``key_id`` (a wrapped key copied onto
    another id fails authentication)."""
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(keyring.current_key).encrypt(nonce, raw, _wrap_aad(key_id))
    return keyring.current_id, nonce + sealed


def unwrap(keyring: KeyRing, stored: StoredDataKey) -> bytes:
    if stored.wrapped is None:
        raise DataKeyDestroyed(stored.key_id, stored.destroyed_at)
    master = keyring.keys.get(stored.master_key_id or "")
    if master is None:
        raise DataKeyUnavailable(
            f"data key {stored.key_id!r} is wrapped by master key {stored.master_key_id!r}, which is not "
            f"configured: add it to {KEYS_VARIABLE} (or the {KEY_FILE_VARIABLE} file) beside the current one, "
            f"or run `helpdesk keys rewrap` with it configured before dropping it"
        )
    nonce, sealed = stored.wrapped[:NONCE_BYTES], stored.wrapped[NONCE_BYTES:]
    try:
        raw = AESGCM(master).decrypt(nonce, sealed, _wrap_aad(stored.key_id))
    except InvalidTag:
        raise DataKeyUnavailable(
            f"data key {stored.key_id!r} failed authentication under master key {stored.master_key_id!r}"
        ) from None
    if len(raw) != KEY_BYTES:
        raise DataKeyUnavailable(f"data key {stored.key_id!r} unwraps to {len(raw)} bytes, not {KEY_BYTES}")
    return raw


@dataclass(frozen=True)
class _Cached:
    key_id: str
    workflow_id: str
    cipher: AESGCM
    until: float


class DataKeys:
    """The data keys of one process: created on first need, unwrapped once, cached briefly.

    The cache holds a key for ``cache_seconds`` at most, so a key destroyed by another process
    (an erasure through the API while a worker runs) stops being usable everywhere within that
    time; the process that destroys keys forgets them at once (``forget``).
    """

    def __init__(
        self,
        table: DataKeyTable,
        keyring: KeyRing,
        cache_seconds: float = DEFAULT_CACHE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._table = table
        self._keyring = keyring
        self._cache_seconds = cache_seconds
        self._clock = clock
        self._by_workflow: dict[str, _Cached] = {}
        self._by_id: dict[str, _Cached] = {}

    def cached_for_workflow(self, workflow_id: str) -> tuple[str, AESGCM] | None:
        """``for_workflow`` without waiting, when the key is in the cache (nearly always)."""
        cached = self._by_workflow.get(workflow_id)
        if cached is not None and cached.until > self._clock():
            return cached.key_id, cached.cipher
        return None

    def cached_by_id(self, key_id: str) -> AESGCM | None:
        """``by_id`` without waiting, when the key is in the cache."""
        cached = self._by_id.get(key_id)
        return cached.cipher if cached is not None and cached.until > self._clock() else None

    async def for_workflow(self, workflow_id: str) -> tuple[str, AESGCM]:
        """The key that encrypts ``workflow_id``'s payloads (created if it has none yet)."""
        hit = self.cached_for_workflow(workflow_id)
        if hit is not None:
            return hit
        stored = await asyncio.to_thread(self._live_or_new, workflow_id)
        entry = self._remember(stored)
        self._by_workflow[workflow_id] = entry
        return entry.key_id, entry.cipher

    async def by_id(self, key_id: str) -> AESGCM:
        """The key a payload names; ``DataKeyDestroyed`` once its buyer was erased."""
        cipher = self.cached_by_id(key_id)
        if cipher is not None:
            return cipher
        stored = await asyncio.to_thread(self._table.key, key_id)
        if stored is None:
            raise DataKeyUnavailable(
                f"data key {key_id!r} is not in this deployment's store (HELPDESK_DATABASE_URL): "
                f"another deployment's payload, or a store restored from before the key was made"
            )
        return self._remember(stored).cipher

    async def destroy(self, workflow_ids: Collection[str], now: datetime) -> list[str]:
        """Destroy these workflows' keys (an erasure) and forget them here at once; other processes
        stop using them within ``cache_seconds``. Idempotent: the second time destroys nothing."""
        destroyed = await asyncio.to_thread(self._table.destroy, workflow_ids, now)
        self.forget(set(destroyed))
        self._by_workflow = {w: entry for w, entry in self._by_workflow.items() if w not in workflow_ids}
        return destroyed

    def forget(self, key_ids: set[str] | None = None) -> None:
        """Drop cached keys (all of them by default): called right after keys are destroyed."""
        if key_ids is None:
            self._by_id.clear()
            self._by_workflow.clear()
            return
        for key_id in key_ids:
            self._by_id.pop(key_id, None)
        for workflow_id in [w for w, entry in self._by_workflow.items() if entry.key_id in key_ids]:
            del self._by_workflow[workflow_id]

    def _live_or_new(self, workflow_id: str) -> StoredDataKey:
        stored = self._table.live_key(workflow_id)
        if stored is not None:
            return stored
        key_id = new_data_key_id()
        master_id, wrapped = wrap(self._keyring, key_id, secrets.token_bytes(KEY_BYTES))
        return self._table.add_key(StoredDataKey(key_id, workflow_id, master_id, wrapped))

    def workflow_of(self, key_id: str) -> str | None:
        """The workflow a key this process has unwrapped belongs to (the read audit names it)."""
        cached = self._by_id.get(key_id)
        return cached.workflow_id if cached is not None else None

    def _remember(self, stored: StoredDataKey) -> _Cached:
        now = self._clock()
        if len(self._by_id) >= MAX_CACHED:  # unwrapped keys leave memory once stale, not only when replaced
            self._by_id = {k: e for k, e in self._by_id.items() if e.until > now}
            self._by_workflow = {w: e for w, e in self._by_workflow.items() if e.until > now}
        entry = _Cached(
            stored.key_id, stored.workflow_id, AESGCM(unwrap(self._keyring, stored)), now + self._cache_seconds
        )
        self._by_id[stored.key_id] = entry
        return entry


def rewrapped(keyring: KeyRing, key_id: str, master_key_id: str | None, wrapped: bytes | None) -> tuple[str, bytes]:
    """A data key's wrapping moved to the current master key (``helpdesk keys rewrap``)."""
    raw = unwrap(keyring, StoredDataKey(key_id, "", master_key_id, wrapped))
    return wrap(keyring, key_id, raw)
