"""Return labels (R5.5): the carrier protocol and the local carrier."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Protocol

from contract.cases import LabelRequest


class IssuedLabel(Protocol):
    label_id: str
    tracking_number: str


class Carrier(Protocol):
    """A carrier that sells prepaid labels. ``key`` is the idempotency key: the same key must
    return the same label, never a second one (activities are retried)."""

    name: str

    def issue_label(self, request: LabelRequest, key: str, at: datetime) -> tuple[str, str]:
        """Buy a prepaid label; returns (label id, tracking number)."""
        ...

    def void_label(self, label_id: str) -> None:
        """Cancel an unused label (the carrier refunds it)."""
        ...


class LocalCarrier:
    """No carrier is reachable here: label ids and tracking numbers derive from the key, and the
    activity records them in the store like any carrier's, so a retry yields the same label."""

    name = "local"

    def issue_label(self, request: LabelRequest, key: str, at: datetime) -> tuple[str, str]:
        digest = hashlib.sha256(key.encode()).hexdigest()
        return f"LBL-{digest[:16]}", f"LOCAL{int(digest[16:28], 16) % 10**12:012d}"

    def void_label(self, label_id: str) -> None:
        return None
