"""R3.2 Discussions from the store's read model, kept by the threads' own activities."""

from __future__ import annotations

import uuid
from datetime import timedelta

from helpdesk_testing import ThreadHarness
from rules.kinds import RaisedBy, TakeoverReason, ThreadState


async def test_discussions_awaiting_the_seller_first_by_due_instant(thread_harness: ThreadHarness):
    h = thread_harness
    seller = f"S-{uuid.uuid4().hex[:8]}"
    monday = await h.ordinary_monday("FR")
    await h.advance_to(h.local("FR", monday, "09:00"))
    sooner = await h.open_thread(market="FR", received_at=h.local("FR", monday, "09:00"), seller_id=seller)
    answered = await h.open_thread(market="FR", received_at=h.local("FR", monday, "09:00"), seller_id=seller)
    taken = await h.open_thread(market="FR", received_at=h.local("FR", monday, "09:00"), seller_id=seller)
    await h.advance_to(h.local("FR", monday, "11:00"))
    later = await h.open_thread(market="FR", received_at=h.local("FR", monday, "11:00"), seller_id=seller)
    for thread in (later, sooner, answered, taken):
        await thread.settled(lambda s: s.due_at is not None)
    assert (await answered.reply()).accepted
    assert not (await sooner.reply("Écrivez-moi sur WhatsApp au 06 12 34 56 78")).accepted
    await taken.escalate(TakeoverReason.QUALITY_DISPUTE, RaisedBy.BUYER)
    await taken.settled(lambda s: s.state == ThreadState.TAKEN_OVER)
    await answered.settled(lambda s: s.state == ThreadState.AWAITING_BUYER)

    now = h.local("FR", monday, "12:00")
    entries = h.client.discussions(seller, now=now)
    assert [(e.thread_id, e.state) for e in entries] == [
        (sooner.thread_id, ThreadState.AWAITING_SELLER),  # due Tuesday 09:00
        (later.thread_id, ThreadState.AWAITING_SELLER),  # due Tuesday 11:00
        (answered.thread_id, ThreadState.AWAITING_BUYER),
    ]  # the taken-over thread belongs to the platform now
    first, second, third = entries
    assert (first.working_hours_left, second.working_hours_left, third.working_hours_left) == (21.0, 23.0, None)
    # In the market's time with its offset, as the thread view gives it (issue 16: it was UTC).
    assert first.due_at.isoformat() == h.local("FR", monday + timedelta(days=1), "09:00").isoformat()
    assert [m.message_id for m in first.unanswered] == [f"{sooner.thread_id}-m1"] and third.unanswered == ()
    assert first.unanswered[0].received_at.isoformat() == h.local("FR", monday, "09:00").isoformat()
    assert (first.refused_replies, second.refused_replies) == (1, 0)
    assert first.last_refusal is not None and first.last_refusal[0]["rule"] == "R2.1"
