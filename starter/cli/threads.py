"""``helpdesk thread open|message|reply|escalate|market|show|ui``: one buyer thread from a shell.

The backend's and ops' way into a thread on the typed client (starter/client/helpdesk.py), against
HELPDESK_TEMPORAL_ADDRESS. Each command prints one JSON object on standard output, and a problem
as one line on standard error, never a traceback. The exit status says the outcome, as the HTTP
API's status does (``EXIT_STATUSES``, shown by ``--help``):

- 0: done (a reply: accepted and delivered);
- 1: trouble, not the caller's: Temporal unreachable, or no answer in time (the API's 503);
- 2: bad input, or nothing there (the API's 422 and 404);
- 3: a reply refused, with the findings on standard output: by screening (R2), empty, or not
  from the thread's seller (R3.1);
- 4: refused by the state of the thread, case or absence (the API's 409). For example, a reply to
  a taken-over or closed thread (R5.3), a case already decided, or an absence that overlaps.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from collections.abc import Callable
from datetime import UTC, datetime

from config import Settings
from rules.markets import UnknownMarketError
from rules.refusals import BY_STATE
from starter.cli.common import USAGE_ERROR, Parser, parse_instant, short

THREAD_CONNECT_TIMEOUT = 5.0
"""Seconds to wait for the Temporal frontend: a shell command should fail fast, not retry for 30 s."""
THREAD_CALL_TIMEOUT = 30.0
"""Seconds to wait for the thread's answer once connected (an update needs a polling worker)."""
TROUBLE = 1
REPLY_REFUSED = 3
STATE_REFUSED = 4
EXIT_STATUSES = (
    "exit status: 0 done (a reply accepted); 1 Temporal unreachable or no answer in time; 2 bad input or nothing "
    "there; 3 a reply refused (R2 screening, R3.1), findings on stdout; 4 refused by the thread's, case's or absence's state "
    "(R5.3, R4.5)"
)
# A reply refused for the thread's state, not its text: the API answers these 409.

# Contract fields as the flags that carry them, so a refusal names what the caller typed.
_FLAGS = {
    "thread_id": "--thread",
    "order_id": "--order",
    "seller_id": "--seller",
    "buyer_id": "--buyer",
    "market": "--market",
    "subject": "--subject",
    "order_total": "--order-total",
    "message_id": "--message-id",
    "received_at": "--received-at",
    "no_reply_needed": "--no-reply-needed",
    "auto_reply": "--auto-reply",
    "text": "TEXT",
    "escalation_id": "--escalation-id",
    "reason": "--reason",
    "raised_by": "--raised-by",
    "raised_by_id": "--by",
    "note": "--note",
    "outcome": "--outcome",
    "decided_by": "--by",
    "refund_amount": "--refund-amount",
    "event_id": "--event-id",
    "result": "--result",
    "tracking_number": "--tracking",
    "inspected_at": "--at",
    "dispatched_at": "--at",
    "first_day": "--first-day",
    "last_day": "--last-day",
}


class _BadInput(ValueError):
    """Refused input: the message is the one line for standard error (exit status 2)."""


class _Trouble(RuntimeError):
    """Not the caller's input: Temporal unreachable, no answer in time (exit status 1)."""


class _StateRefused(RuntimeError):
    """The thread, case or absence refused for its state (exit status 4)."""


def _validation_line(exc: Exception) -> str:
    from pydantic import ValidationError

    assert isinstance(exc, ValidationError)
    first = exc.errors()[0]
    field = str(first["loc"][0]) if first["loc"] else ""
    name = _FLAGS.get(field, f"field {field}" if field else "input")
    message = first["msg"].removeprefix("Value error, ")
    given = first.get("input")
    if isinstance(given, str) and first["type"] != "missing":
        shown = given if len(given) <= 60 else given[:57] + "..."
        message += f" (got {shown!r})"
    return f"{name}: {message}"


def _model(model: type, **fields: object):
    """Build a contract model, turning pydantic's report into one line naming the flag."""
    from pydantic import ValidationError

    try:
        return model(**fields)
    except ValidationError as exc:
        raise _BadInput(_validation_line(exc)) from None


def _thread_id(text: str) -> str:
    from pydantic import TypeAdapter, ValidationError

    from contract.threads import Identifier

    try:
        return TypeAdapter(Identifier).validate_python(text)
    except ValidationError as exc:
        message = exc.errors()[0]["msg"]
        raise _BadInput(f"--thread: {message} (got {text!r})") from None


def _received_at(text: str | None, settings: Settings) -> datetime:
    from contract.threads import InstantInTheFuture, not_in_the_future

    now = datetime.now(UTC)
    if text is None:
        return now
    try:
        instant = parse_instant(text)
        not_in_the_future("--received-at", instant, now, settings.clock_skew_s)
    except InstantInTheFuture as exc:
        raise _BadInput(str(exc)) from None
    except ValueError as exc:
        raise _BadInput(f"--received-at: {exc}") from None
    return instant


def _known_market(settings: Settings, code: str) -> None:
    try:
        settings.market_registry.get(code)
    except UnknownMarketError as exc:
        raise _BadInput(f"--market: {exc}") from None


def _escalation_reason(text: str):
    from rules.kinds import ESCALATION_REASONS, TakeoverReason

    valid = ", ".join(sorted(ESCALATION_REASONS))
    try:
        reason = TakeoverReason(text.strip().lower())
    except ValueError:
        raise _BadInput(f"--reason: unknown reason {text!r}; valid reasons: {valid}") from None
    if reason not in ESCALATION_REASONS:
        raise _BadInput(
            f"--reason: {reason} is decided by the thread's clock, not raised (R5.2); valid reasons: {valid}"
        )
    return reason


def _accepted(thread_id: str, **ids: str) -> dict[str, object]:
    from contract.threads import thread_workflow_id

    return {"thread_id": thread_id, "workflow_id": thread_workflow_id(thread_id), **ids, "accepted": True}


# Each builder checks the input without I/O and returns the call to make on the client, so bad
# input is refused before connecting to Temporal (and works with Temporal down).


def _thread_open(args: argparse.Namespace, settings: Settings):
    from contract.threads import BuyerMessage, ThreadOpen

    thread = _model(
        ThreadOpen,
        thread_id=args.thread,
        order_id=args.order,
        seller_id=args.seller,
        buyer_id=args.buyer,
        market=args.market,
        subject=args.subject,
        order_total=args.order_total,
    )
    _known_market(settings, thread.market)  # before connecting: refused even with Temporal down
    first = _model(
        BuyerMessage,
        message_id=args.message_id,
        received_at=_received_at(args.received_at, settings),
        text=args.text,
        no_reply_needed=args.no_reply_needed,
    )

    async def call(helpdesk):
        await helpdesk.open_inquiry(thread, first)
        return _accepted(thread.thread_id, message_id=first.message_id)

    return call


def _thread_message(args: argparse.Namespace, settings: Settings):
    from contract.threads import BuyerMessage

    thread_id = _thread_id(args.thread)
    message = _model(
        BuyerMessage,
        message_id=args.message_id,
        received_at=_received_at(args.received_at, settings),
        text=args.text,
        no_reply_needed=args.no_reply_needed,
    )

    async def call(helpdesk):
        await helpdesk.buyer_message(thread_id, message)
        return _accepted(thread_id, message_id=message.message_id)

    return call


def _thread_reply(args: argparse.Namespace, settings: Settings):
    from contract.threads import SellerReply

    thread_id = _thread_id(args.thread)
    reply = _model(
        SellerReply, message_id=args.message_id, seller_id=args.seller, text=args.text, auto_reply=args.auto_reply
    )

    async def call(helpdesk):
        # A refusal is a verdict on standard output ("accepted": false), with exit status 3 or 4.
        return (await helpdesk.seller_reply(thread_id, reply)).model_dump(mode="json")

    return call


def _thread_escalate(args: argparse.Namespace, settings: Settings):
    from contract.threads import Escalation

    thread_id = _thread_id(args.thread)
    reason = _escalation_reason(args.reason)
    # The default id is derived from what is raised, so running the same command twice raises once.
    escalation_id = args.escalation_id if args.escalation_id is not None else f"{reason}-{args.raised_by}-{args.by}"
    escalation = _model(
        Escalation,
        escalation_id=escalation_id,
        reason=reason,
        raised_by=args.raised_by,
        raised_by_id=args.by,
        note=args.note,
    )

    async def call(helpdesk):
        await helpdesk.escalate(thread_id, escalation)
        return _accepted(thread_id, escalation_id=escalation.escalation_id)

    return call


def _thread_market(args: argparse.Namespace, settings: Settings):
    from contract.threads import MarketChange

    thread_id = _thread_id(args.thread)
    change = _model(MarketChange, market=args.market)
    # Not checked against this process's markets: the worker's settings decide (the thread refuses).

    async def call(helpdesk):
        from starter.client.helpdesk import UpdateRefused

        try:
            return (await helpdesk.change_market(thread_id, change.market)).model_dump(mode="json")
        except UpdateRefused as exc:
            if str(exc).startswith("unknown market"):
                raise _BadInput(f"--market: {exc}") from None
            raise

    return call


def _thread_show(args: argparse.Namespace, settings: Settings):
    thread_id = _thread_id(args.thread)

    async def call(helpdesk):
        return (await helpdesk.state(thread_id)).model_dump(mode="json")

    return call


def _thread_ui(args: argparse.Namespace, settings: Settings):
    from starter.ops_views import workflow_url

    thread_id = _thread_id(args.thread)

    async def call(helpdesk):
        from temporalio.service import RPCError, RPCStatusCode

        from contract.threads import thread_workflow_id
        from starter.client.helpdesk import ThreadNotFound

        workflow_id = thread_workflow_id(thread_id)
        try:
            await helpdesk.handle(thread_id).describe()  # a link to a thread that is there, not a typo
        except RPCError as error:
            if error.status == RPCStatusCode.NOT_FOUND:
                raise ThreadNotFound(f"no thread {thread_id!r}") from None
            raise
        url = workflow_url(settings.temporal_ui_url, settings.temporal_namespace, workflow_id)
        return {"thread_id": thread_id, "workflow_id": workflow_id, "temporal_ui": url}

    return call


async def _thread_call(args: argparse.Namespace, settings: Settings, call) -> dict[str, object]:
    from temporalio.client import WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError
    from temporalio.exceptions import ApplicationError
    from temporalio.service import RPCError

    from connection import connect
    from errors import NotFound, Refused, TemporalUnavailable
    from starter.client.absences import AbsenceNotFound, AbsenceRefused
    from starter.client.cases import CaseNotFound, CaseRefused
    from starter.client.helpdesk import HelpdeskClient, ThreadNotFound, UpdateRefused
    from store.db import open_store

    logging.getLogger("helpdesk.connection").setLevel(logging.ERROR)  # no "waiting for Temporal" lines
    try:
        client = await connect(settings, timeout=THREAD_CONNECT_TIMEOUT)
    except TemporalUnavailable as exc:
        raise _Trouble(str(exc)) from None
    # Only a reply needs the store: a reply the thread refuses before screening is kept there (R2).
    # And appeals: a statement is read from the store before an appeal on it starts (issue 20).
    needs_store = (args.command, args.action) == ("thread", "reply") or args.command == "appeal"
    sessions = open_store(settings.database_url) if needs_store else None
    helpdesk = HelpdeskClient(
        client,
        settings.task_queue,
        sessions=sessions,
        markets=settings.market_registry,
        limits=settings.thread_limits,
    )
    try:
        return await asyncio.wait_for(call(helpdesk), THREAD_CALL_TIMEOUT)
    except (ThreadNotFound, CaseNotFound, AbsenceNotFound, NotFound) as exc:
        raise _BadInput(str(exc)) from None
    except (UpdateRefused, CaseRefused, AbsenceRefused, Refused) as exc:
        raise _StateRefused(str(exc)) from None
    except WorkflowUpdateFailedError as exc:  # refused by the workflow for a reason the client does not map
        cause = exc.cause
        raise _StateRefused(cause.message if isinstance(cause, ApplicationError) else str(exc)) from None
    except (TimeoutError, WorkflowUpdateRPCTimeoutOrCancelledError):
        raise _Trouble(
            f"{args.command} {getattr(args, 'thread', '') or getattr(args, 'seller', '')!r} did not answer within {THREAD_CALL_TIMEOUT:g} s: "
            f"is a worker polling task queue {settings.task_queue!r} at {settings.temporal_address}?"
        ) from None
    except RPCError as exc:
        raise _Trouble(f"Temporal at {settings.temporal_address} refused the call: {exc.message or exc}") from None


def _cmd_thread(args: argparse.Namespace, settings: Settings) -> int:
    """Returns the status instead of raising SystemExit: ``main`` must reach ``exit_process``.

    Also runs ``helpdesk case …`` (starter/cli/cases.py): the same client, the same promises."""
    prog = f"helpdesk {args.command} {args.action}"
    try:
        call = args.build(args, settings)
        result = asyncio.run(_thread_call(args, settings, call))
    except _BadInput as exc:
        sys.stderr.write(f"{prog}: error: {short(str(exc))}\n")
        return USAGE_ERROR
    except _Trouble as exc:
        sys.stderr.write(f"{prog}: {short(str(exc))}\n")
        return TROUBLE
    except _StateRefused as exc:
        sys.stderr.write(f"{prog}: refused: {short(str(exc))}\n")
        return STATE_REFUSED
    except Exception as exc:  # noqa: BLE001 - the one-line promise holds for the unforeseen too
        detail = " ".join(str(exc).split()) or "no detail"
        sys.stderr.write(f"{prog}: {type(exc).__name__}: {detail}\n")
        return TROUBLE
    print(json.dumps(result))
    return _verdict_status(result) if (args.command, args.action) == ("thread", "reply") else 0


def _verdict_status(verdict: dict[str, object]) -> int:
    """A reply's exit status: 0 accepted, 4 refused for the thread's state, 3 refused for what it is."""
    if verdict.get("accepted"):
        return 0
    kinds = {finding.get("kind") for finding in verdict.get("findings", ())}  # type: ignore[union-attr]
    return STATE_REFUSED if kinds & BY_STATE else REPLY_REFUSED


def client_commands(
    commands: argparse._SubParsersAction, name: str, help: str, common: Callable[[argparse.ArgumentParser], None]
) -> Callable[..., argparse.ArgumentParser]:
    """``helpdesk NAME ACTION …`` run by ``_cmd_thread`` on the typed client. Returns
    ``action(name, build, help)``, which adds one ACTION with the ``common`` arguments; ``build``
    checks the input and returns the call to make (see the builders above)."""
    group = commands.add_parser(name, help=help, epilog=EXIT_STATUSES)
    actions = group.add_subparsers(dest="action", required=True, parser_class=Parser, metavar="ACTION")
    group.set_defaults(handler=_cmd_thread)

    def action(action_name: str, build, action_help: str) -> argparse.ArgumentParser:
        parser = actions.add_parser(action_name, help=action_help, epilog=EXIT_STATUSES)
        common(parser)
        parser.set_defaults(build=build)
        return parser

    return action


def add_thread_commands(commands: argparse._SubParsersAction) -> None:
    from rules.kinds import RaisedBy

    action = client_commands(
        commands,
        "thread",
        "open, message, reply to, escalate, re-market or show a buyer thread",
        lambda parser: parser.add_argument(
            "--thread", required=True, metavar="T", help="the thread id from the marketplace backend"
        ),
    )

    def buyer_message(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--message-id", required=True, metavar="M")
        parser.add_argument(
            "--received-at", metavar="ISO", help="when the platform received it, with UTC offset (default: now)"
        )
        parser.add_argument("--no-reply-needed", action="store_true", help="R1.5: starts no clock")
        parser.add_argument("text", metavar="TEXT", help="the buyer's message")

    opened = action("open", _thread_open, "open a thread with its first buyer message (or add it if open)")
    opened.add_argument("--order", required=True, metavar="O")
    opened.add_argument("--seller", required=True, metavar="S")
    opened.add_argument("--buyer", required=True, metavar="B")
    opened.add_argument("--market", required=True, metavar="CODE", help="market code, e.g. FR")
    opened.add_argument("--subject", default="", metavar="TEXT")
    opened.add_argument(
        "--order-total", metavar="AMOUNT", help="what the buyer paid, in the market's currency (the default refund)"
    )
    buyer_message(opened)

    buyer_message(action("message", _thread_message, "a further buyer message (duplicate ids are ignored)"))

    reply = action("reply", _thread_reply, "a seller reply: screened, then accepted or refused (R2)")
    reply.add_argument("--seller", required=True, metavar="S")
    reply.add_argument("--message-id", required=True, metavar="M")
    reply.add_argument("--auto-reply", action="store_true", help="R2.2: an auto-responder sent it")
    reply.add_argument("text", metavar="TEXT", help="the seller's reply")

    escalate = action("escalate", _thread_escalate, "raise a dispute or severe violation: the platform takes over (R5)")
    escalate.add_argument("--reason", required=True, help="an R5.1 reason, e.g. locked_device")
    escalate.add_argument("--raised-by", required=True, choices=[str(who) for who in RaisedBy])
    escalate.add_argument("--by", required=True, metavar="WHO", help="id of who raised it")
    escalate.add_argument(
        "--escalation-id", metavar="E", help="dedupe key (default: derived from reason, side and WHO)"
    )
    escalate.add_argument("--note", default="", metavar="TEXT")

    market = action("market", _thread_market, "the order's market changed (R1.6)")
    market.add_argument("--market", required=True, metavar="CODE")

    action("show", _thread_show, "the thread's state, due time and working hours left")
    action("ui", _thread_ui, "the thread's page in the Temporal UI (HELPDESK_TEMPORAL_UI_URL)")
