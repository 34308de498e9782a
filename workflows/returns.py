"""Return: the item's way back after a takeover decision (R5.5), child of ``Takeover``.

Id ``return-{thread_id}``. A prepaid label through the carrier; then the parcel, which the buyer
has 14 calendar days to send (a timer from the label's issue: the return lapses at day 14, not a
minute before); then, for ``return_and_refund``, the warehouse's inspection and the refund it
calls for; for ``repair`` and ``replace``, the item goes to the seller and the case waits for the
repaired or replacement item to be dispatched to the buyer.

Parcel, inspection and dispatch arrive as updates, not signals, so that an event that does not
fit (a parcel for a lapsed return, an inspection before any parcel, a second inspection) gets a
refusal naming the rule instead of vanishing; a retried event with the same ``event_id`` gets
the same answer. Ops deciding otherwise while the parcel is awaited cancels this workflow: the
label is voided and the result says ``cancelled``.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from decimal import Decimal

from temporalio import workflow
from temporalio.common import RawValue

from workflows.metrics import RETURNS
from workflows.options import PROVIDER, STORE
from workflows.refusals import NO_PAYLOAD, decoded, refused

with workflow.unsafe.imports_passed_through():
    from pydantic import BaseModel

    from contract import search_attributes as sa
    from contract.cases import (
        InspectionReport,
        IssueLabel,
        IssueRefund,
        ItemDispatched,
        Label,
        LabelRequest,
        ParcelReceived,
        ParcelShipped,
        RefundAmount,
        RefundReceipt,
        RefundRequest,
        ReturnStart,
        ReturnStatus,
        VoidLabel,
    )
    from contract.details import return_details, when
    from contract.records import Notice
    from events.schema import (
        ItemDispatchedToBuyer,
        Money,
        ParcelOverdue,
        RefundAmountNeeded,
        RefundIssued,
        ReturnLabelIssued,
        ReturnLapsed,
        ReturnNoFaultFound,
    )
    from rules.kinds import CaseStage, InspectionResult, OpsOutcome, Recipient, ReturnOutcome
    from rules.refusals import Refusal

# Carriers and payment providers have outages: keep trying (each call is idempotent by its key).
SHIPMENT_SKEW = timedelta(minutes=5)  # a carrier's clock ahead of ours by more is not a shipment


@workflow.defn(name="Return")
class Return:
    @workflow.init
    def __init__(self, raw: RawValue = NO_PAYLOAD) -> None:
        """``raw``: a ``ReturnStart``, decoded here so that one that does not fit fails the run
        naming the field (``workflows/refusals.py``)."""
        self._start = start = decoded(raw, ReturnStart, "Return input")
        self._refunds = start.decision.outcome == OpsOutcome.RETURN_AND_REFUND
        self._status = ReturnStatus(thread_id=start.thread.thread_id, stage=CaseStage.AWAITING_PARCEL)
        self._told: list[asyncio.Task[None]] = []
        self._refund_amount: Decimal | None = None  # R5.4 without an order total: given by ops when due

    @workflow.run
    async def run(self, raw: RawValue = NO_PAYLOAD) -> ReturnStatus:
        workflow.set_current_details(return_details(self._status))
        await self._carry_out(self._start)
        if self._status.outcome is not None:
            RETURNS.add(outcome=str(self._status.outcome))
        await asyncio.gather(*self._told)  # the Takeover hears of every stage before the result
        return self._status

    async def _carry_out(self, start: ReturnStart) -> None:
        thread = start.thread
        key = f"{thread.thread_id}:{start.takeover_no}:{start.decision.decided_at.isoformat()}"
        # Ops may override the rulebook at any point before the parcel comes (R5.4), even while the
        # label is being issued: issuing is shielded so that a label issued is always known, and so
        # voided, never left live (the CI run of 2026-12-06 cancelled a return mid-issue).
        issuing = asyncio.ensure_future(self._issue_label(start, key))
        try:
            label, lapses_at = await asyncio.shield(issuing)
            shipped = await self._await_parcel(lapses_at, start)
        except asyncio.CancelledError:  # ops decided otherwise (R5.4 override): the label goes unused
            label, _ = await issuing
            await workflow.execute_activity(
                "void_return_label",
                VoidLabel(label=label, at=workflow.now()),
                summary="void the unused label",
                **PROVIDER,
            )
            self._update(stage=CaseStage.CLOSED, outcome=ReturnOutcome.CANCELLED)
            return
        finishing = asyncio.ensure_future(self._finish(start, key, shipped, lapses_at))
        while not finishing.done():
            try:
                await asyncio.shield(finishing)
            except asyncio.CancelledError:
                continue  # the parcel (or the lapse) came before ops' override reached here: too late to withdraw

    async def _finish(self, start: ReturnStart, key: str, shipped: bool, lapses_at: datetime) -> None:
        """After the wait for the parcel: lapsed, or inspected and refunded, or dispatched (R5.5)."""
        if not shipped:
            self._update(stage=CaseStage.CLOSED, outcome=ReturnOutcome.LAPSED)
            for recipient in (Recipient.BUYER, Recipient.OPS):
                await self._notify(recipient, "return.lapsed", ReturnLapsed(lapsed_at=lapses_at))
            return
        if self._refunds:
            await self._inspect_and_refund(start, key)
        else:
            self._update(stage=CaseStage.AWAITING_DISPATCH)
            await workflow.wait_condition(lambda: self._status.dispatched is not None)
            dispatched = self._status.dispatched
            assert dispatched is not None
            await self._notify(
                Recipient.BUYER,
                "return.item_dispatched",
                ItemDispatchedToBuyer(
                    outcome=start.decision.outcome,
                    tracking_number=dispatched.tracking_number,
                ),
            )
            self._update(stage=CaseStage.CLOSED, outcome=ReturnOutcome.DISPATCHED)

    async def _issue_label(self, start: ReturnStart, key: str) -> tuple[Label, datetime]:
        """The prepaid label and the buyer told of it; the instant the return lapses (R5.5)."""
        thread = start.thread
        label = await workflow.execute_activity(
            "issue_return_label",
            IssueLabel(
                request=LabelRequest(
                    thread_id=thread.thread_id,
                    takeover_no=start.takeover_no,
                    order_id=thread.order_id,
                    market=thread.market,
                    ship_to="platform" if self._refunds else "seller",
                ),
                key=f"label:{key}",
                at=workflow.now(),
            ),
            result_type=Label,
            summary="prepaid return label from the carrier (R5.5)",
            **PROVIDER,
        )
        lapses_at = label.issued_at + start.window
        self._update(label=label, lapses_at=lapses_at)
        await self._notify(
            Recipient.BUYER,
            "return.label_issued",
            ReturnLabelIssued(
                outcome=start.decision.outcome,
                label_id=label.label_id,
                carrier=label.carrier,
                tracking_number=label.tracking_number,
                ship_by=lapses_at,
            ),
        )
        return label, lapses_at

    async def _await_parcel(self, lapses_at: datetime, start: ReturnStart) -> bool:
        """R5.5: the buyer has until ``lapses_at`` to ship (issue 15: the carrier's shipment scan
        counts, not the parcel's arrival); a shipped parcel may take ``start.transit`` to arrive,
        then ops are told and the return goes on waiting. False: nothing shipped in time."""
        try:
            await workflow.wait_condition(
                lambda: self._status.parcel is not None or self._status.shipped is not None,
                timeout=max(lapses_at - workflow.now(), timedelta(0)),
                timeout_summary=f"return lapses {when(lapses_at)}: {start.window.days} calendar days from the label to ship (R5.5)",
            )
        except TimeoutError:
            return False
        shipped = self._status.shipped
        if self._status.parcel is None and shipped is not None:
            overdue = shipped.shipped_at + start.transit
            try:
                await workflow.wait_condition(
                    lambda: self._status.parcel is not None,
                    timeout=max(overdue - workflow.now(), timedelta(0)),
                    timeout_summary=f"parcel shipped {when(shipped.shipped_at)}: tell ops if not in by {when(overdue)} (R5.5)",
                )
            except TimeoutError:
                await self._notify(
                    Recipient.OPS,
                    "return.parcel_overdue",
                    ParcelOverdue(
                        shipped_at=shipped.shipped_at,
                        overdue_since=overdue,
                        tracking_number=shipped.tracking_number,
                    ),
                )
                await workflow.wait_condition(lambda: self._status.parcel is not None)
        return True

    async def _inspect_and_refund(self, start: ReturnStart, key: str) -> None:
        self._update(stage=CaseStage.AWAITING_INSPECTION)
        await workflow.wait_condition(lambda: self._status.inspection is not None)
        inspection = self._status.inspection
        assert inspection is not None
        if inspection.result != InspectionResult.FAULT_CONFIRMED:
            await self._notify(Recipient.BUYER, "return.no_fault_found", ReturnNoFaultFound(note=inspection.note))
            self._update(stage=CaseStage.CLOSED, outcome=ReturnOutcome.NOT_REFUNDED)
            return
        amount = start.decision.refund_amount
        if amount is None:  # R5.4 decided without an order total: ops give the amount now that it is due
            self._update(stage=CaseStage.AWAITING_REFUND_AMOUNT)
            await self._notify(
                Recipient.OPS,
                "case.refund_amount_needed",
                RefundAmountNeeded(
                    takeover_no=start.takeover_no,
                    currency=start.currency,
                ),
            )
            await workflow.wait_condition(lambda: self._refund_amount is not None)
            amount = self._refund_amount
            assert amount is not None
        self._update(stage=CaseStage.REFUNDING)
        thread = start.thread
        receipt = await workflow.execute_activity(
            "refund_buyer",
            IssueRefund(
                request=RefundRequest(
                    thread_id=thread.thread_id,
                    takeover_no=start.takeover_no,
                    order_id=thread.order_id,
                    amount=amount,
                    currency=start.currency,
                ),
                key=f"refund:{key}",
                at=workflow.now(),
            ),
            result_type=RefundReceipt,
            summary=f"refund {amount} {start.currency} after inspection (R5.5)",
            **PROVIDER,
        )
        await self._notify(
            Recipient.BUYER,
            "refund.issued",
            RefundIssued(
                refund_id=receipt.refund_id,
                refund=Money(amount=receipt.amount, currency=receipt.currency),
                takeover_no=start.takeover_no,
            ),
        )
        self._update(stage=CaseStage.CLOSED, outcome=ReturnOutcome.REFUNDED, refund=receipt)

    # -- events --------------------------------------------------------------------------------------

    # Events arrive raw and are decoded against their model (``workflows/refusals.py``).

    @workflow.update(name="parcel_shipped")
    def parcel_shipped(self, raw: RawValue = NO_PAYLOAD) -> ReturnStatus:
        """The carrier's shipment scan (``ParcelShipped``): shipped in time, the return does not lapse (R5.5)."""
        shipped = decoded(raw, ParcelShipped, "parcel_shipped")
        if self._status.shipped is None:
            self._update(shipped=shipped)
        return self._status

    @parcel_shipped.validator
    def _validate_shipment(self, raw: RawValue = NO_PAYLOAD) -> None:
        shipped = decoded(raw, ParcelShipped, "parcel_shipped")
        known = self._status.shipped
        if known is not None and known.event_id == shipped.event_id:
            return
        self._refuse_when_over()
        if known is not None:
            raise refused(Refusal.PARCEL_ALREADY_SHIPPED, f"shipped at {known.shipped_at} (event {known.event_id})")
        lapses_at = self._status.lapses_at
        if lapses_at is None:
            raise refused(Refusal.NO_LABEL_YET, "the return label is not issued yet")
        if shipped.shipped_at > lapses_at:
            raise refused(
                Refusal.RETURN_LAPSED,
                f"shipped at {shipped.shipped_at}, after the return window closed at {lapses_at} (R5.5)",
            )
        if shipped.shipped_at > workflow.now() + SHIPMENT_SKEW:
            raise refused(
                Refusal.SHIPPED_IN_THE_FUTURE, f"shipped_at {shipped.shipped_at} is ahead of the case's clock"
            )

    @workflow.update(name="refund_amount")
    def refund_amount(self, raw: RawValue = NO_PAYLOAD) -> ReturnStatus:
        """R5.4 without an order total (``RefundAmount``): the amount ops give for the refund."""
        given = decoded(raw, RefundAmount, "refund_amount")
        if self._refund_amount is None:
            self._refund_amount = given.amount
        return self._status

    @refund_amount.validator
    def _validate_refund_amount(self, raw: RawValue = NO_PAYLOAD) -> None:
        given = decoded(raw, RefundAmount, "refund_amount")
        if self._refund_amount is not None and given.amount == self._refund_amount:
            return
        if not self._refunds:
            raise refused(Refusal.NO_REFUND_EXPECTED, f"a {self._start.decision.outcome} refunds nothing")
        if self._start.decision.refund_amount is not None or self._refund_amount is not None:
            known = self._start.decision.refund_amount or self._refund_amount
            raise refused(Refusal.REFUND_AMOUNT_KNOWN, f"the refund is {known} {self._start.currency}")
        self._refuse_when_over()

    def _refuse_when_lapsed_or_cancelled(self) -> None:
        if self._status.outcome == ReturnOutcome.LAPSED:
            raise refused(
                Refusal.RETURN_LAPSED,
                f"the return lapsed at {self._status.lapses_at}: nothing shipped within the window",
            )
        if self._status.outcome == ReturnOutcome.CANCELLED:
            raise refused(Refusal.RETURN_CANCELLED, "ops decided otherwise; this return's label was voided")

    def _refuse_when_over(self) -> None:
        self._refuse_when_lapsed_or_cancelled()
        if self._status.outcome is not None:
            raise refused(Refusal.return_ended(self._status.outcome), f"the return has ended: {self._status.outcome}")

    @workflow.update(name="parcel_received")
    def parcel_received(self, raw: RawValue = NO_PAYLOAD) -> ReturnStatus:
        """The parcel arrived (``ParcelReceived``); the same ``event_id`` again gets the same answer."""
        parcel = decoded(raw, ParcelReceived, "parcel_received")
        if self._status.parcel is None:
            self._update(parcel=parcel)
        return self._status

    @parcel_received.validator
    def _validate_parcel(self, raw: RawValue = NO_PAYLOAD) -> None:
        parcel = decoded(raw, ParcelReceived, "parcel_received")
        known = self._status.parcel
        if known is not None and known.event_id == parcel.event_id:
            return
        self._refuse_when_lapsed_or_cancelled()
        if known is not None:
            raise refused(
                Refusal.PARCEL_ALREADY_RECEIVED, f"the parcel arrived at {known.received_at} (event {known.event_id})"
            )

    @workflow.update(name="inspected")
    def inspected(self, raw: RawValue = NO_PAYLOAD) -> ReturnStatus:
        """The warehouse inspected the item (``InspectionReport``): the refund follows the result."""
        report = decoded(raw, InspectionReport, "inspected")
        if self._status.inspection is None:
            self._update(inspection=report)
        return self._status

    @inspected.validator
    def _validate_inspection(self, raw: RawValue = NO_PAYLOAD) -> None:
        report = decoded(raw, InspectionReport, "inspected")
        known = self._status.inspection
        if known is not None and known.event_id == report.event_id:
            return
        if not self._refunds:
            raise refused(
                Refusal.NO_INSPECTION_EXPECTED,
                f"a {self._start.decision.outcome} sends the item to the seller, not to inspection",
            )
        if self._status.parcel is None:
            raise refused(Refusal.PARCEL_NOT_RECEIVED, "no parcel has arrived to inspect")
        if known is not None:
            raise refused(
                Refusal.ALREADY_INSPECTED, f"inspected at {known.inspected_at}: {known.result} (event {known.event_id})"
            )

    @workflow.update(name="item_dispatched")
    def item_dispatched(self, raw: RawValue = NO_PAYLOAD) -> ReturnStatus:
        """Repair or replace: the item left for the buyer (``ItemDispatched``)."""
        dispatched = decoded(raw, ItemDispatched, "item_dispatched")
        if self._status.dispatched is None:
            self._update(dispatched=dispatched)
        return self._status

    @item_dispatched.validator
    def _validate_dispatch(self, raw: RawValue = NO_PAYLOAD) -> None:
        dispatched = decoded(raw, ItemDispatched, "item_dispatched")
        known = self._status.dispatched
        if known is not None and known.event_id == dispatched.event_id:
            return
        if self._refunds:
            raise refused(Refusal.NO_DISPATCH_EXPECTED, "a return_and_refund ends with the refund, not with a dispatch")
        if self._status.parcel is None:
            raise refused(Refusal.PARCEL_NOT_RECEIVED, "the seller has not received the item yet")
        if known is not None:
            raise refused(Refusal.ALREADY_DISPATCHED, f"dispatched at {known.dispatched_at} (event {known.event_id})")

    @workflow.query(name="status")
    def status(self) -> ReturnStatus:
        return self._status

    # -- helpers ---------------------------------------------------------------------------------

    def _update(self, **changes: object) -> None:
        """Change the status; a new stage goes to the search attribute and to the Takeover."""
        before = self._status.stage
        self._status = self._status.model_copy(update=changes)
        workflow.set_current_details(return_details(self._status))
        if self._status.stage != before:
            workflow.upsert_search_attributes([sa.CASE_STAGE.value_set(str(self._status.stage))])
            self._told.append(asyncio.create_task(self._tell_takeover(self._status)))

    async def _tell_takeover(self, status: ReturnStatus) -> None:
        parent = workflow.info().parent
        if parent is None:  # started on its own (tests, ops tooling): nobody to tell
            return
        try:
            await workflow.get_external_workflow_handle(parent.workflow_id).signal("return_progress", status)
        except Exception as error:  # noqa: BLE001 - the case closed meanwhile; the result still reaches it
            workflow.logger.warning("takeover %s not told of %s: %s", parent.workflow_id, status.stage, error)

    async def _notify(self, recipient: Recipient, kind: str, data: BaseModel) -> None:
        thread_id = self._start.thread.thread_id
        key = f"{workflow.info().workflow_id}:{self._start.decision.decided_at.isoformat()}:{kind}"
        await workflow.execute_activity(
            "notify",
            Notice(
                thread_id=thread_id,
                recipient=recipient,
                kind=kind,
                key=key,
                payload=data.model_dump(mode="json"),
                at=workflow.now(),
            ),
            summary=f"tell the {recipient}: {kind}",
            **STORE,
        )
