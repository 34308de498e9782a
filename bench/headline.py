"""The headline ratios of every benchmark in a few minutes (``make bench``), each against its target.

Runs the benchmarks under ``bench/`` one after another, each in its own process with ``--json`` and
sizes that keep the whole under five minutes on 2 cores, and prints one table: the figure, its
target and whether it is met. Every figure is a ratio against a baseline that its benchmark ran in
the same process and minutes (docs/benchmarks.md has the method of each and the dated results).
``make bench-full`` runs each at full size instead, the 25-minute ``bench/scale.py`` included.

Exit status 0 whether or not a target is met; 1 when a benchmark failed (the system misbehaved).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Run:
    name: str
    script: str
    quick: tuple[str, ...]  # arguments for `make bench`
    full: tuple[str, ...] = ()  # arguments for `make bench-full` (the script's defaults)


RUNS = (
    Run("threads, concurrency 20", "threads.py", ("--threads", "150", "--rounds", "2", "--settle", "--probe", "0")),
    Run(
        "threads, concurrency 5",
        "threads.py",
        ("--threads", "60", "--rounds", "2", "--settle", "--probe", "0", "--concurrency", "5"),
        ("--settle", "--concurrency", "5", "--threads", "100"),
    ),
    Run("HTTP API", "api.py", ("--messages", "200", "--replies", "40", "--rounds", "2")),
    Run(
        "HTTP API, own process",
        "api.py",
        ("--messages", "200", "--replies", "40", "--rounds", "2", "--separate-process"),
        ("--separate-process",),
    ),
    Run("event delivery", "events.py", ("--threads", "60", "--rounds", "2", "--backlog", "500")),
    Run("working-hours clock", "calendar.py", ("--rounds", "3")),
    Run("retention sweep", "retention.py", ("--threads", "2000", "--rounds", "3")),
    Run("data keys per workflow", "data_keys.py", ("--n", "10000", "--workflows", "300")),
    Run("statements of reasons", "statements.py", ("--charges", "800", "--rounds", "3")),
    Run(
        "reply screening",
        "screening.py",
        (
            "--n",
            "5000",
        ),
    ),
)
SCALE = Run("scale: 10,000 threads", "scale.py", (), ())


def targets_of(report: dict[str, Any]) -> list[tuple[str, str, float, bool]]:
    """(name, target, value, met) of a benchmark's JSON report, whichever shape it has."""
    if "targets" in report:
        return [(name, t["target"], float(t["value"]), bool(t["met"])) for name, t in report["targets"].items()]
    if "ratios" in report:  # calendar.py: ours against each peer
        return [
            (f"deadlines/s vs {peer}", f">= {r['target']:g}x", float(r["fresh"]), bool(r["met"]))
            for peer, r in report["ratios"].items()
        ]
    if "target_per_second" in report:  # screening.py: an absolute rate on one core
        value = float(report["per_second"])
        return [
            ("replies/s, one core", f">= {report['target_per_second']:g}", value, value >= report["target_per_second"])
        ]
    raise ValueError(f"no targets in the report (keys: {sorted(report)})")


def run(spec: Run, full: bool) -> tuple[list[tuple[str, str, float, bool]], float]:
    arguments = spec.full if full else spec.quick
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, str(BENCH / spec.script), *arguments, "--json"], capture_output=True, text=True, check=False
    )
    seconds = time.monotonic() - started
    if done.returncode != 0:
        raise RuntimeError(f"{spec.script} {' '.join(arguments)} exited {done.returncode}:\n{done.stderr[-3000:]}")
    # The JSON report is the last thing printed; a dev server may print its banner before it.
    report = json.loads(done.stdout[done.stdout.index("\n{") + 1 :] if not done.stdout.startswith("{") else done.stdout)
    return targets_of(report), seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--full", action="store_true", help="each benchmark at full size, bench/scale.py included")
    args = parser.parse_args(argv)
    runs = (*RUNS, SCALE) if args.full else RUNS
    rows: list[tuple[str, str, str, float, bool]] = []
    total = time.monotonic()
    failed = False
    for spec in runs:
        print(f"running {spec.script} ({spec.name}) ...", flush=True)
        try:
            found, seconds = run(spec, args.full)
        except (RuntimeError, ValueError) as error:
            print(f"  FAILED: {error}", flush=True)
            failed = True
            continue
        print(f"  {seconds:.0f} s", flush=True)
        rows.extend((spec.name, name, target, value, met) for name, target, value, met in found)
    print()
    width = max(len(f"{bench}: {name}") for bench, name, *_ in rows) if rows else 20
    for bench, name, target, value, met in rows:
        print(f"{bench + ': ' + name:{width}}  {value:10.2f}  {'met    ' if met else 'NOT MET'}  target {target}")
    print(
        f"\n{len(rows)} figures, {sum(1 for *_, met in rows if met)} targets met, in {time.monotonic() - total:.0f} s"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
