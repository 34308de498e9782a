"""What ops filter on in the Temporal UI: the typed search attributes of a thread, upserted on
every change (SellerId, Market, OrderId, ThreadState, ReplyDueAt, TakeoverReason), on the real
dev server where visibility queries work."""

from __future__ import annotations

import asyncio
import concurrent.futures
import uuid
from datetime import UTC, datetime

import pytest
from temporalio.testing import WorkflowEnvironment

from config import load_settings
from contract import search_attributes as sa
from contract.cases import OpsDecision
from contract.threads import BuyerMessage, Escalation, SellerReply, ThreadOpen
from rules.kinds import OpsOutcome, RaisedBy, TakeoverReason
from starter.client.helpdesk import HelpdeskClient
from worker import build_worker

pytestmark = pytest.mark.devserver


async def _eventually(fetch, check, timeout: float = 15.0):
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        value = await fetch()
        if check(value):
            return value
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"never true; last value {value}")
        await asyncio.sleep(0.2)


async def test_search_attributes_follow_the_thread(dev_env: WorkflowEnvironment, store_sessions):
    settings = load_settings(task_queue=f"sa-{uuid.uuid4().hex[:8]}", metrics_port=0)
    client = HelpdeskClient(dev_env.client, settings.task_queue, sessions=store_sessions)
    thread_id = f"T-{uuid.uuid4().hex[:8]}"
    seller = f"S-{thread_id}"
    thread = ThreadOpen(thread_id=thread_id, order_id=f"O-{thread_id}", seller_id=seller, buyer_id="B", market="FR")
    handle = client.handle(thread_id)

    async def attributes():
        return (await handle.describe()).typed_search_attributes

    with concurrent.futures.ThreadPoolExecutor(8) as executor:
        async with build_worker(dev_env.client, settings, executor, sessions=store_sessions):
            await client.open_inquiry(thread, BuyerMessage(message_id=f"{thread_id}-m1", received_at=datetime.now(UTC)))
            status = await _eventually(lambda: client.state(thread_id), lambda s: s.due_at is not None)
            found = await _eventually(attributes, lambda a: a.get(sa.THREAD_STATE) == "awaiting_seller")
            assert found.get(sa.SELLER_ID) == seller and found.get(sa.MARKET) == "FR"
            assert found.get(sa.ORDER_ID) == f"O-{thread_id}"
            assert found.get(sa.REPLY_DUE_AT) == status.due_at
            # Ops' filter in the UI finds it.
            query = f"SellerId = '{seller}' AND ThreadState = 'awaiting_seller'"
            listed = await _eventually(lambda: _ids(dev_env, query), lambda ids: f"thread-{thread_id}" in ids)
            assert listed == [f"thread-{thread_id}"]

            await client.seller_reply(
                thread_id, SellerReply(message_id=f"{thread_id}-r1", seller_id=seller, text="Yes, unlocked.")
            )
            found = await _eventually(attributes, lambda a: a.get(sa.THREAD_STATE) == "awaiting_buyer")
            assert found.get(sa.REPLY_DUE_AT) is None

            await client.escalate(
                thread_id,
                Escalation(
                    escalation_id="E1",
                    reason=TakeoverReason.NOT_AS_DESCRIBED,
                    raised_by=RaisedBy.BUYER,
                    raised_by_id="B",
                ),
            )
            found = await _eventually(attributes, lambda a: a.get(sa.THREAD_STATE) == "taken_over")
            assert found.get(sa.TAKEOVER_REASON) == "not_as_described"
            # The case's stage, on the thread and on the takeover (R5.3): ops list the undecided ones.
            query = f"SellerId = '{seller}' AND CaseStage = 'awaiting_decision'"
            listed = await _eventually(lambda: _ids(dev_env, query), lambda ids: len(ids) == 2)
            assert sorted(listed) == [f"takeover-{thread_id}", f"thread-{thread_id}"]
            await client.cases.decide(
                thread_id, OpsDecision(outcome=OpsOutcome.REJECT_CLAIM, decided_by="ops-ann", note="as listed")
            )
            query = f"SellerId = '{seller}' AND CaseStage = 'closed'"
            listed = await _eventually(lambda: _ids(dev_env, query), lambda ids: len(ids) == 3)
            assert sorted(listed) == [f"recharge-{thread_id}-1", f"takeover-{thread_id}", f"thread-{thread_id}"]


async def _ids(env: WorkflowEnvironment, query: str) -> list[str]:
    return [execution.id async for execution in env.client.list_workflows(query)]
