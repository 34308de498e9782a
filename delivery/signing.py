"""Standard Webhooks headers for one delivery attempt, signed by the spec's own implementation.

``webhook-id`` is the event id (the same on every attempt, so a receiver drops duplicates),
``webhook-timestamp`` the attempt's second, ``webhook-signature`` one ``v1,<base64>`` HMAC-SHA256
per configured secret, space-separated, so a receiver can rotate its secret without a gap.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from standardwebhooks import Webhook

USER_AGENT = "swapiphone-helpdesk-webhooks/1"


def body_of(document: dict[str, Any], cursor: str) -> bytes:
    """The exact bytes sent: the event with its feed cursor, compact UTF-8 JSON."""
    return json.dumps({**document, "cursor": cursor}, separators=(",", ":"), ensure_ascii=False).encode()


def signed_headers(event_id: str, at: datetime, body: bytes, signers: Sequence[Webhook]) -> dict[str, str]:
    return {
        "webhook-id": event_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": " ".join(signer.sign(event_id, at, body) for signer in signers),
        "content-type": "application/json",
        "user-agent": USER_AGENT,
    }
