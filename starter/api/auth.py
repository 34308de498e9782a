"""Bearer tokens with roles (issue 7): ``backend`` (everything a backend does), ``seller`` scoped
to one seller id, ``ops``. Tokens are configured by their SHA-256 (``HELPDESK_API_TOKENS``), so
the settings never hold a usable secret; ``helpdesk api-token`` prints a new token and its hash.

Each token has an id for the read audit (issue 19, ``starter/api/audit.py``): the entry's optional
``"name"`` (who holds it: ``"alice"``, ``"backend-eu"``), else the first 12 hex digits of its
SHA-256, which name the entry in the settings without being usable as a token.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from enum import StrEnum

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from errors import InvalidInput


class Role(StrEnum):
    BACKEND = "backend"
    SELLER = "seller"
    OPS = "ops"


NAME_MAX = 64  # the read audit's ``token_id`` column
LOOPBACK_TOKEN_ID = "-"
"""The token id of a caller without a token (the codec endpoint's loopback access) and of a
principal built in code without one."""


@dataclass(frozen=True)
class Principal:
    role: Role
    seller_id: str | None = None
    token_id: str = LOOPBACK_TOKEN_ID
    """Who holds the token, as the read audit records it: its configured name, else its hash's first 12 hex digits."""

    def may_see_seller(self, seller_id: str) -> bool:
        """A seller token sees its own seller only; backend and ops see every seller."""
        return self.role != Role.SELLER or self.seller_id == seller_id


class TokenConfigError(InvalidInput):
    """A configured token entry that cannot be used; the message names the entry."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def load_principals(config: dict[str, dict[str, str]]) -> dict[str, Principal]:
    principals = {}
    for digest, entry in config.items():
        try:
            role = Role(entry.get("role", ""))
        except ValueError:
            raise TokenConfigError(
                f"HELPDESK_API_TOKENS[{digest[:12]}…]: role must be backend, seller or ops, got {entry.get('role')!r}"
            ) from None
        if role == Role.SELLER and not entry.get("seller_id"):
            raise TokenConfigError(f"HELPDESK_API_TOKENS[{digest[:12]}…]: a seller token needs seller_id")
        principals[digest.lower()] = Principal(role, entry.get("seller_id"), _token_id(digest, entry))
    return principals


def _token_id(digest: str, entry: dict[str, str]) -> str:
    """The entry's ``name``, else its hash's prefix: the audit names who read, never with the token itself."""
    if "name" not in entry:
        return digest[:12].lower()
    name = entry["name"]
    if not is_token_name(name):
        raise TokenConfigError(
            f"HELPDESK_API_TOKENS[{digest[:12]}…]: name must be 1-{NAME_MAX} printable characters, got {name!r}"
        )
    return name


def is_token_name(name: object) -> bool:
    """1-64 printable characters: it goes into the audit's rows and log lines as it is."""
    return isinstance(name, str) and 1 <= len(name) <= NAME_MAX and name.isprintable()


bearer = HTTPBearer(auto_error=False, description="a token from HELPDESK_API_TOKENS")


async def principal(request: Request, credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> Principal:
    """Async on purpose: no I/O here, and a sync dependency would cost a thread-pool hop per request."""
    if credentials is None:
        raise HTTPException(401, "missing bearer token", headers={"WWW-Authenticate": "Bearer"})
    digest = token_hash(credentials.credentials)
    principals: dict[str, Principal] = request.app.state.principals
    for known, who in principals.items():
        if hmac.compare_digest(known, digest):
            return who
    raise HTTPException(401, "unknown bearer token", headers={"WWW-Authenticate": "Bearer"})


def require(*roles: Role):
    """A dependency admitting the given roles; others get 403 (a seller never learns more than 404 elsewhere)."""

    async def check(who: Principal = Depends(principal)) -> Principal:
        if who.role not in roles:
            raise HTTPException(403, f"the {who.role} role may not do this")
        return who

    return check
