"""Benchmark: what a statement of reasons (issue 20) costs the transaction of the sanction it explains.

Why this exists: every charge, violation, flag and takeover now writes its statement (a row, the
text rendered in each of the market's languages, a ``statement.issued`` event) inside the
sanction's own transaction, on the record activities' path. That must not halve how fast the
store takes sanctions.

Method, all in this process, on a fresh SQLite file per measured run: ``--charges`` charges
(R5.6, the handling fee) on as many threads of market BE, whose statements are written in three
languages (French, Dutch, German: the most any market has), through ``charge_seller`` exactly as
the worker runs it, one transaction each.

* With statements: the worker's ``StatementWriter``.
* Baseline: the same charges with a writer that writes nothing (the ledger row and its
  ``charge.made`` event only, as before issue 20).
* Rounds alternate the two (``--rounds``, default 3); the medians of charges per second are compared.

Target: with statements at least 0.5 times the baseline's charges per second.

Run: ``.venv/bin/python bench/statements.py [--charges 1500] [--rounds 3] [--json]``.
Exit status 0 whether or not the target is met; 1 if a statement is missing.
"""

from __future__ import annotations

import os
import sys

if __name__ == "__main__":
    import _project_path  # noqa: F401  (the project first on sys.path: bench/calendar.py shadows calendar)

import argparse  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from sqlalchemy import func, insert, select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from activities.events import EventWriter, ThreadIds  # noqa: E402
from activities.recharge import RechargeActivities  # noqa: E402
from activities.statements import Sanction, StatementWriter  # noqa: E402
from bench._targets import at_least  # noqa: E402
from contract.cases import ChargeRequest, Cost  # noqa: E402
from rules.kinds import CostKind, ThreadState  # noqa: E402
from rules.markets import MarketRegistry  # noqa: E402
from rules.tariff import Tariff  # noqa: E402
from store.db import make_engine, session_factory  # noqa: E402
from store.migrate import upgrade  # noqa: E402
from store.models import StatementRecord, Thread  # noqa: E402

TARGET_RATIO = 0.5
AT = datetime(2027, 3, 1, 10, 0, tzinfo=UTC)
MARKETS = MarketRegistry.from_overrides()


class NoStatements(StatementWriter):
    """The baseline: the sanction as before issue 20, with no statement."""

    def issue(
        self, session: Session, sanction: Sanction, *, market: str | None = None, thread: ThreadIds | None = None
    ) -> bool:
        return False


def seed(path: Path, charges: int) -> None:
    url = f"sqlite:///{path}"
    upgrade(url)
    engine = make_engine(url)
    with engine.begin() as db:
        db.execute(
            insert(Thread.__table__),
            [
                {
                    "thread_id": f"T-{n:06d}",
                    "order_id": f"O-{n:06d}",
                    "seller_id": f"S-{n % 50}",
                    "buyer_id": f"B-{n:06d}",
                    "market": "BE",
                    "currency": "EUR",
                    "state": ThreadState.TAKEN_OVER.value,
                    "created_at": AT,
                    "updated_at": AT,
                }
                for n in range(charges)
            ],
        )
    engine.dispose()


def run(path: Path, charges: int, statements: StatementWriter) -> float:
    """Charges per second through ``charge_seller``."""
    engine = make_engine(f"sqlite:///{path}")
    events = EventWriter(MARKETS)
    writer = type(statements)(MARKETS, events, 30)
    recharge = RechargeActivities(session_factory(engine), Tariff(), events, writer)
    cost = Cost(kind=CostKind.HANDLING_FEE)
    started = time.perf_counter()
    for n in range(charges):
        recharge.charge_seller(
            ChargeRequest(
                thread_id=f"T-{n:06d}", seller_id=f"S-{n % 50}", takeover_no=1, currency="EUR", cost=cost, at=AT
            )
        )
    seconds = time.perf_counter() - started
    with engine.connect() as db:
        written = db.execute(select(func.count()).select_from(StatementRecord)).scalar_one()
    engine.dispose()
    expected = 0 if isinstance(statements, NoStatements) else charges
    if written != expected:
        raise SystemExit(f"statements bench: {written} statements written, expected {expected}")
    return charges / seconds


def measure(charges: int, rounds: int) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="bench-statements-"))
    try:
        seeded = folder / "seed.db"
        seed(seeded, charges)
        with_rates, without_rates = [], []
        for _ in range(rounds):
            for rates, writer in ((with_rates, StatementWriter), (without_rates, NoStatements)):
                copy = folder / "run.db"
                shutil.copyfile(seeded, copy)
                rates.append(run(copy, charges, writer(MARKETS, EventWriter(MARKETS), 30)))
        with_rate, without_rate = statistics.median(with_rates), statistics.median(without_rates)
        return {
            "benchmark": "statements",
            "python": platform.python_version(),
            "charges": charges,
            "rounds": rounds,
            "languages": 3,
            "with_statements_per_second": round(with_rate),
            "baseline_per_second": round(without_rate),
            "targets": {
                "charges/s with statements vs without": at_least(round(with_rate / without_rate, 3), TARGET_RATIO)
            },
        }
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def render(report: dict[str, Any]) -> str:
    target = report["targets"]["charges/s with statements vs without"]
    return "\n".join(
        [
            f"statements of reasons on SQLite: {report['charges']} charges in BE (3 languages), "
            f"median of {report['rounds']} rounds",
            f"  with statements  {report['with_statements_per_second']:>7} charges/s",
            f"  without          {report['baseline_per_second']:>7} charges/s",
            f"  ratio            {target['value']:>7.3f}   target {target['target']}: "
            f"{'MET' if target['met'] else 'NOT MET'}",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--charges", type=int, default=1500)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON instead of the table")
    args = parser.parse_args(argv)
    report = measure(args.charges, args.rounds)
    print(json.dumps(report, indent=2) if args.json else render(report))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("HELPDESK_LOG_LEVEL", "WARNING")
    sys.exit(main())
