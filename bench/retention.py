"""Benchmark: how fast the retention sweep (issue 19) removes the texts of closed threads on SQLite.

Why this exists: the sweep runs every day over whatever closed a period ago, in batches, one
transaction each; it must keep up with the store's intake without holding the write lock long.
What it does per thread is more than deleting rows: it selects the threads whose period is over
(per kind), empties message bodies and the texts of findings (JSON rewritten in Python, the same
code on PostgreSQL), rewrites event documents, empties case notes, deletes fingerprints and
inbound copies, and marks the thread.

Method, all in this process, on one seeded SQLite file copied afresh for every measured run:

* Seed: ``--threads`` closed threads (default 3,000), closed 400 days ago with their cases decided,
  each with a buyer message, an accepted reply, a refused reply with a finding, a reply
  fingerprint, three events (the message, the delivery, the refusal with its finding), a case note
  and an inbound copy: 9 rows that carry a text per thread.
* Sweep: every kind of ``RETENTION_KINDS`` in turn, batches of ``--batch`` threads (default 500,
  the setting's default) until none is left, exactly as the activity runs them
  (``store.repository.personal_data.sweep``, one transaction per batch). Rows per second: the rows
  it changed or deleted over its wall time.
* Baseline: on another copy, a plain ``DELETE`` of the same rows (the threads' messages,
  fingerprints, events, case and inbound copy), in batches of the same number of threads, one
  transaction each: the least any removal of those rows could cost.
* Rounds alternate sweep and baseline (``--rounds``, default 3); the medians are compared.

Target: the sweep at least 0.15 times the plain ``DELETE``'s rows per second. It does what a
``DELETE`` does not: selects the threads whose period is over, per kind (the index on the threads' state and
last update serves it), and reads, rewrites and writes back every event document and every
refused reply's findings as JSON in Python, about half its time in a profile; and it keeps every
row the audit needs.

Run: ``.venv/bin/python bench/retention.py [--threads 3000] [--batch 500] [--rounds 3] [--json]``.
Exit status 0 whether or not the target is met; 1 if the sweep misbehaves (a text left).
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
from datetime import UTC, datetime, timedelta  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from sqlalchemy import delete, func, insert, select  # noqa: E402

from bench._targets import at_least  # noqa: E402
from contract.retention import RETENTION_KINDS  # noqa: E402
from store.db import make_engine, session_factory, transaction  # noqa: E402
from store.migrate import upgrade  # noqa: E402
from store.models import (  # noqa: E402
    EventRecord,
    InboundMessage,
    Message,
    OpsCase,
    ReplyFingerprint,
    Thread,
)
from store.repository.personal_data import RemovedCounts, RetentionKind, sweep  # noqa: E402

TARGET_RATIO = 0.15
NOW = datetime(2027, 6, 1, 12, 0, tzinfo=UTC)
CLOSED = NOW - timedelta(days=400)
PERIOD = timedelta(days=90)
ROWS_PER_THREAD = 9
FINDING = {
    "rule": "R2.1",
    "kind": "off_platform_contact",
    "text": "06 12 34 56 78",
    "start": 15,
    "end": 29,
    "detail": "",
}


def _document(thread_id: str, n: int, event_type: str, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "event_id": f"evt_{thread_id}_{n}",
        "type": event_type,
        "sequence": n,
        "occurred_at": CLOSED.isoformat(),
        "thread_id": thread_id,
        "order_id": f"O-{thread_id}",
        "seller_id": "S-1",
        "market": "FR",
        "recipient": {"kind": "seller", "id": "S-1"},
        "data": data,
    }


def seed(path: Path, threads: int) -> None:
    url = f"sqlite:///{path}"
    upgrade(url)
    engine = make_engine(url)
    ids = [f"T-{n:06d}" for n in range(threads)]
    at = CLOSED - timedelta(days=5)
    with engine.begin() as db:
        db.execute(
            insert(Thread.__table__),
            [
                {"thread_id": t, "order_id": f"O-{t}", "seller_id": "S-1", "buyer_id": f"B-{t}", "market": "FR",
                 "currency": "EUR", "state": "closed", "unanswered": [], "created_at": at, "updated_at": CLOSED}
                for t in ids
            ],
        )  # fmt: skip
        messages = []
        for t in ids:
            messages += [
                {"thread_id": t, "message_id": "M-1", "direction": "buyer", "body": "Est-il débloqué ?",
                 "received_at": at, "no_reply_needed": False, "accepted": None, "refusal": None, "auto_reply_flag": False},
                {"thread_id": t, "message_id": "R-1", "direction": "seller", "body": "Oui, il est débloqué.",
                 "received_at": at, "no_reply_needed": False, "accepted": True, "refusal": None, "auto_reply_flag": False},
                {"thread_id": t, "message_id": "R-2", "direction": "seller", "body": "Appelez-moi au 06 12 34 56 78",
                 "received_at": at, "no_reply_needed": False, "accepted": False, "refusal": [FINDING],
                 "auto_reply_flag": False},
            ]  # fmt: skip
        db.execute(insert(Message.__table__), messages)
        db.execute(
            insert(ReplyFingerprint.__table__),
            [{"thread_id": t, "message_id": "R-1", "seller_id": "S-1", "fingerprint": "oui il est debloque",
              "sent_at": at} for t in ids],
        )  # fmt: skip
        events = []
        for t in ids:
            for n, (kind, data) in enumerate(
                (
                    ("buyer_message.received", {"message_id": "M-1", "text": "Est-il débloqué ?"}),
                    ("reply.delivered", {"message_id": "R-1", "text": "Oui, il est débloqué."}),
                    ("reply.refused", {"message_id": "R-2", "text": "Appelez-moi au 06 12 34 56 78",
                                       "findings": [FINDING]}),
                ),
                start=1,
            ):  # fmt: skip
                events.append(
                    {"event_id": f"evt_{t}_{n}", "type": kind, "stream": f"thread:{t}", "sequence": n, "thread_id": t,
                     "seller_id": "S-1", "recipient_kind": "seller", "recipient_id": "S-1", "occurred_at": at,
                     "recorded_at": at, "document": _document(t, n, kind, data)}
                )  # fmt: skip
        db.execute(insert(EventRecord.__table__), events)
        db.execute(
            insert(OpsCase.__table__),
            [{"thread_id": t, "takeover_no": 1, "reason": "quality_dispute", "opened_at": at, "outcome": "refund",
              "decided_by": "ops-anna", "decided_at": at, "note": "Photos reçues de Mme Dupont"} for t in ids],
        )  # fmt: skip
        db.execute(
            insert(InboundMessage.__table__),
            [{"thread_id": t, "message_id": "M-1", "payload": {"message": {"text": "Est-il débloqué ?"}},
              "accepted_at": at, "handed_over_at": at, "attempts": 1} for t in ids],
        )  # fmt: skip
    engine.dispose()  # the last connection closed checkpoints the WAL into the file: it copies whole


def fresh_copy(seeded: Path, folder: Path, name: str) -> str:
    target = folder / name
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(seeded, target)
    return f"sqlite:///{target}"


def run_sweep(url: str, batch: int) -> tuple[float, RemovedCounts]:
    engine = make_engine(url)
    sessions = session_factory(engine)
    total = RemovedCounts()
    started = time.perf_counter()
    for kind in RETENTION_KINDS:
        while True:
            with transaction(sessions) as session:
                swept = sweep(session, RetentionKind(kind), now=NOW, older_than=PERIOD, limit=batch)
            total += swept.removed
            if swept.done:
                break
    seconds = time.perf_counter() - started
    with sessions() as session:
        left = session.scalar(select(func.count()).select_from(Message).where(Message.body != ""))
    engine.dispose()
    if left:
        raise SystemExit(f"retention bench: the sweep left {left} message bodies")
    return seconds, total


def run_delete(url: str, batch: int, threads: int) -> tuple[float, int]:
    engine = make_engine(url)
    ids = [f"T-{n:06d}" for n in range(threads)]
    deleted = 0
    started = time.perf_counter()
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        with engine.begin() as db:
            for model in (ReplyFingerprint, Message, EventRecord, OpsCase, InboundMessage):
                deleted += db.execute(delete(model.__table__).where(model.__table__.c.thread_id.in_(chunk))).rowcount
    seconds = time.perf_counter() - started
    engine.dispose()
    return seconds, deleted


def measure(threads: int, batch: int, rounds: int) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="bench-retention-"))
    try:
        seeded = folder / "seed.db"
        started = time.perf_counter()
        seed(seeded, threads)
        seed_seconds = time.perf_counter() - started
        rows = threads * ROWS_PER_THREAD
        sweep_rates, delete_rates = [], []
        removed = RemovedCounts()
        for _ in range(rounds):
            seconds, removed = run_sweep(fresh_copy(seeded, folder, "sweep.db"), batch)
            # Rows changed or deleted: a refused reply's findings are in its message's row, the mark in the thread's.
            changed = removed.total - removed.threads - removed.refusal_texts
            if changed != rows:
                raise SystemExit(f"retention bench: the sweep changed {changed} rows, expected {rows}")
            sweep_rates.append(changed / seconds)
            seconds, deleted = run_delete(fresh_copy(seeded, folder, "delete.db"), batch, threads)
            if deleted != rows:
                raise SystemExit(f"retention bench: the baseline deleted {deleted} rows, expected {rows}")
            delete_rates.append(deleted / seconds)
        sweep_rate, delete_rate = statistics.median(sweep_rates), statistics.median(delete_rates)
        ratio = sweep_rate / delete_rate
        return {
            "benchmark": "retention",
            "python": platform.python_version(),
            "threads": threads,
            "rows": rows,
            "batch": batch,
            "rounds": rounds,
            "seed_seconds": round(seed_seconds, 2),
            "removed": removed.as_dict(),
            "sweep_rows_per_second": round(sweep_rate),
            "delete_rows_per_second": round(delete_rate),
            "sweep_threads_per_second": round(sweep_rate / ROWS_PER_THREAD),
            "targets": {"sweep rows/s vs plain DELETE": at_least(round(ratio, 3), TARGET_RATIO)},
        }
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def render(report: dict[str, Any]) -> str:
    target = report["targets"]["sweep rows/s vs plain DELETE"]
    return "\n".join(
        [
            f"retention sweep on SQLite: {report['threads']} closed threads, {report['rows']} rows with a text, "
            f"batches of {report['batch']}, median of {report['rounds']} rounds",
            f"  sweep         {report['sweep_rows_per_second']:>9} rows/s  ({report['sweep_threads_per_second']} threads/s)",
            f"  plain DELETE  {report['delete_rows_per_second']:>9} rows/s",
            f"  ratio         {target['value']:>9.3f}        target {target['target']}: "
            f"{'MET' if target['met'] else 'NOT MET'}",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--threads", type=int, default=3000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON instead of the table")
    args = parser.parse_args(argv)
    report = measure(args.threads, args.batch, args.rounds)
    print(json.dumps(report, indent=2) if args.json else render(report))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("HELPDESK_LOG_LEVEL", "WARNING")
    sys.exit(main())
