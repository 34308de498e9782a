"""``helpdesk audit reads``: who read what through the API (issue 19), one JSON object per line.

It reads the store's ``data_access_log`` directly, as ``helpdesk events tail`` reads the event log,
so it works with the API and Temporal down; newest first, the same fields as ``GET /v1/audit/reads``.
Whoever runs it holds the database's credentials, which already open every table: the command is
not itself recorded (the API's ``audit.read`` is).
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from config import Settings
from starter.cli.common import fail, parse_instant

if TYPE_CHECKING:
    from store.models import DataAccess

PROG = "helpdesk audit reads"


def _document(row: DataAccess) -> dict[str, Any]:
    return {
        "id": row.id,
        "at": row.at.isoformat(),
        "role": row.role,
        "token_id": row.token_id,
        "action": row.action,
        "thread_id": row.thread_id,
        "seller_id": row.seller_id,
        "subject": row.subject,
        "items": row.items,
        "client": row.client,
    }


def _cmd_reads(args: argparse.Namespace, settings: Settings) -> int:
    from store import repository
    from store.db import open_store, reading

    since = None
    if args.since is not None:
        try:
            since = parse_instant(args.since)
        except ValueError as exc:
            fail(PROG, f"--since: {exc}")
    with reading(open_store(settings.database_url)) as session:
        rows = repository.access_log(session, thread_id=args.thread, token_id=args.token, since=since, limit=args.limit)
        documents = [_document(row) for row in rows]
    for document in documents:
        print(json.dumps(document, ensure_ascii=False))
    return 0


def add_audit_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    audit = commands.add_parser("audit", help="who read personal data through the API: the read audit")
    which = audit.add_subparsers(dest="audit_command", required=True, parser_class=type(audit))

    reads = which.add_parser("reads", help="reads of personal data, newest first, one JSON object per line")
    reads.add_argument("--thread", metavar="T", help="one thread's reads")
    reads.add_argument("--token", metavar="ID", help="one token's reads: its name, or its hash's first 12 hex digits")
    reads.add_argument("--since", metavar="ISO", help="reads at or after this instant, with its UTC offset")
    reads.add_argument("--limit", type=int, default=100, choices=range(1, 1001), metavar="N", help="at most N, 1-1000")
    reads.set_defaults(handler=_cmd_reads)
