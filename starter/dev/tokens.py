"""Development tokens: a way into the HTTP API on a first ``make run``, without configuration.

When ``HELPDESK_API_TOKENS`` is not set, ``make run`` gives its API three tokens:

- backend;
- ops;
- a seller token scoped to ``DEMO_SELLER``.

They are kept in ``HELPDESK_DEV_TOKENS_FILE`` (``.helpdesk/dev-tokens.json``). The file is made
once, readable by its owner only (0600), and reused by every later start, so a token pasted
yesterday still works. ``helpdesk dev-token ROLE`` prints one token from it.

Configured tokens are never mixed with these. If ``HELPDESK_API_TOKENS`` is set, the file is
neither read nor made.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from errors import NotFound
from starter.api.auth import new_token, token_hash

DEMO_SELLER = "S-demo"
ROLES = ("backend", "ops", "seller")


class DevTokensMissing(NotFound):
    """No development token file, or no token for that role in it; the message says what to do."""


@dataclass(frozen=True)
class DevTokens:
    path: Path
    tokens: dict[str, dict[str, str]]  # role -> {"token": …, "role": …, ["seller_id": …]}

    def token(self, role: str) -> str:
        try:
            return self.tokens[role]["token"]
        except KeyError:
            raise DevTokensMissing(
                f"{self.path} has no {role!r} token (roles: {', '.join(sorted(self.tokens))})"
            ) from None

    def api_tokens(self) -> dict[str, dict[str, str]]:
        """The ``HELPDESK_API_TOKENS`` value that admits them: entries by hash, never a token."""
        return {
            token_hash(entry["token"]): {key: value for key, value in entry.items() if key != "token"}
            for entry in self.tokens.values()
        }


def _new_tokens() -> dict[str, dict[str, str]]:
    tokens: dict[str, dict[str, str]] = {}
    for role in ROLES:
        token, _ = new_token()
        tokens[role] = {"token": token, "role": role, **({"seller_id": DEMO_SELLER} if role == "seller" else {})}
    return tokens


def ensure_dev_tokens(path: Path) -> DevTokens:
    """The tokens in ``path``; made first (0600, created exclusively) if the file is not there."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return read_dev_tokens(path)
    with os.fdopen(descriptor, "w") as file:
        json.dump(_new_tokens(), file, indent=2)
    return read_dev_tokens(path)


def read_dev_tokens(path: Path) -> DevTokens:
    try:
        tokens = json.loads(path.read_text())
    except FileNotFoundError:
        raise DevTokensMissing(
            f"no development tokens at {path}: `make run` makes them when HELPDESK_API_TOKENS is not set"
        ) from None
    except json.JSONDecodeError as error:
        raise DevTokensMissing(f"{path} is not JSON ({error}); delete it and `make run` makes a new one") from None
    return DevTokens(path, tokens)
