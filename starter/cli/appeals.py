"""``helpdesk statement show|list`` and ``helpdesk appeal submit|show|list|decide`` (issue 20).

Statements are read from the store (Temporal not needed); appeals go through the typed client
with the exit statuses of ``helpdesk thread`` (1 Temporal unreachable, 2 bad input or nothing
found, 4 refused: after the window, appealed before, decided before). Each prints JSON.
"""

from __future__ import annotations

import argparse
import getpass
import json
from decimal import Decimal, InvalidOperation

from config import Settings
from starter.cli.common import fail
from starter.cli.threads import _BadInput, _model, client_commands


def _cmd_statement(args: argparse.Namespace, settings: Settings) -> int:
    from activities.statements import market_words
    from errors import NotFound
    from rules.statements import LANGUAGES
    from starter.client.appeals import seller_statements, statement_text
    from store.db import open_store

    if args.action == "backfill":
        return _cmd_backfill(args, settings)
    sessions = open_store(settings.database_url)
    markets = settings.market_registry
    if args.action == "list":
        for found in seller_statements(sessions, markets, args.seller):
            print(found.model_dump_json())
        return 0
    language = args.language
    if language is not None and language not in LANGUAGES:
        fail("helpdesk statement show", f"--language: one of {', '.join(LANGUAGES)}, got {language!r}")
    try:
        found = statement_text(sessions, markets, args.id)
    except NotFound as exc:
        fail("helpdesk statement show", str(exc))
    if language is not None:  # any of the 11, on the market's clock
        print(found.statement.render(language, market_words(markets, found.statement.market).timezone))
        return 0
    print(found.model_dump_json())
    return 0


def _cmd_backfill(args: argparse.Namespace, settings: Settings) -> int:
    from datetime import UTC, datetime

    from activities.events import EventWriter
    from activities.statement_backfill import backfill_statements
    from activities.statements import StatementWriter
    from store.db import open_store

    markets = settings.market_registry
    writer = StatementWriter(markets, EventWriter(markets), settings.appeal_window_days)
    counts = backfill_statements(open_store(settings.database_url), writer, datetime.now(UTC), batch=args.batch)
    print(json.dumps(vars(counts)))
    return 0


def _appeal_submit(args: argparse.Namespace, settings: Settings):
    from contract.statements import AppealRequest

    request = _model(AppealRequest, grounds=args.grounds)
    by = f"cli:{getpass.getuser()}"

    async def call(helpdesk):
        status = await helpdesk.appeals.submit(args.sanction, request, submitted_by=by, seller_id=args.seller)
        return status.model_dump(mode="json")

    return call


def _appeal_show(args: argparse.Namespace, settings: Settings):
    async def call(helpdesk):
        return (await helpdesk.appeals.status(args.appeal)).model_dump(mode="json")

    return call


def _appeal_list(args: argparse.Namespace, settings: Settings):
    from rules.kinds import AppealState

    state = AppealState(args.state) if args.state else None

    async def call(helpdesk):
        found = helpdesk.appeals.appeals(state=state, seller_id=args.seller)
        return {"appeals": [status.model_dump(mode="json") for status in found]}

    return call


def _appeal_decide(args: argparse.Namespace, settings: Settings):
    from contract.statements import AppealDecision

    amount = None
    if args.amount is not None:
        try:
            amount = Decimal(args.amount)
        except InvalidOperation:
            raise _BadInput(f"--amount: not a number (got {args.amount!r})") from None
    decision = _model(AppealDecision, outcome=args.outcome, decided_by=args.by, reason=args.reason, amount=amount)

    async def call(helpdesk):
        return (await helpdesk.appeals.decide(args.appeal, decision)).model_dump(mode="json")

    return call


def add_appeal_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from rules.kinds import AppealOutcome, AppealState

    statement = commands.add_parser("statement", help="statements of reasons of sanctions (issue 20), from the store")
    statement_actions = statement.add_subparsers(dest="action", required=True, metavar="ACTION")
    show = statement_actions.add_parser("show", help="one statement, with its text in the market's languages")
    show.add_argument(
        "--id", required=True, metavar="SANCTION", help="the statement's reference, e.g. charge-T-1001-1-handling_fee"
    )
    show.add_argument("--language", metavar="CODE", help="print the text only, in this language (any of the 11)")
    listed = statement_actions.add_parser("list", help="a seller's statements, newest first, one JSON per line")
    listed.add_argument("--seller", required=True, metavar="S")
    statement.set_defaults(handler=_cmd_statement)
    backfill = statement_actions.add_parser(
        "backfill", help="write the statements of sanctions recorded before statements existed (after migration 0010)"
    )
    backfill.add_argument("--batch", type=int, default=500, metavar="N", help="sanctions per transaction")

    action = client_commands(commands, "appeal", "appeal a sanction; show, list or decide appeals", lambda parser: None)
    submit = action("submit", _appeal_submit, "appeal one sanction within its window (one appeal per sanction)")
    submit.add_argument("--sanction", required=True, metavar="SANCTION", help="the statement's reference")
    submit.add_argument("--grounds", required=True, metavar="TEXT", help="why the sanction is wrong")
    submit.add_argument("--seller", metavar="S", help="refuse unless the sanction is this seller's")
    shown = action("show", _appeal_show, "where an appeal stands")
    shown.add_argument("--appeal", required=True, metavar="ID", help="appeal-{sanction}")
    listing = action("list", _appeal_list, "appeals from the store, oldest first")
    listing.add_argument("--state", choices=[str(state) for state in AppealState])
    listing.add_argument("--seller", metavar="S")
    decide = action("decide", _appeal_decide, "ops decide: upheld, overturned, or a charge partly_overturned")
    decide.add_argument("--appeal", required=True, metavar="ID")
    decide.add_argument("--outcome", required=True, choices=[str(outcome) for outcome in AppealOutcome])
    decide.add_argument("--by", required=True, metavar="WHO", help="who decided (ops user id)")
    decide.add_argument("--reason", required=True, metavar="TEXT", help="why")
    decide.add_argument("--amount", metavar="AMOUNT", help="partly_overturned: the amount credited back")
