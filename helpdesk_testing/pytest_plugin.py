"""The pytest plugin of rule-timing tests: the ``helpdesk`` fixture, a ``ThreadHarness``.

Installing the package registers this plugin (the ``pytest11`` entry point ``helpdesk``), so a
test only asks for the fixture:

- ``helpdesk``: a ``ThreadHarness`` on the session's worker. After each test its undecided
  cases are decided and its threads still awaiting the seller terminated, so nothing it opened
  acts on the shared clock later tests move.
- ``helpdesk_env``: the session's time-skipping server (``WorkflowEnvironment``).
- ``helpdesk_worker``: the session's worker and its store (``TimingWorker``).
- ``helpdesk_database_url``: the store. A SQLite file in the session's temporary directory by
  default; override the fixture for another database.

The server, the worker and the tests share one event loop and one clock for the session, so the
tests run in the session's loop:

- ``pytestmark = pytest.mark.asyncio(loop_scope="session")`` in the test module, or
- ``asyncio_default_test_loop_scope = "session"`` in the pytest configuration.

The fixtures need pytest-asyncio, which is in the package's ``testing`` extra. Without it, the
plugin still loads (so an unrelated pytest run is not broken), and the fixtures fail with that
advice.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from helpdesk_testing.environment import TimingWorker, start_time_skipping, timing_worker
from helpdesk_testing.harness import ThreadHarness

try:
    import pytest_asyncio
except ImportError:  # pragma: no cover - exercised only where the extra is not installed
    pytest_asyncio = None  # type: ignore[assignment]

MISSING = "the helpdesk fixtures need pytest-asyncio: pip install 'swapiphone-helpdesk[testing]'"


@pytest.fixture(scope="session")
def helpdesk_database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('helpdesk-timing') / 'helpdesk.db'}"


if pytest_asyncio is None:  # pragma: no cover

    @pytest.fixture(scope="session")
    def helpdesk_env() -> None:
        pytest.fail(MISSING, pytrace=False)

    @pytest.fixture(scope="session")
    def helpdesk_worker() -> None:
        pytest.fail(MISSING, pytrace=False)

    @pytest.fixture
    def helpdesk() -> None:
        pytest.fail(MISSING, pytrace=False)

else:
    from temporalio.testing import WorkflowEnvironment

    @pytest_asyncio.fixture(scope="session", loop_scope="session")
    async def helpdesk_env(helpdesk_database_url: str) -> AsyncIterator[WorkflowEnvironment]:
        env = await start_time_skipping(database_url=helpdesk_database_url)
        try:
            yield env
        finally:
            await env.shutdown()

    @pytest_asyncio.fixture(scope="session", loop_scope="session")
    async def helpdesk_worker(
        helpdesk_env: WorkflowEnvironment, helpdesk_database_url: str
    ) -> AsyncIterator[TimingWorker]:
        """One worker for the session, not one per test: the clock is shared, so a thread a test
        leaves behind still fires its timers when a later test moves the clock, and needs a worker
        then."""
        async with timing_worker(helpdesk_env, helpdesk_database_url) as worker:
            yield worker

    @pytest_asyncio.fixture(loop_scope="session")
    async def helpdesk(
        helpdesk_env: WorkflowEnvironment, helpdesk_worker: TimingWorker
    ) -> AsyncIterator[ThreadHarness]:
        harness = ThreadHarness.on(helpdesk_env, helpdesk_worker)
        try:
            yield harness
        finally:
            await harness.settle_opened_threads()
