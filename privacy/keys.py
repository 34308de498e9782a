"""The payload keys: parsed from settings, or kept in a key file created on first use.

Stdlib only and free of project imports, so ``config`` can check configured keys with
the same function the codec uses (a key refused at start is never met at first decrypt).

Keys rotate by id: every payload names the id of the key it was encrypted with, the current key
encrypts, any configured key decrypts. So a new key is added as current and the old one stays
until no history within retention still needs it.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import os
import re
import secrets
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType

from errors import InvalidInput

KEY_BYTES = 32  # AES-256
KEY_ID_PATTERN = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
KEYS_VARIABLE = "HELPDESK_PAYLOAD_KEYS"
KEY_ID_VARIABLE = "HELPDESK_PAYLOAD_KEY_ID"
KEY_FILE_VARIABLE = "HELPDESK_PAYLOAD_KEY_FILE"


class KeyConfigInvalid(InvalidInput):
    """Keys that cannot be used; one line naming the variable or file, never a key's bytes."""


def check_key_id(key_id: str) -> str:
    """A key id travels in every payload's metadata in plaintext: short and printable."""
    if not KEY_ID_PATTERN.match(key_id):
        raise KeyConfigInvalid(f"key id {key_id[:70]!r} must be 1-64 letters, digits, '.', '_' or '-'")
    return key_id


def decode_key(key_id: str, text: str) -> bytes:
    """The 32 bytes of a base64 key; the error names the key's id, never its value."""
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise KeyConfigInvalid(f"key {key_id!r} is not base64") from None
    if len(raw) != KEY_BYTES:
        raise KeyConfigInvalid(f"key {key_id!r} is {len(raw)} bytes, AES-256 needs {KEY_BYTES}")
    return raw


def current_key_id(key_ids: Collection[str], current_id: str | None, keys_name: str) -> str:
    """The id that encrypts. With one key it may be left out; with more it may not, since
    guessing would be a silent choice about every new payload."""
    listed = ", ".join(sorted(key_ids))
    if current_id is None:
        if len(key_ids) != 1:
            raise KeyConfigInvalid(f"required when {keys_name} holds more than one key ({listed})")
        return next(iter(key_ids))
    if current_id not in key_ids:
        raise KeyConfigInvalid(f"{current_id!r} is not one of the keys in {keys_name} ({listed})")
    return current_id


@dataclass(frozen=True)
class KeyRing:
    """The current key (encrypts) and every configured key by id (decrypt). Never printed."""

    current_id: str
    keys: Mapping[str, bytes] = field(repr=False)

    def __post_init__(self) -> None:
        if self.current_id not in self.keys:
            raise KeyConfigInvalid(f"current key id {self.current_id!r} is not among the keys")
        object.__setattr__(self, "keys", MappingProxyType(dict(self.keys)))

    @property
    def current_key(self) -> bytes:
        return self.keys[self.current_id]


def keyring_from_texts(keys: Mapping[str, str], current_id: str | None, keys_name: str = KEYS_VARIABLE) -> KeyRing:
    """Keys as configured (id -> base64); errors are one line starting with ``keys_name``."""
    try:
        decoded = {check_key_id(key_id): decode_key(key_id, text) for key_id, text in keys.items()}
        if not decoded:
            raise KeyConfigInvalid("no keys")
        return KeyRing(current_key_id(decoded, current_id, keys_name), decoded)
    except KeyConfigInvalid as error:
        raise KeyConfigInvalid(f"{keys_name}: {error}") from None


# -- the key file -----------------------------------------------------------------------------------


def new_key_file_content() -> dict[str, object]:
    """A fresh random key under a dated id, e.g. ``20261224-3fa9c1``."""
    key_id = f"{datetime.now(UTC):%Y%m%d}-{secrets.token_hex(3)}"
    return {"current": key_id, "keys": {key_id: base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode()}}


def read_key_file(path: Path) -> KeyRing:
    """``{"current": "<id>", "keys": {"<id>": "<base64>"}}``: rotate by adding a key and moving ``current``."""
    where = f"{KEY_FILE_VARIABLE} ({path})"
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise KeyConfigInvalid(f"{where}: cannot read it: {error.strerror}") from None
    except ValueError:
        raise KeyConfigInvalid(f"{where}: not valid JSON") from None
    if (
        not isinstance(content, dict)
        or not isinstance(content.get("keys"), dict)
        or not isinstance(content.get("current"), str)
    ):
        raise KeyConfigInvalid(
            f'{where}: expected {{"current": "<key id>", "keys": {{"<key id>": "<base64 of 32 bytes>"}}}}'
        )
    if not all(isinstance(text, str) for text in content["keys"].values()):
        raise KeyConfigInvalid(f"{where}: every key must be a base64 string")
    return keyring_from_texts(content["keys"], content["current"], where)


def read_or_create_key_file(path: Path) -> KeyRing:
    """The key file's keys, creating it with a fresh key (mode 0600) if it does not exist.

    Two processes starting together (``make run``'s worker and API) must end with one key. The
    file is written completely under a private temporary name and then published with
    ``os.link``, which, like ``open(O_CREAT | O_EXCL)``, fails if the name exists: exactly one
    process wins, and the loser reads the winner's file. Linking instead of writing into the
    O_EXCL-created name means no process can ever read a half-written file.
    """
    if path.exists():
        return read_key_file(path)
    where = f"{KEY_FILE_VARIABLE} ({path})"
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        staging = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        descriptor = os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                json.dump(new_key_file_content(), handle, indent=2)
                handle.write("\n")
                handle.flush()
                os.fsync(handle.fileno())
            with contextlib.suppress(FileExistsError):  # lost the race: read the winner's key
                os.link(staging, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(staging)
    except OSError as error:
        raise KeyConfigInvalid(f"{where}: cannot create it: {error.strerror}") from None
    return read_key_file(path)
