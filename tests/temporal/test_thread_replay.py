"""Determinism: histories of real thread runs replay without a nondeterminism error.

The issue on durability adds stored histories under tests/histories; these replay what the
timing tests just produced (breach and takeover, refused and accepted replies, market change,
continue-as-new), with the worker's own sandbox and data converter.
"""

from __future__ import annotations

from datetime import timedelta

from history_keys import test_data_converter
from temporalio.worker import Replayer

from contract.threads import ThreadLimits
from helpdesk_testing import ThreadHarness
from rules.kinds import RaisedBy, TakeoverReason, ThreadState
from worker import workflow_runner
from workflows import ALL_WORKFLOWS


async def test_thread_histories_replay(thread_harness: ThreadHarness):
    h = thread_harness
    monday = await h.ordinary_monday("FR", "GB")
    friday = monday - timedelta(days=3)
    await h.advance_to(h.local("FR", friday, "15:00"))
    breached = await h.open_thread(market="FR", received_at=h.local("FR", friday, "15:00"))
    talked = await h.open_thread(market="FR", received_at=h.local("FR", friday, "15:00"))
    disputed = await h.open_thread(market="FR", received_at=h.local("FR", friday, "15:00"))
    await talked.settled(lambda s: s.due_at is not None)
    assert not (await talked.reply("Vous êtes un imbécile.")).accepted
    await talked.change_market("GB")
    assert (await talked.reply("Yes, it is unlocked and ships today.")).accepted  # in English: GB now
    await disputed.escalate(TakeoverReason.COUNTERFEIT, RaisedBy.BACKEND)
    await h.advance_to(h.local("FR", monday, "16:00"))
    await breached.settled(lambda s: s.state == ThreadState.TAKEN_OVER)
    await disputed.settled(lambda s: s.state == ThreadState.TAKEN_OVER)

    # A thread that continues-as-new: its first run's history ends in ContinuedAsNew.
    from dataclasses import replace

    from starter.client.helpdesk import HelpdeskClient

    base = h.client
    short = replace(
        h,
        client=HelpdeskClient(
            base.temporal,
            base.task_queue,
            sessions=h.sessions,
            limits=ThreadLimits(continue_as_new_after_events=30),
            clock=h.env.get_current_time,
        ),
    )
    at = h.local("FR", monday, "16:00")
    continued = await short.open_thread(market="FR", received_at=at)
    await continued.settled(lambda s: s.due_at is not None)
    first_run_id = await h.run_id(continued.thread_id)
    for n in range(4):
        await continued.message(received_at=at, message_id=f"{continued.thread_id}-x{n}")
        assert (await continued.reply()).accepted

    replayer = Replayer(
        workflows=ALL_WORKFLOWS, data_converter=test_data_converter(), workflow_runner=workflow_runner()
    )
    client = h.client.temporal
    for thread in (breached, talked, disputed):
        for workflow_id in (f"thread-{thread.thread_id}",) + (
            (f"takeover-{thread.thread_id}",) if thread is not talked else ()
        ):
            history = await client.get_workflow_handle(workflow_id).fetch_history()
            await replayer.replay_workflow(history)  # raises on nondeterminism
    assert await h.run_id(continued.thread_id) != first_run_id
    history = await base.temporal.get_workflow_handle(
        f"thread-{continued.thread_id}", run_id=first_run_id
    ).fetch_history()
    assert history.events[-1].HasField("workflow_execution_continued_as_new_event_attributes")
    await replayer.replay_workflow(history)
