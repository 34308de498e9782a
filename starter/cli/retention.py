"""``helpdesk retention run|status`` (issue 19, docs/privacy.md "Retention").

``run`` triggers the schedule ``helpdesk-retention`` now and waits for the sweep's summary (a run
already going is waited for instead: the schedule skips overlaps); ``status`` prints the schedule's
interval, its next runs and its last runs with their summaries. Both print JSON (counts and
periods, never a text); exit status 0, 1 when the schedule is missing or the run failed, 2 when
Temporal cannot be reached.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Awaitable, Callable
from typing import Any

from config import Settings
from starter.cli.common import fail

CONNECT_TIMEOUT_S = 10.0


def _with_client(settings: Settings, prog: str, call: Callable[[Any], Awaitable[Any]]) -> Any:
    import asyncio

    from connection import connect
    from errors import TemporalUnavailable

    async def run() -> Any:
        return await call(await connect(settings, timeout=CONNECT_TIMEOUT_S))

    try:
        return asyncio.run(run())
    except TemporalUnavailable as exc:
        fail(prog, f"Temporal: {exc}")


def _cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    from datetime import timedelta

    from temporalio.client import WorkflowFailureError

    from starter.client.retention import RetentionRunNotStarted, RetentionScheduleMissing, run_now

    try:
        summary = _with_client(
            settings, "helpdesk retention run", lambda client: run_now(client, timedelta(seconds=args.start_timeout))
        )
    except (RetentionScheduleMissing, RetentionRunNotStarted) as exc:
        sys.stderr.write(f"helpdesk retention run: {exc}\n")
        return 1
    except WorkflowFailureError as exc:
        sys.stderr.write(f"helpdesk retention run: the sweep failed: {exc.cause}\n")
        return 1
    print(summary.model_dump_json())
    return 0


def _cmd_status(args: argparse.Namespace, settings: Settings) -> int:
    from starter.client.retention import RetentionScheduleMissing, status

    try:
        described = _with_client(settings, "helpdesk retention status", lambda client: status(client, args.last))
    except RetentionScheduleMissing as exc:
        sys.stderr.write(f"helpdesk retention status: {exc}\n")
        return 1
    print(json.dumps(described, ensure_ascii=False))
    return 0


def add_retention_commands(commands: Any) -> None:
    retention = commands.add_parser("retention", help="the retention sweep of personal data (docs/privacy.md)")
    sub = retention.add_subparsers(dest="retention_command", required=True)
    run = sub.add_parser("run", help="run the sweep now and print its summary (JSON)")
    run.add_argument(
        "--start-timeout",
        type=float,
        default=30.0,
        metavar="S",
        help="seconds to wait for the run to start (default 30)",
    )
    run.set_defaults(handler=_cmd_run)
    state = sub.add_parser("status", help="the schedule's next runs and last results (JSON)")
    state.add_argument(
        "--last",
        type=int,
        default=5,
        choices=range(0, 101),
        metavar="N",
        help="how many of the last runs, 0-100 (default 5)",
    )
    state.set_defaults(handler=_cmd_status)
