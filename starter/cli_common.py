"""What every ``helpdesk`` command shares: one-line refusals with exit status 2, instants."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from typing import NoReturn

USAGE_ERROR = 2


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line, without the usage block."""

    def error(self, message: str) -> NoReturn:
        self.exit(USAGE_ERROR, f"{self.prog}: error: {message}\n")


def fail(prog: str, message: str) -> NoReturn:
    sys.stderr.write(f"{prog}: error: {message}\n")
    raise SystemExit(USAGE_ERROR)


def parse_instant(text: str) -> datetime:
    try:
        instant = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"instant {text!r} is not an ISO 8601 date-time (e.g. 2026-12-24T16:30:00+01:00)") from None
    if instant.tzinfo is None:
        raise ValueError(f"instant {text!r} has no UTC offset; add one, e.g. {text}+01:00")
    return instant
