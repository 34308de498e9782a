"""What every ``helpdesk`` command shares: one-line refusals with exit status 2, instants."""

from __future__ import annotations

import argparse
import re
import sys
from datetime import datetime
from typing import NoReturn

USAGE_ERROR = 2
SHOWN_VALUE = 60
"""Characters of a value a refusal quotes: enough to recognise it, not a 30 000-character echo."""
SHOWN_MESSAGE = 400
_QUOTED = re.compile(rf"'(?:[^'\\]|\\.){{{SHOWN_VALUE + 1},}}'|\"(?:[^\"\\]|\\.){{{SHOWN_VALUE + 1},}}\"")
_LONG_WORD = re.compile(rf"\S{{{SHOWN_VALUE + 1},}}")
# Control characters and line breaks (str.splitlines breaks at \x1c-\x1e, \x85, \u2028 too):
# shown escaped, so a refusal stays one line even when it quotes what argparse did not recognise.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def short(message: str) -> str:
    """``message`` with every quoted value longer than ``SHOWN_VALUE`` cut after its start, any
    unquoted word (a path, what argparse did not recognise) cut in its middle, and at most
    ``SHOWN_MESSAGE`` characters, so a refusal stays one short line whatever the caller typed
    (issue 9: a huge ``--market`` value was echoed whole, by argparse and by our own messages
    alike). The problem is named first, so cutting the end keeps it."""
    message = _CONTROL.sub(lambda control: repr(control.group(0))[1:-1], message)
    message = _QUOTED.sub(lambda quoted: quoted.group(0)[: SHOWN_VALUE - 2] + "..." + quoted.group(0)[0], message)
    half = SHOWN_VALUE // 2 - 2
    message = _LONG_WORD.sub(lambda word: word.group(0)[:half] + "..." + word.group(0)[-half:], message)
    return message if len(message) <= SHOWN_MESSAGE else message[: SHOWN_MESSAGE - 3] + "..."


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line, without the usage block, and an argument that is
    not text is refused before any command sees it."""

    def parse_known_args(self, args=None, namespace=None):  # type: ignore[no-untyped-def]
        """Bytes that are not UTF-8 reach ``sys.argv`` as lone surrogates (``surrogateescape``);
        passed on, they broke the store and Temporal calls with a ``UnicodeEncodeError`` (issue 9)."""
        for arg in sys.argv[1:] if args is None else args:
            try:
                arg.encode("utf-8")
            except UnicodeEncodeError:
                self.error(f"argument {arg!r} is not UTF-8 text")
        return super().parse_known_args(args, namespace)

    def error(self, message: str) -> NoReturn:
        self.exit(USAGE_ERROR, f"{self.prog}: error: {short(message)}\n")


def fail(prog: str, message: str) -> NoReturn:
    sys.stderr.write(f"{prog}: error: {short(message)}\n")
    raise SystemExit(USAGE_ERROR)


def parse_instant(text: str) -> datetime:
    try:
        instant = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"instant {text!r} is not an ISO 8601 date-time (e.g. 2026-12-24T16:30:00+01:00)") from None
    if instant.tzinfo is None:
        raise ValueError(f"instant {text!r} has no UTC offset; add one, e.g. {text}+01:00")
    return instant
