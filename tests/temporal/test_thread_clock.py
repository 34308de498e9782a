"""R1 on the time-skipping server, with exact instants in market time.

Every instant is built from "the next ordinary week" (no public holiday in the markets used) so
the arithmetic in each comment is the rule's: 24 working hours, full 00:00-24:00 working days.
"""

from __future__ import annotations

from datetime import timedelta

from harness import ThreadHarness
from rules.kinds import TakeoverReason, ThreadState

SECOND = timedelta(seconds=1)


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

    await h.advance_to(due + SECOND)
    status = await thread.settled(lambda s: s.state == ThreadState.TAKEN_OVER)
    # R1.4: violation and takeover with that reason.
    assert status.takeover_reason == TakeoverReason.REPLY_DEADLINE_MISSED
    assert [(v.kind, v.rule) for v in status.violations] == [("reply_deadline_missed", "R1.4")]
    assert thread.violations() == [("reply_deadline_missed", "R1.4")]
