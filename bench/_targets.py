"""A benchmark's target as its JSON report states it (``bench/headline.py`` reads them all)."""

from __future__ import annotations

from typing import Any


def at_least(value: float, floor: float, what: str = "") -> dict[str, Any]:
    return {"target": f">= {floor:g}{f' ({what})' if what else ''}", "value": value, "met": value >= floor}


def at_most(value: float, ceiling: float, what: str = "") -> dict[str, Any]:
    return {"target": f"<= {ceiling:g}{f' ({what})' if what else ''}", "value": value, "met": value <= ceiling}
