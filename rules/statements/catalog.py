"""One language's words for the statements of reasons: the shape every language module fills."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Catalog:
    """One language's words: sentences (format strings), rules, codes, who raised, number style."""

    messages: Mapping[str, str]
    rules: Mapping[str, str]
    words: Mapping[str, str]  # violation kinds, finding kinds and takeover reasons, by code
    raised_by: Mapping[str, str]
    decimal: str
    group: str
    quotes: tuple[str, str]


NBSP = "\u00a0"
