"""``helpdesk case show|decide|parcel|inspect|dispatched`` and ``helpdesk ledger``: takeover cases
from a shell (R5.3-R5.6), so ops can script without HTTP.

Case commands go through the typed client like ``helpdesk thread …``, with the same exit statuses
(starter/cli/threads.py): 1 Temporal unreachable or silent, 2 bad input or no such case, 4 a
refusal by the case's state (already decided, the return ended). Each prints one JSON object. ``ledger``
reads the store only: it works with Temporal down.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from config import Settings
from starter.cli.common import USAGE_ERROR, parse_instant
from starter.cli.threads import _BadInput, _model, _thread_id, client_commands


def _instant(text: str | None, flag: str = "--at") -> datetime:
    if text is None:
        return datetime.now(UTC)
    try:
        return parse_instant(text)
    except ValueError as exc:
        raise _BadInput(f"{flag}: {exc}") from None


def _case_show(args: argparse.Namespace, settings: Settings):
    thread_id = _thread_id(args.thread)

    async def call(helpdesk):
        return (await helpdesk.cases.case(thread_id)).model_dump(mode="json")

    return call


def _case_decide(args: argparse.Namespace, settings: Settings):
    from contract.cases import OpsDecision

    thread_id = _thread_id(args.thread)
    amount = None
    if args.refund_amount is not None:
        try:
            amount = Decimal(args.refund_amount)
        except InvalidOperation:
            raise _BadInput(f"--refund-amount: not a number (got {args.refund_amount!r})") from None
    decision = _model(OpsDecision, outcome=args.outcome, decided_by=args.by, note=args.note, refund_amount=amount)

    async def call(helpdesk):
        return (await helpdesk.cases.decide(thread_id, decision)).model_dump(mode="json")

    return call


def _case_parcel(args: argparse.Namespace, settings: Settings):
    from contract.cases import ParcelReceived

    thread_id = _thread_id(args.thread)
    parcel = _model(
        ParcelReceived, event_id=args.event_id, received_at=_instant(args.at), tracking_number=args.tracking
    )

    async def call(helpdesk):
        return (await helpdesk.cases.parcel_received(thread_id, parcel)).model_dump(mode="json")

    return call


def _case_shipped(args: argparse.Namespace, settings: Settings):
    from contract.cases import ParcelShipped

    thread_id = _thread_id(args.thread)
    shipped = _model(ParcelShipped, event_id=args.event_id, shipped_at=_instant(args.at), tracking_number=args.tracking)

    async def call(helpdesk):
        return (await helpdesk.cases.parcel_shipped(thread_id, shipped)).model_dump(mode="json")

    return call


def _case_refund_amount(args: argparse.Namespace, settings: Settings):
    from contract.cases import RefundAmount

    thread_id = _thread_id(args.thread)
    try:
        amount = Decimal(args.amount)
    except InvalidOperation:
        raise _BadInput(f"--amount: not a number (got {args.amount!r})") from None
    given = _model(RefundAmount, amount=amount, decided_by=args.by, note=args.note)

    async def call(helpdesk):
        return (await helpdesk.cases.refund_amount(thread_id, given)).model_dump(mode="json")

    return call


def _case_inspect(args: argparse.Namespace, settings: Settings):
    from contract.cases import InspectionReport

    thread_id = _thread_id(args.thread)
    report = _model(
        InspectionReport, event_id=args.event_id, result=args.result, inspected_at=_instant(args.at), note=args.note
    )

    async def call(helpdesk):
        return (await helpdesk.cases.inspected(thread_id, report)).model_dump(mode="json")

    return call


def _case_dispatched(args: argparse.Namespace, settings: Settings):
    from contract.cases import ItemDispatched

    thread_id = _thread_id(args.thread)
    dispatched = _model(
        ItemDispatched, event_id=args.event_id, dispatched_at=_instant(args.at), tracking_number=args.tracking
    )

    async def call(helpdesk):
        return (await helpdesk.cases.item_dispatched(thread_id, dispatched)).model_dump(mode="json")

    return call


def _cmd_ledger(args: argparse.Namespace, settings: Settings) -> int:
    """R5.6: what a seller (or a thread) was charged, one JSON object per row, oldest first."""
    from starter.api.models import Ledger
    from store import repository
    from store.db import open_store, transaction

    if (args.seller is None) == (args.thread is None):
        sys.stderr.write("helpdesk ledger: error: give exactly one of --seller S or --thread T\n")
        return USAGE_ERROR
    with transaction(open_store(settings.database_url)) as session:
        rows = (
            repository.ledger_for_seller(session, args.seller)
            if args.seller is not None
            else repository.ledger_for_thread(session, args.thread)
        )
        lines = [Ledger.of(row).model_dump(mode="json") for row in rows]
    for line in lines:
        print(json.dumps(line))
    return 0


def add_case_commands(commands: argparse._SubParsersAction) -> None:
    from rules.kinds import InspectionResult, OpsOutcome

    action = client_commands(
        commands,
        "case",
        "show or decide a takeover case; report the return's parcel, inspection, dispatch",
        lambda parser: parser.add_argument("--thread", required=True, metavar="T", help="the taken-over thread's id"),
    )

    action("show", _case_show, "the case: stage, decision, return, refund, charges")

    decide = action(
        "decide", _case_decide, "ops decide the outcome (R5.3); once, or to override R5.4's default in time"
    )
    decide.add_argument("--outcome", required=True, choices=[str(o) for o in OpsOutcome])
    decide.add_argument("--by", required=True, metavar="WHO", help="who decided (ops user id)")
    decide.add_argument("--note", required=True, metavar="TEXT", help="why")
    decide.add_argument(
        "--refund-amount", metavar="AMOUNT", help="a partial refund in the thread's currency (default: order total)"
    )

    def event(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
        parser.add_argument(
            "--event-id", required=True, metavar="E", help="dedupe key: the same event twice gets the same answer"
        )
        parser.add_argument("--at", metavar="ISO", help="when it happened, with UTC offset (default: now)")
        return parser

    shipped = event(action("shipped", _case_shipped, "the carrier scanned the buyer's parcel: shipped in time (R5.5)"))
    shipped.add_argument("--tracking", metavar="N")

    refund = action("refund-amount", _case_refund_amount, "R5.4 without an order total: the refund's amount, when due")
    refund.add_argument("--amount", required=True, metavar="AMOUNT", help="in the order's currency")
    refund.add_argument("--by", required=True, metavar="WHO", help="who decided (ops user id)")
    refund.add_argument("--note", default="", metavar="TEXT")

    parcel = event(action("parcel", _case_parcel, "the returned parcel arrived (R5.5)"))
    parcel.add_argument("--tracking", metavar="N")

    inspect = event(action("inspect", _case_inspect, "the warehouse inspected the returned item (R5.5)"))
    inspect.add_argument("--result", required=True, choices=[str(r) for r in InspectionResult])
    inspect.add_argument("--note", default="", metavar="TEXT")

    dispatched = event(action("dispatched", _case_dispatched, "repair/replace: the item left for the buyer"))
    dispatched.add_argument("--tracking", required=True, metavar="N")

    ledger = commands.add_parser("ledger", help="a seller's (or a thread's) recharges (R5.6), from the store")
    ledger.add_argument("--seller", metavar="S")
    ledger.add_argument("--thread", metavar="T")
    ledger.set_defaults(handler=_cmd_ledger)
