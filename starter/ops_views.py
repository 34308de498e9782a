"""Ops' standing views, as Temporal UI links: the workflow list filtered by the helpdesk's search attributes.

The UI's list has no column of its own for the helpdesk. Its "Saved Views" live in one browser's
local storage, and its SQL visibility store (the dev server's, PostgreSQL's and MySQL's) refuses
``ORDER BY``. So ops get their views as links that carry a ``?query=``. One click opens the
filtered list, and "Save as New" keeps it among the browser's Saved Views.

"By due instant" is given as due windows, since the list cannot be sorted by ``ReplyDueAt``. The
windows are relative to now, so their links go through the HTTP API (``GET /ops/views/{name}``),
which builds the query at the moment of the click.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

from contract import search_attributes as sa
from rules.kinds import CaseStage, ThreadState

# Running only: a thread is started with the state its first task will have (issue 18), so a run
# that failed in that task would otherwise stay listed as awaiting the seller.
AWAITING_SELLER = f'WorkflowType="BuyerThread" AND ExecutionStatus="Running" AND {sa.THREAD_STATE.name}="{ThreadState.AWAITING_SELLER}"'


def _due_before(horizon: timedelta) -> Callable[[datetime], str]:
    def query(now: datetime) -> str:
        instant = (now + horizon).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return f'{AWAITING_SELLER} AND {sa.REPLY_DUE_AT.name} < "{instant}"'

    return query


@dataclass(frozen=True)
class OpsView:
    name: str
    title: str
    query: Callable[[datetime], str]

    def ui_url(self, ui_url: str, namespace: str, now: datetime) -> str:
        return list_url(ui_url, namespace, self.query(now))


VIEWS: tuple[OpsView, ...] = (
    OpsView("awaiting-seller", "threads awaiting the seller", lambda now: AWAITING_SELLER),
    OpsView("overdue", "threads past their due instant and not yet taken over", _due_before(timedelta(0))),
    OpsView("due-within-4h", "threads awaiting the seller, due within 4 hours", _due_before(timedelta(hours=4))),
    OpsView("due-within-24h", "threads awaiting the seller, due within 24 hours", _due_before(timedelta(hours=24))),
    OpsView(
        "cases-awaiting-decision",
        "takeover cases waiting for ops' decision (R5.3)",
        lambda now: f'WorkflowType="Takeover" AND {sa.CASE_STAGE.name}="{CaseStage.AWAITING_DECISION}"',
    ),
    OpsView(
        "open-returns",
        "returns still running (R5.5)",
        lambda now: 'WorkflowType="Return" AND ExecutionStatus="Running"',
    ),
)
BY_NAME = {view.name: view for view in VIEWS}


def list_url(ui_url: str, namespace: str, query: str) -> str:
    """The UI's workflow list filtered by ``query``."""
    return f"{ui_url}/namespaces/{quote(namespace, safe='')}/workflows?query={quote(query, safe='')}"


def workflow_url(ui_url: str, namespace: str, workflow_id: str) -> str:
    """A workflow's page in the UI (its latest run)."""
    return f"{ui_url}/namespaces/{quote(namespace, safe='')}/workflows/{quote(workflow_id, safe='')}"
