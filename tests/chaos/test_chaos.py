"""The short chaos run in ``make test`` (``make chaos`` runs 300 threads): threads through every
path of the rulebook while the worker is SIGKILLed three times and the dev server restarted once;
afterwards every thread as predicted, buyer messages recorded once, ledger costs exactly once, and
every event delivered to the webhook receiver, in order per thread, through two relay kills and
the receiver's outage."""

from __future__ import annotations

from pathlib import Path

import pytest
from chaos.driver import KINDS, run

pytestmark = pytest.mark.devserver


async def test_the_rulebook_holds_through_worker_kills_and_a_server_restart(tmp_path: Path):
    threads = 6 * len(KINDS)
    counts = await run(threads=threads, seed=7, workdir=tmp_path)
    assert (counts["worker kills (SIGKILL)"], counts["dev server restarts"], counts["relay kills (SIGKILL)"]) == (
        3,
        1,
        2,
    )
    assert counts["threads as predicted"] == threads
    # Every event the stories predict was written and delivered (run() checks each thread's, and order).
    assert counts["events delivered"] == counts["events expected"]
    assert all(counts[f"kind {kind}"] >= 1 for kind in KINDS)
