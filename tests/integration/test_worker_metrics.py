"""The worker's Prometheus endpoint (issue 8): the SDK's metrics and the system's own counters,
after a scenario whose counts are known, on the real dev server.

The worker is built as ``helpdesk worker`` builds it (``connect`` with ``build_runtime``), on its
own task queue and metrics port, so what is scraped is exactly what this worker counted.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import re
import urllib.request
import uuid
from datetime import timedelta
from decimal import Decimal

from closed_threads import closed_thread_with_message
from temporalio.testing import WorkflowEnvironment

from config import load_settings
from connection import build_runtime, connect
from contract.retention import RETENTION_SWEEP, RetentionSummary
from contract.statements import AppealDecision, AppealRequest, charge_sanction_id
from helpdesk_testing import ThreadHarness
from rules.kinds import AppealOutcome, CaseStage, CostKind, OpsOutcome, TakeoverReason, ThreadState
from starter.client.helpdesk import HelpdeskClient
from starter.dev.ports import free_port
from store.db import open_store, transaction
from worker import build_worker
from workflows.metrics import ALL_COUNTERS

SAMPLE = re.compile(r"^(?P<name>[a-zA-Z_:][\w:]*)(?:\{(?P<labels>[^}]*)\})? (?P<value>\S+)$")


def scrape(port: int) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """The endpoint's samples, keyed by name and label set (the exposition format, parsed)."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        text = response.read().decode()
    samples = {}
    for line in text.splitlines():
        match = SAMPLE.match(line)
        if match is None or line.startswith("#"):
            continue
        labels = frozenset(re.findall(r'(\w+)="([^"]*)"', match["labels"] or ""))
        samples[(match["name"], labels)] = float(match["value"])
    return samples


def count(samples: dict, name: str, **labels: str) -> float:
    """The sum over the series of ``name`` whose labels include ``labels`` (the SDK adds its own)."""
    wanted = set(labels.items())
    return sum(value for (metric, have), value in samples.items() if metric == name and wanted <= have)


async def test_metrics_count_what_the_rulebook_did(dev_env: WorkflowEnvironment, tmp_path):
    port = free_port()
    settings = load_settings(
        temporal_address=dev_env.client.service_client.config.target_host,
        task_queue=f"metrics-{uuid.uuid4().hex[:6]}",
        metrics_port=port,
        database_url=f"sqlite:///{tmp_path / 'helpdesk.db'}",
    )
    client = await connect(settings, build_runtime(settings))
    sessions = open_store(settings.database_url)
    with concurrent.futures.ThreadPoolExecutor(8) as executor:
        async with build_worker(client, settings, executor, sessions=sessions):
            h = ThreadHarness(
                env=dev_env, client=HelpdeskClient(client, settings.task_queue, sessions=sessions), sessions=sessions
            )
            now = await h.now()
            seller = f"S-{uuid.uuid4().hex[:8]}"

            replied = await h.open_thread(market="FR", received_at=now, seller_id=seller)
            refused = await replied.reply("Écrivez-moi directement : vendeur.dupont@gmail.com")
            accepted = await replied.reply("Bonjour, le téléphone est débloqué et part aujourd'hui.")
            assert (refused.accepted, accepted.accepted) == (False, True)

            # R1.7: a deadline already past (received 10 days ago) is a breach at once.
            late = await h.open_thread(market="DE", received_at=now - timedelta(days=10), seller_id=f"{seller}-2")
            await late.settled(lambda s: s.state == ThreadState.TAKEN_OVER, timeout=20)

            disputed = await h.open_thread(
                market="FR", received_at=now, seller_id=f"{seller}-3", order_total=Decimal("80.00")
            )
            await disputed.escalate(TakeoverReason.QUALITY_DISPUTE)
            await disputed.case()
            await disputed.decide(OpsOutcome.REJECT_CLAIM)
            await disputed.case(lambda c: c.stage == CaseStage.CLOSED, timeout=30)
            await late.case()
            await late.decide(OpsOutcome.REJECT_CLAIM)
            await late.case(lambda c: c.stage == CaseStage.CLOSED, timeout=30)

            # Issue 20: the disputed thread's handling fee appealed and overturned.
            fee = charge_sanction_id(disputed.thread_id, 1, CostKind.HANDLING_FEE)
            appeal = await h.client.appeals.submit(
                fee, AppealRequest(grounds="the dispute was withdrawn"), submitted_by="t"
            )
            await h.client.appeals.decide(
                appeal.appeal_id, AppealDecision(outcome=AppealOutcome.OVERTURNED, decided_by="ops", reason="withdrawn")
            )
            await client.get_workflow_handle(appeal.appeal_id).result()

            # Issue 19: a retention run over one thread closed 400 days ago (its message's body).
            with transaction(sessions) as session:
                closed_thread_with_message(
                    session, f"T-{seller}-old", closed_at=now - timedelta(days=400), body="Mon adresse est ici"
                )
            await client.execute_workflow(
                RETENTION_SWEEP,
                id=f"retention-sweep-{seller}",
                task_queue=settings.task_queue,
                result_type=RetentionSummary,
            )

            samples = await asyncio.to_thread(scrape, port)

    # The system's own counters, with the labels docs/operations.md documents.
    assert count(samples, "helpdesk_buyer_messages", market="FR") == 2
    assert count(samples, "helpdesk_buyer_messages", market="DE") == 1
    assert count(samples, "helpdesk_replies", outcome="refused", kind="off_platform_contact", market="FR") == 1
    assert count(samples, "helpdesk_replies", outcome="accepted", kind="none", market="FR") == 1
    assert count(samples, "helpdesk_reply_deadline_breaches", market="DE", covered_by_absence="false") == 1
    assert count(samples, "helpdesk_takeovers", reason="reply_deadline_missed", market="DE") == 1
    assert count(samples, "helpdesk_takeovers", reason="quality_dispute", market="FR") == 1
    assert count(samples, "helpdesk_case_decisions", outcome="reject_claim", by="ops") == 2
    # R5.6: each takeover costs the handling fee, nothing else on a rejected claim.
    assert count(samples, "helpdesk_recharges", currency="EUR", kind="handling_fee") == 2
    assert count(samples, "helpdesk_recharges", kind="refund") == 0
    assert count(samples, "helpdesk_appeals", event="received", sanction_kind="charge") == 1
    assert count(samples, "helpdesk_appeals", event="overturned", sanction_kind="charge") == 1
    assert count(samples, "helpdesk_appeals", event="upheld") == 0
    assert count(samples, "helpdesk_retention_removed", kind="message_bodies") == 1
    assert count(samples, "helpdesk_retention_removed", kind="threads") == 1
    # The SDK's own, from the same endpoint.
    assert count(samples, "temporal_workflow_completed", workflow_type="Recharge") == 2
    assert (
        count(samples, "temporal_activity_execution_latency_count") > 0
        or count(samples, "temporal_activity_schedule_to_start_latency_count") > 0
    )
    # Every documented counter is one the code defines, and the code names each once.
    assert len({c.name for c in ALL_COUNTERS}) == len(ALL_COUNTERS)
