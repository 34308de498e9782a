"""Benchmark: what data keys per workflow (issue 19) cost the payload codec.

Why this exists: since issue 19 every payload of a workflow is encrypted with that workflow's data
key instead of the master key, looked up through the serialization context the SDK hands the codec
for every conversion. The codec runs for every workflow task, activity and client call, so its
steady state (a key already unwrapped) must cost about what the master key did; the first payload
of a new workflow makes its key (one INSERT in the store), and a process that meets a key for the
first time reads and unwraps it (one SELECT).

Method, all in this process, on a SQLite file store (as ``make run``), payloads of a typical size
(a ``BuyerMessage`` with a 300-character text, serialised by the production converter):

* baseline: the master-key codec (``EncryptionCodec`` with no data keys) encoding and decoding
  ``--n`` payloads, one per call, as the SDK calls it;
* cached: the same with data keys, each call bound to one of 100 workflows through
  ``with_context`` (every key made and cached before timing);
* new workflow: the first encode for each of ``--workflows`` new workflow ids (key made, wrapped,
  inserted);
* cold decode: decoding one payload per workflow in a process that has not seen its key (read,
  unwrapped).

Ratios are against the baseline's time per payload (encode + decode). Targets: cached <= 1.5x the
baseline; a new workflow's first encode and a cold decode under 2 ms each (a workflow's start and
a worker's first task for it take tens of milliseconds). Run: ``.venv/bin/python bench/data_keys.py
[--n 20000] [--workflows 500] [--json]``.
"""

from __future__ import annotations

if __name__ == "__main__":
    import _project_path  # noqa: F401  (the project first on sys.path)

import argparse  # noqa: E402
import asyncio  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from temporalio.api.common.v1 import Payload  # noqa: E402
from temporalio.contrib.pydantic import pydantic_data_converter  # noqa: E402
from temporalio.converter import WorkflowSerializationContext  # noqa: E402

from bench._targets import at_most  # noqa: E402
from contract.threads import BuyerMessage  # noqa: E402
from privacy.codec import EncryptionCodec  # noqa: E402
from privacy.data_keys import DataKeys  # noqa: E402
from privacy.keys import KeyRing  # noqa: E402
from store.db import open_store  # noqa: E402
from store.repository.data_keys import DataKeyStore  # noqa: E402

CACHED_RATIO_TARGET = 1.5
FIRST_USE_MS_TARGET = 2.0


def sample_payload() -> Payload:
    message = BuyerMessage(message_id="M-1", received_at=datetime(2026, 12, 7, 9, tzinfo=UTC), text="x" * 300)
    return pydantic_data_converter.payload_converter.to_payload(message)


def context(workflow_id: str) -> WorkflowSerializationContext:
    return WorkflowSerializationContext(namespace="default", workflow_id=workflow_id)


async def per_payload_us(codec: EncryptionCodec, payload: Payload, n: int, workflows: list[str] | None) -> float:
    start = time.perf_counter()
    for index in range(n):
        bound = codec.with_context(context(workflows[index % len(workflows)])) if workflows else codec
        [sealed] = await bound.encode([payload])
        await bound.decode([sealed])
    return (time.perf_counter() - start) / n * 1e6


async def measure(n: int, workflow_count: int, directory: Path) -> dict[str, Any]:
    ring = KeyRing("m1", {"m1": os.urandom(32)})
    sessions = open_store(f"sqlite:///{directory / 'keys.db'}")
    payload = sample_payload()

    baseline = EncryptionCodec(ring)
    keys = DataKeys(DataKeyStore(lambda: sessions), ring, cache_seconds=3600)
    with_keys = EncryptionCodec(ring, keys)
    warm = [f"thread-warm-{i}" for i in range(100)]
    for workflow_id in warm:
        await with_keys.with_context(context(workflow_id)).encode([payload])
    await per_payload_us(baseline, payload, 1000, None)  # warm-up
    baseline_us = await per_payload_us(baseline, payload, n, None)
    cached_us = await per_payload_us(with_keys, payload, n, warm)

    fresh = [f"thread-new-{i}" for i in range(workflow_count)]
    sealed: list[Payload] = []
    start = time.perf_counter()
    for workflow_id in fresh:
        sealed += await with_keys.with_context(context(workflow_id)).encode([payload])
    new_workflow_ms = (time.perf_counter() - start) / workflow_count * 1e3

    cold = EncryptionCodec(ring, DataKeys(DataKeyStore(lambda: sessions), ring, cache_seconds=3600))
    start = time.perf_counter()
    for item in sealed:
        await cold.decode([item])
    cold_decode_ms = (time.perf_counter() - start) / workflow_count * 1e3

    ratio = cached_us / baseline_us
    return {
        "payload_bytes": payload.ByteSize(),
        "n": n,
        "workflows": workflow_count,
        "baseline_us_per_payload": round(baseline_us, 2),
        "data_keys_cached_us_per_payload": round(cached_us, 2),
        "new_workflow_first_encode_ms": round(new_workflow_ms, 3),
        "cold_decode_ms": round(cold_decode_ms, 3),
        "targets": {
            "cached_vs_master_key": at_most(round(ratio, 2), CACHED_RATIO_TARGET, "x the master-key codec"),
            "new_workflow_first_encode_ms": at_most(round(new_workflow_ms, 3), FIRST_USE_MS_TARGET, "ms"),
            "cold_decode_ms": at_most(round(cold_decode_ms, 3), FIRST_USE_MS_TARGET, "ms"),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--workflows", type=int, default=500)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        report = asyncio.run(measure(args.n, args.workflows, Path(directory)))
    if args.json:
        print(json.dumps(report))
        return
    print(f"payload {report['payload_bytes']} bytes, {args.n} encode+decode each, {args.workflows} new workflows")
    print(f"  master key (baseline):   {report['baseline_us_per_payload']:8.2f} us per payload")
    print(f"  data keys, cached:       {report['data_keys_cached_us_per_payload']:8.2f} us per payload")
    print(f"  new workflow's key:      {report['new_workflow_first_encode_ms']:8.3f} ms (first encode)")
    print(f"  cold decode:             {report['cold_decode_ms']:8.3f} ms (key read and unwrapped)")
    for name, target in report["targets"].items():
        print(f"  {name}: {target['value']} (target {target['target']}) {'MET' if target['met'] else 'NOT MET'}")


if __name__ == "__main__":
    main()
