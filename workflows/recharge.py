"""Recharge: the seller pays the costs of a takeover (R5.6), child of ``Takeover``.

Id ``recharge-{thread_id}-{takeover_no}``: the id itself keeps a retried or replayed Takeover
from starting a second recharge, and the ledger's unique key (thread, takeover, cost kind) keeps
each cost to one row whatever the activity's retries, timeouts or a worker killed mid-write do.
Charges retry until they succeed: a charge is never dropped.
"""

from __future__ import annotations

from decimal import Decimal

from temporalio import workflow
from temporalio.common import RawValue

from workflows.metrics import RECHARGES
from workflows.options import CHARGE_RETRY, STORE
from workflows.refusals import NO_PAYLOAD, decoded

with workflow.unsafe.imports_passed_through():
    from contract import search_attributes as sa
    from contract.cases import Charge, ChargeRequest, RechargeOrder, RechargeResult
    from contract.details import recharge_details
    from contract.records import Notice
    from events.schema import ChargeMade, Money, RechargeCompleted
    from rules.kinds import CaseStage, Recipient


@workflow.defn(name="Recharge")
class Recharge:
    @workflow.run
    async def run(self, raw: RawValue = NO_PAYLOAD) -> RechargeResult:
        """``raw``: a ``RechargeOrder``; one that does not fit fails the run naming the field
        (``workflows/refusals.py``)."""
        order = decoded(raw, RechargeOrder, "Recharge input")
        charges: list[Charge] = []
        for cost in order.costs:
            workflow.set_current_details(
                recharge_details(order.thread_id, order.seller_id, charges, len(order.costs) - len(charges))
            )
            charge = await workflow.execute_activity(
                "charge_seller",
                ChargeRequest(
                    thread_id=order.thread_id,
                    seller_id=order.seller_id,
                    takeover_no=order.takeover_no,
                    currency=order.currency,
                    cost=cost,
                    at=workflow.now(),
                ),
                result_type=Charge,
                start_to_close_timeout=order.charge_timeout,
                retry_policy=CHARGE_RETRY,
                summary=f"charge the seller: {cost.kind} in {order.currency} (R5.6)",
            )
            charges.append(charge)
            RECHARGES.add(currency=charge.currency, kind=str(charge.kind))  # once per cost: replay counts nothing
        await workflow.execute_activity(
            "notify",
            Notice(
                thread_id=order.thread_id,
                recipient=Recipient.SELLER,
                kind="recharge.completed",
                key=f"{workflow.info().workflow_id}:recharged",
                payload=_completed(order.takeover_no, charges).model_dump(mode="json"),
                at=workflow.now(),
            ),
            summary="tell the seller what was charged",
            **STORE,
        )
        workflow.upsert_search_attributes([sa.CASE_STAGE.value_set(str(CaseStage.CLOSED))])
        workflow.set_current_details(recharge_details(order.thread_id, order.seller_id, charges, 0))
        return RechargeResult(thread_id=order.thread_id, takeover_no=order.takeover_no, charges=tuple(charges))


def _completed(takeover_no: int, charges: list[Charge]) -> RechargeCompleted:
    """R5.6: what the seller was charged for the takeover; the total when all are in one currency."""
    currencies = {charge.currency for charge in charges}
    total = (
        Money(amount=sum((c.amount for c in charges), Decimal(0)), currency=currencies.pop())
        if len(currencies) == 1
        else None
    )
    return RechargeCompleted(
        takeover_no=takeover_no,
        charges=tuple(
            ChargeMade(cost_kind=c.kind, charge=Money(amount=c.amount, currency=c.currency), takeover_no=takeover_no)
            for c in charges
        ),
        total=total,
    )
