"""R5.3's lock-out under real races, on the dev server (issue 15): once anything takes a thread
over, no reply after it is accepted; a reply applied before it is.

The deterministic cases stop the worker, send two things in a known order, and start a worker
again, so both reach the thread in one workflow task, in that order. The stress case fires
replies, an escalation, a buyer message and a market change at many threads at once, with seeded
random delays, and checks what must hold whatever the order.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import random
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

import pytest
from temporalio.testing import WorkflowEnvironment

from config import load_settings
from contract.threads import BuyerMessage, Escalation, SellerReply, ThreadOpen
from rules.kinds import Direction, RaisedBy, TakeoverReason, ThreadState
from starter.client.helpdesk import HelpdeskClient
from store import events as event_log
from store import repository
from store.db import transaction
from worker import build_worker

pytestmark = pytest.mark.devserver

GOOD = "Bonjour, oui, le téléphone est débloqué et part aujourd'hui."
CONTACT = "Écrivez-moi plutôt à vendeur.direct@gmail.com"


class Races:
    """A task queue of its own, whose worker a test can stop and start again."""

    def __init__(self, env: WorkflowEnvironment, sessions) -> None:
        self.settings = load_settings(task_queue=f"races-{uuid.uuid4().hex[:6]}", metrics_port=0)
        self.env, self.sessions = env, sessions
        self.client = HelpdeskClient(env.client, self.settings.task_queue, sessions=sessions)

    @asynccontextmanager
    async def worker(self) -> AsyncIterator[None]:
        with concurrent.futures.ThreadPoolExecutor(8) as executor:
            async with build_worker(self.env.client, self.settings, executor, sessions=self.sessions):
                yield

    async def opened(self, seller: str = "S-race") -> ThreadOpen:
        thread_id = f"T-{uuid.uuid4().hex[:10]}"
        thread = ThreadOpen(
            thread_id=thread_id, order_id=f"O-{thread_id}", seller_id=seller, buyer_id="B-1", market="FR"
        )
        await self.client.open_inquiry(
            thread, BuyerMessage(message_id="M-1", received_at=datetime.now(UTC), text="Débloqué ?")
        )
        for _ in range(200):
            if (await self.client.state(thread_id)).due_at is not None:
                return thread
            await asyncio.sleep(0.05)
        raise AssertionError(f"{thread_id} never started its clock")

    def reply(self, thread: ThreadOpen, message_id: str, text: str = GOOD) -> SellerReply:
        return SellerReply(message_id=message_id, seller_id=thread.seller_id, text=text)

    def escalation(self, reason: TakeoverReason = TakeoverReason.QUALITY_DISPUTE) -> Escalation:
        return Escalation(
            escalation_id=f"E-{uuid.uuid4().hex[:6]}", reason=reason, raised_by=RaisedBy.BUYER, raised_by_id="B-1"
        )


@pytest.fixture
def races(dev_env: WorkflowEnvironment, store_sessions) -> Races:
    return Races(dev_env, store_sessions)


async def _pending_update(races: Races, thread: ThreadOpen, reply: SellerReply) -> asyncio.Task:
    task = asyncio.create_task(races.client.seller_reply(thread.thread_id, reply))
    await asyncio.sleep(1.0)  # it reaches the server (and waits there for a worker)
    assert not task.done()
    return task


async def test_a_reply_queued_behind_an_escalation_is_refused_and_the_thread_stays_taken_over(races: Races):
    async with races.worker():
        thread = await races.opened()
    await races.client.escalate(thread.thread_id, races.escalation())
    waiting = await _pending_update(races, thread, races.reply(thread, "R-1"))
    async with races.worker():
        verdict = await waiting
        status = await races.client.state(thread.thread_id)
    assert not verdict.accepted and [(f.rule, f.kind) for f in verdict.findings] == [("R5.3", "thread_taken_over")]
    assert status.state == ThreadState.TAKEN_OVER and status.replies_accepted == 0
    with transaction(races.sessions) as session:
        [kept] = [m for m in repository.thread_messages(session, thread.thread_id) if m.direction == Direction.SELLER]
    assert kept.accepted is False  # kept for audit (R2), never delivered


async def test_a_reply_applied_before_an_escalation_stays_accepted_and_delivered(races: Races):
    async with races.worker():
        thread = await races.opened()
        verdict = await races.client.seller_reply(thread.thread_id, races.reply(thread, "R-1"))
        await races.client.escalate(thread.thread_id, races.escalation())
        for _ in range(100):
            status = await races.client.state(thread.thread_id)
            if status.state == ThreadState.TAKEN_OVER:
                break
            await asyncio.sleep(0.05)
    assert verdict.accepted
    assert status.state == ThreadState.TAKEN_OVER and status.replies_accepted == 1
    with transaction(races.sessions) as session:
        delivered = [
            row.document["data"]["message_id"]
            for row in event_log.page(session, thread_id=thread.thread_id, types=["reply.delivered"])
        ]
    assert delivered == ["R-1"]


async def test_a_reply_queued_behind_the_sellers_second_contact_attempt_is_refused(races: Races):
    async with races.worker():
        thread = await races.opened()
        assert not (await races.client.seller_reply(thread.thread_id, races.reply(thread, "R-1", CONTACT))).accepted
    second = await _pending_update(races, thread, races.reply(thread, "R-2", "Ou sur WhatsApp : +33 6 12 34 56 78"))
    third = await _pending_update(races, thread, races.reply(thread, "R-3"))
    async with races.worker():
        verdicts = await asyncio.gather(second, third)
        status = await races.client.state(thread.thread_id)
    assert [verdict.findings[0].kind for verdict in verdicts] == ["off_platform_contact", "thread_taken_over"]
    assert status.state == ThreadState.TAKEN_OVER and status.takeover_reason == TakeoverReason.TERMS_VIOLATION
    assert status.replies_accepted == 0


async def test_many_interleavings_of_replies_escalations_messages_and_market_changes(races: Races):
    """Whatever the order: the thread ends taken over, once; no reply was accepted after the
    takeover; each accepted reply, and only those, reached the buyer."""
    rng = random.Random(15)
    async with races.worker():
        threads = [await races.opened(seller=f"S-{n}") for n in range(12)]

        async def later(call):
            await asyncio.sleep(rng.uniform(0, 0.08))
            return await call

        verdicts: dict[str, list] = {}

        async def story(thread: ThreadOpen) -> None:
            replies = [races.reply(thread, f"R-{n}", f"{GOOD} Réf. {thread.thread_id}-{n}") for n in range(3)]
            answers = await asyncio.gather(
                *(later(races.client.seller_reply(thread.thread_id, reply)) for reply in replies),
                later(races.client.escalate(thread.thread_id, races.escalation())),
                later(
                    races.client.buyer_message(
                        thread.thread_id, BuyerMessage(message_id="M-2", received_at=datetime.now(UTC), text="Alors ?")
                    )
                ),
                later(races.client.change_market(thread.thread_id, rng.choice(("BE", "FR")))),
            )
            verdicts[thread.thread_id] = list(answers[:3])

        await asyncio.gather(*(story(thread) for thread in threads))
        statuses = [await races.client.state(thread.thread_id) for thread in threads]
        for thread in threads:
            await races.client.cases.case(thread.thread_id)  # the case opened
    for thread, status in zip(threads, statuses):
        assert status.state == ThreadState.TAKEN_OVER and status.takeover_no == 1, (thread.thread_id, status)
        with transaction(races.sessions) as session:
            case = repository.ops_case(session, thread.thread_id, 1)
            assert case is not None and repository.ops_case(session, thread.thread_id, 2) is None
            replies = [
                m for m in repository.thread_messages(session, thread.thread_id) if m.direction == Direction.SELLER
            ]
            delivered = {
                row.document["data"]["message_id"]
                for row in event_log.page(session, thread_id=thread.thread_id, types=["reply.delivered"])
            }
        accepted = {m.message_id for m in replies if m.accepted}
        assert all(m.received_at <= case.opened_at for m in replies if m.accepted), (
            thread.thread_id,
            [(m.message_id, m.received_at) for m in replies],
            case.opened_at,
        )
        assert accepted == delivered == {v.message_id for v in verdicts[thread.thread_id] if v.accepted}
        assert status.replies_accepted == len(accepted) and len(replies) == 3  # every reply kept (R2)
        assert all(v.accepted or v.findings[0].kind == "thread_taken_over" for v in verdicts[thread.thread_id])
