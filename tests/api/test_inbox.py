"""The API's inbox writes (starter/api/handover.py): group-committed, and still "kept" means
committed, each request told its own answer, a failure told to every request of its batch."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy import event, text

from contract.threads import BuyerMessage, ThreadOpen
from starter.api.handover import Inbox
from store import repository
from store.db import open_store, transaction


@pytest.fixture
def sessions(tmp_path):
    return open_store(f"sqlite:///{tmp_path / 'helpdesk.db'}")


def message(n: int) -> tuple[ThreadOpen, BuyerMessage]:
    thread = ThreadOpen(thread_id=f"T-{n}", order_id="O-1", seller_id="S-1", buyer_id="B-1", market="FR")
    return thread, BuyerMessage(message_id=f"M-{n}", received_at=datetime.now(UTC), text="Est-il débloqué ?")


def commits(sessions) -> list[int]:
    counted = [0]

    @event.listens_for(sessions.kw["bind"], "commit")
    def _count(_connection) -> None:
        counted[0] += 1

    return counted


async def test_twenty_messages_at_once_are_each_kept_in_fewer_transactions(sessions):
    counted = commits(sessions)
    inbox = Inbox(sessions)
    created = await asyncio.gather(*(inbox.keep(*message(n)) for n in range(20)))
    assert created == [True] * 20
    assert counted[0] < 20  # the ones waiting together went in one transaction
    with transaction(sessions) as session:
        assert sorted(m.message_id for m in repository.pending_inbound(session, 100)) == sorted(
            f"M-{n}" for n in range(20)
        )


async def test_the_same_message_twice_at_once_is_kept_once(sessions):
    inbox = Inbox(sessions)
    first, again = await asyncio.gather(inbox.keep(*message(1)), inbox.keep(*message(1)))
    assert sorted([first, again]) == [False, True]


async def test_handed_over_marks_are_written_by_the_next_transaction(sessions):
    inbox = Inbox(sessions)
    for n in range(3):
        await inbox.keep(*message(n))
    inbox.handed_over("T-0", "M-0")
    inbox.handed_over("T-2", "M-2")
    await inbox.flush()
    with transaction(sessions) as session:
        assert [m.message_id for m in repository.pending_inbound(session, 100)] == ["M-1"]


async def test_a_store_failure_is_every_waiting_requests_error_and_the_inbox_goes_on(sessions):
    inbox = Inbox(sessions)
    with transaction(sessions) as session:
        session.execute(text("ALTER TABLE inbound_messages RENAME TO inbound_away"))
    results = await asyncio.gather(*(inbox.keep(*message(n)) for n in range(5)), return_exceptions=True)
    assert all(isinstance(result, Exception) for result in results), results
    with transaction(sessions) as session:
        session.execute(text("ALTER TABLE inbound_away RENAME TO inbound_messages"))
    assert await inbox.keep(*message(9)) is True
