"""The webhook relay against a real HTTP receiver on 127.0.0.1, on SQLite and PostgreSQL.

Every delivery is verified with the Standard Webhooks reference verifier by the receiver
(tests/webhook_receiver.py). The relay's clock is a test clock, so the retry schedule and the
3-day horizon are exact without waiting for them.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from webhook_receiver import WebhookReceiver

from activities.events import EventWriter
from delivery.endpoints import RetryPolicy
from delivery.relay import Relay
from events.schema import BuyerMessageReceived, ReplyDelivered
from rules.kinds import Recipient, ThreadState
from rules.markets import MarketRegistry
from store import events as log
from store import repository
from store.db import transaction
from store.models import DeliveryState

if TYPE_CHECKING:
    from databases import Database

T0 = datetime(2026, 12, 21, 14, 0, tzinfo=UTC)
WRITER = EventWriter(MarketRegistry.from_overrides())
POLICY = RetryPolicy(
    initial=timedelta(seconds=5), maximum=timedelta(hours=1), horizon=timedelta(days=3), timeout=timedelta(seconds=5)
)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


@pytest.fixture
def receiver():
    with WebhookReceiver() as running:
        yield running


def write_thread(database: Database, thread_id: str, replies: int = 1) -> None:
    """A buyer message to the seller, then ``replies`` replies to the buyer: 1 + replies events."""
    with transaction(database.factory) as session:
        repository.upsert_thread(
            session,
            thread_id=thread_id,
            order_id=f"O-{thread_id}",
            seller_id="S-1",
            buyer_id=f"B-{thread_id}",
            market="FR",
            currency="EUR",
            state=ThreadState.AWAITING_SELLER,
        )
        WRITER.thread_event(
            session,
            thread_id=thread_id,
            event_type="buyer_message.received",
            recipient=Recipient.SELLER,
            key="M-1",
            occurred_at=T0,
            data=BuyerMessageReceived(
                message_id="M-1",
                text="Is it unlocked?",
                received_at=T0,
                no_reply_needed=False,
                reply_due_at=T0 + timedelta(days=1),
                working_hours_left=24.0,
            ),
        )
        for n in range(replies):
            WRITER.thread_event(
                session,
                thread_id=thread_id,
                event_type="reply.delivered",
                recipient=Recipient.BUYER,
                key=f"R-{n}",
                occurred_at=T0,
                data=ReplyDelivered(
                    message_id=f"R-{n}", text=f"Yes, it is unlocked ({n}).", sent_at=T0, answers=("M-1",)
                ),
            )


def relay(database: Database, receiver: WebhookReceiver, clock: Clock, **options: Any) -> Relay:
    return Relay(
        database.factory, [receiver.endpoint(from_start=True)], options.pop("retry", POLICY), clock=clock, **options
    )


async def drain(relay: Relay, rounds: int = 50) -> int:
    sent = 0
    for _ in range(rounds):
        step = await relay.step()
        if not step:
            return sent
        sent += step
    return sent


def in_thread_order(events: list[dict[str, Any]]) -> dict[str, list[int]]:
    order: dict[str, list[int]] = defaultdict(list)
    for event in events:
        order[event["thread_id"]].append(event["sequence"])
    return dict(order)


async def test_every_event_arrives_once_signed_in_order_per_thread(
    database: Database, receiver: WebhookReceiver
) -> None:
    for thread_id in ("T-1", "T-2", "T-3"):
        write_thread(database, thread_id, replies=2)
    relay_ = relay(database, receiver, Clock())
    assert await drain(relay_) == 9
    delivered = receiver.delivered()
    assert receiver.invalid == []  # every signature verified by the reference implementation
    assert len(delivered) == len({event["event_id"] for event in delivered}) == 9
    assert in_thread_order(delivered) == {"T-1": [1, 2, 3], "T-2": [1, 2, 3], "T-3": [1, 2, 3]}
    with transaction(database.factory) as session:
        stored = {row.event_id: {**row.document, "cursor": str(row.position)} for row in log.page(session)}
    assert all(
        event == stored[event["event_id"]] for event in delivered
    )  # the body is the feed's document, byte for byte in JSON
    first = next(e for e in delivered if e["type"] == "reply.delivered")
    assert first["data"]["text"].startswith("Yes, it is unlocked") and first["recipient"]["kind"] == "buyer"
    assert all(a.webhook_id == a.event["event_id"] for a in receiver.arrivals)
    metrics = relay_.metrics.registry
    assert metrics.get_sample_value("helpdesk_event_delivery_lag_seconds_count", {"endpoint": "backend"}) == 9
    assert metrics.get_sample_value("helpdesk_events_pending", {"endpoint": "backend"}) == 0
    await relay_.close()


async def test_a_500_then_a_200_delivers_once_with_the_same_webhook_id(
    database: Database, receiver: WebhookReceiver
) -> None:
    write_thread(database, "T-1", replies=1)
    clock = Clock()
    relay_ = relay(database, receiver, clock)
    receiver.answer(500)
    assert await relay_.step() == 1  # the message: 500
    assert await relay_.step() == 0  # it waits out its backoff, and the reply behind it
    clock.advance(timedelta(seconds=7))  # 5 s ±20 %
    assert await drain(relay_) == 2
    assert [(a.event["sequence"], a.status) for a in receiver.arrivals] == [(1, 500), (1, 204), (2, 204)]
    assert receiver.arrivals[0].webhook_id == receiver.arrivals[1].webhook_id
    assert [event["sequence"] for event in receiver.delivered()] == [1, 2]
    with transaction(database.factory) as session:
        [first, second] = [log.deliveries_of(session, e["event_id"])[0] for e in receiver.delivered()]
        assert (first.state, first.attempts, first.last_status) == (DeliveryState.DELIVERED, 2, 204)
        assert (second.state, second.attempts) == (DeliveryState.DELIVERED, 1)
    assert (
        relay_.metrics.registry.get_sample_value(
            "helpdesk_event_delivery_failures_total", {"endpoint": "backend", "reason": "5xx"}
        )
        == 1
    )
    await relay_.close()


async def test_a_receiver_down_then_up_gets_everything_in_order(database: Database, receiver: WebhookReceiver) -> None:
    clock = Clock()
    relay_ = relay(database, receiver, clock)
    receiver.stop()
    for thread_id in ("T-1", "T-2"):
        write_thread(database, thread_id, replies=2)
    for _ in range(4):  # hours of outage: each head fails, backs off, fails again
        await drain(relay_)
        clock.advance(timedelta(hours=1, minutes=15))
    assert (
        relay_.metrics.registry.get_sample_value(
            "helpdesk_event_delivery_failures_total", {"endpoint": "backend", "reason": "connect"}
        )
        == 8
    )
    assert relay_.metrics.registry.get_sample_value("helpdesk_events_pending", {"endpoint": "backend"}) == 6
    receiver.start()  # the same port again
    clock.advance(timedelta(hours=1, minutes=15))
    assert await drain(relay_) == 6
    delivered = receiver.delivered()
    assert in_thread_order(delivered) == {"T-1": [1, 2, 3], "T-2": [1, 2, 3]}
    assert len(delivered) == 6 and receiver.invalid == []
    await relay_.close()


async def test_after_the_horizon_a_delivery_is_dead_lettered_and_ops_send_it_again(
    database: Database, receiver: WebhookReceiver
) -> None:
    write_thread(database, "T-1", replies=1)
    clock = Clock()
    relay_ = relay(database, receiver, clock)
    receiver.answer(*[503] * 200)
    await relay_.step()
    attempts, rounds = 1, 0
    while clock.now - T0 < timedelta(days=3):  # retried with backoff for the whole horizon, no less
        clock.advance(timedelta(hours=1, minutes=15))  # longer than the longest backoff (1 h + 20 %)
        attempts += await relay_.step()
        rounds += 1
        assert not receiver.delivered()
    with transaction(database.factory) as session:
        [(dead, event)] = log.dead_letters(session)
    assert event.sequence == 1 and dead.dead_at is not None and dead.dead_at - T0 >= timedelta(days=3)
    assert dead.attempts == attempts == rounds + 1  # each round found it due again: the backoff never exceeded its cap
    assert relay_.metrics.registry.get_sample_value("helpdesk_event_dead_letters", {"endpoint": "backend"}) == 1
    # The thread moves on past its dead letter: the reply goes out.
    receiver.answer_normally()
    assert await drain(relay_) == 1
    assert [e["sequence"] for e in receiver.delivered()] == [2]
    # Ops send it again: same webhook-id, a fresh horizon.
    with transaction(database.factory) as session:
        assert log.redeliver(session, now=clock.now, event_id=event.event_id) == 1
    assert await drain(relay_) == 1
    assert [e["event_id"] for e in receiver.delivered()][-1] == event.event_id
    assert relay_.metrics.registry.get_sample_value("helpdesk_event_dead_letters", {"endpoint": "backend"}) == 0
    await relay_.close()


async def test_only_the_lease_holder_sends_and_a_stopped_one_hands_over(
    database: Database, receiver: WebhookReceiver
) -> None:
    clock = Clock()
    first, second = relay(database, receiver, clock), relay(database, receiver, clock)
    write_thread(database, "T-1", replies=0)
    assert await first.step() == 1
    write_thread(database, "T-2", replies=0)
    assert await second.step() == 0  # the first holds the lease
    assert second.metrics.registry.get_sample_value("helpdesk_relay_leader") == 0
    await first.close()  # hands the lease back
    assert await second.step() == 1
    assert [e["thread_id"] for e in receiver.delivered()] == ["T-1", "T-2"]
    await second.close()


def test_a_relay_killed_during_a_delivery_sends_it_again_with_the_same_id(
    database: Database, receiver: WebhookReceiver, tmp_path: Path
) -> None:
    """kill -9 of the relay process while the receiver is still answering: the next relay, once
    the lease has run out, delivers the event again, with the same webhook-id."""
    if database.dialect != "sqlite":
        url = database.url  # the schema travels in the URL's options for the child process
        url += ("&" if "?" in url else "?") + f"options=-csearch_path%3D{database.schema}"
    else:
        url = database.url
    write_thread(database, "T-1", replies=0)
    receiver.answer((5.0, 204))  # the first answer takes 5 s: the relay dies before it comes
    env = {
        **os.environ,
        "HELPDESK_DATABASE_URL": url,
        "HELPDESK_WEBHOOKS": receiver.endpoint_json().replace('"secrets"', '"from_start": true, "secrets"'),
        "HELPDESK_RELAY_LEASE_S": "3",
        "HELPDESK_RELAY_METRICS_PORT": "0",
        "HELPDESK_LOG_FORMAT": "json",
    }
    command = [sys.executable, "-m", "starter.cli", "relay"]
    first = subprocess.Popen(command, env=env, cwd=tmp_path, start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while not receiver.requests_started and time.monotonic() < deadline:  # the request has reached the receiver
            time.sleep(0.05)
        assert receiver.requests_started, "the relay never sent"
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(10)
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
    second = subprocess.Popen(command, env=env, cwd=tmp_path, start_new_session=True)
    try:
        delivered = receiver.wait_for(1, timeout=30)
        deadline = time.monotonic() + 10
        while len(receiver.arrivals) < 2 and time.monotonic() < deadline:  # the first request's slow answer, too
            time.sleep(0.05)
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(20)
    ids = [arrival.webhook_id for arrival in receiver.arrivals]
    assert len(ids) == 2 and len(set(ids)) == 1  # twice, as the same event: the receiver drops the second
    assert delivered[0]["thread_id"] == "T-1" and receiver.invalid == []
    with transaction(database.factory) as session:
        [delivery] = log.deliveries_of(session, delivered[0]["event_id"])
        assert delivery.state == DeliveryState.DELIVERED
