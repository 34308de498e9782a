"""Chaos: many threads through the whole rulebook while the worker is killed and the server restarts.

``make chaos`` runs 300 threads; ``tests/chaos/test_chaos.py`` a shorter run in ``make test``.
A dev server on a persisted database file, a worker in its own process (``python -m worker``, as
in production) on a SQLite store, and a driver that gives every thread a seeded random story:

- ``answered``: 1-3 buyer messages (some sent twice), then an accepted reply (R1.2);
- ``refused_then_answered``: a reply refused for an e-mail address (R2.1), then an accepted one;
- ``contact_twice``: two contact attempts: the second takes the thread over (R2.1, R5.1);
- ``escalated``: the buyer disputes the quality (R5.1); ops reject the claim;
- ``refunded``: not as described; ops refund the order total (R5.3);
- ``severe``: counterfeit with an order total: return and refund by rule (R5.4), the parcel and
  the inspection arrive, the buyer is refunded, the seller recharged four costs (R5.5, R5.6);
- ``breach``: the first message was received ten days ago: breached at once (R1.7), ops reject.

Meanwhile the worker is killed with SIGKILL three times and the dev server restarted once, the
webhook relay (its own process) killed twice, and the webhook receiver (a real HTTP server that
verifies every signature) down for a stretch, at fixed points of the run's progress. The driver
retries what the outage interrupted with the same ids (every call of this system is idempotent by
its id). Afterwards each thread must be in the state its story predicts, its buyer messages
recorded once each, its ledger hold exactly the predicted costs, each once, its events be the
ones its story predicts, and every event have reached the receiver, in order per thread.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import WorkflowUpdateRPCTimeoutOrCancelledError
from temporalio.runtime import LoggingConfig, Runtime, TelemetryConfig, TelemetryFilter
from temporalio.service import RPCError

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from webhook_receiver import WebhookReceiver  # noqa: E402

from config import Settings, load_settings  # noqa: E402
from connection import connect  # noqa: E402
from contract.cases import InspectionReport, OpsDecision, ParcelReceived  # noqa: E402
from contract.threads import BuyerMessage, Escalation, SellerReply, ThreadOpen, ThreadStatus  # noqa: E402
from errors import Refused  # noqa: E402
from rules.kinds import CaseStage, CostKind, InspectionResult, OpsOutcome, RaisedBy, TakeoverReason, ThreadState  # noqa: E402
from starter.client.cases import CaseNotFound  # noqa: E402
from starter.client.helpdesk import HelpdeskClient  # noqa: E402
from starter.dev.devserver import DevServer  # noqa: E402
from starter.dev.ports import free_port  # noqa: E402
from starter.dev.supervisor import stop_process  # noqa: E402
from store import events as event_log  # noqa: E402
from store import repository  # noqa: E402
from store.db import (  # noqa: E402
    open_store,  # noqa: E402
    reading,
    transaction,
)

T = TypeVar("T")
KINDS = ("answered", "refused_then_answered", "contact_twice", "escalated", "refunded", "severe", "breach")
ORDER_TOTAL = Decimal("199.00")
# The fractions of finished threads at which the chaos strikes.
WORKER_KILLS = (0.15, 0.40, 0.75)
SERVER_RESTART = 0.55
RELAY_KILLS = (0.25, 0.65)
RECEIVER_DOWN, RECEIVER_UP = 0.30, 0.50
# What an outage looks like to a caller; a refusal or "not found" is an answer, not an outage.
TRANSIENT: tuple[type[Exception], ...] = (RPCError, WorkflowUpdateRPCTimeoutOrCancelledError)


@dataclass
class Story:
    """One thread's seeded story and what the rulebook predicts for it."""

    thread: ThreadOpen
    kind: str
    message_ids: list[str]
    duplicates: list[str]

    @property
    def taken_over(self) -> TakeoverReason | None:
        return {
            "contact_twice": TakeoverReason.TERMS_VIOLATION,
            "escalated": TakeoverReason.QUALITY_DISPUTE,
            "refunded": TakeoverReason.NOT_AS_DESCRIBED,
            "severe": TakeoverReason.COUNTERFEIT,
            "breach": TakeoverReason.REPLY_DEADLINE_MISSED,
        }.get(self.kind)

    @property
    def replies(self) -> tuple[int, int]:
        """(accepted, refused)"""
        return {"answered": (1, 0), "refused_then_answered": (1, 1), "contact_twice": (0, 2)}.get(self.kind, (0, 0))

    @property
    def events(self) -> Counter[str]:
        """The events people are owed by this story, by type (R3.1)."""
        told: Counter[str] = Counter({"buyer_message.received": len(self.message_ids)})
        accepted, refused = self.replies
        told.update({"reply.delivered": accepted, "reply.refused": refused})
        if self.taken_over is not None:
            # ops learn of the case, seller and buyer of the takeover; all three of the decision
            told.update({"case.opened": 1, "thread.taken_over": 2, "case.decided": 3, "recharge.completed": 1})
            told["charge.made"] = sum(self.ledger.values())
            if self.kind in ("refunded", "severe"):
                told["refund.issued"] = 1
            if self.kind == "severe":
                told["return.label_issued"] = 1
        told["statement.issued"] = self.sanctions  # issue 20: one statement per sanction, never two
        return +told

    @property
    def sanctions(self) -> int:
        """Violations (each refused reply's, R2.1's terms violation, a breach's, a severe reason's),
        the flag of a severe reason, the takeover, and each charge."""
        violations = self.replies[1] + {"contact_twice": 1, "severe": 1, "breach": 1}.get(self.kind, 0)
        flags = 1 if self.kind == "severe" else 0
        takeovers = 1 if self.taken_over is not None else 0
        return violations + flags + takeovers + sum(self.ledger.values())

    @property
    def ledger(self) -> Counter[CostKind]:
        """R5.6: the costs the seller is charged, each once."""
        if self.taken_over is None:
            return Counter()
        costs = [CostKind.HANDLING_FEE]
        if self.kind == "refunded":
            costs.append(CostKind.REFUND)
        if self.kind == "severe":
            costs += [CostKind.SEVERE_VIOLATION_FEE, CostKind.RETURN_LABEL, CostKind.REFUND]
        return Counter(costs)


def stories(count: int, seed: int, run: str) -> list[Story]:
    rng = random.Random(seed)
    plans = []
    for n in range(count):
        kind = KINDS[n % len(KINDS)] if n < len(KINDS) else rng.choice(KINDS)
        thread_id = f"C{run}-{n:04d}"
        thread = ThreadOpen(
            thread_id=thread_id,
            order_id=f"O-{thread_id}",
            seller_id=f"S-{thread_id}",
            buyer_id=f"B-{thread_id}",
            market=rng.choice(("FR", "BE")),
            subject="Question about my order",  # the replies are French (R2.3)
            order_total=ORDER_TOTAL if kind in ("refunded", "severe") else None,
        )
        messages = [f"{thread_id}-m{i}" for i in range(1, rng.randint(1, 3) + 1)]
        plans.append(Story(thread, kind, messages, [m for m in messages if rng.random() < 0.3]))
    return plans


@dataclass
class Chaos:
    """The processes the run kills and restarts, and what it did to them."""

    server: DevServer
    settings: Settings
    log_dir: Path
    receiver: WebhookReceiver = field(default_factory=WebhookReceiver)
    worker: subprocess.Popen[bytes] | None = None
    relay: subprocess.Popen[bytes] | None = None
    kills: int = 0
    restarts: int = 0
    relay_kills: int = 0
    events: list[str] = field(default_factory=list)

    def start_relay(self) -> None:
        env = {
            **os.environ,
            "HELPDESK_DATABASE_URL": self.settings.database_url,
            "HELPDESK_WEBHOOKS": self.receiver.endpoint_json(),
            "HELPDESK_RELAY_LEASE_S": "3",  # a killed relay is replaced within seconds
            "HELPDESK_RELAY_POLL_INTERVAL_S": "0.1",
            "HELPDESK_WEBHOOK_RETRY_INITIAL_S": "0.5",  # the receiver's outage lasts seconds, not hours
            "HELPDESK_WEBHOOK_RETRY_MAX_INTERVAL_S": "2",
            "HELPDESK_RELAY_METRICS_PORT": "0",
            "HELPDESK_LOG_FORMAT": "json",
        }
        log = (self.log_dir / "relay.log").open("ab")
        self.relay = subprocess.Popen(
            [sys.executable, "-m", "starter.cli", "relay"],
            env=env,
            stdout=log,
            stderr=log,
            cwd=ROOT,
            start_new_session=True,
        )

    def kill_relay(self) -> None:
        assert self.relay is not None
        self.relay.send_signal(signal.SIGKILL)
        self.relay.wait()
        self.relay_kills += 1
        self.events.append(f"relay killed (SIGKILL) #{self.relay_kills}")

    def start_worker(self) -> None:
        env = {
            **os.environ,
            "HELPDESK_TEMPORAL_ADDRESS": self.settings.temporal_address,
            "HELPDESK_TASK_QUEUE": self.settings.task_queue,
            "HELPDESK_DATABASE_URL": self.settings.database_url,
            "HELPDESK_METRICS_PORT": "0",
            "HELPDESK_LOG_FORMAT": "json",
        }
        log = (self.log_dir / "worker.log").open("ab")
        self.worker = subprocess.Popen(
            [sys.executable, "-m", "worker"], env=env, stdout=log, stderr=log, cwd=ROOT, start_new_session=True
        )

    def kill_worker(self) -> None:
        assert self.worker is not None
        self.worker.send_signal(signal.SIGKILL)
        self.worker.wait()
        self.kills += 1
        self.events.append(f"worker killed (SIGKILL) #{self.kills}")

    async def restart_server(self) -> None:
        self.server.stop()
        self.events.append("dev server stopped")
        self.server.start()
        await self.server.wait_ready()
        self.restarts += 1
        self.events.append("dev server restarted on the same database")

    def stop(self) -> None:
        stop_process(self.relay, timeout=30)
        stop_process(self.worker, timeout=30)
        self.server.stop()
        self.receiver.stop()


async def retrying(
    call: Callable[[], Awaitable[T]], what: str, timeout: float = 300.0, *, also: tuple[type[Exception], ...] = ()
) -> T:
    """``call`` until it answers: an outage (server down, worker dead) only delays it; ``also``
    names what else means "not yet" for this call (a case the takeover has not opened yet)."""
    deadline = time.monotonic() + timeout
    delay = 0.2
    while True:
        try:
            return await call()
        except (*TRANSIENT, *also) as error:
            if time.monotonic() > deadline:
                raise AssertionError(f"{what}: still failing after {timeout:g} s: {error!r}") from error
            await asyncio.sleep(delay)
            delay = min(delay * 2, 3.0)


async def play(client: HelpdeskClient, story: Story) -> None:
    """Drive one thread through its story; every call is safe to repeat."""
    tid, now = story.thread.thread_id, datetime.now(UTC)
    received = now - timedelta(days=10) if story.kind == "breach" else now
    for message_id in story.message_ids:
        message = BuyerMessage(message_id=message_id, received_at=received, text=f"Question {message_id}")
        await retrying(lambda: client.open_inquiry(story.thread, message), f"{tid} message")
        if message_id in story.duplicates:  # the backend sends it again: recorded once
            await retrying(lambda: client.open_inquiry(story.thread, message), f"{tid} duplicate")

    async def reply(n: int, text: str) -> None:
        answer = SellerReply(message_id=f"{tid}-r{n}", seller_id=story.thread.seller_id, text=text)
        await retrying(lambda: client.seller_reply(tid, answer), f"{tid} reply {n}")

    async def escalate(reason: TakeoverReason) -> None:
        escalation = Escalation(
            escalation_id=f"{tid}-e1", reason=reason, raised_by=RaisedBy.BUYER, raised_by_id=story.thread.buyer_id
        )
        await retrying(lambda: client.escalate(tid, escalation), f"{tid} escalate")

    async def decide(outcome: OpsOutcome) -> None:
        # Ops decide as soon as the case exists, whatever it is doing (issue 15: no waiting for it to
        # be idle; tests/integration/test_cold_start_events.py covers a decision that reaches a cold
        # worker with the case's opening activity pending).
        try:
            await retrying(
                lambda: client.cases.decide(
                    tid, OpsDecision(outcome=outcome, decided_by="ops-chaos", note="chaos run")
                ),
                f"{tid} decide",
                also=(CaseNotFound,),
            )
        except Refused as refused:  # a retry of a decision the case took before the outage
            if refused.kind != "case_already_decided":
                raise

    contact = f"Écrivez-moi : vendeur.{tid.lower()}@gmail.com"
    if story.kind == "answered":
        await reply(1, f"Bonjour, votre commande {story.thread.order_id} part aujourd'hui.")
    elif story.kind == "refused_then_answered":
        await reply(1, contact)
        await reply(2, f"Bonjour, la commande {story.thread.order_id} est expédiée ce jour.")
    elif story.kind == "contact_twice":
        await reply(1, contact)
        await reply(2, f"WhatsApp +33 6 12 34 {tid[-4:-2]} {tid[-2:]}")
        await decide(OpsOutcome.REJECT_CLAIM)
    elif story.kind in ("escalated", "refunded"):
        await escalate(story.taken_over or TakeoverReason.QUALITY_DISPUTE)
        await decide(OpsOutcome.REJECT_CLAIM if story.kind == "escalated" else OpsOutcome.REFUND)
    elif story.kind == "severe":
        await escalate(TakeoverReason.COUNTERFEIT)
        # The carrier scans the parcel as soon as there is a label, the warehouse reports as soon as
        # the parcel is in: no waiting for the Return to be idle (issue 15).
        await retrying(lambda: _has_label(client, tid), f"{tid} label issued", also=(CaseNotFound,))
        at = datetime.now(UTC)
        await retrying(
            lambda: client.cases.parcel_received(tid, ParcelReceived(event_id=f"{tid}-p", received_at=at)),
            f"{tid} parcel",
            also=(CaseNotFound,),
        )
        report = InspectionReport(event_id=f"{tid}-i", result=InspectionResult.FAULT_CONFIRMED, inspected_at=at)
        await retrying(lambda: client.cases.inspected(tid, report), f"{tid} inspection", also=(CaseNotFound,))
    elif story.kind == "breach":
        await decide(OpsOutcome.REJECT_CLAIM)


async def _has_label(client: HelpdeskClient, thread_id: str) -> None:
    """A carrier scans a parcel only once a label exists."""
    status = await client.cases.return_status(thread_id)
    if status.label is None:
        raise CaseNotFound(f"return of {thread_id} has no label yet")  # not yet: retried


def mismatches(sessions: sessionmaker[Session], story: Story, status: ThreadStatus) -> list[str]:
    """What differs between the thread as it is and as its story predicts."""
    tid, wrong = story.thread.thread_id, []
    expected_state = ThreadState.TAKEN_OVER if story.taken_over else ThreadState.AWAITING_BUYER
    if status.state != expected_state or status.takeover_reason != story.taken_over:
        wrong.append(f"state {status.state}/{status.takeover_reason}, expected {expected_state}/{story.taken_over}")
    if (status.replies_accepted, status.replies_refused) != story.replies:
        wrong.append(f"replies {status.replies_accepted}/{status.replies_refused}, expected {story.replies}")
    if status.messages_received != len(story.message_ids):
        wrong.append(f"{status.messages_received} messages taken in, expected {len(story.message_ids)}")
    if story.taken_over and status.case_stage != CaseStage.CLOSED:
        wrong.append(f"case {status.case_stage}, expected closed")
    with transaction(sessions) as session:
        recorded = sorted(
            m.message_id for m in repository.thread_messages(session, tid) if m.direction.value == "buyer"
        )
        ledger = Counter(entry.cost_kind for entry in repository.ledger_for_thread(session, tid))
    if recorded != sorted(story.message_ids):
        wrong.append(f"buyer messages recorded {recorded}, expected {sorted(story.message_ids)}")
    if ledger != story.ledger:
        wrong.append(f"ledger {dict(ledger)}, expected {dict(story.ledger)}")
    with reading(sessions) as session:
        told = Counter(row.type for row in event_log.page(session, thread_id=tid, limit=10_000))
    if told != story.events:
        wrong.append(f"events {dict(told)}, expected {dict(story.events)}")
    return wrong


def undelivered(sessions: sessionmaker[Session], receiver: WebhookReceiver) -> list[str]:
    """Events in the store that never reached the receiver with a 2xx, and threads whose events
    reached it out of order (by the first 2xx of each event)."""
    with reading(sessions) as session:
        written = {row.event_id: (row.stream, row.sequence) for row in event_log.page(session, limit=1_000_000)}
    first_arrivals: dict[str, tuple[str, int]] = {}
    for event in receiver.delivered():
        first_arrivals.setdefault(event["event_id"], (f"thread:{event['thread_id']}", event["sequence"]))
    problems = [
        f"{event_id} {written[event_id]} never delivered" for event_id in written.keys() - first_arrivals.keys()
    ]
    order: dict[str, list[int]] = {}
    for stream, sequence in first_arrivals.values():
        order.setdefault(stream, []).append(sequence)
    problems += [
        f"{stream} arrived in the order {sequences}"
        for stream, sequences in order.items()
        if sequences != sorted(sequences)
    ]
    problems += [f"a delivery failed verification: {bad}" for bad in receiver.invalid]
    return problems


async def run(
    threads: int, seed: int, workdir: Path, concurrency: int = 25, settle_timeout: float = 300.0
) -> dict[str, int]:
    """The whole run; returns the counts it prints. Raises AssertionError on any mismatch."""
    started = time.monotonic()
    workdir.mkdir(parents=True, exist_ok=True)
    server = DevServer(state_dir=workdir / "temporal", port=free_port(), ui_port=free_port())
    settings = load_settings(
        temporal_address=server.address,
        task_queue="chaos",
        metrics_port=0,
        database_url=f"sqlite:///{workdir / 'helpdesk.db'}",
    )
    chaos = Chaos(server, settings, workdir)
    plans = stories(threads, seed, run=f"{seed}")
    server.start()
    chaos.receiver.start()
    try:
        await server.wait_ready()
        sessions = open_store(settings.database_url)
        chaos.start_worker()
        chaos.start_relay()
        # The outages make the client's core log a warning per retried call: only errors are news here.
        quiet = Runtime(
            telemetry=TelemetryConfig(
                logging=LoggingConfig(filter=TelemetryFilter(core_level="ERROR", other_level="ERROR"))
            )
        )
        client = HelpdeskClient(await connect(settings, quiet), settings.task_queue, sessions=sessions)
        finished = 0
        gate = asyncio.Semaphore(concurrency)

        failed: dict[str, str] = {}

        async def one(story: Story) -> None:
            nonlocal finished
            async with gate:
                try:
                    await play(client, story)
                except Exception as error:  # noqa: BLE001 - reported with the thread, the run goes on
                    failed[story.thread.thread_id] = f"driver: {error!r}"[:300]
            finished += 1

        async def strike() -> None:
            pending = sorted(
                [(f, "kill") for f in WORKER_KILLS]
                + [(SERVER_RESTART, "restart")]
                + [(f, "kill relay") for f in RELAY_KILLS]
                + [(RECEIVER_DOWN, "receiver down"), (RECEIVER_UP, "receiver up")]
            )
            for fraction, action in pending:
                while finished < fraction * threads:
                    await asyncio.sleep(0.05)
                if action == "kill":
                    chaos.kill_worker()
                    await asyncio.sleep(1.0)
                    chaos.start_worker()
                elif action == "kill relay":
                    chaos.kill_relay()
                    chaos.start_relay()
                elif action == "receiver down":
                    chaos.receiver.stop()
                    chaos.events.append("webhook receiver down")
                elif action == "receiver up":
                    chaos.receiver.start()
                    chaos.events.append("webhook receiver up again")
                else:
                    await chaos.restart_server()

        striker = asyncio.create_task(strike())
        await asyncio.gather(*(one(story) for story in plans))
        await striker
        driven = time.monotonic()

        deadline, wrong = time.monotonic() + settle_timeout, {}
        while True:
            wrong = {}
            for story in plans:
                status = await retrying(lambda: client.state(story.thread.thread_id), f"{story.thread.thread_id} state")
                found = mismatches(sessions, story, status)
                if story.thread.thread_id in failed:
                    found.insert(0, failed[story.thread.thread_id])
                if found:
                    wrong[story.thread.thread_id] = (story.kind, found)
            lost = undelivered(sessions, chaos.receiver)
            if (not wrong and not lost) or time.monotonic() > deadline:
                break
            await asyncio.sleep(1.0)
        delivered = chaos.receiver.delivered()
    finally:
        chaos.stop()

    counts = {
        "threads": threads,
        **{f"kind {kind}": sum(s.kind == kind for s in plans) for kind in KINDS},
        "buyer messages": sum(len(s.message_ids) for s in plans),
        "duplicates sent": sum(len(s.duplicates) for s in plans),
        "ledger costs": sum(sum(s.ledger.values()) for s in plans),
        "events expected": sum(sum(s.events.values()) for s in plans),
        "events delivered": len({event["event_id"] for event in delivered}),
        "deliveries (with duplicates)": len(delivered),
        "worker kills (SIGKILL)": chaos.kills,
        "dev server restarts": chaos.restarts,
        "relay kills (SIGKILL)": chaos.relay_kills,
        "threads as predicted": threads - len(wrong),
        "seconds driving": round(driven - started),
        "seconds settling": round(time.monotonic() - driven),
    }
    for name, value in counts.items():
        print(f"{name:>28}: {value}")
    if wrong:
        details = "\n".join(
            f"  {tid} ({kind}): {'; '.join(found)}" for tid, (kind, found) in sorted(wrong.items())[:20]
        )
        raise AssertionError(f"{len(wrong)} of {threads} threads not as the rulebook predicts:\n{details}")
    if lost:
        raise AssertionError(f"{len(lost)} events not delivered as promised:\n  " + "\n  ".join(lost[:20]))
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=300)
    parser.add_argument("--seed", type=int, default=20261125)
    parser.add_argument("--workdir", type=Path, default=ROOT / ".chaos")
    args = parser.parse_args()
    try:
        asyncio.run(run(args.threads, args.seed, args.workdir / f"run-{int(time.time())}"))
    except AssertionError as failure:
        sys.stderr.write(f"chaos: {failure}\n")
        os._exit(1)
    os._exit(0)  # the SDK's threads can abort interpreter teardown (sdk-python#300)


if __name__ == "__main__":
    main()
