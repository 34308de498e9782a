"""The event log and its webhook deliveries, on SQLite and PostgreSQL: numbering, the feed's
cursor under concurrent writers, order per stream, retries, dead letters, the relay's lease."""

from __future__ import annotations

import threading
import time
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from activities.events import EventWriter, event_id
from events.schema import AbsenceAnnounced, AbsenceLateNotice, BuyerMessageReceived, ReplyDelivered, parse_event
from rules.kinds import Recipient, ThreadState
from rules.markets import MarketRegistry
from store import events as log
from store import repository as repo
from store.db import reading, transaction
from store.models import DeliveryState

if TYPE_CHECKING:
    from conftest import Database

T0 = datetime(2026, 12, 21, 14, 0, tzinfo=UTC)  # a Monday, 15:00 in Paris
WRITER = EventWriter(MarketRegistry.from_overrides())


def thread(session: Session, thread_id: str) -> None:
    repo.upsert_thread(
        session,
        thread_id=thread_id,
        order_id=f"O-{thread_id}",
        seller_id="S-1",
        buyer_id=f"B-{thread_id}",
        market="FR",
        currency="EUR",
        state=ThreadState.AWAITING_SELLER,
    )


def message(session: Session, thread_id: str, message_id: str, at: datetime = T0):
    return WRITER.thread_event(
        session,
        thread_id=thread_id,
        event_type="buyer_message.received",
        recipient=Recipient.SELLER,
        key=message_id,
        occurred_at=at,
        data=BuyerMessageReceived(
            message_id=message_id,
            text="Est-il débloqué ?",
            received_at=at,
            no_reply_needed=False,
            reply_due_at=at + timedelta(days=1),
            working_hours_left=24.0,
        ),
    )


def reply(session: Session, thread_id: str, message_id: str, at: datetime = T0):
    return WRITER.thread_event(
        session,
        thread_id=thread_id,
        event_type="reply.delivered",
        recipient=Recipient.BUYER,
        key=message_id,
        occurred_at=at,
        data=ReplyDelivered(message_id=message_id, text="Oui.", sent_at=at, answers=("M-1",)),
    )


def test_an_event_is_written_once_numbered_in_its_thread_in_market_time(database: Database) -> None:
    for _ in range(2):  # a retried activity writes nothing new
        with transaction(database.factory) as session:
            thread(session, "T-1")
            thread(session, "T-2")
            first = message(session, "T-1", "M-1")
            other = message(session, "T-2", "M-1")  # the same message id in another thread is another event
            second = reply(session, "T-1", "R-1")
    with transaction(database.factory) as session:
        rows = log.page(session, limit=100)
    assert [(row.thread_id, row.type, row.sequence) for row in rows] == [
        ("T-1", "buyer_message.received", 1), ("T-2", "buyer_message.received", 1), ("T-1", "reply.delivered", 2),
    ]  # fmt: skip
    assert [first.event_id, other.event_id, second.event_id] == [row.event_id for row in rows]
    assert first.event_id == event_id("thread:T-1", "buyer_message.received", Recipient.SELLER, "M-1") != other.event_id
    document = rows[0].document
    # Everything a receiver acts on, instants in the market's time with the offset.
    assert document["occurred_at"] == "2026-12-21T15:00:00+01:00"
    assert document["data"]["reply_due_at"] == "2026-12-22T15:00:00+01:00"
    assert document["recipient"] == {"kind": "seller", "id": "S-1"}
    assert (document["order_id"], document["seller_id"], document["market"]) == ("O-T-1", "S-1", "FR")
    assert rows[2].document["recipient"] == {"kind": "buyer", "id": "B-T-1"}
    event = parse_event({**rows[2].document, "cursor": str(rows[2].position)})
    assert event.data.text == "Oui." and event.sequence == 2  # type: ignore[attr-defined]


def test_absence_events_are_numbered_per_seller(database: Database) -> None:
    facts = {
        "seller_id": "S-9", "market": "DE", "first_day": date(2027, 1, 4), "last_day": date(2027, 1, 12), "working_days": 7,
        "notice_days": 10, "late_notice": True, "open_threads": ("T-1",),
    }  # fmt: skip
    with transaction(database.factory) as session:
        for event_type, data in (
            ("absence.announced", AbsenceAnnounced(**facts)),
            ("absence.late_notice", AbsenceLateNotice(**facts)),
        ):
            WRITER.seller_event(
                session,
                seller_id="S-9",
                market="DE",
                event_type=event_type,
                recipient=Recipient.ADMIN,
                key="A-1",
                occurred_at=T0,
                data=data,
            )
    with transaction(database.factory) as session:
        rows = log.page(session)
    assert [(row.stream, row.sequence, row.thread_id, row.recipient_id) for row in rows] == [
        ("seller:S-9", 1, None, None), ("seller:S-9", 2, None, None),
    ]  # fmt: skip
    assert rows[0].document["occurred_at"] == "2026-12-21T15:00:00+01:00"  # Berlin, like Paris, +01:00 in winter
    assert rows[1].document["data"]["rule"] == "R4.2"


def test_the_feed_pages_by_cursor_and_narrows_to_a_recipient_a_thread_or_types(database: Database) -> None:
    with transaction(database.factory) as session:
        thread(session, "T-1")
        thread(session, "T-2")
        message(session, "T-1", "M-1")
        reply(session, "T-1", "R-1")
        message(session, "T-2", "M-1")
    with transaction(database.factory) as session:
        first = log.page(session, limit=2)
        assert [row.sequence for row in first] == [1, 2]
        rest = log.page(session, after=first[-1].position)
        assert [(row.thread_id, row.type) for row in rest] == [("T-2", "buyer_message.received")]
        assert log.page(session, after=rest[-1].position) == []
        assert [row.type for row in log.page(session, recipient=(Recipient.BUYER, "B-T-1"))] == ["reply.delivered"]
        assert log.page(session, recipient=(Recipient.BUYER, "B-T-2")) == []
        assert [row.thread_id for row in log.page(session, thread_id="T-2")] == ["T-2"]
        assert [row.type for row in log.page(session, types=["reply.delivered"])] == ["reply.delivered"]


def test_a_reader_never_sees_a_position_before_the_earlier_ones_are_committed(database: Database) -> None:
    """Without the writers' serialisation, PostgreSQL would show position 2 while 1 is still
    uncommitted, and a feed reader at cursor 2 would never see 1."""
    with transaction(database.factory) as session:
        thread(session, "T-1")
        thread(session, "T-2")
    first_written, release_first = threading.Event(), threading.Event()
    positions: dict[str, int] = {}

    def slow_writer() -> None:
        with transaction(database.factory) as session:
            positions["first"] = message(session, "T-1", "M-1").position
            first_written.set()
            release_first.wait(10)

    def fast_writer() -> None:
        first_written.wait(10)
        with transaction(database.factory) as session:
            positions["second"] = message(session, "T-2", "M-2").position

    writers = [threading.Thread(target=slow_writer), threading.Thread(target=fast_writer)]
    for writer in writers:
        writer.start()
    first_written.wait(10)
    seen: list[list[int]] = []
    for _ in range(10):  # while the first writer holds its transaction open; read as the feed reads
        with reading(database.factory) as session:
            seen.append([row.position for row in log.page(session)])
        time.sleep(0.05)
    release_first.set()
    for writer in writers:
        writer.join(10)
    assert seen == [[]] * 10
    assert positions["first"] < positions["second"]
    with database.factory() as session:
        assert [row.position for row in log.page(session)] == [positions["first"], positions["second"]]


def _deliveries(database: Database, now: datetime) -> list[tuple[str, int]]:
    with transaction(database.factory) as session:
        log.plan(session, "hook", types=None, now=now)
        return [(due.thread_id or "", due.sequence) for due in log.due(session, "hook", now)]


def test_deliveries_go_in_order_per_thread_and_a_dead_letter_unblocks_its_thread(database: Database) -> None:
    with transaction(database.factory) as session:
        log.ensure_endpoint(session, "hook", "http://127.0.0.1:9/hook", from_start=True, now=T0)
        thread(session, "T-1")
        thread(session, "T-2")
        message(session, "T-1", "M-1")
        reply(session, "T-1", "R-1")
        message(session, "T-2", "M-1")
    # One head per thread: T-1's reply waits behind its message.
    assert _deliveries(database, T0) == [("T-1", 1), ("T-2", 1)]
    with transaction(database.factory) as session:
        heads = {due.thread_id: due.delivery_id for due in log.due(session, "hook", T0)}
        log.record_failed(
            session, heads["T-1"], at=T0, status=500, error="HTTP 500", retry_at=T0 + timedelta(seconds=5)
        )
        log.record_delivered(session, [heads["T-2"]], at=T0, status=204)
    # T-1's head waits out its backoff, and its reply behind it; T-2 is done.
    assert _deliveries(database, T0 + timedelta(seconds=1)) == []
    assert _deliveries(database, T0 + timedelta(seconds=5)) == [("T-1", 1)]
    with transaction(database.factory) as session:
        [head] = log.due(session, "hook", T0 + timedelta(seconds=5))
        assert (head.attempts, head.last_status, head.retry_from) == (1, 500, T0)
        log.record_failed(
            session, head.delivery_id, at=T0 + timedelta(days=3), status=None, error="connect: refused", retry_at=None
        )
    # Dead: its thread moves on; ops see it, and can send it again with a fresh horizon.
    assert _deliveries(database, T0 + timedelta(days=3)) == [("T-1", 2)]
    with transaction(database.factory) as session:
        [(dead, event)] = log.dead_letters(session)
        assert (dead.state, dead.attempts, event.sequence) == (DeliveryState.DEAD, 2, 1)
        assert log.redeliver(session, now=T0 + timedelta(days=4), event_id=event.event_id) == 1
        assert log.redeliver(session, now=T0 + timedelta(days=4), event_id=event.event_id) == 0
    assert _deliveries(database, T0 + timedelta(days=4)) == [("T-1", 1)]
    with transaction(database.factory) as session:
        [again] = log.due(session, "hook", T0 + timedelta(days=4))
        assert (again.attempts, again.retry_from) == (0, T0 + timedelta(days=4))


def test_an_endpoint_that_answers_again_gets_its_waiting_deliveries_at_once(database: Database) -> None:
    with transaction(database.factory) as session:
        log.ensure_endpoint(session, "hook", "http://127.0.0.1:9/hook", from_start=True, now=T0)
        thread(session, "T-1")
        thread(session, "T-2")
        message(session, "T-1", "M-1")
        message(session, "T-2", "M-1")
        log.plan(session, "hook", types=None, now=T0)
        for due in log.due(session, "hook", T0):
            log.record_failed(
                session, due.delivery_id, at=T0, status=503, error="HTTP 503", retry_at=T0 + timedelta(hours=1)
            )
    assert _deliveries(database, T0 + timedelta(minutes=1)) == []
    with transaction(database.factory) as session:
        assert log.wake(session, "hook", T0 + timedelta(minutes=1)) == 2
    assert _deliveries(database, T0 + timedelta(minutes=1)) == [("T-1", 1), ("T-2", 1)]


def test_a_new_endpoint_starts_now_unless_it_asks_for_the_past_and_filters_types(database: Database) -> None:
    with transaction(database.factory) as session:
        thread(session, "T-1")
        message(session, "T-1", "M-1")
        log.ensure_endpoint(session, "late", "http://127.0.0.1:9/a", from_start=False, now=T0)
        log.ensure_endpoint(session, "replies", "http://127.0.0.1:9/b", from_start=True, now=T0)
        reply(session, "T-1", "R-1")
    with transaction(database.factory) as session:
        log.plan(session, "late", types=None, now=T0)
        log.plan(session, "replies", types=frozenset({"reply.delivered"}), now=T0)
        assert [due.type for due in log.due(session, "late", T0)] == ["reply.delivered"]
        assert [due.type for due in log.due(session, "replies", T0)] == ["reply.delivered"]


def test_one_relay_holds_the_lease_until_it_runs_out(database: Database) -> None:
    ttl = timedelta(seconds=30)
    with transaction(database.factory) as session:
        assert log.hold_lease(session, "relay", "a", now=T0, ttl=ttl)
        assert not log.hold_lease(session, "relay", "b", now=T0 + timedelta(seconds=10), ttl=ttl)
        assert log.hold_lease(session, "relay", "a", now=T0 + timedelta(seconds=20), ttl=ttl)  # renewed
        assert not log.hold_lease(session, "relay", "b", now=T0 + timedelta(seconds=45), ttl=ttl)
        assert log.hold_lease(session, "relay", "b", now=T0 + timedelta(seconds=51), ttl=ttl)  # a's ran out
        log.release_lease(session, "relay", "b")
        assert log.hold_lease(session, "relay", "a", now=T0 + timedelta(seconds=52), ttl=ttl)
