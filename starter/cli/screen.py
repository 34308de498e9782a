"""``helpdesk screen``: run the R2 reply screening on text from a shell, without a thread.

- ``helpdesk screen --market FR "text"`` prints one JSON line,
  ``{"accepted": bool, "findings": [{"rule", "kind", "text", "start", "end", "detail"}, ...]}``.
- ``helpdesk screen --batch FILE`` (``-`` for standard input) reads JSON lines
  ``{"market": "FR", "text": "..."}`` (optionally ``"auto_reply": true``) and writes one verdict
  line per input line, in order. A line that is not valid JSON, lacks a field or names an unknown
  market gets ``{"accepted": false, "findings": [], "error": "line N: ..."}`` and the batch goes on;
  the exit status is 0 once the batch has been read to its end.

Bad arguments (an unknown ``--market``, a missing text, a batch file that cannot be opened) are one
line on standard error and exit status 2, like every ``helpdesk`` command. Screening is pure
(``rules.screening.screen_reply``): no Temporal, no store. Markets come from the settings
(``HELPDESK_MARKETS`` overrides included), and the web-address allow-list from
``settings.allowed_domains`` where the settings define one (else the screening's default list).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from config import Settings
from rules.markets import UnknownMarketError
from rules.screening import ReplyContext, screen_reply
from starter.cli.common import fail

PROG = "helpdesk screen"


def add_screen_command(commands: argparse._SubParsersAction) -> None:
    """Add ``screen`` to the ``helpdesk`` subcommands (handler: ``(args, settings) -> int``)."""
    screen = commands.add_parser(
        "screen",
        help="screen seller replies against R2 (contact, auto-reply, language, empty/abusive); JSON verdicts",
        description="Screen a seller reply, or a batch of JSON lines, as the helpdesk would before delivery (R2).",
    )
    screen.add_argument("--market", metavar="CODE", help="market code of the reply, e.g. FR (single reply)")
    screen.add_argument(
        "--batch",
        metavar="FILE",
        help='JSON lines {"market": ..., "text": ...}, one verdict line each; - reads standard input',
    )
    screen.add_argument(
        "--auto-reply", action="store_true", help="R2.2: the backend flagged the reply as auto-sent (single reply)"
    )
    screen.add_argument("text", nargs="?", metavar="TEXT", help="the seller's reply (single reply)")
    screen.set_defaults(handler=_cmd_screen)


def _cmd_screen(args: argparse.Namespace, settings: Settings) -> int:
    if args.batch is not None:
        if args.text is not None:
            fail(PROG, "give either --batch FILE or TEXT, not both")
        if args.market is not None or args.auto_reply:
            fail(PROG, '--market and --auto-reply are per line in --batch mode ("market", "auto_reply")')
        return _screen_batch(args.batch, settings)
    if args.market is None:
        fail(PROG, "--market is required to screen TEXT (or give --batch FILE)")
    if args.text is None:
        fail(PROG, "the following arguments are required: TEXT (or give --batch FILE)")
    try:
        context = _context(settings, args.market, args.auto_reply)
    except UnknownMarketError as exc:
        fail(PROG, f"--market: {exc}")
    _write(sys.stdout, verdict(args.text, context))
    return 0


def verdict(text: str, context: ReplyContext) -> dict[str, Any]:
    """The screening's answer for one reply: accepted when nothing was found."""
    findings = screen_reply(text, context)
    return {
        "accepted": not findings,
        "findings": [f.model_dump() for f in findings],
    }


def _context(settings: Settings, code: str, auto_reply: bool = False) -> ReplyContext:
    market = settings.market_registry.get(code)
    allowed = getattr(settings, "allowed_domains", None)
    return ReplyContext(
        languages=tuple(market.languages),
        market=market.code,
        auto_reply_flag=auto_reply,
        allowed_domains=tuple(allowed) if allowed is not None else None,
    )


def _screen_batch(source: str, settings: Settings) -> int:
    if source == "-":
        _screen_lines(_stdin_lines(), settings)
        return 0
    try:
        handle = open(source, "rb")
    except OSError as exc:
        fail(PROG, f"--batch: cannot read {source!r}: {exc.strerror or exc}")
    with handle:
        _screen_lines(handle, settings)
    return 0


def _stdin_lines() -> Iterator[bytes | str]:
    """Standard input line by line, as bytes where possible (so a bad encoding is one bad line)."""
    stream = getattr(sys.stdin, "buffer", None) or sys.stdin
    yield from stream


def _screen_lines(lines: Iterable[bytes | str], settings: Settings) -> None:
    out = sys.stdout
    for number, raw in enumerate(lines, start=1):
        try:
            text, context = _parse_line(raw, settings)
        except _BadLine as exc:
            _write(out, {"accepted": False, "findings": [], "error": f"line {number}: {exc}"})
            continue
        _write(out, verdict(text, context))


class _BadLine(ValueError):
    """A batch line that cannot be screened; the message says why."""


def _parse_line(raw: bytes | str, settings: Settings) -> tuple[str, ReplyContext]:
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise _BadLine("not UTF-8 text") from None
    line = raw.removeprefix("\ufeff").rstrip("\r\n")
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise _BadLine(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(row, dict):
        raise _BadLine('not a JSON object {"market": ..., "text": ...}')
    missing = [name for name in ("market", "text") if name not in row]
    if missing:
        raise _BadLine("missing field " + ", ".join(repr(name) for name in missing))
    market, text, auto_reply = row["market"], row["text"], row.get("auto_reply", False)
    if not isinstance(market, str):
        raise _BadLine("field 'market' must be a string")
    if not isinstance(text, str):
        raise _BadLine("field 'text' must be a string")
    if not isinstance(auto_reply, bool):
        raise _BadLine("field 'auto_reply' must be true or false")
    try:
        return text, _context(settings, market.strip(), auto_reply)
    except UnknownMarketError as exc:
        raise _BadLine(str(exc)) from None


def _write(out: TextIO, payload: dict[str, Any]) -> None:
    out.write(json.dumps(payload, ensure_ascii=False) + "\n")
    out.flush()
