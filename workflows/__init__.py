"""Deterministic orchestration, one file per workflow (DESIGN.md "Workflows").

``ALL_WORKFLOWS`` is what the worker registers; each workflow issue adds its class here.
Nothing in this package does I/O or reads the clock other than through ``workflow.now()``.
"""

from __future__ import annotations

ALL_WORKFLOWS: list[type] = []
