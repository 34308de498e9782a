"""A worker in a process of its own, so a test can kill it with SIGKILL: the helpdesk's workflows
and activities, less the one the test holds in flight on a worker of its own
(tests/integration/test_cold_start_events.py).

    python tests/cold_worker.py ADDRESS NAMESPACE TASK_QUEUE DATABASE_URL HELD_ACTIVITY
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import sys
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parent)]

from history_keys import test_data_converter  # noqa: E402
from temporalio.activity import _Definition  # noqa: E402
from temporalio.client import Client  # noqa: E402
from temporalio.worker import Worker  # noqa: E402

from config import load_settings  # noqa: E402
from store.db import open_store  # noqa: E402
from worker import activities_for, workflow_runner  # noqa: E402
from workflows import ALL_WORKFLOWS  # noqa: E402


async def main(address: str, namespace: str, task_queue: str, database_url: str, held: str) -> None:
    client = await Client.connect(address, namespace=namespace, data_converter=test_data_converter())
    settings = load_settings(task_queue=task_queue, metrics_port=0)
    activities = [
        fn
        for fn in activities_for(settings, open_store(database_url))
        if _Definition.must_from_callable(fn).name != held
    ]
    with concurrent.futures.ThreadPoolExecutor(8) as executor:
        async with Worker(
            client,
            task_queue=task_queue,
            workflows=ALL_WORKFLOWS,
            activities=activities,
            activity_executor=executor,
            workflow_runner=workflow_runner(),
        ):
            print("polling", flush=True)
            await asyncio.Event().wait()


if __name__ == "__main__":
    try:
        asyncio.run(main(*sys.argv[1:6]))
    finally:
        os._exit(0)
