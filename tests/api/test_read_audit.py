"""Who read what (issue 19): each read of personal data through the API leaves one row in the
store and one ``personal_data.read`` log line, naming the token's role and id, never the data;
only ops read them back, over HTTP and from the CLI (tests/starter/test_cli_audit.py).

Against a real worker on the dev server and its SQLite store, as the other API tests. A refused
or failed read (401, 403, 404) read nothing, so it leaves nothing: the tests check that too.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
import pytest_asyncio
from structlog.testing import capture_logs
from temporalio.testing import WorkflowEnvironment

from config import load_settings
from starter.api.app import create_app
from starter.api.audit import record_read
from starter.api.auth import TokenConfigError, load_principals, token_hash
from starter.client.helpdesk import HelpdeskClient
from store import repository
from store.db import reading
from store.models import DataAccess

pytestmark = pytest.mark.devserver

TOKENS = {
    "backend": "tok-audit-backend",
    "ops": "tok-audit-ops",
    "seller-a": "tok-audit-seller-a",
    "seller-b": "tok-audit-seller-b",
}
OPS_NAME, BACKEND_NAME = "ops-alice", "backend-eu"
SELLER_A_ID = token_hash(TOKENS["seller-a"])[:12]  # no name configured: the hash's prefix
BUYER_TEXT = "Bonjour, ici Ingrid Quernheim, 12 rue des Lilas : le téléphone est-il débloqué ?"
REPLY_TEXT = "Bonjour Madame Quernheim, oui, il est débloqué pour tous les opérateurs."


def auth(who: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKENS[who]}"}


@pytest_asyncio.fixture
async def api(dev_env: WorkflowEnvironment, integration_worker) -> AsyncIterator[httpx.AsyncClient]:
    task_queue, sessions = integration_worker
    settings = load_settings(
        task_queue=task_queue,
        metrics_port=0,
        api_tokens={
            token_hash(TOKENS["backend"]): {"role": "backend", "name": BACKEND_NAME},
            token_hash(TOKENS["ops"]): {"role": "ops", "name": OPS_NAME},
            token_hash(TOKENS["seller-a"]): {"role": "seller", "seller_id": "S-A"},
            token_hash(TOKENS["seller-b"]): {"role": "seller", "seller_id": "S-B"},
        },
    )
    app = create_app(settings, sessions)
    app.state.helpdesk = HelpdeskClient(dev_env.client, task_queue, sessions=sessions)
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 50123))
    async with httpx.AsyncClient(transport=transport, base_url="http://api") as client:
        client.app = app  # type: ignore[attr-defined]
        yield client


def rows(api: httpx.AsyncClient, **filters: Any) -> list[DataAccess]:
    with reading(api.app.state.sessions) as session:  # type: ignore[attr-defined]
        return repository.access_log(session, limit=1000, **filters)


def audited(line: dict[str, Any]) -> bool:
    return line.get("event") == "personal_data.read"


async def opened(api: httpx.AsyncClient, seller: str = "S-A", *, reply: bool = False) -> str:
    """A thread with a buyer message carrying a name and an address, and with ``reply`` a seller
    reply quoting them (only where a test needs it: the same reply in five threads is R2.2's template)."""
    thread_id = f"T-{uuid.uuid4().hex[:10]}"
    inquiry = {
        "thread": {
            "thread_id": thread_id,
            "order_id": f"O-{thread_id}",
            "seller_id": seller,
            "buyer_id": "B-1",
            "market": "FR",
        },
        "message": {"message_id": f"{thread_id}-m1", "received_at": datetime.now(UTC).isoformat(), "text": BUYER_TEXT},
    }
    response = await api.post(f"/v1/threads/{thread_id}/messages", json=inquiry, headers=auth("backend"))
    assert response.status_code == 202, response.text
    await settled(api, f"/v1/threads/{thread_id}", lambda state: state["due_at"] is not None)
    if reply:
        body = {"message_id": f"{thread_id}-r1", "seller_id": seller, "text": REPLY_TEXT}
        verdict = await api.post(f"/v1/threads/{thread_id}/replies", json=body, headers=auth("seller-a"))
        assert verdict.json()["accepted"], verdict.text
    return thread_id


async def settled(api: httpx.AsyncClient, path: str, done: Any = lambda _: True, **params: Any) -> Any:
    """Poll ``path`` with the backend token until it answers 200 and ``done``; each 200 is a backend read."""
    for _ in range(200):
        response = await api.get(path, params=params, headers=auth("backend"))
        if response.status_code == 200 and done(response.json()):
            return response.json()
        await asyncio.sleep(0.05)
    raise AssertionError(f"{path} never settled: {response.status_code} {response.text}")


def assert_no_text(*things: object) -> None:
    for thing in things:
        shown = str(thing.__dict__ if isinstance(thing, DataAccess) else thing)
        for secret in (BUYER_TEXT, REPLY_TEXT, "Quernheim", "rue des Lilas"):
            assert secret not in shown, (secret, shown)


async def test_a_thread_read_by_ops_and_by_its_seller_leaves_one_row_each_without_the_texts(api: httpx.AsyncClient):
    thread_id = await opened(api, reply=True)
    for who, role, token_id in (("ops", "ops", OPS_NAME), ("seller-a", "seller", SELLER_A_ID)):
        with capture_logs() as lines:
            response = await api.get(f"/v1/threads/{thread_id}", headers=auth(who))
        assert response.status_code == 200, response.text
        [row] = rows(api, thread_id=thread_id, token_id=token_id)
        assert (row.role, row.token_id, row.action, row.thread_id, row.seller_id, row.items, row.client) == (
            role,
            token_id,
            "thread.read",
            thread_id,
            "S-A",
            1,
            "203.0.113.7",
        )
        [line] = [line for line in lines if audited(line)]
        assert line["log_level"] == "info" and line["access_id"] == row.id
        assert {key: line[key] for key in ("role", "token_id", "action", "thread_id", "seller_id", "items")} == {
            "role": role,
            "token_id": token_id,
            "action": "thread.read",
            "thread_id": thread_id,
            "seller_id": "S-A",
            "items": 1,
        }
        assert_no_text(row, line)
    # The token itself is nowhere: only its name, or its hash's prefix.
    for row in rows(api, thread_id=thread_id):
        assert all(token not in str(row.__dict__) for token in TOKENS.values())


async def test_an_events_read_records_how_many_came_back_and_never_their_texts(api: httpx.AsyncClient):
    thread_id = await opened(api, reply=True)
    page = await settled(api, "/v1/events", lambda page: len(page["events"]) >= 2, thread_id=thread_id)
    assert BUYER_TEXT in str(page) and REPLY_TEXT in str(page)  # the feed does carry the texts
    with capture_logs() as lines:
        response = await api.get("/v1/events", params={"thread_id": thread_id}, headers=auth("ops"))
    events = response.json()["events"]
    [row] = rows(api, thread_id=thread_id, token_id=OPS_NAME)
    assert (row.action, row.items, row.subject) == ("events.read", len(events), "after=0")
    [line] = [line for line in lines if audited(line)]
    assert (line["action"], line["items"], line["subject"]) == ("events.read", len(events), "after=0")
    assert_no_text(row, line)
    # A seller's read is scoped to its seller, and says so.
    seller_page = (await api.get("/v1/events", params={"after": "0", "limit": 1000}, headers=auth("seller-a"))).json()
    [seller_row] = rows(api, token_id=SELLER_A_ID, since=row.at)
    assert (seller_row.action, seller_row.items, seller_row.seller_id, seller_row.subject) == (
        "events.read",
        len(seller_page["events"]),
        "S-A",
        "recipient=seller:S-A after=0",
    )
    # An empty page (a backend's idle poll) read nothing and leaves nothing.
    before = len(rows(api, token_id=OPS_NAME))
    empty = await api.get(
        "/v1/events", params={"thread_id": thread_id, "after": events[-1]["cursor"]}, headers=auth("ops")
    )
    assert empty.json()["events"] == [] and len(rows(api, token_id=OPS_NAME)) == before


async def test_a_case_and_the_discussions_are_recorded_reads(api: httpx.AsyncClient):
    thread_id = await opened(api)
    started = datetime.now(UTC)
    listed = (await api.get("/v1/sellers/S-A/discussions", headers=auth("seller-a"))).json()
    assert thread_id in {entry["thread_id"] for entry in listed}
    [discussions] = rows(api, token_id=SELLER_A_ID, since=started)
    assert (discussions.action, discussions.seller_id, discussions.items, discussions.thread_id) == (
        "discussions.read",
        "S-A",
        len(listed),
        None,
    )
    escalation = {"escalation_id": "E-1", "reason": "quality_dispute", "raised_by": "buyer", "raised_by_id": "B-1"}
    assert (
        await api.post(f"/v1/threads/{thread_id}/escalations", json=escalation, headers=auth("backend"))
    ).status_code == 202
    for _ in range(200):  # the takeover starts in the background: 404 until then, and nothing recorded
        if (await api.get(f"/v1/threads/{thread_id}/case", headers=auth("ops"))).status_code == 200:
            break
        await asyncio.sleep(0.05)
    [case] = rows(api, thread_id=thread_id, token_id=OPS_NAME)
    assert (case.action, case.role, case.seller_id, case.items) == ("case.read", "ops", "S-A", 1)


async def test_a_refused_or_failed_read_records_nothing(api: httpx.AsyncClient):
    thread_id = await opened(api)
    before = {row.id for row in rows(api)}
    refused = [
        ("seller-b", f"/v1/threads/{thread_id}", 404),  # another seller's thread: not found, not read
        ("seller-a", f"/v1/threads/{thread_id}/case", 403),
        ("ops", "/v1/threads/T-never-opened", 404),
        ("seller-b", "/v1/sellers/S-A/discussions", 404),
        ("backend", "/v1/audit/reads", 403),
        ("seller-a", "/v1/audit/reads", 403),
    ]
    for who, path, status in refused:
        assert (await api.get(path, headers=auth(who))).status_code == status, (who, path)
    assert (await api.get(f"/v1/threads/{thread_id}")).status_code == 401
    assert {row.id for row in rows(api)} == before


async def test_ops_read_the_log_newest_first_with_filters_and_that_read_is_recorded(api: httpx.AsyncClient):
    first, second = await opened(api), await opened(api)
    started = datetime.now(UTC)
    for thread_id in (first, second, first):
        assert (await api.get(f"/v1/threads/{thread_id}", headers=auth("ops"))).status_code == 200

    async def reads(**params: Any) -> list[dict[str, Any]]:
        response = await api.get("/v1/audit/reads", params=params, headers=auth("ops"))
        assert response.status_code == 200, response.text
        return response.json()

    mine = await reads(token_id=OPS_NAME, since=started.isoformat())
    assert [(r["action"], r["thread_id"]) for r in mine] == [
        ("thread.read", first),
        ("thread.read", second),
        ("thread.read", first),
    ]
    assert [r["at"] for r in mine] == sorted((r["at"] for r in mine), reverse=True)
    assert set(mine[0]) == {
        "id",
        "at",
        "role",
        "token_id",
        "action",
        "thread_id",
        "seller_id",
        "subject",
        "items",
        "client",
    }
    # The audit read above is itself a row now, newest of all.
    [audit_read] = await reads(limit=1)
    assert (audit_read["action"], audit_read["role"], audit_read["token_id"], audit_read["items"]) == (
        "audit.read",
        "ops",
        OPS_NAME,
        3,
    )
    assert audit_read["subject"] == f"token_id={OPS_NAME} since={started.isoformat()}"
    # One thread: its seller's reads and the backend's too, every one naming the thread.
    by_thread = await reads(thread_id=second)
    assert by_thread and {r["thread_id"] for r in by_thread} == {second}
    assert {r["token_id"] for r in by_thread} >= {OPS_NAME, BACKEND_NAME}
    # Both filters: ops' read of the thread, and the audit read just above, which asked about it.
    both = await reads(thread_id=second, token_id=OPS_NAME)
    assert [(r["action"], r["items"]) for r in both] == [("audit.read", len(by_thread)), ("thread.read", 1)]
    assert len(await reads(limit=2)) == 2
    for params, field in (({"since": "2026-12-07T09:00:00"}, "since"), ({"limit": 1001}, "limit")):
        refused = await api.get("/v1/audit/reads", params=params, headers=auth("ops"))
        assert refused.status_code == 422 and refused.json()["detail"][0]["field"] == field


async def test_the_codec_routes_loopback_caller_is_recorded_without_a_token(api: httpx.AsyncClient):
    """How the codec endpoint records a decode: ``who=None`` is its loopback caller without a token."""
    sessions = api.app.state.sessions  # type: ignore[attr-defined]
    with capture_logs() as lines:
        await record_read(sessions, None, "codec.decode", subject="thread-T-x", items=2, client="127.0.0.1")
    row = rows(api, token_id="-")[0]
    assert (row.role, row.token_id, row.action, row.items, row.client) == (
        "loopback",
        "-",
        "codec.decode",
        2,
        "127.0.0.1",
    )
    [line] = [line for line in lines if audited(line)]
    assert (line["role"], line["token_id"], line["access_id"]) == ("loopback", "-", row.id)


def test_a_token_is_named_by_its_entry_or_by_its_hash_prefix_and_a_bad_name_stops_the_api():
    named, unnamed = token_hash("tok-named"), token_hash("tok-unnamed")
    principals = load_principals({named: {"role": "ops", "name": "Alice Martin"}, unnamed.upper(): {"role": "backend"}})
    assert principals[named].token_id == "Alice Martin"
    assert principals[unnamed].token_id == unnamed[:12]
    for bad in ("", "x" * 65, "alice\n", "tab\there"):
        with pytest.raises(TokenConfigError) as refused:
            load_principals({named: {"role": "ops", "name": bad}})
        assert str(refused.value).startswith(f"HELPDESK_API_TOKENS[{named[:12]}…]: name must be 1-64 printable")
