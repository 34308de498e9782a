"""Deterministic orchestration, one file per workflow (DESIGN.md "Workflows").

``ALL_WORKFLOWS`` is what the worker registers. Nothing in this package does I/O or reads the
clock other than through ``workflow.now()``.

The sandbox re-imports a workflow's module, this package's ``__init__`` first, for every
workflow run it starts: so this file imports nothing, and ``ALL_WORKFLOWS`` is resolved on first
use outside the sandbox (PEP 562). Importing all five workflows here made every BuyerThread run
execute the other four modules too.
"""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    if name == "ALL_WORKFLOWS":
        from workflows.absence import SellerAbsence
        from workflows.appeal import Appeal
        from workflows.buyer_thread import BuyerThread
        from workflows.recharge import Recharge
        from workflows.retention import RetentionSweep
        from workflows.returns import Return
        from workflows.takeover import Takeover

        workflows: list[type] = [BuyerThread, Takeover, Return, Recharge, SellerAbsence, RetentionSweep, Appeal]
        globals()[name] = workflows  # resolved once: later look-ups find it without this hook
        return workflows
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
