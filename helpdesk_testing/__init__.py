"""Testing the helpdesk's rules in time: a public module that installs with the package.

A rule-timing test runs workflows on Temporal's time-skipping test server, with the system's own
worker and data converter, and speaks market time. The pytest plugin (``pytest_plugin``, loaded
by the ``pytest11`` entry point) provides it as the ``helpdesk`` fixture. The README's "Try it"
shows a whole test:

    async def test_friday_15h_is_due_monday_15h(helpdesk):
        monday = await helpdesk.ordinary_monday("FR")
        ...

Without pytest: ``start_time_skipping`` and ``timing_worker`` (environment.py) give the same server
and worker to any asyncio code.
"""

from helpdesk_testing.environment import TimingWorker, start_time_skipping, timing_worker
from helpdesk_testing.harness import ThreadHarness, ThreadProbe, eventually, ids

__all__ = ["ThreadHarness", "ThreadProbe", "TimingWorker", "eventually", "ids", "start_time_skipping", "timing_worker"]
