"""A worker on the dev server and the environment that aims the installed ``helpdesk`` CLI at it.

Shared by the CLI tests (``tests/integration/test_thread_cli.py``, ``tests/starter/test_cli_appeals.py``):
the worker runs in the test's event loop on its own task queue over the store_sessions SQLite file,
and the CLI, run as an asyncio subprocess, reaches the same task queue and store.
"""

from __future__ import annotations

import concurrent.futures
import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from temporalio.testing import WorkflowEnvironment

from config import load_settings
from worker import build_worker


@asynccontextmanager
async def cli_worker(
    dev_env: WorkflowEnvironment, store_sessions: Any, tmp_path: Path, prefix: str
) -> AsyncIterator[tuple[dict[str, str], str]]:
    """``(env, task_queue)``: the CLI's environment and the worker's task queue, while the worker runs."""
    database_url = f"sqlite:///{tmp_path / 'helpdesk.db'}"  # the file store_sessions migrated
    task_queue = f"{prefix}-{uuid.uuid4().hex[:8]}"
    settings = load_settings(task_queue=task_queue, database_url=database_url, metrics_port=0)
    env = {
        **os.environ,
        "HELPDESK_TEMPORAL_ADDRESS": dev_env.client.service_client.config.target_host,
        "HELPDESK_TEMPORAL_NAMESPACE": dev_env.client.namespace,
        "HELPDESK_TASK_QUEUE": task_queue,
        "HELPDESK_DATABASE_URL": database_url,
        "HELPDESK_METRICS_PORT": "0",
        "HELPDESK_LOG_FORMAT": "json",
    }
    with concurrent.futures.ThreadPoolExecutor(8) as executor:
        async with build_worker(dev_env.client, settings, executor, sessions=store_sessions):
            yield env, task_queue
