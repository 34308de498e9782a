"""The events over HTTP, against a real worker on the dev server: the feed a backend polls, what a
seller token may read, long polling, dead letters for ops, and the webhooks in the OpenAPI document."""

from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest
from test_api import api, auth, inquiry, opened  # noqa: F401 - the fixture and helpers of the API tests

from events.schema import EVENT_TYPES
from rules.kinds import Recipient
from store import events as log
from store.db import transaction
from store.models import utcnow

pytestmark = pytest.mark.devserver


async def feed(api: httpx.AsyncClient, who: str, **params: object) -> dict:
    response = await api.get("/v1/events", params=params, headers=auth(who))
    assert response.status_code == 200, response.text
    return response.json()


async def wait_for_types(api: httpx.AsyncClient, thread_id: str, *types: str) -> list[dict]:
    for _ in range(100):
        events = (await feed(api, "backend", thread_id=thread_id))["events"]
        if set(types) <= {event["type"] for event in events}:
            return events
        await asyncio.sleep(0.05)
    raise AssertionError(f"never saw {types} for {thread_id}: {[e['type'] for e in events]}")


async def test_a_backend_reads_a_thread_s_messages_and_replies_from_the_feed(api: httpx.AsyncClient):
    thread_id = await opened(api)
    reply = {"message_id": f"{thread_id}-r1", "seller_id": "S-A", "text": "Oui, il est débloqué et part demain."}
    assert (await api.post(f"/v1/threads/{thread_id}/replies", json=reply, headers=auth("seller-a"))).json()["accepted"]
    events = await wait_for_types(api, thread_id, "buyer_message.received", "reply.delivered")
    message, delivered = events
    # Everything the receiver needs without a second call: the texts, who it is for, when it is due.
    assert (message["sequence"], message["recipient"], message["data"]["text"]) == (
        1,
        {"kind": "seller", "id": "S-A"},
        "Est-il débloqué ?",
    )
    assert message["data"]["working_hours_left"] is not None and message["data"]["reply_due_at"].endswith("+01:00")
    assert (delivered["sequence"], delivered["recipient"], delivered["data"]["text"]) == (
        2,
        {"kind": "buyer", "id": "B-1"},
        reply["text"],
    )
    assert delivered["data"]["answers"] == [f"{thread_id}-m1"] and delivered["order_id"] == f"O-{thread_id}"
    # Paging by cursor: after the first event, only the second; after the last, nothing, and the same cursor back.
    page = await feed(api, "backend", thread_id=thread_id, after=message["cursor"])
    assert [e["event_id"] for e in page["events"]] == [delivered["event_id"]]
    empty = await feed(api, "backend", thread_id=thread_id, after=delivered["cursor"])
    assert empty == {"events": [], "next_cursor": delivered["cursor"]}


async def test_a_seller_token_reads_only_its_own_events(api: httpx.AsyncClient):
    mine, theirs = await opened(api, seller="S-A"), await opened(api, seller="S-B")
    await wait_for_types(api, mine, "buyer_message.received")
    await wait_for_types(api, theirs, "buyer_message.received")
    seen_by_a = (await feed(api, "seller-a", limit=1000))["events"]
    assert seen_by_a and all(event["recipient"] == {"kind": "seller", "id": "S-A"} for event in seen_by_a)
    assert mine in {e["thread_id"] for e in seen_by_a} and theirs not in {e["thread_id"] for e in seen_by_a}
    # Asking for another recipient or thread changes nothing for a seller.
    assert (await feed(api, "seller-a", thread_id=theirs))["events"] == []
    assert all(e["recipient"]["id"] == "S-A" for e in (await feed(api, "seller-a", recipient="seller:S-B"))["events"])
    # Backend and ops may narrow to one recipient.
    by_b = (await feed(api, "ops", recipient="seller:S-B", limit=1000))["events"]
    assert theirs in {e["thread_id"] for e in by_b} and all(e["recipient"]["id"] == "S-B" for e in by_b)


async def test_a_long_poll_answers_as_soon_as_an_event_is_written(api: httpx.AsyncClient):
    thread_id = f"T-{uuid.uuid4().hex[:10]}"
    last = (await feed(api, "backend", after="0", limit=1000))["next_cursor"]
    while True:  # to the end of the feed
        page = await feed(api, "backend", after=last, limit=1000)
        if not page["events"]:
            break
        last = page["next_cursor"]
    waiting = asyncio.create_task(
        api.get("/v1/events", params={"after": last, "thread_id": thread_id, "wait": 20}, headers=auth("backend"))
    )
    await asyncio.sleep(0.3)
    assert not waiting.done()
    message = inquiry(thread_id, f"{thread_id}-m1")
    assert (
        await api.post(f"/v1/threads/{thread_id}/messages", json=message, headers=auth("backend"))
    ).status_code == 202
    answer = await asyncio.wait_for(waiting, 20)
    assert [e["type"] for e in answer.json()["events"]] == ["buyer_message.received"]


async def test_bad_feed_requests_name_the_field(api: httpx.AsyncClient):
    for params, field in (
        ({"after": "-1"}, "after"),
        ({"after": "abc"}, "after"),
        ({"limit": 0}, "limit"),
        ({"type": "reply.sent"}, "type"),
        ({"recipient": "nobody:1"}, "recipient"),
        ({"wait": 99}, "wait"),
    ):
        response = await api.get("/v1/events", params=params, headers=auth("backend"))
        assert response.status_code == 422, (params, response.text)
        assert response.json()["detail"][0]["field"] == field
    assert (await api.get("/v1/events")).status_code == 401


async def test_ops_list_dead_letters_and_send_them_again(api: httpx.AsyncClient):
    thread_id = await opened(api)
    [message] = await wait_for_types(api, thread_id, "buyer_message.received")
    sessions = api.app.state.sessions  # type: ignore[attr-defined]
    endpoint = f"hook-{uuid.uuid4().hex[:6]}"
    with transaction(sessions) as session:  # the relay gave this delivery up after its horizon
        log.ensure_endpoint(session, endpoint, "http://127.0.0.1:9/hook", from_start=True, now=utcnow())
        log.plan(session, endpoint, types=frozenset({"buyer_message.received"}), now=utcnow())
        delivery = next(
            due.delivery_id
            for due in log.due(session, endpoint, utcnow(), limit=10_000)
            if due.event_id == message["event_id"]
        )
        log.record_failed(session, delivery, at=utcnow(), status=None, error="connect: refused", retry_at=None)
    assert (await api.get("/v1/webhooks/dead-letters", headers=auth("backend"))).status_code == 403
    listed = (await api.get("/v1/webhooks/dead-letters", params={"endpoint": endpoint}, headers=auth("ops"))).json()
    assert [(d["event_id"], d["endpoint"], d["last_error"]) for d in listed] == [
        (message["event_id"], endpoint, "connect: refused")
    ]
    again = await api.post(
        "/v1/webhooks/dead-letters/redeliver",
        json={"event_id": message["event_id"], "endpoint": endpoint},
        headers=auth("ops"),
    )
    assert again.status_code == 200 and again.json() == {"redelivering": 1}
    assert (await api.get("/v1/webhooks/dead-letters", params={"endpoint": endpoint}, headers=auth("ops"))).json() == []
    none = await api.post("/v1/webhooks/dead-letters/redeliver", json={"event_id": "evt_nothing"}, headers=auth("ops"))
    assert none.status_code == 404


async def test_every_event_type_is_published_as_an_openapi_webhook(api: httpx.AsyncClient):
    document = (await api.get("/openapi.json")).json()
    assert document["openapi"].startswith("3.1")
    assert set(document["webhooks"]) == set(EVENT_TYPES)
    delivered = document["webhooks"]["reply.delivered"]["post"]
    assert {p["name"] for p in delivered["parameters"]} == {"webhook-id", "webhook-timestamp", "webhook-signature"}
    schema = document["components"]["schemas"][
        delivered["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    ]
    assert {"event_id", "type", "sequence", "occurred_at", "recipient", "data", "cursor"} <= set(schema["required"])
    data = document["components"]["schemas"]["ReplyDelivered"]
    assert {"text", "message_id", "answers"} <= set(data["properties"])
    assert document["paths"]["/v1/events"]["get"]["parameters"]
    assert Recipient.SELLER.value in str(document["webhooks"]["reminder.half_time"]["post"]["description"])
