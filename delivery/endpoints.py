"""Webhook endpoints and the retry policy, as the settings give them (``HELPDESK_WEBHOOKS``)."""

from __future__ import annotations

import base64
import random
from datetime import timedelta

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, SecretStr, field_validator

from events.schema import EVENT_TYPES

SECRET_PREFIX = "whsec_"


class WebhookEndpoint(BaseModel):
    """One receiver: where to POST, the secrets to sign with, and which event types it takes."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(
        pattern=r"^[A-Za-z0-9_.-]{1,64}$", description="how metrics, logs and the dead-letter list name it"
    )
    url: HttpUrl
    secrets: tuple[SecretStr, ...] = Field(
        min_length=1,
        description="Standard Webhooks secrets (whsec_<base64>); the first signs, all sign while you rotate",
    )
    types: tuple[str, ...] | None = Field(default=None, description="the event types it takes; none: all")
    from_start: bool = Field(
        default=True,
        description=(
            "a new endpoint first gets every event already written (so none written while the relay was starting is "
            "missed); false: only those written from the moment the relay first sees it"
        ),
    )

    @field_validator("secrets")
    @classmethod
    def _secrets(cls, value: tuple[SecretStr, ...]) -> tuple[SecretStr, ...]:
        for secret in value:
            text = secret.get_secret_value()
            raw = text.removeprefix(SECRET_PREFIX).rstrip("=")
            try:
                key = base64.b64decode(raw + "=" * (-len(raw) % 4), validate=True)
            except ValueError:
                raise ValueError(
                    "a secret is whsec_ followed by base64 (`helpdesk webhook-secret` makes one)"
                ) from None
            if len(key) < 24:
                raise ValueError("a secret needs at least 24 random bytes (Standard Webhooks)")
        return value

    @field_validator("types")
    @classmethod
    def _known_types(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        for name in value or ():
            if name not in EVENT_TYPES:
                raise ValueError(f"unknown event type {name!r}; known: {', '.join(sorted(EVENT_TYPES))}")
        return value

    @property
    def type_filter(self) -> frozenset[str] | None:
        return frozenset(self.types) if self.types is not None else None


class RetryPolicy(BaseModel):
    """Exponential backoff with jitter, for at least ``horizon`` after the first failure."""

    model_config = ConfigDict(frozen=True)

    initial: timedelta = timedelta(seconds=5)
    maximum: timedelta = timedelta(hours=1)
    horizon: timedelta = timedelta(days=3)
    timeout: timedelta = timedelta(seconds=10)

    def delay(self, attempts: int) -> timedelta:
        """The wait after the ``attempts``-th failed attempt: initial·2^(n-1), capped, ±20 % jitter
        so that many deliveries failing together do not all come back in the same second."""
        exponent = min(max(attempts - 1, 0), 32)
        base = min(self.initial.total_seconds() * 2**exponent, self.maximum.total_seconds())
        return timedelta(seconds=base * random.uniform(0.8, 1.2))


def new_secret() -> str:
    """A fresh Standard Webhooks secret (32 random bytes)."""
    import secrets

    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()
