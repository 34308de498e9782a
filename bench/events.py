"""Benchmark: what delivering events costs a thread, how late they arrive, how fast the relay drains.

Why this exists: every fact a person must learn is an event, written in the fact's transaction
and pushed by the relay as a signed webhook (issue 14). Delivery must not make a thread much
dearer, must reach the receiver promptly at the rate threads run, and must drain a backlog (a
receiver back after an outage) fast. Three figures, each against a baseline run in this process:

1. **CPU per thread.** The exchange of bench/threads.py (open by signal-with-start, an accepted
   reply by Update, the state query; 2 events: the buyer's message to the seller, the reply to
   the buyer) in rounds alternating between *events off* (the event writer patched to write
   nothing, no relay: the system as it was before events) and *events on* (events written, the
   relay running as its own process, as ``make run`` runs it, POSTing to a bare receiver in a
   third process). CPU of this process (client and worker) plus, when on, the relay process,
   from the batch's start until every event of the batch is delivered. Target: on/off <= 1.20.
2. **Lag.** For every event of the "on" rounds: its arrival at the receiver minus its
   ``occurred_at``. Target: p99 <= 2 s at the thread bench's rate.
3. **Drain rate.** A backlog of events (a receiver back after an outage) sent by the relay, vs a
   bare loop POSTing the same bodies with the same HTTP client (aiohttp) and concurrency to the
   same receiver, with no store, no signing and no order: events per second of each and the ratio.

The receiver (bench/bare_receiver.py) answers 204 and notes each arrival; its CPU is not counted
(it is the backend's). Exit status 0 whether or not a target is met; 1 if the system misbehaves
(an event not delivered, a reply not accepted).

Run: ``.venv/bin/python bench/events.py [--threads 150] [--rounds 3] [--concurrency 20] [--backlog 2000] [--json]``.
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
import platform  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from collections.abc import Iterator, Sequence  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from datetime import UTC, datetime, timedelta  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import aiohttp  # noqa: E402
import temporalio  # noqa: E402

from activities.events import EventWriter  # noqa: E402
from bench._targets import at_most  # noqa: E402
from bench.threads import (  # noqa: E402
    ACTIVITY_THREADS,
    Misbehaviour,
    cpu_seconds,
    helpdesk_exchange,
    new_thread,
    percentile,
    start_dev_server,
    terminate_all,
)
from config import load_settings  # noqa: E402
from connection import exit_process  # noqa: E402
from delivery.endpoints import RetryPolicy, WebhookEndpoint, new_secret  # noqa: E402
from delivery.relay import Relay  # noqa: E402
from delivery.signing import body_of  # noqa: E402
from events.schema import BuyerMessageReceived  # noqa: E402
from rules.kinds import Recipient, ThreadState  # noqa: E402
from rules.markets import MarketRegistry  # noqa: E402
from starter.client.helpdesk import HelpdeskClient  # noqa: E402
from starter.dev.ports import free_port  # noqa: E402
from store import events as log  # noqa: E402
from store import repository  # noqa: E402
from store.db import (  # noqa: E402
    open_store,  # noqa: E402
    reading,
    transaction,
)
from store.models import DeliveryState  # noqa: E402
from store.models import WebhookEndpoint as EndpointRow
from telemetry.logging import configure_logging  # noqa: E402
from worker import build_worker  # noqa: E402

BENCH = Path(__file__).resolve().parent
TARGETS = {"cpu_ratio_max": 1.20, "lag_p99_s_max": 2.0}
DRAIN_TIMEOUT_S = 120.0


# -- the processes beside this one ---------------------------------------------------------------


@contextmanager
def bare_receiver(log_path: Path) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        # -P: bench/calendar.py must not shadow the standard library's calendar
        [sys.executable, "-P", str(BENCH / "bare_receiver.py"), str(port), str(log_path)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"
        yield f"http://127.0.0.1:{port}/events"
    finally:
        process.terminate()
        process.wait(30)


def arrivals(log_path: Path) -> dict[str, tuple[datetime, float]]:
    """event id -> (occurred_at, arrival time) of its first arrival."""
    found: dict[str, tuple[datetime, float]] = {}
    for line in log_path.read_text().splitlines():
        event_id, occurred, arrived = line.split("\t")
        found.setdefault(event_id, (datetime.fromisoformat(occurred), float(arrived)))
    return found


@contextmanager
def relay_process(database_url: str, endpoint: WebhookEndpoint, concurrency: int) -> Iterator[subprocess.Popen[bytes]]:
    """``helpdesk relay`` as ``make run`` starts it, for the receiver."""
    env = {
        **os.environ,
        "HELPDESK_DATABASE_URL": database_url,
        "HELPDESK_WEBHOOKS": json.dumps(
            [
                {
                    "name": endpoint.name,
                    "url": str(endpoint.url),
                    "secrets": [s.get_secret_value() for s in endpoint.secrets],
                }
            ]
        ),
        "HELPDESK_WEBHOOK_CONCURRENCY": str(concurrency),
        "HELPDESK_RELAY_METRICS_PORT": "0",
        "HELPDESK_LOG_LEVEL": "WARNING",
    }
    process = subprocess.Popen([sys.executable, "-m", "starter.cli", "relay"], env=env, start_new_session=True)
    try:
        yield process
    finally:
        process.terminate()
        process.wait(30)


def drained(sessions: Any, endpoint: str) -> bool:
    """Every event written so far planned for the endpoint, and none waiting."""
    with reading(sessions) as session:
        last = log.last_position(session)
        planned = session.get(EndpointRow, endpoint)
        counts = log.delivery_counts(session)
    return planned is not None and planned.planned_to >= last and counts.get((endpoint, DeliveryState.PENDING), 0) == 0


async def wait_drained(sessions: Any, endpoint: str) -> None:
    deadline = time.monotonic() + DRAIN_TIMEOUT_S
    while not await asyncio.to_thread(drained, sessions, endpoint):
        if time.monotonic() > deadline:
            raise Misbehaviour(f"events not delivered within {DRAIN_TIMEOUT_S:g} s")
        await asyncio.sleep(0.05)


# -- part 1 and 2: threads with events off and on -----------------------------------------------------


@contextmanager
def events_off() -> Iterator[None]:
    """The system as before events: the writer writes nothing."""
    saved = EventWriter.thread_event, EventWriter.seller_event
    EventWriter.thread_event = EventWriter.seller_event = lambda *args, **kwargs: None  # type: ignore[assignment, method-assign]
    try:
        yield
    finally:
        EventWriter.thread_event, EventWriter.seller_event = saved  # type: ignore[method-assign]


async def threads_round(
    helpdesk: HelpdeskClient,
    run_id: str,
    label: str,
    n: int,
    concurrency: int,
    relay_pid: int | None,
    sessions: Any,
    endpoint: str,
) -> dict[str, Any]:
    gate = asyncio.Semaphore(concurrency)

    async def one(index: int):
        async with gate:
            return await helpdesk_exchange(helpdesk, new_thread(run_id, label, index))

    cpu_here, cpu_relay = time.process_time(), cpu_seconds([relay_pid]) if relay_pid else None
    start = time.perf_counter()
    exchanges = await asyncio.gather(*(one(i) for i in range(n)))
    seconds = time.perf_counter() - start
    cpu_worker = time.process_time() - cpu_here
    if relay_pid:
        await wait_drained(sessions, endpoint)
    relay_cpu = (cpu_seconds([relay_pid]) or 0.0) - (cpu_relay or 0.0) if relay_pid else 0.0
    await terminate_all(helpdesk.temporal, [e.workflow_id for e in exchanges], concurrency)
    return {
        "threads": n,
        "seconds": seconds,
        "threads_per_second": n / seconds,
        "cpu_ms_per_thread": 1000 * (cpu_worker + relay_cpu) / n,
        "cpu_ms_per_thread_relay": 1000 * relay_cpu / n,
        "thread_ids": [e.thread_id for e in exchanges],
    }


# -- part 3: draining a backlog ------------------------------------------------------------------------


def write_backlog(sessions: Any, count: int, per_thread: int) -> None:
    writer = EventWriter(MarketRegistry.from_overrides())
    now = datetime.now(UTC)
    with transaction(sessions) as session:
        for n in range(count // per_thread):
            thread_id = f"backlog-{n}"
            repository.upsert_thread(
                session,
                thread_id=thread_id,
                order_id=f"O-{n}",
                seller_id=f"S-{n % 50}",
                buyer_id=f"B-{n}",
                market="FR",
                currency="EUR",
                state=ThreadState.AWAITING_SELLER,
            )
            for m in range(per_thread):
                writer.thread_event(
                    session,
                    thread_id=thread_id,
                    event_type="buyer_message.received",
                    recipient=Recipient.SELLER,
                    key=f"M-{m}",
                    occurred_at=now,
                    data=BuyerMessageReceived(
                        message_id=f"M-{m}",
                        text="Bonjour, le téléphone est-il bien débloqué ?",
                        received_at=now,
                        no_reply_needed=False,
                        reply_due_at=now + timedelta(days=1),
                        working_hours_left=24.0,
                    ),
                )


async def drain_relay(sessions: Any, endpoint: WebhookEndpoint, concurrency: int) -> tuple[int, float]:
    relay = Relay(sessions, [endpoint], RetryPolicy(), concurrency=concurrency, poll_interval=0.05)
    start, sent = time.perf_counter(), 0
    while True:
        step = await relay.step()
        if not step:
            break
        sent += step
    seconds = time.perf_counter() - start
    await relay.close()
    return sent, seconds


async def drain_bare(sessions: Any, url: str, concurrency: int) -> tuple[int, float]:
    """The same bodies, POSTed by the same HTTP client (aiohttp) with the same concurrency, and
    nothing else: no store, no signing, no order."""
    with reading(sessions) as session:
        bodies = [
            (row.event_id, body_of(row.document, str(row.position))) for row in log.page(session, limit=1_000_000)
        ]
    queue = list(reversed(bodies))
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency)) as client:

        async def sender() -> int:
            sent = 0
            while queue:
                event_id, body = queue.pop()
                headers = {"webhook-id": event_id, "content-type": "application/json"}
                async with client.post(url, data=body, headers=headers) as response:
                    sent += 200 <= response.status < 300
            return sent

        start = time.perf_counter()
        sent = sum(await asyncio.gather(*(sender() for _ in range(concurrency))))
        return sent, time.perf_counter() - start


# -- the benchmark -----------------------------------------------------------------------------------------


async def bench(threads: int, rounds: int, concurrency: int, backlog: int, relay_concurrency: int) -> dict[str, Any]:
    run_id = uuid.uuid4().hex[:6]
    with tempfile.TemporaryDirectory(prefix="bench-events-") as tmp:
        tmpdir = Path(tmp)
        settings = load_settings(
            task_queue=f"bench-{run_id}", metrics_port=0, database_url=f"sqlite:///{tmpdir / 'helpdesk.db'}"
        )
        with bare_receiver(tmpdir / "arrivals.tsv") as url:
            endpoint = WebhookEndpoint(name="bench", url=url, secrets=[new_secret()])
            env = await start_dev_server(settings, tmpdir / "temporal.db")
            try:
                sessions = open_store(settings.database_url)
                helpdesk = HelpdeskClient(env.client, settings.task_queue, sessions=sessions)
                results: dict[str, list[dict[str, Any]]] = {"off": [], "on": []}
                with concurrent.futures.ThreadPoolExecutor(ACTIVITY_THREADS, thread_name_prefix="activity") as executor:
                    async with build_worker(env.client, settings, executor, sessions=sessions):
                        with relay_process(settings.database_url, endpoint, relay_concurrency) as relay:
                            with events_off():  # untimed warm-up of the worker and the sandbox
                                await threads_round(
                                    helpdesk, run_id, "w", concurrency, concurrency, None, sessions, endpoint.name
                                )
                            for round_no in range(1, rounds + 1):
                                order = ("off", "on") if round_no % 2 else ("on", "off")
                                for mode in order:
                                    label = f"{mode}{round_no}-"
                                    if mode == "off":
                                        with events_off():
                                            result = await threads_round(
                                                helpdesk,
                                                run_id,
                                                label,
                                                threads,
                                                concurrency,
                                                None,
                                                sessions,
                                                endpoint.name,
                                            )
                                    else:
                                        result = await threads_round(
                                            helpdesk,
                                            run_id,
                                            label,
                                            threads,
                                            concurrency,
                                            relay.pid,
                                            sessions,
                                            endpoint.name,
                                        )
                                    results[mode].append(result)
                        on_threads = {t for r in results["on"] for t in r["thread_ids"]}
                        with reading(sessions) as session:
                            written = [row for row in log.page(session, limit=1_000_000) if row.thread_id in on_threads]
            finally:
                await env.shutdown()
            # Part 3: a backlog in a store of its own, drained by the relay, then by the bare loop.
            backlog_sessions = open_store(f"sqlite:///{tmpdir / 'backlog.db'}")
            write_backlog(backlog_sessions, backlog, per_thread=5)
            backlog_endpoint = WebhookEndpoint(name="backlog", url=url, secrets=[new_secret()], from_start=True)
            relay_sent, relay_s = await drain_relay(backlog_sessions, backlog_endpoint, relay_concurrency)
            bare_sent, bare_s = await drain_bare(backlog_sessions, url, relay_concurrency)
        arrived = arrivals(tmpdir / "arrivals.tsv")

    missing = [row.event_id for row in written if row.event_id not in arrived]
    if missing or relay_sent != backlog or bare_sent != backlog:
        raise Misbehaviour(
            f"{len(missing)} events never arrived; backlog sent {relay_sent} by the relay, {bare_sent} bare, of {backlog}"
        )
    lags = [arrived[row.event_id][1] - arrived[row.event_id][0].timestamp() for row in written]
    cpu = {
        mode: sum(r["cpu_ms_per_thread"] * r["threads"] for r in found) / sum(r["threads"] for r in found)
        for mode, found in results.items()
    }
    relay_cpu = sum(r["cpu_ms_per_thread_relay"] * r["threads"] for r in results["on"]) / sum(
        r["threads"] for r in results["on"]
    )
    ratio = cpu["on"] / cpu["off"]
    lag_p99 = percentile(lags, 99)
    return {
        "date": datetime.now(UTC).date().isoformat(),
        "python": platform.python_version(),
        "temporalio": temporalio.__version__,
        "cpus": os.cpu_count(),
        "threads_per_round": threads,
        "rounds": rounds,
        "concurrency": concurrency,
        "relay_concurrency": relay_concurrency,
        "cpu_ms_per_thread": {"events_off": cpu["off"], "events_on": cpu["on"], "of_which_relay": relay_cpu},
        "per_round_cpu_ratio": [
            on["cpu_ms_per_thread"] / off["cpu_ms_per_thread"] for on, off in zip(results["on"], results["off"])
        ],
        "threads_per_second": {
            mode: sum(r["threads"] for r in found) / sum(r["seconds"] for r in found) for mode, found in results.items()
        },
        "events_per_thread": len(written) / (threads * rounds),
        "lag_s": {
            "events": len(lags),
            "p50": percentile(lags, 50),
            "p90": percentile(lags, 90),
            "p99": lag_p99,
            "max": max(lags),
        },
        "drain": {
            "events": backlog,
            "relay_events_per_s": relay_sent / relay_s,
            "bare_events_per_s": bare_sent / bare_s,
            "ratio": (relay_sent / relay_s) / (bare_sent / bare_s),
        },
        "targets": {
            "cpu_ratio": at_most(ratio, TARGETS["cpu_ratio_max"]),
            "lag_p99_s": at_most(lag_p99, TARGETS["lag_p99_s_max"]),
        },
    }


def render(report: dict[str, Any]) -> str:
    cpu, lag, drain = report["cpu_ms_per_thread"], report["lag_s"], report["drain"]
    rates = report["threads_per_second"]
    lines = [
        f"Event delivery, {report['date']}: temporalio {report['temporalio']}, Python {report['python']}, {report['cpus']} CPUs; "
        f"dev server, worker, relay and a bare receiver on this machine",
        f"{report['rounds']} rounds x {report['threads_per_round']} threads with events off and on (alternating), concurrency "
        f"{report['concurrency']}; {report['events_per_thread']:.2f} events per thread; relay concurrency {report['relay_concurrency']}",
        "",
        f"CPU ms per thread   events off {cpu['events_off']:6.1f}   events on {cpu['events_on']:6.1f} "
        f"(relay {cpu['of_which_relay']:.1f})   ratio {cpu['events_on'] / cpu['events_off']:.3f}",
        "  per-round ratios: " + ", ".join(f"{r:.3f}" for r in report["per_round_cpu_ratio"]),
        f"threads/s           events off {rates['off']:6.1f}   events on {rates['on']:6.1f}",
        f"lag occurred -> receiver ({lag['events']} events): p50 {lag['p50'] * 1000:.0f} ms, p90 {lag['p90'] * 1000:.0f} ms, "
        f"p99 {lag['p99'] * 1000:.0f} ms, max {lag['max'] * 1000:.0f} ms",
        f"drain of {drain['events']} events: relay {drain['relay_events_per_s']:.0f}/s, bare aiohttp loop {drain['bare_events_per_s']:.0f}/s, "
        f"ratio {drain['ratio']:.2f}",
        "",
    ]
    for name, target in report["targets"].items():
        lines.append(
            f"target {name} {target['target']}: {'MET' if target['met'] else 'NOT MET'} ({target['value']:.3f})"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--threads", type=int, default=150, help="threads per mode per round (default 150)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--concurrency", type=int, default=20, help="exchanges in flight (default 20, as bench/threads.py)"
    )
    parser.add_argument(
        "--relay-concurrency", type=int, default=16, help="the relay's deliveries in flight (the setting's default)"
    )
    parser.add_argument("--backlog", type=int, default=2000, help="events in the drain test (default 2000)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    configure_logging("WARNING")
    try:
        report = asyncio.run(bench(args.threads, args.rounds, args.concurrency, args.backlog, args.relay_concurrency))
    except Misbehaviour as failed:
        sys.stderr.write(f"bench/events.py: the system misbehaved: {failed}\n")
        return 1
    print(json.dumps(report, indent=2) if args.json else render(report))
    return 0


if __name__ == "__main__":
    exit_process(main(sys.argv[1:]))
