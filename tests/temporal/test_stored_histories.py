"""Replay of stored histories (tests/histories): today's workflow code must replay yesterday's runs.

Each JSON file is a real run of one workflow on one path of the rulebook, written by
``tests/histories/regenerate.py``. A change of workflow code that alters the commands an old run
produced fails here with a nondeterminism error: guard it with ``workflow.patched`` (docs/testing.md,
"Replay and versioning"), do not regenerate the history away.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from history_keys import test_data_converter
from temporalio.client import WorkflowHistory
from temporalio.worker import Replayer

from worker import workflow_runner
from workflows import ALL_WORKFLOWS

HISTORIES = Path(__file__).resolve().parents[1] / "histories"
FILES = sorted(HISTORIES.glob("*/*.json"))
# The paths that matter (issue 9) and the workflow types each must hold.
PATHS = {
    "breach": {"BuyerThread", "Takeover", "Recharge"},
    "reply": {"BuyerThread"},
    "escalation": {"BuyerThread", "Takeover", "Recharge"},
    "severe": {"BuyerThread", "Takeover", "Return", "Recharge"},
    "return_lapse": {"BuyerThread", "Takeover", "Return", "Recharge"},
    "absence": {"SellerAbsence", "BuyerThread", "Takeover", "Recharge"},
    "continue_as_new": {"BuyerThread"},
    # issue 15: the lock-out after a late reply, reopening with a second takeover, a case made
    # severe by a later escalation, R5.4 without an order total (shipment scan, refund amount)
    "late_reply": {"BuyerThread", "Takeover", "Recharge"},
    "reopen": {"BuyerThread", "Takeover", "Recharge"},
    "escalated_case": {"BuyerThread", "Takeover", "Recharge"},
    "refund_amount": {"BuyerThread", "Takeover", "Return", "Recharge"},
    "retention": {"RetentionSweep"},  # issue 19
    "appeal": {"Appeal"},  # issue 20
}


def _workflow_type(path: Path) -> str:
    return path.stem.split("-")[0]


def test_every_path_and_workflow_type_has_a_stored_history():
    stored = {folder: {_workflow_type(p) for p in FILES if p.parent.name == folder} for folder in PATHS}
    assert stored == PATHS
    assert {_workflow_type(p) for p in FILES} == {w.__temporal_workflow_definition.name for w in ALL_WORKFLOWS}  # type: ignore[attr-defined]


def test_the_continued_run_ends_in_continue_as_new():
    first_run = json.loads((HISTORIES / "continue_as_new" / "BuyerThread.json").read_text())
    assert "workflowExecutionContinuedAsNewEventAttributes" in first_run["events"][-1]


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
async def test_stored_history_replays(path: Path):
    history = WorkflowHistory.from_json(f"{path.parent.name}-{path.stem}", path.read_text())
    replayer = Replayer(
        workflows=ALL_WORKFLOWS, data_converter=test_data_converter(), workflow_runner=workflow_runner()
    )
    await replayer.replay_workflow(history)  # raises on nondeterminism
