"""Issue 20 under faults, on the real dev server and on both stores: the decision that credits a
charge is retried after its first attempt wrote the credit and then failed, and after a first
attempt that failed before writing; either way the ledger holds one credit row, in the charge's
currency, and the seller and ops are told once."""

from __future__ import annotations

import concurrent.futures
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from taken_over_threads import taken_over_thread
from temporalio import activity
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from activities.appeals import AppealActivities
from activities.deadlines import DeadlineActivities
from activities.events import EventWriter
from activities.recharge import RechargeActivities
from activities.statements import StatementWriter
from contract.cases import ChargeRequest, Cost
from contract.statements import AppealDecided, AppealDecision, AppealRequest, AppealVerdict, charge_sanction_id
from rules.kinds import AppealOutcome, AppealState, CostKind
from rules.markets import MarketRegistry
from rules.tariff import Tariff
from starter.client.appeals import AppealClient
from store import events as event_log
from store import repository
from store.db import transaction
from worker import workflow_runner
from workflows.appeal import Appeal

if TYPE_CHECKING:
    from conftest import Database

MARKETS = MarketRegistry.from_overrides()
EVENTS = EventWriter(MARKETS)
STATEMENTS = StatementWriter(MARKETS, EVENTS, window_days=30)


def _charged(database: Database) -> tuple[str, str]:
    """A thread in SE taken over, its handling fee charged (150 SEK): (thread id, the charge's sanction id)."""
    thread_id = taken_over_thread(database.factory, seller_id="S-appeal-faults")
    charge = RechargeActivities(database.factory, Tariff(), EVENTS, STATEMENTS).charge_seller(
        ChargeRequest(
            thread_id=thread_id,
            seller_id="S-appeal-faults",
            takeover_no=1,
            currency="SEK",
            cost=Cost(kind=CostKind.HANDLING_FEE),
            at=datetime.now(UTC),
        )
    )
    assert charge.amount == Decimal("150.00") and charge.created
    return thread_id, charge_sanction_id(thread_id, 1, CostKind.HANDLING_FEE)


async def _now() -> datetime:
    return datetime.now(UTC)


async def _decide_through(env: WorkflowEnvironment, database: Database, decide, sanction_id: str) -> AppealDecided:
    task_queue = f"appeal-faults-{uuid.uuid4().hex[:6]}"
    real = AppealActivities(database.factory, EVENTS, STATEMENTS)
    with concurrent.futures.ThreadPoolExecutor(4) as executor:
        async with Worker(
            env.client,
            task_queue=task_queue,
            workflows=[Appeal],
            activities=[real.open_appeal, real.remind_appeal, decide, DeadlineActivities(MARKETS).next_working_day],
            activity_executor=executor,
            workflow_runner=workflow_runner(),
        ):
            appeals = AppealClient(env.client, task_queue, database.factory, MARKETS, _now)
            appeal = await appeals.submit(
                sanction_id, AppealRequest(grounds="the label was never used"), submitted_by="t"
            )
            decided = await appeals.decide(
                appeal.appeal_id,
                AppealDecision(outcome=AppealOutcome.OVERTURNED, decided_by="ops-ann", reason="label unused"),
            )
            await env.client.get_workflow_handle(appeal.appeal_id).result()
            assert (await appeals.status(appeal.appeal_id)).state == AppealState.DECIDED
            return decided


def _credits_and_told(database: Database, thread_id: str) -> tuple[list[tuple[str, Decimal, str, int]], list[str]]:
    with transaction(database.factory) as session:
        ledger = [
            (str(e.cost_kind), e.amount, e.currency, e.reverses)
            for e in repository.ledger_for_thread(session, thread_id)
        ]
        told = [
            f"{row.recipient_kind}:{row.type}"
            for row in event_log.page(session, thread_id=thread_id, types=["appeal.decided"])
        ]
    return ledger, told


@pytest.mark.parametrize("fails", ["after_writing", "before_writing"])
async def test_an_overturned_charge_is_credited_once_whatever_the_retries(
    dev_env: WorkflowEnvironment, database: Database, fails: str
):
    real = AppealActivities(database.factory, EVENTS, STATEMENTS)
    attempts: list[int] = []

    @activity.defn(name="decide_appeal")
    def flaky_decide(verdict: AppealVerdict) -> AppealDecided:
        attempt = activity.info().attempt
        attempts.append(attempt)
        if attempt == 1 and fails == "before_writing":
            raise RuntimeError("ledger database unavailable")
        decided = real.decide_appeal(verdict)  # committed
        if attempt == 1:
            raise RuntimeError("the worker lost its connection after the commit")
        return decided

    thread_id, sanction_id = _charged(database)
    decided = await _decide_through(dev_env, database, flaky_decide, sanction_id)
    assert attempts == [1, 2]
    assert (decided.outcome, decided.credited, decided.currency) == ("overturned", Decimal("150.00"), "SEK")
    ledger, told = _credits_and_told(database, thread_id)
    with transaction(database.factory) as session:
        charge = repository.charge_of(session, thread_id, 1, CostKind.HANDLING_FEE)
        assert charge is not None
        charge_id = charge.id
    assert ledger == [
        ("handling_fee", Decimal("150.00"), "SEK", 0),
        ("handling_fee", Decimal("-150.00"), "SEK", charge_id),
    ]
    assert sorted(told) == ["ops:appeal.decided", "seller:appeal.decided"]
