"""The worker: wires one to Temporal, with the workflows, the activities and the metrics.

Run it with ``python worker.py`` or ``helpdesk worker``; ``make run`` starts it next to the dev
server. Settings come from ``HELPDESK_*`` variables (docs/settings.md).
"""

from __future__ import annotations

import asyncio
import compileall
import concurrent.futures
import os
import signal
import sys
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client
from temporalio.worker import Worker
from temporalio.worker.workflow_sandbox import SandboxedWorkflowRunner, SandboxRestrictions

from activities.absences import AbsenceActivities
from activities.adapters import LocalCarrier, LocalPayments, load_adapter
from activities.appeals import AppealActivities
from activities.deadlines import DeadlineActivities
from activities.erasure import BuyerEraser
from activities.events import EventWriter
from activities.messages import MessageActivities
from activities.recharge import RechargeActivities
from activities.records import RecordActivities
from activities.retention import RetentionActivities
from activities.retention_schedule import ensure_namespace_retention, ensure_retention_schedule
from activities.returns import ReturnActivities
from activities.screening import ScreeningActivities
from activities.statements import StatementWriter
from activities.takeover import TakeoverActivities
from config import Settings, SettingsInvalid, load_settings
from connection import build_runtime, connect, exit_process
from errors import TemporalUnavailable
from store.db import open_store
from telemetry.interceptor import ActivityLogIds
from telemetry.logging import configure_logging, get_logger
from telemetry.notify import notify_ready
from telemetry.tracing import start_tracing, stop_tracing
from workflows import ALL_WORKFLOWS

log = get_logger("helpdesk.worker")


def activities_for(settings: Settings, sessions: sessionmaker[Session]) -> Sequence[Callable[..., Any]]:
    """Every activity callable, bound to its dependencies."""
    deadlines = DeadlineActivities(settings.market_registry)
    events = EventWriter(settings.market_registry)
    statements = StatementWriter(settings.market_registry, events, settings.appeal_window_days)
    records = RecordActivities(sessions, events, statements)
    takeover = TakeoverActivities(sessions, events, statements)
    screening = ScreeningActivities(
        sessions,
        settings.allowed_domains,
        language_min_confidence=settings.language_min_confidence,
        language_min_letters=settings.language_min_letters,
        template_min_threads=settings.template_min_threads,
        template_window=timedelta(days=settings.template_window_days),
    )
    messages = MessageActivities(deadlines, screening, records)
    returns = ReturnActivities(
        sessions,
        carrier=load_adapter("carrier", settings.carrier, LocalCarrier, settings),
        payments=load_adapter("payments", settings.payments, LocalPayments, settings),
    )
    recharge = RechargeActivities(sessions, settings.tariff, events, statements)
    appeals = AppealActivities(sessions, events, statements)
    absences = AbsenceActivities(
        sessions,
        settings.market_registry,
        events,
        statements,
        long_absence_working_days=settings.absence_long_working_days,
        notice_days=settings.absence_notice_days,
    )
    retention = RetentionActivities(sessions, retention_periods(settings), settings.retention_batch_size)
    return [
        deadlines.compute_deadlines,
        messages.take_buyer_message,
        messages.take_reply,
        deadlines.describe_market,
        deadlines.next_working_day,
        records.record_thread,
        records.record_buyer_message,
        records.record_reply,
        records.notify,
        screening.screen_reply,
        takeover.open_ops_case,
        takeover.record_decision,
        takeover.flag_seller,
        returns.issue_return_label,
        returns.void_return_label,
        returns.refund_buyer,
        recharge.charge_seller,
        absences.plan_absence,
        absences.record_absence,
        absences.change_absence,
        absences.absence_cover,
        retention.sweep_batch,
        retention.log_run,
        appeals.open_appeal,
        appeals.remind_appeal,
        appeals.decide_appeal,
    ]


def retention_periods(settings: Settings) -> dict[str, int]:
    """Days per kind of record the retention sweep removes after (docs/privacy.md, "Retention")."""
    return {
        "messages": settings.retention_messages_days,
        "events": settings.retention_events_days,
        "case_notes": settings.retention_case_notes_days,
        "inbound": settings.retention_inbound_days,
        "access_log": settings.retention_access_log_days,
    }


REGISTER_TIMEOUT_S = 30.0


async def register_retention(client: Client, settings: Settings) -> None:
    """The retention schedule, and (``HELPDESK_TEMPORAL_MANAGE_RETENTION``) the namespace's retention
    of closed workflows. A failure is logged, never fatal: the worker still serves the threads, and
    the next start tries again."""
    try:
        every = timedelta(seconds=round(settings.retention_interval_hours * 3600))
        outcome = await asyncio.wait_for(
            ensure_retention_schedule(client, task_queue=settings.task_queue, every=every), REGISTER_TIMEOUT_S
        )
        log.info("retention schedule", outcome=outcome, interval_hours=settings.retention_interval_hours)
    except Exception as error:  # noqa: BLE001 - any failure: logged, the worker goes on
        log.warning("retention schedule not registered", error=f"{type(error).__name__}: {error}")
    if not settings.temporal_manage_retention:
        return
    try:
        previous = await asyncio.wait_for(
            ensure_namespace_retention(client, settings.temporal_namespace, settings.retention_messages_days),
            REGISTER_TIMEOUT_S,
        )
        if previous is not None:
            log.info(
                "namespace retention set",
                namespace=settings.temporal_namespace,
                days=settings.retention_messages_days,
                previous_days=previous.total_seconds() / 86400,
            )
    except Exception as error:  # noqa: BLE001
        log.warning("namespace retention not set", error=f"{type(error).__name__}: {error}")


# The sandbox re-imports, for every workflow run it starts, the workflow's module and whatever
# is not passed through. The rulebook is pure and deterministic; importing it once, outside the
# sandbox, keeps `holidays` (gettext, file reads at import) out of that. So are the workflows'
# two helper modules (payload decoding and refusals, the metric definitions): stateless
# functions and constants.
PASSTHROUGH_MODULES = (
    "rules",
    "contract",
    "errors",
    "events",
    "holidays",
    "workflows.refusals",
    "workflows.metrics",
    "workflows.options",
    "workflows.thread_state",
)


def workflow_runner() -> SandboxedWorkflowRunner:
    """The sandbox the worker runs workflows in; replay tests must use the same."""
    return SandboxedWorkflowRunner(
        restrictions=SandboxRestrictions.default.with_passthrough_modules(*PASSTHROUGH_MODULES)
    )


def cache_workflow_bytecode(workflow_classes: Sequence[type]) -> None:
    """Write the bytecode of the workflows' modules when Python would not (PYTHONDONTWRITEBYTECODE).

    The sandbox imports a workflow's module afresh for every workflow run it starts; without a
    ``.pyc`` that means compiling the source every time: 16 % of the worker's CPU per thread in
    ``bench/threads.py`` on a machine that sets the variable. Up-to-date files are left alone,
    and where the tree is read-only nothing is written and nothing fails (an installed package
    got its bytecode from pip).
    """
    if not sys.dont_write_bytecode:
        return  # the import system writes it on first import
    files = (getattr(sys.modules.get(cls.__module__), "__file__", None) for cls in workflow_classes)
    for folder in sorted({os.path.dirname(os.path.abspath(file)) for file in files if file}):
        compileall.compile_dir(folder, maxlevels=0, quiet=2)


def build_worker(
    client: Client,
    settings: Settings,
    executor: concurrent.futures.Executor,
    *,
    sessions: sessionmaker[Session] | None = None,
    workflows: Sequence[type] = ALL_WORKFLOWS,
) -> Worker:
    """The worker for ``client``: what ``make run`` polls with and what the tests run.

    ``sessions`` defaults to the store at ``settings.database_url`` (migrated to head).
    """
    if sessions is None:
        sessions = open_store(settings.database_url)
    cache_workflow_bytecode(workflows)
    # The executor's own size when it has one (tests pass smaller pools than run_worker's).
    threads = getattr(executor, "_max_workers", settings.activity_threads)
    return Worker(
        client,
        task_queue=settings.task_queue,
        workflows=workflows,
        activities=[*activities_for(settings, sessions), BuyerEraser(sessions, client).complete_deferred_erasures],
        activity_executor=executor,
        max_cached_workflows=settings.max_cached_workflows,
        max_concurrent_workflow_tasks=settings.max_concurrent_workflow_tasks,
        # No more activities at once than threads to run them: a slot without a thread only queues.
        max_concurrent_activities=threads,
        max_concurrent_local_activities=threads,
        workflow_runner=workflow_runner(),
        interceptors=[ActivityLogIds()],
        # On SIGTERM, running activities get this long to finish before they are cancelled.
        graceful_shutdown_timeout=timedelta(seconds=10),
    )


async def run_worker(settings: Settings) -> None:
    """Poll until SIGINT/SIGTERM, then let running activities finish (graceful shutdown)."""
    client = await connect(settings, build_runtime(settings))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    with concurrent.futures.ThreadPoolExecutor(
        max_workers=settings.activity_threads, thread_name_prefix="activity"
    ) as executor:
        worker = build_worker(client, settings, executor)
        log.info(
            "worker polling",
            task_queue=settings.task_queue,
            address=settings.temporal_address,
            namespace=settings.temporal_namespace,
            metrics_port=settings.metrics_port or None,
        )
        async with worker:
            await register_retention(client, settings)
            notify_ready()  # `make run`'s supervisor counts the worker ready from here (telemetry/notify.py)
            await stop.wait()
    log.info("worker stopped")


def main() -> None:
    try:
        settings = load_settings()
    except SettingsInvalid as exc:
        raise SystemExit(f"worker: {exc}") from None
    configure_logging(settings.log_level, settings.log_format)
    start_tracing(settings.otlp_endpoint, "helpdesk-worker")
    status = 0
    try:
        asyncio.run(run_worker(settings))
    except (TemporalUnavailable, SettingsInvalid) as exc:
        sys.stderr.write(f"worker: {exc}\n")
        status = 1
    finally:
        stop_tracing()  # the spans still buffered go out before the process ends
    exit_process(status)


if __name__ == "__main__":
    main()
