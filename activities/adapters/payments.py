"""Refunds to the buyer (R5.5): the payments protocol and the local provider."""

from __future__ import annotations

import hashlib
from typing import Protocol

from contract.cases import RefundRequest


class Payments(Protocol):
    """A payments provider. ``key`` is the idempotency key: the same key never refunds twice."""

    name: str

    def refund(self, request: RefundRequest, key: str) -> str:
        """Refund the buyer; returns the provider's refund id."""
        ...


class LocalPayments:
    """No provider is reachable here: the refund id derives from the key, and the activity records
    the refund in the store like any provider's."""

    name = "local"

    def refund(self, request: RefundRequest, key: str) -> str:
        return f"RF-{hashlib.sha256(key.encode()).hexdigest()[:16]}"
