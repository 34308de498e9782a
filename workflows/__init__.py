"""Deterministic orchestration, one file per workflow (DESIGN.md "Workflows").

``ALL_WORKFLOWS`` is what the worker registers. Nothing in this package does I/O or reads the
clock other than through ``workflow.now()``.
"""

from __future__ import annotations

from workflows.absence import SellerAbsence
from workflows.buyer_thread import BuyerThread
from workflows.recharge import Recharge
from workflows.returns import Return
from workflows.takeover import Takeover

ALL_WORKFLOWS: list[type] = [BuyerThread, Takeover, Return, Recharge, SellerAbsence]
