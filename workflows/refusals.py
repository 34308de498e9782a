"""How a workflow refuses an update: one ``ApplicationError`` shape for every refusal.

The message starts ``"<kind> (<rule>): "`` and ``type`` is the kind, so the client, the CLI and
the HTTP API can report the reason and the rule without knowing which workflow refused.
Non-retryable: asking again cannot change a rule.
"""

from __future__ import annotations

from typing import Any

from temporalio.exceptions import ApplicationError


def refusal(kind: str, rule: str, message: str, *details: Any) -> ApplicationError:
    return ApplicationError(f"{kind} ({rule}): {message}", *details, type=kind, non_retryable=True)
