"""A worker in a process of its own, so a test can kill it with SIGKILL: the helpdesk's workflows,
with every activity (``all``) or none (``none``: while the test holds one in flight on a worker
of its own, which then runs them all, so that no activity task reaches a worker without it)
(tests/integration/test_cold_start_events.py).

    python tests/cold_worker.py ADDRESS NAMESPACE TASK_QUEUE DATABASE_URL all|none
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import sys
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parent)]

from history_keys import test_data_converter  # noqa: E402
from temporalio.client import Client  # noqa: E402
from temporalio.worker import Worker  # noqa: E402

from config import load_settings  # noqa: E402
from store.db import open_store  # noqa: E402
from worker import activities_for, workflow_runner  # noqa: E402
from workflows import ALL_WORKFLOWS  # noqa: E402


async def main(address: str, namespace: str, task_queue: str, database_url: str, activities_wanted: str) -> None:
    client = await Client.connect(address, namespace=namespace, data_converter=test_data_converter())
    settings = load_settings(task_queue=task_queue, metrics_port=0)
    activities = list(activities_for(settings, open_store(database_url))) if activities_wanted == "all" else []
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
