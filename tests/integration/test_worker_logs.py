"""The worker's logs (issue 8): JSON lines with workflow id, run id and thread id bound, and no
personal data. A real ``helpdesk worker`` process at DEBUG (the most it ever writes) against the
dev server, driven through a thread whose buyer message, refused reply and accepted reply carry
text the test knows; afterwards not one line may contain any of it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

from temporalio.testing import WorkflowEnvironment

from helpdesk_testing import ThreadHarness
from rules.kinds import CaseStage, OpsOutcome, TakeoverReason
from starter.client.helpdesk import HelpdeskClient
from starter.dev.ports import free_port
from store.db import open_store

BUYER_TEXT = "Mon adresse est 12 rue des Lilas, Camille Moreau, camille.moreau@example.org"
REFUSED_TEXT = "Appelez-moi au 06 12 34 56 78 ou sur WhatsApp, Jean Vendeur"
ACCEPTED_TEXT = "Bonjour Camille, le téléphone part demain avec le chargeur d'origine."
SECRETS = ("12 rue des Lilas", "Camille", "camille.moreau", "06 12 34 56 78", "Jean Vendeur", "chargeur d'origine")


def _worker(dev_env: WorkflowEnvironment, task_queue: str, database_url: str, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "HELPDESK_TEMPORAL_ADDRESS": dev_env.client.service_client.config.target_host,
        "HELPDESK_TASK_QUEUE": task_queue,
        "HELPDESK_DATABASE_URL": database_url,
        "HELPDESK_METRICS_PORT": str(free_port()),
        "HELPDESK_LOG_LEVEL": "DEBUG",
        "HELPDESK_LOG_FORMAT": "json",
    }
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "worker"], env=env, stderr=out, stdout=out, cwd=Path(__file__).parents[2]
        )


async def test_log_lines_are_json_with_ids_and_no_message_text(dev_env: WorkflowEnvironment, tmp_path: Path):
    task_queue = f"logs-{uuid.uuid4().hex[:6]}"
    database_url = f"sqlite:///{tmp_path / 'helpdesk.db'}"
    sessions = open_store(database_url)  # the worker migrates too; both are idempotent
    log = tmp_path / "worker.log"
    worker = _worker(dev_env, task_queue, database_url, log)
    try:
        h = ThreadHarness(
            env=dev_env, client=HelpdeskClient(dev_env.client, task_queue, sessions=sessions), sessions=sessions
        )
        thread = await h.open_thread(market="FR", received_at=await h.now(), text=BUYER_TEXT, order_total=None)
        refused = await thread.reply(REFUSED_TEXT)
        accepted = await thread.reply(ACCEPTED_TEXT)
        assert (refused.accepted, accepted.accepted) == (False, True)
        await thread.escalate(TakeoverReason.QUALITY_DISPUTE)
        await thread.case(timeout=30)
        await thread.decide(OpsOutcome.REJECT_CLAIM, note="Camille Moreau sent photos")
        await thread.case(lambda c: c.stage == CaseStage.CLOSED, timeout=30)
    finally:
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=30) == 0, log.read_text()[-2000:]

    raw = log.read_text()
    lines = [json.loads(line) for line in raw.splitlines() if line.strip()]  # every line is JSON
    activities = [line for line in lines if line.get("event") in ("activity done", "activity failed")]
    kinds = {line["activity_type"] for line in activities}
    assert {"take_buyer_message", "take_reply", "open_ops_case", "charge_seller"} <= kinds, kinds
    for line in activities:
        assert line["workflow_id"].endswith(thread.thread_id) or line["workflow_id"].startswith("recharge-"), line
        assert line["thread_id"] == thread.thread_id, line
        assert line["run_id"], line
    assert [line["event"] for line in lines if line.get("event") == "worker stopped"] == ["worker stopped"]
    found = [secret for secret in SECRETS if secret in raw]
    assert found == [], f"personal data in the worker's log: {found}"
