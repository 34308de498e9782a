"""The codec endpoint the Temporal UI decrypts through: Temporal's remote codec protocol over
HTTP, CORS for the UI's origin, and who may call it (loopback without a token, else ops).

In-process (httpx's ASGI transport, whose ``client`` sets the caller's address); no Temporal is
needed: the endpoint only holds the codec. The browser side is checked end to end in
tests/integration/test_ops_ui.py, which reads decrypted summaries in the UI through it.
"""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import httpx
import pytest
from temporalio.api.common.v1 import Payload
from temporalio.contrib.pydantic import pydantic_data_converter

from config import load_settings
from connection import data_converter
from privacy.codec import ENCODING, KEY_ID_METADATA, EncryptionCodec
from privacy.keys import KeyRing
from starter.api.app import create_app
from starter.api.auth import token_hash

UI = "http://localhost:8233"
TOKENS = {"ops": "tok-codec-ops", "backend": "tok-codec-backend"}
SECRET = "Bonjour, ici Ingrid Quernheim (ingrid.quernheim@example.org)."


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def wire(payload: Payload) -> dict:
    """A payload as protobuf JSON, as the UI sends it."""
    return {"metadata": {key: b64(value) for key, value in payload.metadata.items()}, "data": b64(payload.data)}


def unwire(item: dict) -> Payload:
    return Payload(
        metadata={k: base64.b64decode(v) for k, v in item["metadata"].items()}, data=base64.b64decode(item["data"])
    )


def bearer(who: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKENS[who]}"}


@pytest.fixture
def make_api(store_sessions) -> Callable[..., object]:
    @asynccontextmanager
    async def api(address: str = "127.0.0.1", **overrides) -> AsyncIterator[httpx.AsyncClient]:
        settings = load_settings(
            api_tokens={token_hash(TOKENS["ops"]): {"role": "ops"}, token_hash(TOKENS["backend"]): {"role": "backend"}},
            metrics_port=0,
            **overrides,
        )
        app = create_app(settings, store_sessions)
        transport = httpx.ASGITransport(app=app, client=(address, 50123))
        async with httpx.AsyncClient(transport=transport, base_url="http://localhost:8080") as client:
            yield client

    return api


def codec() -> EncryptionCodec:
    """The codec the API serves: the production converter's, with the test key."""
    found = data_converter(load_settings()).payload_codec
    assert isinstance(found, EncryptionCodec)
    return found


async def test_decode_and_encode_in_temporals_codec_protocol(make_api):
    plain = pydantic_data_converter.payload_converter.to_payload(SECRET)
    [encrypted] = await codec().encode([plain])
    async with make_api() as api:
        decoded = await api.post(
            "/codec/decode", json={"payloads": [wire(encrypted), wire(plain)]}, headers={"X-Namespace": "default"}
        )
        assert decoded.status_code == 200, decoded.text
        # Decrypted, and a payload that was never encrypted comes back as it was.
        assert [unwire(item) for item in decoded.json()["payloads"]] == [plain, plain]

        encoded = await api.post("/codec/encode", json={"payloads": [wire(plain)]}, headers={"X-Namespace": "default"})
        assert encoded.status_code == 200, encoded.text
        [sealed] = [unwire(item) for item in encoded.json()["payloads"]]
        assert sealed.metadata["encoding"] == ENCODING and SECRET.encode() not in sealed.data
        assert await codec().decode([sealed]) == [plain]

        assert (await api.post("/codec/decode", json={"payloads": []})).json() == {"payloads": []}
        schema = (await api.get("/openapi.json")).json()
        assert {"/codec/decode", "/codec/encode"} <= set(schema["paths"])


async def test_what_cannot_be_decoded_is_a_422_naming_the_field_and_the_setting(make_api):
    other = EncryptionCodec(KeyRing("retired-1", {"retired-1": b"r" * 32}))
    [foreign] = await other.encode([pydantic_data_converter.payload_converter.to_payload(SECRET)])
    async with make_api() as api:
        unknown = await api.post("/codec/decode", json={"payloads": [wire(foreign)]})
        assert unknown.status_code == 422
        [problem] = unknown.json()["detail"]
        assert (
            problem["field"] == "payloads.0"
            and "'retired-1'" in problem["message"]
            and "HELPDESK_PAYLOAD_KEYS" in problem["message"]
        )

        not_base64 = await api.post("/codec/decode", json={"payloads": [{"metadata": {"encoding": "%%%"}, "data": ""}]})
        assert (
            not_base64.status_code == 422 and not_base64.json()["detail"][0]["field"] == "payloads.0.metadata.encoding"
        )
        tampered = Payload(metadata={"encoding": ENCODING, KEY_ID_METADATA: b"test-key-1"}, data=b"\0" * 40)
        refused = await api.post("/codec/decode", json={"payloads": [wire(tampered)]})
        assert refused.status_code == 422 and "failed authentication" in refused.json()["detail"][0]["message"]


async def test_cors_preflight_from_the_ui_origin_only_and_only_on_codec(make_api):
    preflight = {
        "Origin": UI,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type,x-namespace",
    }
    async with make_api() as api:
        allowed = await api.options("/codec/decode", headers=preflight)
        assert allowed.status_code == 200, allowed.text
        assert allowed.headers["access-control-allow-origin"] == UI
        assert {"content-type", "x-namespace"} <= {
            h.strip().lower() for h in allowed.headers["access-control-allow-headers"].split(",")
        }
        assert "POST" in allowed.headers["access-control-allow-methods"]

        post = await api.post("/codec/decode", json={"payloads": []}, headers={"Origin": UI, "X-Namespace": "default"})
        assert post.status_code == 200 and post.headers["access-control-allow-origin"] == UI

        elsewhere = await api.options("/codec/decode", headers={**preflight, "Origin": "https://evil.example"})
        assert elsewhere.status_code == 400 and "access-control-allow-origin" not in elsewhere.headers
        # A "simple" cross-site POST (no preflight) from a page elsewhere is refused, loopback or not.
        forged = await api.post(
            "/codec/decode",
            content=b'{"payloads": []}',
            headers={"Origin": "https://evil.example", "Content-Type": "text/plain"},
        )
        assert forged.status_code == 403

        # The rest of the API gains no cross-origin opening.
        other = await api.options("/v1/threads/T-1/messages", headers=preflight)
        assert "access-control-allow-origin" not in other.headers


async def test_a_custom_ui_origin_is_the_one_allowed(make_api):
    async with make_api(codec_cors_origins=["https://temporal.internal.example"]) as api:
        ok = await api.options(
            "/codec/decode",
            headers={"Origin": "https://temporal.internal.example", "Access-Control-Request-Method": "POST"},
        )
        assert ok.status_code == 200
        assert (
            await api.options("/codec/decode", headers={"Origin": UI, "Access-Control-Request-Method": "POST"})
        ).status_code == 400


@pytest.mark.parametrize(
    ("mode", "address", "who", "status"),
    [
        ("loopback", "127.0.0.1", None, 200),
        ("loopback", "::1", None, 200),
        ("loopback", "10.1.2.3", None, 401),
        ("loopback", "10.1.2.3", "ops", 200),
        ("loopback", "10.1.2.3", "backend", 403),
        ("loopback", "127.0.0.1", "backend", 403),  # a token given is a token checked
        ("ops", "127.0.0.1", None, 401),
        ("ops", "127.0.0.1", "ops", 200),
        ("ops", "10.1.2.3", "backend", 403),
    ],
)
async def test_who_may_call_it(make_api, mode, address, who, status):
    async with make_api(address, codec_auth=mode) as api:
        for operation in ("decode", "encode"):
            response = await api.post(f"/codec/{operation}", json={"payloads": []}, headers=bearer(who) if who else {})
            assert response.status_code == status, (operation, response.text)


def test_loopback_means_this_machine_only():
    from starter.api.codec import is_loopback

    assert all(is_loopback(host) for host in ("127.0.0.1", "127.8.9.1", "::1", "::ffff:127.0.0.1"))
    assert not any(is_loopback(host) for host in ("10.0.0.1", "::ffff:10.0.0.1", "172.17.0.1", "testclient", "", None))
