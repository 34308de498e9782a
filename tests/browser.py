"""Debian's chromium for the UI checks, driven by playwright (its own browser download does not
work on this machine). A missing browser is a failure naming the fix, never a skip: a skipped UI
check would let CI pass without ever opening the UI."""

from __future__ import annotations

from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags chromium reaches out at start, and this machine's
# closed network refuses those connections; QUIC and GPU are of no use headless either.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the UI tests drive Debian's chromium. `.ci/run` installs it "
            "(apt-get install -y --no-install-recommends chromium); run that, or install it by hand.",
            pytrace=False,
        )
    return str(CHROMIUM)
