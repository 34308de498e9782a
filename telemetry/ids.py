"""The business ids a log line needs, read back from a workflow id.

Every workflow id of the system names what it is about (``thread-T-1``, ``takeover-T-1``,
``return-T-1``, ``recharge-T-1-1``, ``absence-S-42-2026-12-21``: contract/threads.py, contract/cases.py,
contract/absences.py), so an activity or a workflow log line can carry the thread or seller id
without the payload, which holds personal data and never goes to the logs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_THREAD_IDS = re.compile(r"^(?:thread|takeover|return)-(?P<thread>.+)$|^recharge-(?P<recharged>.+)-\d+$")
_ABSENCE_ID = re.compile(r"^absence-(?P<seller>.+)-\d{4}-\d{2}-\d{2}$")


def business_ids(workflow_id: str | None) -> dict[str, str]:
    """``thread_id`` or ``seller_id`` for a workflow id of this system; nothing for another."""
    if not workflow_id:
        return {}
    if (match := _THREAD_IDS.match(workflow_id)) is not None:
        return {"thread_id": match["thread"] or match["recharged"]}
    if (match := _ABSENCE_ID.match(workflow_id)) is not None:
        return {"seller_id": match["seller"]}
    return {}


def log_ids(details: Mapping[str, Any]) -> dict[str, str]:
    """workflow id, run id, type and business ids from the SDK's ``temporal_workflow`` or
    ``temporal_activity`` logger details (their key names differ; ours do not)."""
    workflow_id = details.get("workflow_id")
    ids = {
        "workflow_id": workflow_id,
        "run_id": details.get("run_id") or details.get("workflow_run_id"),
        "workflow_type": details.get("workflow_type"),
        "activity_type": details.get("activity_type"),
        **business_ids(workflow_id),
    }
    return {key: str(value) for key, value in ids.items() if value}
