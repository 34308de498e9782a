"""The longest ids the contract admits go through every table on both stores, and one character
more is refused at the edge naming the field (issue 15): a severe case with a 128-character
thread, order, seller, buyer and message id, from the first message to the recharge, on the
real dev server with a worker writing to SQLite or PostgreSQL."""

from __future__ import annotations

import concurrent.futures
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from pydantic import ValidationError
from temporalio.testing import WorkflowEnvironment

from config import load_settings
from contract.cases import InspectionReport, ParcelReceived
from contract.threads import BuyerMessage, ThreadOpen
from helpdesk_testing import ThreadHarness, ThreadProbe, eventually
from rules.kinds import CaseStage, InspectionResult, RaisedBy, TakeoverReason
from starter.client.helpdesk import HelpdeskClient
from store import repository
from store.db import transaction
from store.models import ID
from worker import build_worker

if TYPE_CHECKING:
    from databases import Database

pytestmark = pytest.mark.devserver


def longest(prefix: str) -> str:
    return (prefix + uuid.uuid4().hex * 4)[: ID.length]


def test_the_contract_admits_no_id_longer_than_the_store_keeps() -> None:
    too_long = "T" * (ID.length + 1)
    with pytest.raises(ValidationError, match="thread_id"):
        ThreadOpen(thread_id=too_long, order_id="O", seller_id="S", buyer_id="B", market="FR")
    with pytest.raises(ValidationError, match="message_id"):
        BuyerMessage(message_id=too_long, received_at=datetime.now(UTC))


async def test_a_severe_case_with_the_longest_ids_goes_through_every_table(
    dev_env: WorkflowEnvironment, database: Database
):
    settings = load_settings(task_queue=f"long-ids-{uuid.uuid4().hex[:6]}", metrics_port=0)
    client = HelpdeskClient(dev_env.client, settings.task_queue, sessions=database.factory)
    h = ThreadHarness(env=dev_env, client=client, sessions=database.factory)
    with concurrent.futures.ThreadPoolExecutor(8) as executor:
        async with build_worker(dev_env.client, settings, executor, sessions=database.factory):
            thread = ThreadOpen(
                thread_id=longest("T-"),
                order_id=longest("O-"),
                seller_id=longest("S-"),
                buyer_id=longest("B-"),
                market="FR",
                order_total=Decimal("300.00"),
            )
            probe = ThreadProbe(h, thread)
            await probe.message(received_at=datetime.now(UTC), message_id=longest("M-"), text="Est-il débloqué ?")
            verdict = await probe.reply("Oui, il est débloqué.", message_id=longest("R-"))
            assert verdict.accepted
            await probe.escalate(TakeoverReason.COUNTERFEIT, RaisedBy.BUYER, escalation_id=longest("E-"))
            await eventually(
                lambda: client.cases.return_status(thread.thread_id), lambda s: s.label is not None, 30.0, "the return"
            )
            at = datetime.now(UTC)
            await client.cases.parcel_received(thread.thread_id, ParcelReceived(event_id=longest("P-"), received_at=at))
            await eventually(
                lambda: client.cases.return_status(thread.thread_id),
                lambda s: s.stage == CaseStage.AWAITING_INSPECTION,
                30.0,
                "the return",
            )
            await client.cases.inspected(
                thread.thread_id,
                InspectionReport(event_id=longest("I-"), result=InspectionResult.FAULT_CONFIRMED, inspected_at=at),
            )
            case = await probe.case(lambda c: c.stage == CaseStage.CLOSED, timeout=30)
    assert [c.kind for c in case.charges] == ["handling_fee", "severe_violation_fee", "return_label", "refund"]
    with transaction(database.factory) as session:
        assert len(repository.thread_messages(session, thread.thread_id)) == 2
        assert len(repository.labels_for_thread(session, thread.thread_id)) == 1
        assert len(repository.refunds_for_thread(session, thread.thread_id)) == 1
        assert len(repository.ledger_for_thread(session, thread.thread_id)) == 4
    assert {e["type"] for e in probe.events()} >= {
        "reply.delivered",
        "return.label_issued",
        "refund.issued",
        "charge.made",
    }
