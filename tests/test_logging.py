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
