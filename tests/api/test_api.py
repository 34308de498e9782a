"""The HTTP API against a real worker on the dev server: roles, idempotency, errors, and a buyer
message kept while Temporal cannot take it, handed over afterwards."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest
import pytest_asyncio
from temporalio.testing import WorkflowEnvironment

from config import load_settings
from starter.api import handover
from starter.api.app import create_app
from starter.api.auth import token_hash
from starter.client.helpdesk import HelpdeskClient
from store import repository
from store.db import transaction

pytestmark = pytest.mark.devserver

TOKENS = {"backend": "tok-backend", "ops": "tok-ops", "seller-a": "tok-seller-a", "seller-b": "tok-seller-b"}


def auth(who: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKENS[who]}"}


@pytest_asyncio.fixture
async def api(dev_env: WorkflowEnvironment, integration_worker) -> AsyncIterator[httpx.AsyncClient]:
    task_queue, sessions = integration_worker
    settings = load_settings(
        task_queue=task_queue,
        metrics_port=0,
        api_tokens={
            token_hash(TOKENS["backend"]): {"role": "backend"},
            token_hash(TOKENS["ops"]): {"role": "ops"},
            token_hash(TOKENS["seller-a"]): {"role": "seller", "seller_id": "S-A"},
            token_hash(TOKENS["seller-b"]): {"role": "seller", "seller_id": "S-B"},
        },
    )
    app = create_app(settings, sessions)
    app.state.helpdesk = HelpdeskClient(dev_env.client, task_queue, sessions=sessions)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://api") as client:
        client.app = app  # type: ignore[attr-defined]
        yield client


def inquiry(thread_id: str, message_id: str, *, seller: str = "S-A", market: str = "FR", **message) -> dict:
    return {
        "thread": {
            "thread_id": thread_id,
            "order_id": f"O-{thread_id}",
            "seller_id": seller,
            "buyer_id": "B-1",
            "market": market,
        },
        "message": {
            "message_id": message_id,
            "received_at": datetime.now(UTC).isoformat(),
            "text": "Est-il débloqué ?",
            **message,
        },
    }


async def opened(api: httpx.AsyncClient, seller: str = "S-A") -> str:
    thread_id = f"T-{uuid.uuid4().hex[:10]}"
    response = await api.post(
        f"/v1/threads/{thread_id}/messages",
        json=inquiry(thread_id, f"{thread_id}-m1", seller=seller),
        headers=auth("backend"),
    )
    assert response.status_code == 202, response.text
    for _ in range(100):  # the store's thread row, which seller tokens are checked against
        state = await api.get(f"/v1/threads/{thread_id}", headers=auth("backend"))
        if state.status_code == 200 and state.json()["due_at"]:
            break
    return thread_id


async def test_a_thread_over_http_and_the_same_requests_twice(api: httpx.AsyncClient):
    thread_id = await opened(api)
    again = await api.post(
        f"/v1/threads/{thread_id}/messages", json=inquiry(thread_id, f"{thread_id}-m1"), headers=auth("backend")
    )
    assert again.status_code == 202 and again.json() == {
        "thread_id": thread_id,
        "message_id": f"{thread_id}-m1",
        "handed_over": True,
    }
    reply = {"message_id": f"{thread_id}-r1", "seller_id": "S-A", "text": "Oui, il est débloqué."}
    first = await api.post(f"/v1/threads/{thread_id}/replies", json=reply, headers=auth("seller-a"))
    second = await api.post(f"/v1/threads/{thread_id}/replies", json=reply, headers=auth("seller-a"))
    assert first.status_code == second.status_code == 200 and first.json() == second.json()
    assert first.json()["accepted"] is True and first.json()["answered"] == [f"{thread_id}-m1"]
    state = (await api.get(f"/v1/threads/{thread_id}", headers=auth("seller-a"))).json()
    assert (state["state"], state["messages_received"], state["replies_accepted"]) == ("awaiting_buyer", 1, 1)
    listed = (await api.get("/v1/sellers/S-A/discussions", headers=auth("seller-a"))).json()
    assert thread_id in [entry["thread_id"] for entry in listed]


async def test_roles(api: httpx.AsyncClient):
    thread_id = await opened(api)
    body = inquiry(thread_id, f"{thread_id}-m2")
    reply = {"message_id": f"{thread_id}-r", "seller_id": "S-A", "text": "Bonjour, oui."}
    escalation = {"escalation_id": "E-1", "reason": "quality_dispute", "raised_by": "buyer", "raised_by_id": "B-1"}
    decision = {"outcome": "refund", "decided_by": "ops-ann", "note": "n", "refund_amount": "10.00"}
    # (method, path, body, roles allowed, what the others get: 403, or 404 for a seller looking
    # at another seller's thread or data: no existence leak)
    calls = [
        ("POST", f"/v1/threads/{thread_id}/messages", body, {"backend"}, {}),
        ("GET", f"/v1/threads/{thread_id}", None, {"backend", "ops", "seller-a"}, {"seller-b": 404}),
        ("POST", f"/v1/threads/{thread_id}/replies", reply, {"backend", "seller-a"}, {"seller-b": 404}),
        ("GET", "/v1/sellers/S-A/discussions", None, {"backend", "ops", "seller-a"}, {"seller-b": 404}),
        ("GET", "/v1/sellers/S-A/ledger", None, {"backend", "ops", "seller-a"}, {"seller-b": 404}),
        ("POST", f"/v1/threads/{thread_id}/escalations", escalation, {"backend", "ops"}, {}),
        ("GET", f"/v1/threads/{thread_id}/case", None, {"backend", "ops"}, {}),
        ("POST", f"/v1/threads/{thread_id}/case/decision", decision, {"ops"}, {}),
    ]
    for method, path, json, allowed, others in calls:
        if path.endswith("/case"):  # the escalation's takeover starts in the background
            for _ in range(100):
                if (await api.get(path, headers=auth("ops"))).status_code == 200:
                    break
        anonymous = await api.request(method, path, json=json)
        assert anonymous.status_code == 401, (method, path)
        for who in TOKENS:
            response = await api.request(method, path, json=json, headers=auth(who))
            if who in allowed:
                assert response.status_code not in (401, 403, 404), (who, method, path, response.text)
            else:
                assert response.status_code == others.get(who, 403), (who, method, path, response.text)


async def test_bad_input_is_422_with_field_and_rule(api: httpx.AsyncClient):
    thread_id = f"T-{uuid.uuid4().hex[:10]}"
    cases = [
        (inquiry(thread_id, "m", market="XX"), "thread.market", "R1.6", "known markets"),
        (
            {
                **inquiry(thread_id, "m"),
                "message": {"message_id": "m", "received_at": "2026-12-24T16:30:00", "text": "x"},
            },
            "message.received_at",
            "R1.1",
            "timezone",
        ),
        (inquiry(thread_id, "m", text="x" * 20_001), "message.text", "R2", "20000"),
    ]
    for body, field, rule, says in cases:
        response = await api.post(f"/v1/threads/{thread_id}/messages", json=body, headers=auth("backend"))
        assert response.status_code == 422, response.text
        detail = response.json()["detail"][0]
        assert (detail["field"], detail["rule"]) == (field, rule) and says in detail["message"], detail
    unknown_reason = {"escalation_id": "E", "reason": "bad_vibes", "raised_by": "buyer", "raised_by_id": "B"}
    response = await api.post(f"/v1/threads/{thread_id}/escalations", json=unknown_reason, headers=auth("backend"))
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "reason"


async def test_a_reply_on_a_taken_over_thread_is_409_with_the_rule(api: httpx.AsyncClient):
    thread_id = await opened(api)
    escalation = {"escalation_id": "E-1", "reason": "quality_dispute", "raised_by": "buyer", "raised_by_id": "B-1"}
    assert (
        await api.post(f"/v1/threads/{thread_id}/escalations", json=escalation, headers=auth("backend"))
    ).status_code == 202
    for _ in range(100):
        if (await api.get(f"/v1/threads/{thread_id}", headers=auth("backend"))).json()["state"] == "taken_over":
            break
    reply = {"message_id": f"{thread_id}-late", "seller_id": "S-A", "text": "Je m'en occupe."}
    response = await api.post(f"/v1/threads/{thread_id}/replies", json=reply, headers=auth("seller-a"))
    assert (
        response.status_code == 409
        and response.json()["rule"] == "R5.3"
        and response.json()["kind"] == "thread_taken_over"
    )
    decision = {"outcome": "reject_claim", "decided_by": "ops-ann", "note": "as listed"}
    first = await api.post(f"/v1/threads/{thread_id}/case/decision", json=decision, headers=auth("ops"))
    again = await api.post(f"/v1/threads/{thread_id}/case/decision", json=decision, headers=auth("ops"))
    assert first.status_code == again.status_code == 200 and first.json() == again.json()
    other = await api.post(
        f"/v1/threads/{thread_id}/case/decision", json={**decision, "outcome": "replace"}, headers=auth("ops")
    )
    assert (
        other.status_code == 409 and other.json()["kind"] == "case_already_decided" and other.json()["rule"] == "R5.3"
    )


async def test_temporal_down_keeps_the_message_and_hands_it_over_later(api: httpx.AsyncClient):
    app = api.app  # type: ignore[attr-defined]
    connected, app.state.helpdesk = app.state.helpdesk, None  # Temporal cannot be reached now
    thread_id = f"T-{uuid.uuid4().hex[:10]}"
    response = await api.post(
        f"/v1/threads/{thread_id}/messages", json=inquiry(thread_id, f"{thread_id}-m1"), headers=auth("backend")
    )
    assert response.status_code == 503 and response.headers["Retry-After"] == "5"
    sessions = app.state.sessions
    with transaction(sessions) as session:
        pending = [row.message_id for row in repository.pending_inbound(session, 1000)]
    assert f"{thread_id}-m1" in pending  # kept, not lost
    ready = await api.get("/readyz")
    assert ready.status_code == 503 and ready.json()["temporal"] == "down"

    app.state.helpdesk = connected  # Temporal is back: the redelivery loop's pass hands it over
    assert await handover.redeliver_pending(app.state.inbox, connected) >= 1
    state = await api.get(f"/v1/threads/{thread_id}", headers=auth("backend"))
    assert state.status_code == 200 and state.json()["messages_received"] == 1
    # The backend retries after Retry-After: accepted, and still one message in the thread.
    again = await api.post(
        f"/v1/threads/{thread_id}/messages", json=inquiry(thread_id, f"{thread_id}-m1"), headers=auth("backend")
    )
    assert again.status_code == 202
    for _ in range(20):
        state = (await api.get(f"/v1/threads/{thread_id}", headers=auth("backend"))).json()
    assert state["messages_received"] == 1
    assert (await api.get("/readyz")).json() == {"temporal": "ok", "store": "ok"}
    assert (await api.get("/openapi.json")).json()["paths"]["/v1/threads/{thread_id}/messages"]["post"]["responses"][
        "503"
    ]


async def test_a_temporal_that_does_not_answer_is_503_and_the_message_waits(api: httpx.AsyncClient):
    """Not a stand-in: a real client aimed at a port where no Temporal listens."""
    from history_keys import test_data_converter
    from temporalio.client import Client

    from starter.dev.ports import free_port

    app = api.app  # type: ignore[attr-defined]
    connected = app.state.helpdesk
    dead = await Client.connect(f"127.0.0.1:{free_port()}", data_converter=test_data_converter(), lazy=True)
    app.state.helpdesk = HelpdeskClient(dead, connected.task_queue, sessions=app.state.sessions)
    thread_id = f"T-{uuid.uuid4().hex[:10]}"
    try:
        response = await api.post(
            f"/v1/threads/{thread_id}/messages", json=inquiry(thread_id, f"{thread_id}-m1"), headers=auth("backend")
        )
        assert response.status_code == 503 and response.headers["Retry-After"] == "5", response.text
        state = await api.get(f"/v1/threads/{thread_id}", headers=auth("backend"))
        assert state.status_code == 503
    finally:
        app.state.helpdesk = connected
    assert await handover.redeliver_pending(app.state.inbox, connected) >= 1
    state = await api.get(f"/v1/threads/{thread_id}", headers=auth("backend"))
    assert state.status_code == 200 and state.json()["messages_received"] == 1
