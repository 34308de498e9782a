"""``helpdesk events tail|dead|redeliver``, ``helpdesk relay`` and ``helpdesk webhook-secret``.

The event commands read and write the store only, so they work with Temporal down: ``tail``
prints the feed (``--follow`` keeps watching), ``dead`` lists the deliveries given up after the
retry horizon, ``redeliver`` sends them again. Exit status 2 for bad input (one line naming the
argument), 1 when there is nothing to redeliver.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from config import Settings
from rules.kinds import Recipient
from starter.cli.common import fail

FOLLOW_POLL_S = 0.5


def _recipient(text: str | None) -> tuple[Recipient, str | None] | None:
    """``seller:S-1``, ``buyer:B-9``, ``ops`` or ``admin``."""
    if text is None:
        return None
    kind, _, who = text.partition(":")
    try:
        recipient = Recipient(kind)
    except ValueError:
        fail("helpdesk events tail", f"--recipient: {kind!r} is not one of {', '.join(r.value for r in Recipient)}")
    if recipient in (Recipient.BUYER, Recipient.SELLER) and not who:
        fail("helpdesk events tail", f"--recipient: a {recipient} needs its id, e.g. {recipient}:S-42")
    return recipient, who or None


def _line(document: dict, as_json: bool) -> str:
    if as_json:
        return json.dumps(document, ensure_ascii=False)
    to = document["recipient"]
    who = f"{to['kind']}:{to['id']}" if to.get("id") else to["kind"]
    where = f"thread {document['thread_id']}" if document.get("thread_id") else f"seller {document.get('seller_id')}"
    return f"{document['cursor']:>8}  {document['occurred_at']}  {document['type']:<24} to {who:<20} {where} #{document['sequence']}"


def _cmd_tail(args: argparse.Namespace, settings: Settings) -> int:
    from store import events as log
    from store.db import open_store, reading

    if not args.after.isdigit():
        fail("helpdesk events tail", f"--after: a cursor is the number a previous event gave, got {args.after!r}")
    recipient = _recipient(args.recipient)
    sessions = open_store(settings.database_url)
    after = int(args.after)
    while True:
        with reading(sessions) as session:
            rows = log.page(
                session,
                after=after,
                limit=args.limit,
                recipient=recipient,
                thread_id=args.thread,
                types=args.type or (),
            )
            documents = [{**row.document, "cursor": str(row.position)} for row in rows]
        for document in documents:
            print(_line(document, args.json), flush=True)
        if documents:
            after = int(documents[-1]["cursor"])
        if not args.follow:
            return 0
        if not documents:
            time.sleep(FOLLOW_POLL_S)


def _cmd_dead(args: argparse.Namespace, settings: Settings) -> int:
    from store import events as log
    from store.db import open_store, reading

    with reading(open_store(settings.database_url)) as session:
        for delivery, event in log.dead_letters(session, args.endpoint, limit=args.limit):
            print(json.dumps({
                "event_id": event.event_id, "type": event.type, "endpoint": delivery.endpoint, "thread_id": event.thread_id,
                "attempts": delivery.attempts, "last_status": delivery.last_status, "last_error": delivery.last_error,
                "dead_at": delivery.dead_at.isoformat() if delivery.dead_at else None, "cursor": str(event.position),
            }))  # fmt: skip
    return 0


def _cmd_redeliver(args: argparse.Namespace, settings: Settings) -> int:
    from store import events as log
    from store.db import open_store, transaction
    from store.models import utcnow

    if (args.event_id is None) == (not args.all):
        fail("helpdesk events redeliver", "give an EVENT_ID, or --all for every dead letter")
    with transaction(open_store(settings.database_url)) as session:
        count = log.redeliver(session, now=utcnow(), event_id=args.event_id, endpoint=args.endpoint)
    print(json.dumps({"redelivering": count}))
    if not count:
        sys.stderr.write("helpdesk events redeliver: no dead letter matches (see `helpdesk events dead`)\n")
        return 1
    return 0


def _cmd_relay(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio
    import sys

    from config import SettingsInvalid
    from delivery.service import run_relay

    try:
        asyncio.run(run_relay(settings))
    except SettingsInvalid as exc:
        sys.stderr.write(f"helpdesk relay: {exc}\n")
        return 1
    return 0


def _cmd_webhook_secret(args: argparse.Namespace, settings: Settings) -> int:
    from delivery.endpoints import new_secret

    print(new_secret())
    return 0


def add_event_commands(commands: argparse._SubParsersAction) -> None:
    events = commands.add_parser("events", help="the events people are owed: the feed, dead letters, redelivery")
    which = events.add_subparsers(dest="events_command", required=True, parser_class=type(events))

    tail = which.add_parser("tail", help="print the feed from a cursor (the store's; works with Temporal down)")
    tail.add_argument(
        "--after", default="0", metavar="CURSOR", help="start after this event's cursor (default: the beginning)"
    )
    tail.add_argument(
        "--limit", type=int, default=100, choices=range(1, 1001), metavar="N", help="events per read, 1-1000"
    )
    tail.add_argument("--follow", "-f", action="store_true", help="keep printing new events as they are written")
    tail.add_argument("--thread", metavar="T", help="one thread's events")
    tail.add_argument("--type", action="append", metavar="TYPE", help="only this type (repeatable)")
    tail.add_argument("--recipient", metavar="KIND[:ID]", help="only one recipient: seller:S-42, buyer:B-9, ops, admin")
    tail.add_argument("--json", action="store_true", help="one JSON event per line, as the webhooks carry it")
    tail.set_defaults(handler=_cmd_tail)

    dead = which.add_parser("dead", help="deliveries given up after the retry horizon, one JSON object each")
    dead.add_argument("--endpoint", metavar="NAME")
    dead.add_argument("--limit", type=int, default=100, metavar="N")
    dead.set_defaults(handler=_cmd_dead)

    redeliver = which.add_parser("redeliver", help="send dead letters again, with a fresh retry horizon")
    redeliver.add_argument("event_id", nargs="?", metavar="EVENT_ID")
    redeliver.add_argument("--all", action="store_true", help="every dead letter (of --endpoint, if given)")
    redeliver.add_argument("--endpoint", metavar="NAME")
    redeliver.set_defaults(handler=_cmd_redeliver)

    relay = commands.add_parser("relay", help="send the events as signed webhooks to HELPDESK_WEBHOOKS")
    relay.set_defaults(handler=_cmd_relay)

    secret = commands.add_parser(
        "webhook-secret", help="a new Standard Webhooks secret (whsec_…) for HELPDESK_WEBHOOKS"
    )
    secret.set_defaults(handler=_cmd_webhook_secret)
