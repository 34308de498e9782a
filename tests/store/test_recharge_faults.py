"""R5.6 under faults, on the real dev server and on both stores: a charge that fails twice before
it succeeds, and one whose first attempt writes and then times out, leave exactly one ledger row
per cost of the takeover, at the tariff's amount."""

from __future__ import annotations

import concurrent.futures
import time
import uuid
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from taken_over_threads import taken_over_thread
from temporalio import activity
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from activities.events import EventWriter
from activities.recharge import RechargeActivities
from activities.records import RecordActivities
from activities.statements import StatementWriter
from contract.cases import Charge, ChargeRequest, Cost, RechargeOrder, RechargeResult, recharge_workflow_id
from rules.kinds import CostKind
from rules.markets import MarketRegistry
from rules.tariff import Tariff
from store import events as event_log
from store import repository
from store.db import transaction
from worker import workflow_runner
from workflows.recharge import Recharge

if TYPE_CHECKING:
    from conftest import Database

EVENTS = EventWriter(MarketRegistry.from_overrides())
STATEMENTS = StatementWriter(MarketRegistry.from_overrides(), EVENTS, window_days=30)

COSTS = (
    Cost(kind=CostKind.HANDLING_FEE),
    Cost(kind=CostKind.SEVERE_VIOLATION_FEE),
    Cost(kind=CostKind.RETURN_LABEL),
    Cost(kind=CostKind.REFUND, amount=Decimal("1990.00")),
)
EXPECTED_SEK = [
    ("handling_fee", Decimal("150.00")),
    ("severe_violation_fee", Decimal("500.00")),
    ("return_label", Decimal("80.00")),
    ("refund", Decimal("1990.00")),
]


def _thread(database: Database) -> str:
    return taken_over_thread(database.factory, seller_id="S-faults")


async def _recharge(env: WorkflowEnvironment, database: Database, charge, thread_id: str) -> RechargeResult:
    task_queue = f"faults-{uuid.uuid4().hex[:6]}"
    records = RecordActivities(database.factory, EVENTS, STATEMENTS)
    with concurrent.futures.ThreadPoolExecutor(4) as executor:
        async with Worker(
            env.client,
            task_queue=task_queue,
            workflows=[Recharge],
            activities=[charge, records.notify],
            activity_executor=executor,
            workflow_runner=workflow_runner(),
        ):
            return await env.client.execute_workflow(
                Recharge.run,
                RechargeOrder(
                    thread_id=thread_id,
                    seller_id="S-faults",
                    takeover_no=1,
                    currency="SEK",
                    costs=COSTS,
                    charge_timeout=timedelta(seconds=1),
                ),
                id=recharge_workflow_id(thread_id, 1),
                task_queue=task_queue,
                result_type=RechargeResult,
            )


def _charges_told(database: Database, thread_id: str) -> list[tuple[str, str, str]]:
    """The seller's events of the recharge: one per charge, then the total."""
    with transaction(database.factory) as session:
        rows = event_log.page(session, thread_id=thread_id, types=["charge.made", "recharge.completed"])
        return [
            (
                row.type,
                row.document["data"].get("cost_kind", ""),
                (row.document["data"].get("charge") or row.document["data"]["total"])["amount"],
            )
            for row in rows
        ]


def _ledger(database: Database, thread_id: str) -> list[tuple[str, Decimal]]:
    with transaction(database.factory) as session:
        return [(str(e.cost_kind), e.amount) for e in repository.ledger_for_thread(session, thread_id)]


async def test_a_charge_that_fails_twice_then_succeeds_is_charged_once(
    dev_env: WorkflowEnvironment, database: Database
):
    real = RechargeActivities(database.factory, Tariff(), EVENTS, STATEMENTS)
    attempts: dict[str, int] = {}

    @activity.defn(name="charge_seller")
    def flaky_charge(request: ChargeRequest) -> Charge:
        attempts[request.cost.kind] = activity.info().attempt
        if request.cost.kind == CostKind.HANDLING_FEE and activity.info().attempt <= 2:
            raise RuntimeError("ledger database unavailable")
        return real.charge_seller(request)

    thread_id = _thread(database)
    result = await _recharge(dev_env, database, flaky_charge, thread_id)
    assert attempts[CostKind.HANDLING_FEE] == 3
    assert _ledger(database, thread_id) == EXPECTED_SEK
    assert [kind for _, kind, _ in _charges_told(database, thread_id)] == [kind for kind, _ in EXPECTED_SEK] + [""]
    assert all(charge.created for charge in result.charges)


async def test_a_charge_that_times_out_after_writing_is_not_charged_again(
    dev_env: WorkflowEnvironment, database: Database
):
    real = RechargeActivities(database.factory, Tariff(), EVENTS, STATEMENTS)
    attempts: dict[str, int] = {}

    @activity.defn(name="charge_seller")
    def slow_charge(request: ChargeRequest) -> Charge:
        attempts[request.cost.kind] = activity.info().attempt
        charge = real.charge_seller(request)  # committed
        if request.cost.kind == CostKind.RETURN_LABEL and activity.info().attempt == 1:
            time.sleep(2.5)  # past the 1 s start-to-close timeout: the server retries
        return charge

    thread_id = _thread(database)
    result = await _recharge(dev_env, database, slow_charge, thread_id)
    assert attempts[CostKind.RETURN_LABEL] == 2
    assert _ledger(database, thread_id) == EXPECTED_SEK
    # The retry found the row its timed-out first attempt had written, and charged nothing more.
    assert [(str(c.kind), c.created) for c in result.charges] == [
        ("handling_fee", True),
        ("severe_violation_fee", True),
        ("return_label", False),
        ("refund", True),
    ]
    # Replaying the whole recharge (a second Recharge run of the same takeover) charges nothing either.
    with transaction(database.factory) as session:
        before = len(repository.ledger_for_thread(session, thread_id))
    again = RechargeActivities(
        database.factory, Tariff(handling_fee=Decimal(99)), EVENTS, STATEMENTS
    )  # a changed tariff
    charges = [
        again.charge_seller(
            ChargeRequest(thread_id=thread_id, seller_id="S-faults", takeover_no=1, currency="SEK", cost=c)
        )
        for c in COSTS
    ]
    assert not any(c.created for c in charges) and charges[0].amount == Decimal("150.00")  # the first charge stands
    assert len(_ledger(database, thread_id)) == before
    # The seller is told of each charge exactly as often as it is charged: once.
    assert _charges_told(database, thread_id) == [
        ("charge.made", "handling_fee", "150.00"),
        ("charge.made", "severe_violation_fee", "500.00"),
        ("charge.made", "return_label", "80.00"),
        ("charge.made", "refund", "1990.00"),
        ("recharge.completed", "", "2720.00"),
    ]
