"""Benchmark: the HTTP API's overhead over the Python client, on a real dev server.

Why: the marketplace backend may not be Python, so it goes through the HTTP API (starter/api/),
which adds a store write before every buyer message (nothing lost when Temporal is down), auth,
validation and JSON. This measures what that costs against the same operations through
``HelpdeskClient`` in the same process, on the same worker and server:

* buyer messages accepted per second: ``--messages`` new threads opened with ``--concurrency``
  requests in flight, through ``POST /v1/threads/{id}/messages`` and through ``open_inquiry``;
* seller-reply round trip: ``--replies`` replies, one at a time, through
  ``POST /v1/threads/{id}/replies`` and through ``seller_reply`` (target p99 < 300 ms via HTTP).

The API is served by uvicorn in this process (one event loop with the worker), over real TCP, or
with ``--separate-process`` in its own process with its own Temporal client, as ``make run`` runs it.
The two workloads alternate per round to cancel drift. Prints the figures and the ratios
(API/client); exit status 0 whether or not the target is met.

Run: ``.venv/bin/python bench/api.py [--messages 200] [--concurrency 20] [--replies 50] [--rounds 2]``.
"""

from __future__ import annotations

import os
import sys

if __name__ == "__main__":
    import _project_path  # noqa: F401  (the project first on sys.path: bench/calendar.py shadows calendar)

import argparse
import asyncio
import concurrent.futures
import json
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from bench._targets import at_least, at_most

TOKEN = "bench-backend-token"
TARGETS = {"messages_ratio_min": 0.8, "reply_p99_ratio_max": 1.2}  # issue 18


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def inquiry(thread_id: str) -> dict:
    # One seller per thread: the same reply text to many threads of one seller is R2.2's template.
    return {
        "thread": {
            "thread_id": thread_id,
            "order_id": f"O-{thread_id}",
            "seller_id": f"S-{thread_id}",
            "buyer_id": "B",
            "market": "FR",
        },
        "message": {
            "message_id": f"{thread_id}-m1",
            "received_at": datetime.now(UTC).isoformat(),
            "text": "Est-il débloqué ?",
        },
    }


async def main(args: argparse.Namespace) -> int:
    import aiohttp
    import uvicorn
    from temporalio.testing import WorkflowEnvironment

    from config import load_settings
    from connection import data_converter
    from contract.search_attributes import ALL_SEARCH_ATTRIBUTES
    from contract.threads import BuyerMessage, SellerReply, ThreadOpen
    from starter.api.app import create_app
    from starter.api.auth import token_hash
    from starter.client.helpdesk import HelpdeskClient
    from starter.dev.ports import free_port
    from store.db import open_store
    from telemetry.logging import configure_logging
    from worker import build_worker

    # One store for the API, the worker and the data keys, as in a deployment (issue 19: every
    # process must find the data keys the others made).
    database_url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    settings = load_settings(
        task_queue="bench-api",
        metrics_port=0,
        api_tokens={token_hash(TOKEN): {"role": "backend"}},
        database_url=database_url,
    )
    configure_logging("INFO", "json")  # as production logs: the activities' DEBUG lines are not written
    spans = None
    if args.trace:
        from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

        from telemetry.tracing import start_tracing

        spans = InMemorySpanExporter()
        start_tracing(None, "bench-api", exporter=spans)
    env = await WorkflowEnvironment.start_local(
        data_converter=data_converter(settings),
        dev_server_existing_path=str(Path(sys.executable).parent / "temporal"),
        search_attributes=ALL_SEARCH_ATTRIBUTES,
    )
    sessions = open_store(database_url)
    temporal = env.client
    if args.trace:  # the API's client with the tracing interceptor, as connection.connect builds it
        from temporalio.client import Client

        from telemetry.tracing import client_interceptors

        temporal = Client(**{**env.client.config(), "interceptors": client_interceptors()})
    client = HelpdeskClient(temporal, settings.task_queue, sessions=sessions)
    port = free_port()
    process = None
    if args.separate_process:  # as `make run` runs it: its own process, its own Temporal client
        import subprocess

        process = subprocess.Popen(
            [sys.executable, "-m", "starter.cli", "api"],
            env={
                **os.environ,
                "HELPDESK_API_PORT": str(port),
                "HELPDESK_DATABASE_URL": database_url,
                "HELPDESK_TEMPORAL_ADDRESS": env.client.service_client.config.target_host,
                "HELPDESK_TASK_QUEUE": settings.task_queue,
                "HELPDESK_METRICS_PORT": "0",
                "HELPDESK_API_TOKENS": json.dumps(settings.api_tokens),
                "HELPDESK_LOG_LEVEL": "WARNING",
            },
        )
        server = None
    else:
        app = create_app(settings, sessions)
        app.state.helpdesk = client
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        serving = asyncio.create_task(server.serve())
    headers = {"Authorization": f"Bearer {TOKEN}"}
    results: dict[str, dict[str, list[float]]] = {"api": {"rate": [], "reply": []}, "client": {"rate": [], "reply": []}}
    try:
        with concurrent.futures.ThreadPoolExecutor(16) as executor:
            async with (
                build_worker(env.client, settings, executor, sessions=sessions),
                # aiohttp as the backend's HTTP client: a tenth of httpx's CPU per request
                # (docs/benchmarks.md), and the client's CPU is spent on the same two cores.
                aiohttp.ClientSession(
                    base_url=f"http://127.0.0.1:{port}",
                    headers=headers,
                    timeout=aiohttp.ClientTimeout(total=60),
                    connector=aiohttp.TCPConnector(limit=args.concurrency),
                ) as http,
            ):
                while True:  # until the API answers ready
                    try:
                        async with http.get("/readyz") as ready:
                            if ready.status == 200:
                                break
                    except aiohttp.ClientError:
                        pass
                    await asyncio.sleep(0.1)

                async def open_api(thread_id: str) -> None:
                    async with http.post(f"/v1/threads/{thread_id}/messages", json=inquiry(thread_id)) as response:
                        assert response.status == 202, await response.text()

                async def open_client(thread_id: str) -> None:
                    body = inquiry(thread_id)
                    await client.open_inquiry(ThreadOpen(**body["thread"]), BuyerMessage(**body["message"]))

                async def reply_api(thread_id: str) -> None:
                    reply = {
                        "message_id": f"{thread_id}-r",
                        "seller_id": f"S-{thread_id}",
                        "text": "Oui, il est débloqué.",
                    }
                    async with http.post(f"/v1/threads/{thread_id}/replies", json=reply) as response:
                        assert response.status == 200 and (await response.json())["accepted"], await response.text()

                async def reply_client(thread_id: str) -> None:
                    verdict = await client.seller_reply(
                        thread_id,
                        SellerReply(
                            message_id=f"{thread_id}-r", seller_id=f"S-{thread_id}", text="Oui, il est débloqué."
                        ),
                    )
                    assert verdict.accepted

                workloads = {"api": (open_api, reply_api), "client": (open_client, reply_client)}
                await open_api(f"warm-{uuid.uuid4().hex[:6]}")  # one untimed warm-up of each path
                await open_client(f"warm-{uuid.uuid4().hex[:6]}")
                for round_no in range(args.rounds):
                    order = ["api", "client"] if round_no % 2 == 0 else ["client", "api"]
                    for name in order:
                        opener, replier = workloads[name]
                        ids = [f"{name}-{round_no}-{n}-{uuid.uuid4().hex[:6]}" for n in range(args.messages)]
                        gate = asyncio.Semaphore(args.concurrency)

                        async def one(thread_id: str) -> None:
                            async with gate:
                                await opener(thread_id)

                        started = time.perf_counter()
                        await asyncio.gather(*(one(thread_id) for thread_id in ids))
                        results[name]["rate"].append(args.messages / (time.perf_counter() - started))
                        for thread_id in ids[: args.replies]:  # replies are timed on a settled system
                            while (await client.state(thread_id)).due_at is None:
                                await asyncio.sleep(0.05)
                        for thread_id in ids[: args.replies]:
                            started = time.perf_counter()
                            await replier(thread_id)
                            results[name]["reply"].append((time.perf_counter() - started) * 1000)
    finally:
        if server is not None:
            server.should_exit = True
            await serving
        if process is not None:
            process.terminate()
            process.wait(10)
        await env.shutdown()

    api, direct = results["api"], results["client"]
    api_rate, client_rate = statistics.median(api["rate"]), statistics.median(direct["rate"])
    rate_ratio = api_rate / client_rate
    p99_ratio = percentile(api["reply"], 99) / percentile(direct["reply"], 99)
    report = {
        "mode": "separate process" if args.separate_process else "in-process",
        "database": "postgresql" if args.database_url else "sqlite",
        "messages_per_second": {"api": api_rate, "client": client_rate},
        "reply_ms": {
            name: {"p50": percentile(values, 50), "p99": percentile(values, 99), "n": len(values)}
            for name, values in (("api", api["reply"]), ("client", direct["reply"]))
        },
        "targets": {
            "messages_ratio": at_least(rate_ratio, TARGETS["messages_ratio_min"], "buyer messages/s, API vs client"),
            "reply_p99_ratio": at_most(
                p99_ratio, TARGETS["reply_p99_ratio_max"], "reply round trip p99, API vs client"
            ),
        },
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(f"{report['mode']}, {report['database']}")
    print(
        f"buyer messages accepted/s   API {api_rate:8.1f}   client {client_rate:8.1f}   ratio API/client {rate_ratio:.2f}"
    )
    for name, values in (("API", api["reply"]), ("client", direct["reply"])):
        print(
            f"seller reply round trip     {name:6} p50 {percentile(values, 50):7.1f} ms   p99 {percentile(values, 99):7.1f} ms   (n={len(values)})"
        )
    if spans is not None:
        print_request_breakdown(spans.get_finished_spans())
    for name, target in report["targets"].items():
        print(f"target {name} {target['target']}: {'MET' if target['met'] else 'NOT MET'} ({target['value']:.2f})")
    return 0


def print_request_breakdown(finished) -> None:
    """Where a buyer message's request spends its time, from its trace: each kind of child span
    (store statements, the Temporal call), and what no child covers (the framework, validation,
    waiting for the event loop)."""
    requests = [s for s in finished if s.name == "POST /v1/threads/{thread_id}/messages"]
    children: dict[int, list] = {}
    for span in finished:
        if span.parent is not None:
            children.setdefault(span.parent.span_id, []).append(span)
    kinds: dict[str, list[float]] = {}
    uncovered = []
    for request in requests:
        own = children.get(request.context.span_id, [])
        by_kind: dict[str, float] = {}
        covered = 0
        end = request.start_time
        for child in sorted(own, key=lambda c: c.start_time):
            kind = child.name.split(" ")[0].split(":")[0]
            by_kind[kind] = by_kind.get(kind, 0.0) + (child.end_time - child.start_time) / 1e6
            start = max(child.start_time, end)
            if child.end_time > start:
                covered += child.end_time - start
                end = child.end_time
        for kind, ms in by_kind.items():
            kinds.setdefault(kind, []).append(ms)
        uncovered.append((request.end_time - request.start_time - covered) / 1e6)
    total = [(r.end_time - r.start_time) / 1e6 for r in requests]
    print(f"trace of {len(requests)} buyer-message requests, ms per request, p50 / mean:")
    print(f"  {'request':32} {percentile(total, 50):8.1f} {statistics.mean(total):8.1f}")
    for kind, values in sorted(kinds.items(), key=lambda kv: -statistics.mean(kv[1])):
        print(f"  {kind:32} {percentile(values, 50):8.1f} {statistics.mean(values):8.1f}")
    print(f"  {'(no child span)':32} {percentile(uncovered, 50):8.1f} {statistics.mean(uncovered):8.1f}")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--replies", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--separate-process", action="store_true", help="run the API in its own process, as `make run` does"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--trace", action="store_true", help="trace the API in-process and print where a request spends its time"
    )
    parser.add_argument(
        "--database-url",
        help="the store (default: a fresh SQLite file); e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test",
    )
    return parser.parse_args(argv)


if __name__ == "__main__":
    from connection import exit_process

    exit_process(asyncio.run(main(parse_args())))  # no interpreter teardown: sdk-python#300
