"""Bad input at the edge (issue 15): an instant far ahead of our clock, a body over the limit, an
id longer than the store keeps; each refused with the field (or the limit) named, nothing kept."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from store import repository
from store.db import transaction
from test_api import api, auth, inquiry  # noqa: F401 - the fixture and helpers of the API tests

pytestmark = pytest.mark.devserver


async def test_a_received_at_beyond_the_clock_skew_is_refused_and_not_kept(api: httpx.AsyncClient):
    thread_id = f"T-{uuid.uuid4().hex[:10]}"
    future = (datetime.now(UTC) + timedelta(days=5 * 365)).isoformat()  # a thread due in five years
    body = inquiry(thread_id, f"{thread_id}-m1", received_at=future)
    refused = await api.post(f"/v1/threads/{thread_id}/messages", json=body, headers=auth("backend"))
    assert refused.status_code == 422
    [problem] = refused.json()["detail"]
    assert (problem["field"], problem["rule"]) == ("message.received_at", "R1.1") and "clock skew" in problem["message"]
    with transaction(api.app.state.sessions) as session:  # type: ignore[attr-defined]
        assert [m for m in repository.pending_inbound(session, 10_000) if m.thread_id == thread_id] == []
    # Within the skew (a backend clock a minute ahead) it is taken.
    near = inquiry(thread_id, f"{thread_id}-m1", received_at=(datetime.now(UTC) + timedelta(seconds=60)).isoformat())
    assert (await api.post(f"/v1/threads/{thread_id}/messages", json=near, headers=auth("backend"))).status_code == 202


async def test_a_body_over_the_limit_is_refused_before_it_is_read(api: httpx.AsyncClient):
    thread_id = f"T-{uuid.uuid4().hex[:10]}"
    huge = b'{"thread": {}, "message": {"text": "' + b"x" * (2 << 20) + b'"}}'
    declared = await api.post(f"/v1/threads/{thread_id}/messages", content=huge, headers={**auth("backend"), "content-type": "application/json"})
    assert declared.status_code == 413 and "HELPDESK_API_MAX_BODY_BYTES" in declared.json()["detail"]

    read: list[int] = []

    async def chunks():  # no Content-Length: counted as it arrives
        for _ in range(64):
            read.append(1)
            yield b"x" * 65_536

    streamed = await api.post(f"/v1/threads/{thread_id}/messages", content=chunks(), headers={**auth("backend"), "content-type": "application/json"})
    assert streamed.status_code == 413
    assert len(read) < 64  # refused on the way, not after the whole 4 MiB


async def test_an_id_longer_than_the_store_keeps_is_refused_naming_the_field(api: httpx.AsyncClient):
    long_id = "T-" + "x" * 127  # 129 characters: the store keeps 128
    body = inquiry(long_id, "m-1")
    refused = await api.post(f"/v1/threads/{long_id}/messages", json=body, headers=auth("backend"))
    assert refused.status_code == 422
    assert {problem["field"] for problem in refused.json()["detail"]} >= {"thread_id"}
    fine = "T-" + uuid.uuid4().hex + "x" * (128 - 34)
    assert len(fine) == 128
    body = inquiry(fine, "m-1", seller="S-A")
    body["thread"]["order_id"] = "O-" + "z" * 126
    body["message"]["message_id"] = "M-" + "y" * 126
    assert (await api.post(f"/v1/threads/{fine}/messages", json=body, headers=auth("backend"))).status_code == 202
