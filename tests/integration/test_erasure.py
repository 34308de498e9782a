"""Erasing a buyer (issue 19) on the real dev server, through the HTTP API as ops would.

Two buyers, each with a thread carrying known strings: buyer A's thread is taken over, decided and
its case closed; buyer B's is answered. After ``DELETE /v1/buyers/{A}``: the histories Temporal
keeps of A's thread and takeover, exported and decoded through the codec as the UI does, no longer
yield any of A's strings (their payloads decode to the erased placeholder), B's thread still yields
every one of B's; the store keeps no text of A's, B's untouched; A's violations, ledger and ops'
decision are the same rows as before. Erasing again changes nothing. A buyer whose thread still
waits for the seller's reply is deferred, and only ops may erase.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import string
import sys
import uuid
from asyncio.subprocess import PIPE
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from history_search import decoded_through, haystack
from sqlalchemy import select
from temporalio.api.history.v1 import History
from temporalio.client import WorkflowExecutionStatus
from temporalio.testing import WorkflowEnvironment

from config import load_settings
from contract.cases import OpsDecision
from contract.retention import RETENTION_SWEEP, RetentionSummary
from contract.threads import BuyerMessage, Escalation, SellerReply, ThreadOpen, takeover_workflow_id, thread_workflow_id
from helpdesk_testing import ThreadHarness, ThreadProbe
from privacy.codec import EncryptionCodec
from rules.kinds import CaseStage, OpsOutcome, RaisedBy, TakeoverReason, ThreadState
from starter.api.app import create_app
from starter.api.auth import token_hash
from starter.api.codec import WirePayloads, from_wire, to_wire
from store import repository
from store.db import reading, transaction
from store.models import EventRecord, InboundMessage, LedgerEntry, Message, OpsCase, Thread, Violation

pytestmark = pytest.mark.devserver

HELPDESK = str(Path(sys.executable).with_name("helpdesk"))
TOKENS = {"ops": "tok-erasure-ops", "backend": "tok-erasure-backend"}


def auth(who: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKENS[who]}"}


def _word() -> str:
    """Letters only: digits could be read as a phone number by the R2.1 screening."""
    return "".join(random.choices(string.ascii_lowercase, k=10))


@pytest_asyncio.fixture
async def api(dev_harness: ThreadHarness) -> AsyncIterator[httpx.AsyncClient]:
    settings = load_settings(
        task_queue=dev_harness.client.task_queue,
        metrics_port=0,
        api_tokens={token_hash(TOKENS["ops"]): {"role": "ops"}, token_hash(TOKENS["backend"]): {"role": "backend"}},
    )
    app = create_app(settings, dev_harness.sessions)
    app.state.helpdesk = dev_harness.client
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://api") as client:
        yield client


async def _conversation(h: ThreadHarness, buyer: str, texts: dict[str, str]) -> ThreadOpen:
    """A thread of ``buyer``: their message, a reply refused for an e-mail address, an accepted reply."""
    thread_id = f"T-erase-{uuid.uuid4().hex[:10]}"
    h.opened.append(thread_id)
    thread = ThreadOpen(
        thread_id=thread_id,
        order_id=f"O-{thread_id}",
        seller_id=f"S-{thread_id}",
        buyer_id=buyer,
        market="FR",
        subject=texts["subject"],
    )
    await h.client.open_inquiry(
        thread, BuyerMessage(message_id=f"{thread_id}-m1", received_at=await h.now(), text=texts["buyer message"])
    )
    refused = await h.client.seller_reply(
        thread_id, SellerReply(message_id=f"{thread_id}-r1", seller_id=thread.seller_id, text=texts["refused reply"])
    )
    assert not refused.accepted
    accepted = await h.client.seller_reply(
        thread_id, SellerReply(message_id=f"{thread_id}-r2", seller_id=thread.seller_id, text=texts["accepted reply"])
    )
    assert accepted.accepted
    return thread


def _texts(run: str) -> dict[str, str]:
    name = f"Ingrid {run.capitalize()}"
    return {
        "subject": f"Ecran fissure pour {name}",
        "buyer message": f"Bonjour, ici {name}. Le telephone {run} est-il bien debloque ?",
        "refused reply": f"Ecrivez-moi directement a vendeur.{run}@example.org pour la suite.",
        "accepted reply": f"Oui, il est debloque et part aujourd'hui, bonne journee {run}.",
        "escalation note": f"Appel de {name}, ecran arrive fissure {run}",
        "decision note": f"Photos vues avec {name}, rejet confirme {run}",
    }


def _audit_rows(h: ThreadHarness, thread_id: str) -> dict[str, Any]:
    """What the audit keeps of a thread: violations, the ledger, ops' decision."""
    with reading(h.sessions) as session:
        return {
            "violations": [
                (v.kind, v.rule, v.occurred_at, v.dedupe_key)
                for v in session.scalars(
                    select(Violation).where(Violation.thread_id == thread_id).order_by(Violation.id)
                )
            ],
            "ledger": [
                (e.cost_kind, e.amount, e.currency, e.takeover_no)
                for e in session.scalars(select(LedgerEntry).where(LedgerEntry.thread_id == thread_id))
            ],
            "decisions": [
                (c.takeover_no, c.reason, c.outcome, c.decided_by, c.decided_at)
                for c in session.scalars(select(OpsCase).where(OpsCase.thread_id == thread_id))
            ],
        }


def _store_text(h: ThreadHarness, thread_id: str) -> str:
    """Every text the store keeps of a thread: message bodies and findings, event documents, case notes."""
    with reading(h.sessions) as session:
        parts = [
            f"{m.body} {m.refusal}" for m in session.scalars(select(Message).where(Message.thread_id == thread_id))
        ]
        parts += [
            str(e.document) for e in session.scalars(select(EventRecord).where(EventRecord.thread_id == thread_id))
        ]
        parts += [str(c.note) for c in session.scalars(select(OpsCase).where(OpsCase.thread_id == thread_id))]
    return "\n".join(parts)


async def _readable(h: ThreadHarness, workflow_id: str) -> str:
    codec = h.client.temporal.data_converter.payload_codec
    assert isinstance(codec, EncryptionCodec)
    history = await h.client.temporal.get_workflow_handle(workflow_id).fetch_history()
    return haystack(await decoded_through(codec, History(events=history.events)))  # type: ignore[arg-type]


async def test_an_erased_buyers_histories_no_longer_decode_while_another_buyers_do(
    dev_harness: ThreadHarness, api: httpx.AsyncClient
):
    h = dev_harness
    buyer_a, buyer_b = f"B-erase-{_word()}", f"B-keep-{_word()}"
    secrets_a, secrets_b = _texts(_word()), _texts(_word())

    thread_a = await _conversation(h, buyer_a, secrets_a)
    await h.client.escalate(
        thread_a.thread_id,
        Escalation(
            escalation_id=f"E-{thread_a.thread_id}",
            reason=TakeoverReason.QUALITY_DISPUTE,
            raised_by=RaisedBy.OPS,
            raised_by_id="ops-ann",
            note=secrets_a["escalation note"],
        ),
    )
    probe = ThreadProbe(h, thread_a)
    await probe.case()
    await h.client.cases.decide(
        thread_a.thread_id,
        OpsDecision(outcome=OpsOutcome.REJECT_CLAIM, decided_by="ops-ann", note=secrets_a["decision note"]),
    )
    await probe.case(until=lambda case: case.stage == CaseStage.CLOSED, timeout=30)
    await probe.settled(lambda s: s.state == ThreadState.TAKEN_OVER and s.case_stage == CaseStage.CLOSED)
    thread_b = await _conversation(h, buyer_b, secrets_b)
    await ThreadProbe(h, thread_b).settled(lambda s: s.state == ThreadState.AWAITING_BUYER)

    a_workflows = (thread_workflow_id(thread_a.thread_id), takeover_workflow_id(thread_a.thread_id))
    before = await _readable(h, a_workflows[0]) + await _readable(h, a_workflows[1])
    assert all(text in before for text in secrets_a.values()), "the search must see A's texts before the erasure"
    audit_before = _audit_rows(h, thread_a.thread_id)
    assert audit_before["violations"] and audit_before["decisions"][0][2] == OpsOutcome.REJECT_CLAIM

    assert (await api.delete(f"/v1/buyers/{buyer_a}", headers=auth("backend"))).status_code == 403
    erased = await api.delete(f"/v1/buyers/{buyer_a}", headers=auth("ops"))
    assert erased.status_code == 200, erased.text
    body = erased.json()
    assert (body["state"], body["erased_now"], body["waiting_for"]) == ("erased", [thread_a.thread_id], [])
    assert body["keys_destroyed"] >= 2 and body["requested_by"].startswith("ops:")

    for workflow_id in a_workflows:
        readable = await _readable(h, workflow_id)
        left = {what for what, text in secrets_a.items() if text in readable}
        assert left == set(), f"{workflow_id}: still decodes after the erasure: {left}"
        assert "[erased" in readable
    thread_workflow = await h.client.temporal.get_workflow_handle(a_workflows[0]).describe()
    assert thread_workflow.status == WorkflowExecutionStatus.TERMINATED  # it could never run again without its key

    readable_b = await _readable(h, thread_workflow_id(thread_b.thread_id))
    carried_b = {
        k: v for k, v in secrets_b.items() if k in ("subject", "buyer message", "refused reply", "accepted reply")
    }
    assert {what for what, text in carried_b.items() if text not in readable_b} == set()

    # Through the codec endpoint as the UI calls it: A's payloads come back as the placeholder, and
    # the read is audited with the workflow it decoded.
    history_b = await h.client.temporal.get_workflow_handle(thread_workflow_id(thread_b.thread_id)).fetch_history()
    started = history_b.events[0].workflow_execution_started_event_attributes.input.payloads[0]
    history_a = await h.client.temporal.get_workflow_handle(a_workflows[0]).fetch_history()
    erased_input = history_a.events[0].workflow_execution_started_event_attributes.input.payloads[0]
    decoded = await api.post("/codec/decode", json=to_wire([started, erased_input]).model_dump(), headers=auth("ops"))
    assert decoded.status_code == 200, decoded.text
    plain, placeholder = from_wire(WirePayloads.model_validate(decoded.json()))
    assert secrets_b["subject"] in plain.data.decode() and b"[erased on " in placeholder.data
    reads = (await api.get("/v1/audit/reads", params={"thread_id": thread_b.thread_id}, headers=auth("ops"))).json()
    assert [(r["action"], r["role"], r["items"]) for r in reads if r["action"] == "codec.decode"] == [
        ("codec.decode", "ops", 2)
    ]
    assert thread_workflow_id(thread_b.thread_id) in next(r["subject"] for r in reads if r["action"] == "codec.decode")

    store_a, store_b = _store_text(h, thread_a.thread_id), _store_text(h, thread_b.thread_id)
    assert {what for what, text in secrets_a.items() if text in store_a} == set()
    assert secrets_b["buyer message"] in store_b and secrets_b["accepted reply"] in store_b
    assert _audit_rows(h, thread_a.thread_id) == audit_before

    # The erased thread id is closed for good: a message for it is refused, none starts a new run
    # (which would meet the destroyed key, and reuse the erased case's takeover number).
    late = await api.post(
        f"/v1/threads/{thread_a.thread_id}/messages",
        json={
            "thread": thread_a.model_dump(mode="json"),
            "message": {
                "message_id": f"{thread_a.thread_id}-m9",
                "received_at": (await h.now()).isoformat(),
                "text": "?",
            },
        },
        headers=auth("backend"),
    )
    assert (late.status_code, late.json()["kind"]) == (409, "thread_erased"), late.text
    assert (await h.client.temporal.get_workflow_handle(a_workflows[0]).describe()).status == (
        WorkflowExecutionStatus.TERMINATED
    )

    again = await api.delete(f"/v1/buyers/{buyer_a}", headers=auth("ops"))
    assert again.status_code == 200
    assert (again.json()["state"], again.json()["keys_destroyed"], again.json()["texts_removed"]) == (
        "erased",
        body["keys_destroyed"],
        0,
    )
    assert again.json()["requested_at"] == body["requested_at"]


async def test_a_buyer_still_owed_a_reply_is_erased_once_the_thread_no_longer_waits(
    dev_harness: ThreadHarness, api: httpx.AsyncClient
):
    h = dev_harness
    buyer = f"B-wait-{_word()}"
    secrets = _texts(_word())
    thread_id = f"T-erase-{uuid.uuid4().hex[:10]}"
    h.opened.append(thread_id)
    thread = ThreadOpen(
        thread_id=thread_id, order_id=f"O-{thread_id}", seller_id=f"S-{thread_id}", buyer_id=buyer, market="FR"
    )
    await h.client.open_inquiry(
        thread, BuyerMessage(message_id=f"{thread_id}-m1", received_at=await h.now(), text=secrets["buyer message"])
    )
    await ThreadProbe(h, thread).settled(lambda s: s.state == ThreadState.AWAITING_SELLER)

    deferred = await api.delete(f"/v1/buyers/{buyer}", headers=auth("ops"))
    assert deferred.status_code == 202, deferred.text
    assert (deferred.json()["state"], deferred.json()["waiting_for"]) == ("deferred", [thread_id])
    assert secrets["buyer message"] in _store_text(h, thread_id)  # R1.1: the seller still owes the reply

    accepted = await h.client.seller_reply(
        thread_id, SellerReply(message_id=f"{thread_id}-r1", seller_id=thread.seller_id, text=secrets["accepted reply"])
    )
    assert accepted.accepted
    await ThreadProbe(h, thread).settled(lambda s: s.state == ThreadState.AWAITING_BUYER)
    # The retention schedule's sweep finishes deferred erasures (a run of it, as the schedule starts it).
    summary = await h.client.temporal.execute_workflow(
        RETENTION_SWEEP,
        id=f"retention-sweep-{uuid.uuid4().hex[:8]}",
        task_queue=h.client.task_queue,
        result_type=RetentionSummary,
    )
    assert summary.deferred_erasures_completed >= 1
    done = await api.delete(f"/v1/buyers/{buyer}", headers=auth("ops"))
    assert done.status_code == 200 and done.json()["state"] == "erased"
    assert done.json()["erased_now"] == [thread_id] and done.json()["texts_removed"] == 0  # the sweep did it
    assert secrets["buyer message"] not in _store_text(h, thread_id)
    assert secrets["buyer message"] not in await _readable(h, thread_workflow_id(thread_id))


async def test_the_cli_erases_a_buyer_as_the_api_does(dev_harness: ThreadHarness, dev_env: WorkflowEnvironment):
    h = dev_harness
    buyer = f"B-cli-{_word()}"
    secrets = _texts(_word())
    thread = await _conversation(h, buyer, secrets)
    await ThreadProbe(h, thread).settled(lambda s: s.state == ThreadState.AWAITING_BUYER)
    env = {
        **os.environ,
        "HELPDESK_TEMPORAL_ADDRESS": dev_env.client.service_client.config.target_host,
        "HELPDESK_TEMPORAL_NAMESPACE": dev_env.client.namespace,
        "HELPDESK_DATABASE_URL": str(h.sessions.kw["bind"].url),
        "HELPDESK_METRICS_PORT": "0",
    }
    process = await asyncio.create_subprocess_exec(
        HELPDESK, "buyer", "erase", buyer, "--by", "dpo-test", env=env, stdout=PIPE, stderr=PIPE
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=90)
    assert process.returncode == 0, err.decode()
    outcome = json.loads(out)
    assert (outcome["state"], outcome["erased_now"], outcome["requested_by"]) == (
        "erased",
        [thread.thread_id],
        "cli:dpo-test",
    )
    assert secrets["buyer message"] not in _store_text(h, thread.thread_id)
    # This process cached the thread's key less than a minute ago: the CLI's erasure reaches it
    # after HELPDESK_DATA_KEY_CACHE_S; a process of its own (the codec endpoint's, say) at once.
    codec = h.client.temporal.data_converter.payload_codec
    assert isinstance(codec, EncryptionCodec) and codec.data_keys is not None
    codec.data_keys.forget()
    assert secrets["buyer message"] not in await _readable(h, thread_workflow_id(thread.thread_id))


async def test_a_buyer_message_the_api_kept_but_has_not_handed_over_defers_the_erasure(
    dev_harness: ThreadHarness, api: httpx.AsyncClient
):
    """Nothing lost (issue 7) outranks erasure: a message kept while Temporal could not take it is
    still owed to its thread, so its thread waits and the kept copy stays."""
    h = dev_harness
    buyer = f"B-pending-{_word()}"
    secrets = _texts(_word())
    thread = await _conversation(h, buyer, secrets)
    await ThreadProbe(h, thread).settled(lambda s: s.state == ThreadState.AWAITING_BUYER)
    with transaction(h.sessions) as session:  # what the inbox keeps when the hand-over fails
        repository.accept_inbound(
            session,
            message_id=f"{thread.thread_id}-m2",
            thread_id=thread.thread_id,
            payload={"thread": thread.model_dump(mode="json"), "message": {"text": secrets["buyer message"]}},
        )
    try:
        deferred = await api.delete(f"/v1/buyers/{buyer}", headers=auth("ops"))
        assert deferred.status_code == 202, deferred.text
        assert deferred.json()["waiting_for"] == [thread.thread_id]
        with reading(h.sessions) as session:
            assert session.get(InboundMessage, (thread.thread_id, f"{thread.thread_id}-m2")) is not None
            assert session.get(Thread, thread.thread_id).erased_at is None  # type: ignore[union-attr]
        described = await h.client.temporal.get_workflow_handle(thread_workflow_id(thread.thread_id)).describe()
        assert described.status == WorkflowExecutionStatus.RUNNING
    finally:  # the shared store's other tests redeliver pending copies: this one was never real
        with transaction(h.sessions) as session:
            session.query(InboundMessage).filter_by(thread_id=thread.thread_id).delete()
