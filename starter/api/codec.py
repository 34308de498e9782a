"""The remote codec endpoint: the Temporal Web UI shows decrypted payloads through it.

Temporal's remote codec protocol (``POST <endpoint>/decode`` and ``/encode``, a ``Payloads``
message as protobuf JSON, base64 bytes, ``X-Namespace`` header) over the same codec the worker
uses (``connection.data_converter``), so what the UI decrypts is exactly what the workers wrote.

Who may call it (``HELPDESK_CODEC_AUTH``): ``ops`` needs a bearer token with the ops role;
``loopback`` (the default, what ``make run`` relies on) admits requests from 127.0.0.1 / ::1
without a token, since the UI in a browser cannot send our bearer tokens, and anything else with
an ops token. A browser request from an origin that is not in ``HELPDESK_CODEC_CORS_ORIGINS``
is refused whatever its address: a page on another site must not use a developer's loopback
access to encrypt or decrypt.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import json
from typing import Annotated

from fastapi import APIRouter, Depends, Header, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import BaseModel, Field
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send
from temporalio.api.common.v1 import Payload

from config import Settings
from contract.threads import thread_workflow_id
from errors import InvalidInput
from privacy.codec import EncryptionCodec, PayloadErased, PayloadUndecryptable
from starter.api.audit import record_read
from starter.api.auth import Principal, Role, bearer, principal

PREFIX = "/codec"
# Module level: the routes' annotations are strings (``from __future__ import annotations``).
NamespaceHeader = Annotated[
    str | None, Header(description="the namespace the UI is showing (Temporal's codec protocol)")
]


class WirePayload(BaseModel):
    """One ``temporal.api.common.v1.Payload`` as protobuf JSON: bytes are base64."""

    metadata: dict[str, str] = Field(
        default_factory=dict, description="each value base64", examples=[{"encoding": "anNvbi9wbGFpbg=="}]
    )
    data: str = Field(default="", description="base64", examples=["IlNhbHV0ICEi"])


class WirePayloads(BaseModel):
    """``temporal.api.common.v1.Payloads`` as protobuf JSON."""

    payloads: list[WirePayload] = Field(default_factory=list)


class CodecInputError(InvalidInput):
    """A payload the codec cannot take: 422 naming the field (see ``errors.install``)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.rule = field, None


def _bytes(text: str, field: str) -> bytes:
    """Protobuf JSON writes standard base64 with padding; URL-safe and unpadded are accepted too."""
    normalised = text.strip().replace("-", "+").replace("_", "/")
    try:
        return base64.b64decode(normalised + "=" * (-len(normalised) % 4), validate=True)
    except (binascii.Error, ValueError):
        raise CodecInputError(field, f"{field} is not base64") from None


def _text(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def from_wire(wire: WirePayloads) -> list[Payload]:
    return [
        Payload(
            metadata={key: _bytes(value, f"payloads.{index}.metadata.{key}") for key, value in item.metadata.items()},
            data=_bytes(item.data, f"payloads.{index}.data"),
        )
        for index, item in enumerate(wire.payloads)
    ]


def to_wire(payloads: list[Payload]) -> WirePayloads:
    return WirePayloads(
        payloads=[
            WirePayload(
                metadata={key: _text(value) for key, value in payload.metadata.items()}, data=_text(payload.data)
            )
            for payload in payloads
        ]
    )


THREAD_PREFIX = thread_workflow_id("")


def erased_placeholder(error: PayloadErased) -> Payload:
    """What the UI shows in place of an erased payload: a JSON string, never the ciphertext."""
    when = f" on {error.destroyed_at:%Y-%m-%d}" if error.destroyed_at else ""
    text = f"[erased{when}: personal data of an erased buyer, data key {error.key_id}]"
    return Payload(metadata={"encoding": b"json/plain"}, data=json.dumps(text).encode())


def is_loopback(host: str | None) -> bool:
    """127.0.0.0/8 and ::1, also as an IPv4-mapped address (a dual-stack socket's view of 127.0.0.1)."""
    if host is None:
        return False
    try:
        address = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False  # e.g. "testclient", or a unix socket: not provably local
    mapped = getattr(address, "ipv4_mapped", None)
    return address.is_loopback or (mapped is not None and mapped.is_loopback)


class CodecCORS(CORSMiddleware):
    """CORS for the codec endpoint only: the UI's origin may call ``/codec/*`` from a browser,
    and nothing else of the API gains a cross-origin opening."""

    def __init__(self, app: ASGIApp, origins: tuple[str, ...]) -> None:
        super().__init__(
            app,
            allow_origins=list(origins),
            allow_methods=["POST"],
            allow_headers=["Content-Type", "X-Namespace", "Authorization"],
            allow_credentials=True,  # the UI may send credentials (its includeCredentials option)
            max_age=600,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and (scope["path"] == PREFIX or scope["path"].startswith(PREFIX + "/")):
            await super().__call__(scope, receive, send)
        else:
            await self.app(scope, receive, send)


def codec_router(settings: Settings, codec: EncryptionCodec) -> APIRouter:
    """``/codec/decode`` and ``/codec/encode`` over ``codec``, guarded as ``HELPDESK_CODEC_AUTH`` says."""
    allowed_origins = set(settings.codec_cors_origins)

    async def caller(
        request: Request, credentials: HTTPAuthorizationCredentials | None = Depends(bearer)
    ) -> Principal | None:
        origin = request.headers.get("origin")
        if origin is not None and origin not in allowed_origins:
            raise HTTPException(403, f"origin {origin} may not call the codec endpoint (HELPDESK_CODEC_CORS_ORIGINS)")
        if (
            settings.codec_auth == "loopback"
            and credentials is None
            and is_loopback(request.client.host if request.client else None)
        ):
            return None
        who = await principal(request, credentials)
        if who.role != Role.OPS:
            raise HTTPException(403, f"the {who.role} role may not use the codec endpoint: it needs ops")
        return who

    router = APIRouter(prefix=PREFIX, tags=["codec"])

    @router.post("/decode", response_model=WirePayloads)
    async def decode(
        request: Request,
        body: WirePayloads,
        x_namespace: NamespaceHeader = None,
        who: Principal | None = Depends(caller),
    ) -> WirePayloads:
        """Decrypt payloads for the Temporal UI or CLI; payloads that are not encrypted come back as they are.

        A payload whose data key an erasure destroyed comes back as a JSON string saying so, so the
        rest of the history still shows (the UI sends a whole event's payloads in one request).
        Every call is recorded in the read audit (``codec.decode``, with the payload count).
        """
        payloads = from_wire(body)
        decoded = []
        for index, payload in enumerate(payloads):
            try:
                decoded.append(await codec.open(payload))
            except PayloadErased as error:
                decoded.append(erased_placeholder(error))
            except PayloadUndecryptable as error:
                raise CodecInputError(f"payloads.{index}", str(error)) from None
        workflows = sorted({w for w in map(codec.data_key_workflow, payloads) if w is not None})
        threads = [w.removeprefix(THREAD_PREFIX) for w in workflows if w.startswith(THREAD_PREFIX)]
        await record_read(
            request,
            who,
            "codec.decode",
            thread_id=threads[0] if len(threads) == 1 else None,
            subject=" ".join(filter(None, (x_namespace, ",".join(workflows))))[:255] or None,
            items=len(payloads),
        )
        return to_wire(decoded)

    @router.post("/encode", response_model=WirePayloads)
    async def encode(
        body: WirePayloads, x_namespace: NamespaceHeader = None, who: Principal | None = Depends(caller)
    ) -> WirePayloads:
        """Encrypt payloads with the current key (the UI encodes what ops type in, e.g. a signal's input)."""
        return to_wire([codec.encrypt(payload) for payload in from_wire(body)])

    return router
