"""R1 on the time-skipping server, with exact instants in market time.

Every instant is built from "the next ordinary week" (no public holiday in the markets used) so
the arithmetic in each comment is the rule's: 24 working hours, full 00:00-24:00 working days.
"""

from __future__ import annotations

from datetime import timedelta

from contract.threads import ThreadLimits
from helpdesk_testing import ThreadHarness
from rules.calendar import calendar_for
from rules.kinds import TakeoverReason, ThreadState
from rules.markets import DEFAULT_MARKETS

SECOND = timedelta(seconds=1)
GRACE = timedelta(seconds=ThreadLimits().reply_grace_s)


async def test_friday_15h_is_taken_over_monday_15h_not_a_second_earlier(thread_harness: ThreadHarness):
    h = thread_harness
    monday = await h.ordinary_monday("FR")
    friday = monday - timedelta(days=3)
    # R1.1: Fri 15:00 + 24 working hours = 9 h on Friday + 15 h on Monday = Mon 15:00.
    received = h.local("FR", friday, "15:00")
    due = h.local("FR", monday, "15:00")
    await h.advance_to(received)
    thread = await h.open_thread(market="FR", received_at=received)
    status = await thread.settled(lambda s: s.due_at is not None)
    assert status.state == ThreadState.AWAITING_SELLER
    assert status.due_at == due
    assert status.working_hours_left == 24.0

    await h.advance_to(due - SECOND)
    status = await thread.settled()
    assert status.state == ThreadState.AWAITING_SELLER and status.takeover_reason is None
    assert status.working_hours_left == round(1 / 3600, 4)

    # The thread acts GRACE after the due instant, for a reply that reached the helpdesk in time
    # and is still on its way (issue 15); the breach is the due instant's.
    await h.advance_to(due + GRACE - SECOND)
    assert (await thread.settled()).state == ThreadState.AWAITING_SELLER
    await h.advance_to(due + GRACE)
    status = await thread.settled(lambda s: s.state == ThreadState.TAKEN_OVER)
    # R1.4: violation and takeover with that reason.
    assert status.takeover_reason == TakeoverReason.REPLY_DEADLINE_MISSED
    assert [(v.kind, v.rule, v.at) for v in status.violations] == [("reply_deadline_missed", "R1.4", due)]
    assert thread.violations() == [("reply_deadline_missed", "R1.4")]


async def test_reminders_at_half_time_and_four_hours_left(thread_harness: ThreadHarness):
    h = thread_harness
    monday = await h.ordinary_monday("FR")
    friday = monday - timedelta(days=3)
    received = h.local("FR", friday, "15:00")
    due = h.local("FR", monday, "15:00")
    # R1.3: half of 24 h = 12 h = 9 h Friday + 3 h Monday -> Mon 03:00; 4 h left = 20 h -> Mon 11:00.
    half, four_left = h.local("FR", monday, "03:00"), h.local("FR", monday, "11:00")
    await h.advance_to(received)
    thread = await h.open_thread(market="FR", received_at=received)
    await thread.settled(lambda s: s.due_at is not None)

    await h.advance_to(half - SECOND)
    await thread.settled()
    assert ("seller", "reminder.half_time") not in thread.outbox()
    await h.advance_to(half + SECOND)
    [reminder] = await thread.wait_for_event("reminder.half_time")
    assert ("seller", "reminder.hours_left") not in thread.outbox()
    # The seller's event says when the reply is due, in market time, and how many working hours are left.
    assert reminder["recipient"] == {"kind": "seller", "id": thread.thread.seller_id}
    offset = half.isoformat()[-6:]  # the market's, +01:00 or +02:00 by the season
    assert reminder["occurred_at"] == half.isoformat() == f"{monday.isoformat()}T03:00:00{offset}"
    assert reminder["data"]["reply_due_at"] == due.isoformat() == f"{monday.isoformat()}T15:00:00{offset}"
    assert reminder["data"]["working_hours_left"] == 12.0
    assert reminder["data"]["rule"] == "R1.3"

    await h.advance_to(four_left - SECOND)
    await thread.settled()
    assert ("seller", "reminder.hours_left") not in thread.outbox()
    await h.advance_to(four_left + SECOND)
    [last] = await thread.wait_for_event("reminder.hours_left")
    assert last["occurred_at"] == f"{monday.isoformat()}T11:00:00{offset}"
    assert last["data"]["working_hours_left"] == 4.0
    assert last["data"]["reply_due_at"] == due.isoformat()
    status = await thread.settled()
    assert thread.outbox().count(("seller", "reminder.hours_left")) == 1
    assert thread.outbox().count(("seller", "reminder.half_time")) == 1
    assert status.working_hours_left == 4.0 - round(1 / 3600, 4)
    # Each event is numbered in the thread: the buyer's message first, then the two reminders.
    assert [(e["type"], e["sequence"]) for e in thread.events()] == [
        ("buyer_message.received", 1),
        ("reminder.half_time", 2),
        ("reminder.hours_left", 3),
    ]


async def test_a_reply_at_monday_14h59_prevents_the_takeover(thread_harness: ThreadHarness):
    h = thread_harness
    monday = await h.ordinary_monday("FR")
    received = h.local("FR", monday - timedelta(days=3), "15:00")
    await h.advance_to(received)
    thread = await h.open_thread(market="FR", received_at=received)
    first = (await thread.settled(lambda s: s.due_at is not None)).unanswered[0].message_id

    await h.advance_to(h.local("FR", monday, "14:59"))
    verdict = await thread.reply()
    assert verdict.accepted and verdict.answered == (first,)
    await h.advance_to(h.local("FR", monday, "15:00") + timedelta(hours=1))
    status = await thread.settled()
    assert status.state == ThreadState.AWAITING_BUYER
    assert status.takeover_reason is None and status.violations == () and status.due_at is None
    assert ("buyer", "reply.delivered") in thread.outbox()


async def test_two_unanswered_messages_one_reply(thread_harness: ThreadHarness):
    h = thread_harness
    monday = await h.ordinary_monday("FR")
    friday = monday - timedelta(days=3)
    first_at, second_at = h.local("FR", friday, "15:00"), h.local("FR", monday, "09:00")
    await h.advance_to(first_at)
    thread = await h.open_thread(market="FR", received_at=first_at)
    await h.advance_to(second_at)
    await thread.message(received_at=second_at)
    status = await thread.settled(lambda s: len(s.unanswered) == 2)
    # R1.2: the clock runs from the oldest unanswered message: still Mon 15:00.
    assert status.due_at == h.local("FR", monday, "15:00")

    await h.advance_to(h.local("FR", monday, "10:00"))
    verdict = await thread.reply()
    # One accepted reply answers every buyer message received before it.
    assert verdict.answered == tuple(m.message_id for m in status.unanswered)
    status = await thread.settled()
    assert status.state == ThreadState.AWAITING_BUYER and status.unanswered == ()


async def test_a_message_after_the_reply_starts_its_own_clock(thread_harness: ThreadHarness):
    h = thread_harness
    monday = await h.ordinary_monday("FR")
    await h.advance_to(h.local("FR", monday, "09:00"))
    thread = await h.open_thread(market="FR", received_at=h.local("FR", monday, "09:00"))
    await thread.settled(lambda s: s.due_at is not None)
    await h.advance_to(h.local("FR", monday, "10:00"))
    assert (await thread.reply()).accepted
    await h.advance_to(h.local("FR", monday, "11:30"))
    later = await thread.message(received_at=h.local("FR", monday, "11:30"))
    status = await thread.settled(lambda s: s.due_at is not None)
    # Mon 11:30 + 24 h = Tue 11:30.
    assert [m.message_id for m in status.unanswered] == [later]
    assert status.due_at == h.local("FR", monday + timedelta(days=1), "11:30")


async def test_no_reply_needed_starts_no_clock(thread_harness: ThreadHarness):
    h = thread_harness
    monday = await h.ordinary_monday("FR")
    at = h.local("FR", monday, "09:00")
    await h.advance_to(at)
    thread = await h.open_thread(market="FR", received_at=at, text="Thanks a lot!", no_reply_needed=True)
    status = await thread.settled(lambda s: s.messages_received == 1)
    # R1.5: no clock, so nothing is due and nothing is taken over days later.
    assert status.state == ThreadState.AWAITING_BUYER and status.due_at is None
    await h.advance_to(at + timedelta(days=3))
    status = await thread.settled()
    assert status.state == ThreadState.AWAITING_BUYER and status.takeover_reason is None


async def test_backfilled_message_whose_deadline_passed_a_week_ago_is_taken_over_at_once(thread_harness: ThreadHarness):
    h = thread_harness
    monday = await h.ordinary_monday("FR")
    learned_at = h.local("FR", monday, "12:00")
    await h.advance_to(learned_at)
    # R1.7: received last Monday 12:00, so due (at the latest, holidays or not) days before now,
    # about a week ago: the takeover fires at once, it is not skipped.
    received = h.local("FR", monday - timedelta(days=7), "12:00")
    thread = await h.open_thread(market="FR", received_at=received)
    status = await thread.settled(lambda s: s.state == ThreadState.TAKEN_OVER, timeout=10)
    assert status.takeover_reason == TakeoverReason.REPLY_DEADLINE_MISSED
    assert [(v.kind, v.rule) for v in status.violations] == [("reply_deadline_missed", "R1.4")]
    # Taken over the moment the thread learned of the message (the clock did not move meanwhile);
    # the breach is the deadline's, a week ago.
    assert status.violations[0].at == calendar_for(DEFAULT_MARKETS["FR"]).due_instant(received, 24)
    case = await thread.case()
    assert timedelta(0) <= case.opened_at - learned_at < timedelta(seconds=5)
