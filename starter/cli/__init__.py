"""The ``helpdesk`` command.

Every refusal of bad input is one line on standard error naming the argument and the problem,
with exit status 2 (as argparse does for usage errors), never a traceback.

``helpdesk thread …`` lives in ``starter/cli/threads.py``, ``helpdesk case …`` and
``helpdesk ledger`` in ``starter/cli/cases.py``, ``helpdesk audit …`` in ``starter/cli/audit.py``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence

from config import Settings, SettingsInvalid, load_settings
from rules.calendar import InvalidHoursError, calendar_for, hours_to_us
from rules.markets import UnknownMarketError
from starter.cli.appeals import add_appeal_commands
from starter.cli.audit import add_audit_commands
from starter.cli.cases import add_case_commands
from starter.cli.common import Parser, fail, parse_instant
from starter.cli.events import add_event_commands
from starter.cli.privacy import add_privacy_commands
from starter.cli.retention import add_retention_commands
from starter.cli.screen import add_screen_command
from starter.cli.sellers import add_seller_commands
from starter.cli.threads import add_thread_commands

# The commands that write or read Temporal payloads, and so need the payload keys.
PAYLOAD_COMMANDS = frozenset(
    {"run", "worker", "api", "thread", "case", "absence", "buyer", "keys", "retention", "appeal"}
)


def _cmd_deadline(args: argparse.Namespace, settings: Settings) -> int:
    """R1.1: one due instant per given instant, in order, in the market's offset."""
    prog = "helpdesk deadline"
    try:
        market = settings.market_registry.get(args.market)
    except UnknownMarketError as exc:
        fail(prog, f"--market: {exc}")
    try:
        hours_to_us(args.hours, "--hours")
    except InvalidHoursError as exc:
        fail(prog, str(exc))
    try:
        received = [parse_instant(text) for text in args.instants]
    except ValueError as exc:
        fail(prog, str(exc))
    calendar = calendar_for(market)
    try:
        due = [calendar.due_instant(instant, args.hours) for instant in received]
    except ValueError as exc:  # no working time within the search horizon (a market without working days)
        fail(prog, str(exc))
    if args.json:
        rows = [
            {"market": market.code, "received_at": r.isoformat(), "hours": args.hours, "due_at": d.isoformat()}
            for r, d in zip(received, due)
        ]
        print(json.dumps(rows))
    else:
        print("\n".join(d.isoformat() for d in due))
    return 0


def _cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    from starter.api.auth import TokenConfigError
    from starter.dev.devserver import DevServerError
    from starter.dev.ports import PortInUseError
    from starter.dev.run import supervise

    try:
        return asyncio.run(supervise(settings))
    except (PortInUseError, DevServerError, TokenConfigError) as exc:
        sys.stderr.write(f"helpdesk run: {exc}\n")
        return 1


def _cmd_worker(args: argparse.Namespace, settings: Settings) -> int:
    from errors import TemporalUnavailable
    from worker import run_worker

    try:
        asyncio.run(run_worker(settings))
    except (TemporalUnavailable, SettingsInvalid) as exc:
        sys.stderr.write(f"helpdesk worker: {exc}\n")
        return 1
    return 0


def _cmd_api(args: argparse.Namespace, settings: Settings) -> int:
    from starter.api.app import run_api
    from starter.api.auth import TokenConfigError

    try:
        run_api(settings, args.fd)
    except (TokenConfigError, SettingsInvalid) as exc:
        sys.stderr.write(f"helpdesk api: {exc}\n")
        return 1
    return 0


def _cmd_api_token(args: argparse.Namespace, settings: Settings) -> int:
    """A new bearer token, and the entry that admits it in HELPDESK_API_TOKENS (only the hash is configured)."""
    from starter.api.auth import NAME_MAX, is_token_name, new_token

    if args.name is not None and not is_token_name(args.name):
        fail("helpdesk api-token", f"--name: 1-{NAME_MAX} printable characters, got {args.name!r}")
    token, digest = new_token()
    entry: dict[str, str] = {"role": args.role}
    if args.seller:
        entry["seller_id"] = args.seller
    if args.name is not None:
        entry["name"] = args.name  # the read audit's token id (docs/privacy.md, "Who read what")
    print(json.dumps({"token": token, "api_tokens_entry": {digest: entry}}))
    return 0


def _cmd_dev_token(args: argparse.Namespace, settings: Settings) -> int:
    """One development token, for a ``curl`` against ``make run``'s API (starter/dev/tokens.py)."""
    from starter.dev.tokens import DevTokensMissing, read_dev_tokens

    prog = "helpdesk dev-token"
    if settings.api_tokens:
        fail(prog, "HELPDESK_API_TOKENS is set, so `make run` admits only those tokens and made no development ones")
    try:
        print(read_dev_tokens(settings.dev_tokens_file).token(args.role))
    except DevTokensMissing as exc:
        fail(prog, str(exc))
    return 0


def _cmd_migrate(args: argparse.Namespace, settings: Settings) -> int:
    from alembic.util import CommandError

    from store.migrate import upgrade

    try:
        upgrade(settings.database_url, args.revision)
    except CommandError as exc:  # an unknown or relative revision (issue 9: it was a traceback)
        fail("helpdesk migrate", f"--revision: {exc}")
    except AssertionError:  # alembic's parser asserts on some malformed ones ("", "@")
        fail("helpdesk migrate", f"--revision: not a revision: {args.revision!r} (e.g. head)")
    print(f"store at {args.revision}: {settings.database_url}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="helpdesk", description="Seller customer-service rules on Temporal.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)

    deadline = commands.add_parser("deadline", help="due instants of R1.1 in a market's working hours")
    deadline.add_argument("--market", required=True, help="market code, e.g. FR")
    deadline.add_argument("--hours", type=float, default=None, help="working hours (default: the R1.1 setting, 24)")
    deadline.add_argument("--json", action="store_true", help="print a JSON array of objects")
    deadline.add_argument("instants", nargs="+", metavar="INSTANT", help="received_at, ISO 8601 with UTC offset")
    deadline.set_defaults(handler=_cmd_deadline)

    run = commands.add_parser("run", help="dev server + migrations + worker, as `make run`")
    run.set_defaults(handler=_cmd_run)

    worker = commands.add_parser("worker", help="run a worker against HELPDESK_TEMPORAL_ADDRESS")
    worker.set_defaults(handler=_cmd_worker)

    api = commands.add_parser("api", help="serve the HTTP API on HELPDESK_API_PORT")
    api.add_argument(
        "--fd", type=int, metavar="N", help="serve on this inherited listening socket instead (as `make run` does)"
    )
    api.set_defaults(handler=_cmd_api)

    token = commands.add_parser("api-token", help="make a bearer token and its HELPDESK_API_TOKENS entry")
    token.add_argument("--role", required=True, choices=["backend", "seller", "ops"])
    token.add_argument("--seller", metavar="S", help="the seller a seller token is scoped to")
    token.add_argument("--name", metavar="NAME", help="who holds it, as the read audit names it (1-64 characters)")
    token.set_defaults(handler=_cmd_api_token)

    dev_token = commands.add_parser(
        "dev-token", help="print a development API token `make run` made (no HELPDESK_API_TOKENS set)"
    )
    dev_token.add_argument("role", choices=["backend", "ops", "seller"])
    dev_token.set_defaults(handler=_cmd_dev_token)

    migrate = commands.add_parser("migrate", help="apply the store's migrations to HELPDESK_DATABASE_URL")
    migrate.add_argument("--revision", default="head")
    migrate.set_defaults(handler=_cmd_migrate)

    add_thread_commands(commands)
    add_case_commands(commands)
    add_seller_commands(commands)
    add_screen_command(commands)
    add_event_commands(commands)
    add_audit_commands(commands)
    add_privacy_commands(commands)
    add_retention_commands(commands)
    add_appeal_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
    except SettingsInvalid as exc:
        fail("helpdesk", str(exc))
    if args.command in PAYLOAD_COMMANDS:
        # Read (or create) the payload keys once, up front: a bad key is one line before anything
        # starts, and `make run` creates the key file before its worker and API race to.
        from connection import payload_keyring

        try:
            payload_keyring(settings)
        except SettingsInvalid as exc:
            fail("helpdesk", str(exc))
    if getattr(args, "hours", None) is None and args.command == "deadline":
        args.hours = settings.reply_working_hours
    from telemetry.logging import configure_logging

    configure_logging(settings.log_level, settings.log_format)
    from telemetry.tracing import start_tracing, stop_tracing

    start_tracing(settings.otlp_endpoint, f"helpdesk-{args.command}")
    try:
        status = args.handler(args, settings)
    finally:
        stop_tracing()  # the spans still buffered go out before the process ends
    if args.command in ("run", "worker", "thread", "case", "absence", "retention"):
        from connection import exit_process

        exit_process(status)  # these held Temporal clients: see exit_process for why
    return status
