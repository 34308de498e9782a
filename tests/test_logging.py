"""structlog is configured once: JSON lines off a terminal, bound ids on every line, and the
standard-library records (temporalio's, workflow.logger's) rendered the same way."""

from __future__ import annotations

import json
import subprocess
import sys

SCRIPT = """
import logging
from telemetry.logging import configure_logging, get_logger
configure_logging("INFO", "auto")
configure_logging("DEBUG", "console")  # a second call changes nothing
get_logger("helpdesk.test", thread_id="T-1").info("deadline computed", due_at="2026-12-28T16:30:00+01:00")
logging.getLogger("temporalio.worker").warning("from the stdlib")
get_logger("helpdesk.test").debug("not shown at INFO")
"""


def test_json_lines_with_bound_ids_when_not_on_a_terminal():
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True)
    lines = [json.loads(line) for line in result.stderr.splitlines()]
    assert [line["event"] for line in lines] == ["deadline computed", "from the stdlib"]
    assert lines[0]["thread_id"] == "T-1" and lines[0]["level"] == "info" and lines[0]["logger"] == "helpdesk.test"
    assert lines[1]["logger"] == "temporalio.worker" and lines[1]["level"] == "warning"
    assert all(line["timestamp"].endswith("Z") for line in lines)


FILTER_SCRIPT = """
import telemetry.logging as telemetry_logging
seen = []
original = telemetry_logging._temporal_ids
def counting(logger, method, event):
    seen.append(event["event"])
    return original(logger, method, event)
telemetry_logging._temporal_ids = counting
telemetry_logging.configure_logging("INFO", "json")
log = telemetry_logging.get_logger("helpdesk.test")
for n in range(3):
    log.debug("activity done", n=n)
log.info("worker polling")
print(seen)
"""


def test_a_line_below_the_level_runs_no_processor():
    """The worker logs every activity at DEBUG: at INFO those lines must cost a level check only."""
    result = subprocess.run([sys.executable, "-c", FILTER_SCRIPT], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "['worker polling']"
    assert [json.loads(line)["event"] for line in result.stderr.splitlines()] == ["worker polling"]
