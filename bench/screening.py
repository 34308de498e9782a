"""Benchmark: R2 reply screening (rules/screening/__init__.py) over the labelled corpus, on one core.

Why this exists: every seller reply is screened before it reaches the buyer (RULES.md R2), inside
the reply's Update, so screening must stay cheap whatever checks join ``rules.screening.CHECKS``
(off-platform contact, auto-reply markers, language detection, empty/abusive). Target: at least
1,000 replies per second in a single process on one core.

Method, all in this process:

* Inputs: ``tests/data/screening_corpus.jsonl`` (hand-written replies in the 15 default markets,
  labelled contact / clean / wrong_language / short / second_language), repeated in order until
  ``--n`` replies (default 20,000), each with ``ReplyContext(languages, market)`` of its market.
* The process is pinned to one CPU where the OS allows it (``sched_setaffinity``), so a check that
  spawns threads (a native language detector, say) cannot borrow a second core.
* Warm-up: each distinct corpus reply is screened once, untimed in the throughput figure but
  reported (first-use costs: pattern compilation, detector models loaded lazily).
* Throughput: ``screen_reply`` over all N inputs in a tight loop, one ``perf_counter`` around it.
* Latency: a second pass timing each call with ``perf_counter_ns``; p50, p90, p99 and max per
  reply, overall and per label.
* Share per check: each function of ``CHECKS`` run alone over the same N inputs, timed; its share
  is its time over the sum of all checks' times. The throughput time minus that sum is printed as
  the unattributed rest: ``screen_reply``'s own work (collecting and sorting findings), the cost of
  running the checks interleaved (each evicts the others' regexes and tables from the CPU caches;
  measured at 10-20 % here) and the run-to-run noise of two separate passes.

Run: ``.venv/bin/python bench/screening.py [--n 20000] [--json]``. Exit status 0 whether or not the
target is met (it is a benchmark); the verdict is printed as MET / NOT MET.
"""

from __future__ import annotations

import os
import sys

if __name__ == "__main__":
    import _project_path  # noqa: F401  (the project first on sys.path: bench/calendar.py shadows calendar)

import argparse  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from collections import Counter, defaultdict  # noqa: E402
from collections.abc import Mapping, Sequence  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from rules.markets import DEFAULT_MARKETS  # noqa: E402
from rules.screening import CHECKS, ReplyContext, screen_reply  # noqa: E402

PROJECT_ROOT = Path(__file__).resolve().parents[1]
CORPUS = PROJECT_ROOT / "tests" / "data" / "screening_corpus.jsonl"
TARGET_PER_SECOND = 1_000.0
DEFAULT_N = 20_000

Input = tuple[str, ReplyContext, str]  # (text, context, label)


def load_corpus(path: Path) -> list[Input]:
    contexts: dict[str, ReplyContext] = {}
    rows: list[Input] = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            row = json.loads(line)
            code = row["market"]
            if code not in contexts:
                market = DEFAULT_MARKETS[code]
                contexts[code] = ReplyContext(languages=tuple(market.languages), market=market.code)
            rows.append((row["text"], contexts[code], row["label"]))
    if not rows:
        raise SystemExit(f"bench/screening.py: error: {path} holds no replies")
    return rows


def repeat_to(rows: Sequence[Input], n: int) -> list[Input]:
    """The corpus in order, again and again, cut at ``n`` replies (at least one whole corpus)."""
    n = max(n, len(rows))
    return [rows[i % len(rows)] for i in range(n)]


def pin_to_one_core() -> tuple[str, set[int] | None]:
    """Restrict this process to one CPU where the OS allows it; what was done, and the CPUs before."""
    if not hasattr(os, "sched_setaffinity"):
        return f"not pinned (no sched_setaffinity on {platform.system()}); single process, single thread", None
    before = set(os.sched_getaffinity(0))
    first = min(before)
    os.sched_setaffinity(0, {first})
    return f"pinned to CPU {first} of {len(before)} available", before


def check_name(check: Any) -> str:
    name = getattr(check, "__name__", repr(check))
    if name == "<lambda>":  # a wrapper (e.g. one adapting a (text, languages) check): say where it lives
        code = getattr(check, "__code__", None)
        where = f"{Path(code.co_filename).name}:{code.co_firstlineno}" if code else "?"
        inner = [c.cell_contents for c in (getattr(check, "__closure__", None) or ()) if callable(c.cell_contents)]
        return f"<lambda {where}>({getattr(inner[0], '__name__', '?')})" if inner else f"<lambda {where}>"
    return name


def percentile(ordered: Sequence[int], fraction: float) -> float:
    """Nearest-rank percentile of sorted nanoseconds, in microseconds."""
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index] / 1_000


def latency_summary(samples: Sequence[int]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "count": len(ordered),
        "p50_us": percentile(ordered, 0.50),
        "p90_us": percentile(ordered, 0.90),
        "p99_us": percentile(ordered, 0.99),
        "max_us": ordered[-1] / 1_000 if ordered else 0.0,
        "mean_us": statistics.fmean(ordered) / 1_000 if ordered else 0.0,
    }


def bench(n: int, corpus: Path) -> dict[str, Any]:
    pinning, cpus_before = pin_to_one_core()
    try:
        return _bench(n, corpus, pinning)
    finally:
        if cpus_before is not None:  # main() may run inside another process (a test): give the CPUs back
            os.sched_setaffinity(0, cpus_before)


def _bench(n: int, corpus: Path, pinning: str) -> dict[str, Any]:
    rows = load_corpus(corpus)
    inputs = repeat_to(rows, n)

    # Warm-up: every distinct reply once (first-use costs reported, not counted in throughput).
    start = time.perf_counter()
    verdicts = Counter()
    for text, context, label in rows:
        verdicts[(label, "refused" if screen_reply(text, context) else "accepted")] += 1
    warmup_seconds = time.perf_counter() - start

    # Throughput: the public entry point in a tight loop.
    start = time.perf_counter()
    for text, context, _ in inputs:
        screen_reply(text, context)
    seconds = time.perf_counter() - start

    # Latency: each call timed on its own.
    clock = time.perf_counter_ns
    samples: list[int] = []
    by_label: dict[str, list[int]] = defaultdict(list)
    for text, context, label in inputs:
        before = clock()
        screen_reply(text, context)
        elapsed = clock() - before
        samples.append(elapsed)
        by_label[label].append(elapsed)

    # Each check alone on the same inputs.
    checks = []
    for check in CHECKS:
        start = time.perf_counter()
        for text, context, _ in inputs:
            check(text, context)
        checks.append({"check": check_name(check), "seconds": time.perf_counter() - start})
    checks_total = sum(c["seconds"] for c in checks)
    for c in checks:
        c["share"] = c["seconds"] / checks_total if checks_total else 0.0
        c["us_per_reply"] = c["seconds"] / len(inputs) * 1e6

    per_second = len(inputs) / seconds
    return {
        "replies": len(inputs),
        "distinct_replies": len(rows),
        "corpus": str(corpus.relative_to(PROJECT_ROOT) if corpus.is_relative_to(PROJECT_ROOT) else corpus),
        "labels": dict(Counter(label for _, _, label in rows)),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpu": pinning,
        "warmup_seconds": warmup_seconds,
        "warmup_verdicts": {f"{label} {verdict}": count for (label, verdict), count in sorted(verdicts.items())},
        "seconds": seconds,
        "per_second": per_second,
        "target_per_second": TARGET_PER_SECOND,
        "met": per_second >= TARGET_PER_SECOND,
        "latency": latency_summary(samples),
        "latency_by_label": {label: latency_summary(values) for label, values in sorted(by_label.items())},
        "checks": checks,
        "checks_seconds": checks_total,
        "unattributed_seconds": seconds - checks_total,
    }


def render(report: Mapping[str, Any]) -> str:
    lat = report["latency"]
    lines = [
        f"R2 reply screening, {report['replies']} replies ({report['distinct_replies']} distinct corpus replies "
        f"repeated) from {report['corpus']}",
        f"Python {report['python']} on {report['machine']}, {report['cpu']}; {len(report['checks'])} checks in CHECKS",
        f"warm-up (each distinct reply once, first-use costs): {report['warmup_seconds']:.3f} s; "
        + ", ".join(f"{k}: {v}" for k, v in report["warmup_verdicts"].items()),
        "",
        f"throughput   {report['per_second']:>12,.0f} replies/s  ({report['seconds']:.3f} s for {report['replies']})",
        f"latency      p50 {lat['p50_us']:,.1f} us   p90 {lat['p90_us']:,.1f} us   p99 {lat['p99_us']:,.1f} us   "
        f"max {lat['max_us']:,.1f} us   mean {lat['mean_us']:,.1f} us",
        "",
        f"{'label':<16} {'replies':>8} {'p50 us':>10} {'p99 us':>10} {'max us':>10}",
    ]
    for label, summary in report["latency_by_label"].items():
        lines.append(
            f"{label:<16} {summary['count']:>8} {summary['p50_us']:>10,.1f} {summary['p99_us']:>10,.1f} {summary['max_us']:>10,.1f}"
        )
    lines += ["", f"{'check':<52} {'seconds':>8} {'us/reply':>9} {'share':>7}"]
    for c in report["checks"]:
        lines.append(f"{c['check']:<52} {c['seconds']:>8.3f} {c['us_per_reply']:>9.1f} {c['share']:>7.1%}")
    lines.append(f"{'unattributed (interleaving, collect + sort, noise)':<52} {report['unattributed_seconds']:>8.3f}")
    lines += [
        "",
        f"target >= {report['target_per_second']:,.0f} replies/s on one core: "
        f"{'MET' if report['met'] else 'NOT MET'} ({report['per_second']:,.0f} replies/s)",
    ]
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--n", type=int, default=DEFAULT_N, help=f"replies screened, the corpus repeated (default {DEFAULT_N})"
    )
    parser.add_argument(
        "--corpus", type=Path, default=CORPUS, help="JSON lines {market, text, label} (default: the test corpus)"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON instead of the table")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("--n must be at least 1")
    if not args.corpus.is_file():
        parser.error(f"--corpus: no such file {args.corpus}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    report = bench(args.n, args.corpus.resolve())
    print(json.dumps(report, indent=2, ensure_ascii=False) if args.json else render(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
