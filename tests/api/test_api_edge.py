"""The API's edges. Bad input (issue 15): an instant far ahead of our clock, a body over the
limit, an id longer than the store keeps; each refused with the field (or the limit) named,
nothing kept. No worker polling (issue 16): a bounded 503. Ops' views: redirects to the UI."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from test_api import TOKENS, api, auth, inquiry  # noqa: F401 - the fixture and helpers of the API tests

from config import load_settings
from starter.api.app import create_app
from starter.api.auth import token_hash
from starter.client.helpdesk import HelpdeskClient
from store import repository
from store.db import transaction

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
    declared = await api.post(
        f"/v1/threads/{thread_id}/messages",
        content=huge,
        headers={**auth("backend"), "content-type": "application/json"},
    )
    assert declared.status_code == 413 and "HELPDESK_API_MAX_BODY_BYTES" in declared.json()["detail"]

    read: list[int] = []

    async def chunks():  # no Content-Length: counted as it arrives
        for _ in range(64):
            read.append(1)
            yield b"x" * 65_536

    streamed = await api.post(
        f"/v1/threads/{thread_id}/messages",
        content=chunks(),
        headers={**auth("backend"), "content-type": "application/json"},
    )
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


async def test_with_no_worker_polling_the_api_answers_503_within_its_bound(dev_env, integration_worker):
    """A thread whose task queue no worker polls: the buyer message is taken (it needs no worker),
    and a query or an update that would wait for ever is 503 with Retry-After after
    HELPDESK_API_TEMPORAL_TIMEOUT_S (issue 16: a reply hung until the connection closed)."""
    import time

    _, sessions = integration_worker
    settings = load_settings(
        task_queue=f"nobody-polls-{uuid.uuid4().hex[:6]}",
        metrics_port=0,
        api_temporal_timeout_s=1.0,
        api_tokens={token_hash(TOKENS["backend"]): {"role": "backend"}},
    )
    app = create_app(settings, sessions)
    app.state.helpdesk = HelpdeskClient(dev_env.client, settings.task_queue, sessions=sessions)
    thread_id = f"T-{uuid.uuid4().hex[:10]}"
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://api") as client:
        taken = await client.post(
            f"/v1/threads/{thread_id}/messages", json=inquiry(thread_id, "m1"), headers=auth("backend")
        )
        assert taken.status_code == 202, taken.text
        for method, path, body in (
            ("GET", f"/v1/threads/{thread_id}", None),
            ("POST", f"/v1/threads/{thread_id}/replies", {"message_id": "r1", "seller_id": "S-A", "text": "Oui."}),
        ):
            started = time.monotonic()
            answer = await client.request(method, path, json=body, headers=auth("backend"))
            waited = time.monotonic() - started
            assert answer.status_code == 503 and answer.headers["Retry-After"] == "5", (path, answer.text)
            assert "within 1 s" in answer.json()["detail"]
            assert 1.0 <= waited < 5.0, (path, waited)


async def test_ops_views_redirect_to_the_ui_with_their_query_as_of_now(api: httpx.AsyncClient):
    from urllib.parse import parse_qs, urlparse

    listed = (await api.get("/ops/views")).json()
    assert [view["name"] for view in listed] == [
        "awaiting-seller",
        "overdue",
        "due-within-4h",
        "due-within-24h",
        "cases-awaiting-decision",
        "open-returns",
    ]
    before = datetime.now(UTC).replace(microsecond=0)
    moved = await api.get("/ops/views/due-within-4h", follow_redirects=False)
    assert moved.status_code == 307
    location = urlparse(moved.headers["location"])
    assert (
        f"{location.scheme}://{location.netloc}" == "http://localhost:8233"
        and location.path == "/namespaces/default/workflows"
    )
    [query] = parse_qs(location.query)["query"]
    prefix = (
        'WorkflowType="BuyerThread" AND ExecutionStatus="Running" AND ThreadState="awaiting_seller" AND ReplyDueAt < "'
    )
    assert query.startswith(prefix)
    horizon = datetime.fromisoformat(query.removeprefix(prefix).rstrip('"'))
    assert before + timedelta(hours=4) <= horizon <= datetime.now(UTC) + timedelta(hours=4)
    assert (await api.get("/ops/views/no-such-view", follow_redirects=False)).status_code == 404
