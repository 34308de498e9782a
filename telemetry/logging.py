"""structlog, configured once per process: JSON when not on a terminal, readable on one.

Standard-library records (temporalio's, and ``workflow.logger`` inside workflows, which is
replay-safe where a structlog logger is not) are rendered by the same processors through
structlog's ``ProcessorFormatter``, so every line of a process has one shape. Bind ids with
``structlog.contextvars.bind_contextvars(thread_id=…)``. Inside the worker, every line carries
``workflow_id``, ``run_id`` and the thread (or seller) id: activities get them bound by
``telemetry.interceptor``, ``workflow.logger`` lines from the SDK's details (``_temporal_ids``).
Payloads (message text, names, addresses) are never logged; ids are.
"""

from __future__ import annotations

import logging
import sys
from typing import Literal

import structlog
from temporalio import activity, workflow

from telemetry.ids import log_ids

_configured = False


def _wants_json(log_format: str) -> bool:
    if log_format == "json":
        return True
    if log_format == "console":
        return False
    return not sys.stderr.isatty()


def _temporal_ids(_logger: object, _name: str, event: structlog.types.EventDict) -> structlog.types.EventDict:
    """Lift the SDK's ``temporal_workflow``/``temporal_activity`` details into our id fields."""
    record = event.get("_record")
    for key in ("temporal_workflow", "temporal_activity"):
        details = getattr(record, key, None)
        if details:
            for name, value in log_ids(details).items():
                event.setdefault(name, value)
    return event


def configure_logging(level: str = "INFO", log_format: Literal["auto", "json", "console"] | str = "auto") -> None:
    """Idempotent: the first call wins, later calls (tests, nested entry points) change nothing."""
    global _configured
    if _configured:
        return
    _configured = True
    # The ids travel as fields (``_temporal_ids``), not glued to the message text.
    workflow.logger.workflow_info_on_message = False
    activity.logger.activity_info_on_message = False
    shared: list[structlog.types.Processor] = [
        structlog.contextvars.merge_contextvars,
        _temporal_ids,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.StackInfoRenderer(),
    ]
    renderer: structlog.types.Processor
    if _wants_json(log_format):
        renderer = structlog.processors.JSONRenderer()
        shared.append(structlog.processors.format_exc_info)
    else:
        # Colours only on a terminal: `make run` copies its children's lines into log files.
        renderer = structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())
    structlog.configure(
        # Dropped first when its level is off, before any processor runs: the worker logs each
        # activity at DEBUG, and a filtered line still cost the whole chain.
        processors=[structlog.stdlib.filter_by_level, *shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=shared,
            processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # Alembic announces every plugin at INFO on each start; only its warnings are news.
    logging.getLogger("alembic").setLevel(max(logging.WARNING, root.level))
    # The SDK's DEBUG lines print whole activity completions, payloads and all (a reply's text,
    # a buyer's address): never below INFO, whatever the level asked for.
    logging.getLogger("temporalio").setLevel(max(logging.INFO, root.level))
    # httpx logs every webhook request at INFO; the relay logs what matters (failures, dead letters).
    logging.getLogger("httpx").setLevel(max(logging.WARNING, root.level))


def get_logger(name: str | None = None, **bound: object) -> structlog.stdlib.BoundLogger:
    """A lazy logger: safe at module level, it takes the configuration at its first use.

    (Calling ``.bind()`` on structlog's proxy at import time would freeze the default
    configuration into it, before ``configure_logging`` runs.)
    """
    return structlog.stdlib.get_logger(name, **bound)
