"""A buyer message answered by an accepted reply costs the thread's history 16 events (issue 18):
Temporal's floor for signal-with-start plus one update (10), and one event for each thing the
rules need recorded. Growing it is a decision, so this test names every event. On the dev server,
as the system runs (the time-skipping server adds workflow tasks of its own)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from temporalio.api.enums.v1 import EventType

from contract.threads import thread_workflow_id
from helpdesk_testing import ThreadHarness
from rules.kinds import ThreadState

FLOOR = [  # signal-with-start, the workflow task that applies it, the update's task and the update
    "WORKFLOW_EXECUTION_STARTED",
    "WORKFLOW_EXECUTION_SIGNALED",
    "WORKFLOW_TASK_SCHEDULED",
    "WORKFLOW_TASK_STARTED",
    "WORKFLOW_TASK_COMPLETED",
    "WORKFLOW_TASK_SCHEDULED",
    "WORKFLOW_TASK_STARTED",
    "WORKFLOW_TASK_COMPLETED",
    "WORKFLOW_EXECUTION_UPDATE_ACCEPTED",
    "WORKFLOW_EXECUTION_UPDATE_COMPLETED",
]
pytestmark = pytest.mark.devserver
RULES = [
    "MARKER_RECORDED",  # the deadline (R1.1) and the message's record, one local activity
    "TIMER_STARTED",  # R1.1: the deadline (R1.3: or the reminder before it)
    "TIMER_CANCELED",  # the reply answered the message: no deadline any more
    "MARKER_RECORDED",  # R2: the reply screened and recorded with its verdict, one local activity
    "UPSERT_WORKFLOW_SEARCH_ATTRIBUTES",  # ops' filters: awaiting the buyer, no reply due
    "TIMER_STARTED",  # the 30-day close
]


async def test_an_answered_message_is_sixteen_events_each_accounted_for(dev_harness: ThreadHarness):
    h = dev_harness
    thread = await h.open_thread(market="FR", received_at=datetime.now(UTC))
    await thread.settled(lambda s: s.due_at is not None)
    assert (await thread.reply("Oui, il est débloqué et part aujourd'hui.")).accepted
    assert (await thread.settled()).state == ThreadState.AWAITING_BUYER
    history = await h.env.client.get_workflow_handle(thread_workflow_id(thread.thread_id)).fetch_history()
    kinds = [EventType.Name(event.event_type).removeprefix("EVENT_TYPE_") for event in history.events]
    # The thread's own events, exactly; workflow tasks in whole triples: a loaded machine can add a
    # task (a local activity slower than the task's heartbeat), which is Temporal's, not a rule's.
    task_events = [k for k in kinds if k.startswith("WORKFLOW_TASK_")]
    assert sorted(k for k in kinds if not k.startswith("WORKFLOW_TASK_")) == sorted(
        k for k in FLOOR + RULES if not k.startswith("WORKFLOW_TASK_")
    ), kinds
    assert len(task_events) % 3 == 0 and len(task_events) >= 6, kinds
    assert "core_patch" not in str(history.to_json())  # a new thread asks no patch (ThreadInput.version 2)
