"""Takeover: the platform owns the buyer contact of a thread and carries the case to its end.

Child of BuyerThread (id ``takeover-{thread_id}``, parent-close policy ABANDON: the case outlives
the thread's continue-as-new and its 30-day close). R5.3-R5.6, in order:

1. open the ops case, tell the seller and the buyer, flag the seller for a severe reason (R5.4);
2. the decision: ops decide by the ``decide`` update; an undecided case reminds ops one working
   day of the market after it opened, and again each working day. A severe reason is decided at
   once as ``return_and_refund`` by the rulebook (R5.4), which ops may override while the parcel
   is still awaited: the running return is cancelled and its label voided;
3. carry it out: ``refund`` refunds at once; ``return_and_refund``, ``repair`` and ``replace``
   run the ``Return`` child; ``reject_claim`` tells the buyer;
4. the ``Recharge`` child charges the seller each cost once (R5.6);
5. every stage goes to the ``CaseStage`` search attribute here and on the thread, and to the
   ``case`` query.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from temporalio import workflow
from temporalio.common import RawValue, SearchAttributePair, TypedSearchAttributes

from workflows.metrics import DECISIONS, REMINDERS
from workflows.options import LOCAL, STORE
from workflows.refusals import NO_PAYLOAD, decoded, refused, signal_payload

with workflow.unsafe.imports_passed_through():
    from pydantic import BaseModel

    from contract import search_attributes as sa
    from contract.cases import (
        RECHARGE,
        REFUNDING_OUTCOMES,
        RETURN,
        CaseProgress,
        CaseStatus,
        Cost,
        Decided,
        DecisionRecord,
        IssueRefund,
        OpsDecision,
        RechargeOrder,
        RechargeResult,
        RefundReceipt,
        RefundRequest,
        ReturnStart,
        ReturnStatus,
        decision_key,
        recharge_workflow_id,
        return_workflow_id,
    )
    from contract.details import case_details, when
    from contract.records import Notice
    from contract.threads import Escalation, TakeoverStart, thread_workflow_id
    from events.schema import CaseDecided, CaseEscalated, CaseReminder, Money, RefundIssued, ThreadTakenOver
    from rules.deadlines import WorkingDayRequest
    from rules.kinds import (
        SEVERE_REASONS,
        CaseStage,
        CostKind,
        InspectionResult,
        OpsOutcome,
        Recipient,
        ReturnOutcome,
        TakeoverReason,
        takeover_rule,
    )
    from rules.refusals import Refusal

# Issue 15's case rules (R5.4 without an order total, escalations on an open case, the takeover's
# number): a case that opened before them keeps the old ones (docs/testing.md, "Replay and versioning").
CASE_RULES_2 = "case-rules-2"
RULEBOOK = "platform"  # decided_by of the rulebook's own decisions
FIRST_STAGE = {
    OpsOutcome.REFUND: CaseStage.REFUNDING,
    OpsOutcome.RETURN_AND_REFUND: CaseStage.AWAITING_PARCEL,
    OpsOutcome.REPAIR: CaseStage.AWAITING_PARCEL,
    OpsOutcome.REPLACE: CaseStage.AWAITING_PARCEL,
    OpsOutcome.REJECT_CLAIM: CaseStage.RECHARGING,
}


@workflow.defn(name="Takeover")
class Takeover:
    @workflow.init
    def __init__(self, raw: RawValue = NO_PAYLOAD) -> None:
        """``raw``: a ``TakeoverStart``, decoded here so that one that does not fit fails the run
        naming the field (``workflows/refusals.py``)."""
        self._start = start = decoded(raw, TakeoverStart, "Takeover input")
        thread = start.thread
        self._case = CaseStatus(
            thread_id=thread.thread_id,
            seller_id=thread.seller_id,
            reason=start.reason,
            severe=start.reason in SEVERE_REASONS,
            takeover_no=start.takeover_no,
            stage=CaseStage.AWAITING_DECISION,
            opened_at=start.started_at,
        )
        self._told: list[asyncio.Task[None]] = []
        self._escalation_ids: set[str] = {start.escalation_id} if start.escalation_id else set()
        self._rules_2 = False  # decided at the start of the run
        self._charged: set[CostKind] = set()

    @workflow.run
    async def run(self, raw: RawValue = NO_PAYLOAD) -> CaseStatus:
        start = self._start
        self._rules_2 = workflow.patched(CASE_RULES_2)
        workflow.set_current_details(case_details(self._case))
        await self._open_case(start)
        if self._case.severe and (self._rules_2 or start.thread.order_total is not None):
            self._decide_by_rule(start.reason)
        await self._await_decision()
        while not await self._carry_out(self._decision_now()):
            pass  # ops overrode the rulebook's decision mid-way: carry out theirs
        await self._recharge()
        while self._rules_2 and not set(cost.kind for cost in self._costs()) <= self._charged:
            await self._recharge()  # a severe escalation came during the recharge: its fee too
        if self._rules_2:
            await workflow.wait_condition(workflow.all_handlers_finished)
        self._set(stage=CaseStage.CLOSED, closed_at=workflow.now(), next_reminder_at=None)
        await asyncio.gather(*self._told)
        return self._case

    def _decide_by_rule(self, reason: TakeoverReason) -> None:
        """R5.4: a severe reason is decided at once as return and refund, which ops may override in
        time; without an order total the label goes out now and ops give the refund's amount when
        it is due (issue 15)."""
        self._set(
            decision=Decided(
                outcome=OpsOutcome.RETURN_AND_REFUND,
                decided_by=RULEBOOK,
                by_rule="R5.4",
                note=f"severe reason {reason}: return and refund unless ops decide otherwise",
                decided_at=workflow.now(),
                refund_amount=self._order_total,
            )
        )

    @property
    def _order_total(self) -> Decimal | None:
        return self._start.thread.order_total

    @property
    def _refund_currency(self) -> str:
        """An amount travels with its currency: the order's (R1.6 may have moved the thread)."""
        return self._start.order_currency or self._start.currency

    @workflow.signal(name="escalated")
    async def escalated(self, *payloads: Any) -> None:
        """R5.2/R5.4: a further escalation of the thread while this case runs (``Escalation``).
        Ops hear of it; a severe reason makes the case severe: the seller flagged, the severe fee
        charged, return and refund by rule if ops have not decided yet."""
        escalation = signal_payload(payloads, Escalation, "escalated")
        if escalation is None or escalation.escalation_id in self._escalation_ids:
            return
        self._escalation_ids.add(escalation.escalation_id)
        self._set(
            escalations=(
                *self._case.escalations,
                f"{escalation.reason} by {escalation.raised_by} {escalation.raised_by_id}",
            )
        )
        raised = escalation.reason in SEVERE_REASONS and not self._case.severe
        if raised:
            self._set(severe=True)
            flagged = self._start.model_copy(
                update={
                    "reason": escalation.reason,
                    "raised_by": escalation.raised_by,
                    "raised_by_id": escalation.raised_by_id,
                    "escalation_id": escalation.escalation_id,
                    "started_at": workflow.now(),  # flagged now, by this escalation
                }
            )
            await workflow.execute_activity(
                "flag_seller", flagged, summary=f"flag the seller's record: {escalation.reason} (R5.4)", **STORE
            )
            if self._case.decision is None:
                self._decide_by_rule(escalation.reason)
        told = CaseEscalated(
            escalation_id=escalation.escalation_id,
            reason=escalation.reason,
            raised_by=escalation.raised_by,
            takeover_no=self._case.takeover_no,
            severe=self._case.severe,
            note=escalation.note,
        )
        await self._notify(Recipient.OPS, "case.escalated", told, key_suffix=f"escalated-{escalation.escalation_id}")

    # -- 1. open ---------------------------------------------------------------------------------

    async def _open_case(self, start: TakeoverStart) -> None:
        await workflow.execute_activity(
            "open_ops_case",
            start,
            result_type=bool,
            summary=f"open ops case {start.takeover_no}: {start.reason} (R5.3)",
            **STORE,
        )
        taken_over = ThreadTakenOver(
            reason=start.reason,
            rule=takeover_rule(start.reason, start.escalation_id is not None),
            severe=self._case.severe,
            takeover_no=self._case.takeover_no,
            raised_by=start.raised_by,
            escalation_id=start.escalation_id,
        )
        for recipient in (Recipient.SELLER, Recipient.BUYER):
            await self._notify(recipient, "thread.taken_over", taken_over, key_suffix="taken-over")
        if self._case.severe:
            await workflow.execute_activity("flag_seller", start, summary="flag the seller's record (R5.4)", **STORE)

    # -- 2. decide -------------------------------------------------------------------------------

    def _decision_now(self) -> Decided:
        assert self._case.decision is not None
        return self._case.decision

    async def _await_decision(self) -> None:
        """R5.3: remind ops one working day after the case opened, then every working day."""
        after = self._start.started_at
        while self._case.decision is None:
            remind_at: datetime = await workflow.execute_local_activity(
                "next_working_day",
                WorkingDayRequest(market=self._start.market or self._start.thread.market, after=after),
                result_type=datetime,
                summary="one working day later (R5.3)",
                **LOCAL,
            )
            self._set(next_reminder_at=remind_at)
            try:
                await workflow.wait_condition(
                    lambda: self._case.decision is not None,
                    timeout=max(remind_at - workflow.now(), timedelta(0)),
                    timeout_summary=f"remind ops {when(remind_at)}: case undecided one working day (R5.3)",
                )
            except TimeoutError:
                reminder = self._case.reminders_sent + 1
                REMINDERS.add(kind="ops_case_undecided")
                self._set(reminders_sent=reminder)
                undecided = CaseReminder(
                    reason=self._start.reason,
                    takeover_no=self._case.takeover_no,
                    reminder_no=reminder,
                    opened_at=self._start.started_at,
                )
                await self._notify(Recipient.OPS, "case.reminder", undecided, key_suffix=f"ops-reminder-{reminder}")
                after = remind_at
        self._set(next_reminder_at=None)

    @workflow.update(name="decide")
    def decide(self, raw: RawValue = NO_PAYLOAD) -> Decided:
        """R5.3 (``OpsDecision``): ops' outcome, who and why; an override of the rulebook's default (R5.4) restarts the case."""
        decision = decoded(raw, OpsDecision, "decide")
        self._set(
            decision=Decided(
                outcome=decision.outcome,
                decided_by=decision.decided_by,
                note=decision.note,
                decided_at=workflow.now(),
                refund_amount=decision.refund_amount or self._order_total,
            )
        )
        return self._decision_now()

    @decide.validator
    def _validate_decision(self, raw: RawValue = NO_PAYLOAD) -> None:
        decision = decoded(raw, OpsDecision, "decide")
        current = self._case.decision
        if current is not None:
            if current.by_rule is None:
                raise refused(
                    Refusal.CASE_ALREADY_DECIDED,
                    f"{current.outcome} by {current.decided_by} at {current.decided_at.isoformat()}",
                )
            if self._case.stage not in (CaseStage.AWAITING_DECISION, CaseStage.AWAITING_PARCEL):
                raise refused(
                    Refusal.CASE_ALREADY_DECIDED,
                    f"{current.outcome} by the rulebook ({current.by_rule}); too late to change: the case is {self._case.stage}",
                )
        if decision.outcome in REFUNDING_OUTCOMES and decision.refund_amount is None and self._order_total is None:
            raise refused(
                Refusal.REFUND_AMOUNT_REQUIRED,
                f"{decision.outcome} needs refund_amount: the order total of thread {self._start.thread.thread_id} is not known",
            )

    # -- 3. carry out ----------------------------------------------------------------------------

    async def _carry_out(self, decision: Decided) -> bool:
        """True when the decision was carried out; False when ops overrode it mid-way."""
        self._set(stage=FIRST_STAGE[decision.outcome])
        await workflow.execute_local_activity(
            "record_decision",
            DecisionRecord(
                thread_id=self._case.thread_id,
                takeover_no=self._case.takeover_no,
                decision=decision,
                currency=self._refund_currency,
            ),
            summary=f"record the decision: {decision.outcome} by {decision.decided_by}",
            **LOCAL,
        )
        refund = decision.refund_amount if decision.outcome in REFUNDING_OUTCOMES else None
        told = CaseDecided(  # the buyer: the outcome and the refund, not ops' internal note
            outcome=decision.outcome,
            takeover_no=self._case.takeover_no,
            decided_by=decision.decided_by,
            by_rule=decision.by_rule,
            note="",
            refund=Money(amount=refund, currency=self._refund_currency) if refund is not None else None,
        )
        await self._notify(
            Recipient.BUYER, "case.decided", told, key_suffix=decision_key(self._case.takeover_no, decision)
        )
        if decision.outcome == OpsOutcome.REFUND:
            self._set(refund=await self._refund(decision))
        elif decision.outcome != OpsOutcome.REJECT_CLAIM:
            return await self._return(decision)
        return True

    async def _refund(self, decision: Decided) -> RefundReceipt:
        thread = self._start.thread
        assert decision.refund_amount is not None
        receipt: RefundReceipt = await workflow.execute_activity(
            "refund_buyer",
            IssueRefund(
                request=RefundRequest(
                    thread_id=thread.thread_id,
                    takeover_no=self._case.takeover_no,
                    order_id=thread.order_id,
                    amount=decision.refund_amount,
                    currency=self._refund_currency,
                ),
                key=f"refund:{thread.thread_id}:{self._case.takeover_no}:{decision.decided_at.isoformat()}",
                at=workflow.now(),
            ),
            result_type=RefundReceipt,
            summary=f"refund {decision.refund_amount} {self._refund_currency} (R5.3)",
            **STORE,
        )
        refunded = RefundIssued(
            refund_id=receipt.refund_id,
            refund=Money(amount=receipt.amount, currency=receipt.currency),
            takeover_no=self._case.takeover_no,
        )
        await self._notify(Recipient.BUYER, "refund.issued", refunded, key_suffix="refunded")
        return receipt

    async def _return(self, decision: Decided) -> bool:
        thread = self._start.thread
        handle = await workflow.start_child_workflow(
            RETURN,
            ReturnStart(
                thread=thread,
                takeover_no=self._case.takeover_no,
                decision=decision,
                currency=self._refund_currency,
                window=self._start.return_window,
                transit=self._start.return_transit,
            ),
            id=return_workflow_id(thread.thread_id, self._case.takeover_no),
            result_type=ReturnStatus,
            search_attributes=self._search_attributes(CaseStage.AWAITING_PARCEL),
            static_summary=f"Return for thread {thread.thread_id}: {decision.outcome}, 14 days to ship (R5.5)",
        )
        await workflow.wait_condition(lambda: handle.done() or self._decision_now().outcome != decision.outcome)
        if not handle.done():  # overridden while the parcel was awaited
            handle.cancel()
        returned: ReturnStatus = await handle
        self._set(returned=returned, refund=returned.refund)
        return returned.outcome != ReturnOutcome.CANCELLED

    @workflow.signal(name="return_progress")
    def return_progress(self, *payloads: Any) -> None:
        """The Return's stage (``ReturnStatus``), so ops see where the case stands (R5.5)."""
        status = signal_payload(payloads, ReturnStatus, "return_progress")
        if status is None:
            return  # did not fit: logged and dropped
        if status.outcome == ReturnOutcome.CANCELLED or self._case.stage in (CaseStage.RECHARGING, CaseStage.CLOSED):
            return  # a cancelled return's last word, or one that came after the case moved on
        self._set(returned=status, stage=status.stage if status.stage != CaseStage.CLOSED else CaseStage.RECHARGING)

    # -- 4. recharge -----------------------------------------------------------------------------

    def _costs(self) -> tuple[Cost, ...]:
        """R5.6: handling always; the severe fee; the label if one was used; the refund where the seller is at fault."""
        costs = [Cost(kind=CostKind.HANDLING_FEE)]
        if self._case.severe:
            costs.append(Cost(kind=CostKind.SEVERE_VIOLATION_FEE))
        returned = self._case.returned
        if returned is not None and returned.label is not None and returned.outcome != ReturnOutcome.CANCELLED:
            costs.append(Cost(kind=CostKind.RETURN_LABEL))
        refund = self._case.refund
        fault = self._decision_now().outcome == OpsOutcome.REFUND or (
            returned is not None
            and returned.inspection is not None
            and returned.inspection.result == InspectionResult.FAULT_CONFIRMED
        )
        if refund is not None and fault:
            costs.append(
                Cost(kind=CostKind.REFUND, amount=refund.amount, currency=refund.currency if self._rules_2 else None)
            )
        return tuple(costs)

    async def _recharge(self) -> None:
        self._set(stage=CaseStage.RECHARGING)
        result: RechargeResult = await workflow.execute_child_workflow(
            RECHARGE,
            RechargeOrder(
                thread_id=self._case.thread_id,
                seller_id=self._case.seller_id,
                takeover_no=self._case.takeover_no,
                currency=self._start.currency,
                costs=self._costs(),
            ),
            id=recharge_workflow_id(self._case.thread_id, self._case.takeover_no),
            result_type=RechargeResult,
            search_attributes=self._search_attributes(CaseStage.RECHARGING),
            static_summary=f"Recharge of thread {self._case.thread_id}'s takeover costs to seller {self._case.seller_id} (R5.6)",
        )
        self._charged |= {charge.kind for charge in result.charges}
        self._set(charges=tuple({charge.kind: charge for charge in (*self._case.charges, *result.charges)}.values()))

    # -- what ops see ----------------------------------------------------------------------------

    @workflow.query(name="case")
    def case(self) -> CaseStatus:
        return self._case

    def _set(self, **changes: object) -> None:
        before = self._case.stage
        self._case = self._case.model_copy(update=changes)
        decided = changes.get("decision")
        if isinstance(decided, Decided):
            DECISIONS.add(outcome=str(decided.outcome), by="rule" if decided.by_rule else "ops")
        workflow.set_current_details(case_details(self._case))
        stage = self._case.stage
        if stage != before:
            workflow.upsert_search_attributes([sa.CASE_STAGE.value_set(str(stage))])
            decision = self._case.decision
            self._told.append(
                asyncio.create_task(
                    self._tell_thread(CaseProgress(stage=stage, outcome=decision.outcome if decision else None))
                )
            )

    async def _tell_thread(self, progress: CaseProgress) -> None:
        try:
            await workflow.get_external_workflow_handle(thread_workflow_id(self._case.thread_id)).signal(
                "case_progress", progress
            )
        except Exception as error:  # noqa: BLE001 - the thread closed (30 days without a message); the case goes on
            workflow.logger.warning("thread %s not told of %s: %s", self._case.thread_id, progress.stage, error)

    def _search_attributes(self, stage: CaseStage) -> TypedSearchAttributes:
        thread = self._start.thread
        return TypedSearchAttributes(
            [
                SearchAttributePair(sa.SELLER_ID, thread.seller_id),
                SearchAttributePair(sa.ORDER_ID, thread.order_id),
                SearchAttributePair(sa.MARKET, self._start.market or thread.market),
                SearchAttributePair(sa.TAKEOVER_REASON, str(self._start.reason)),
                SearchAttributePair(sa.CASE_STAGE, str(stage)),
            ]
        )

    async def _notify(self, recipient: Recipient, kind: str, data: BaseModel, *, key_suffix: str) -> None:
        await workflow.execute_activity(
            "notify",
            Notice(
                thread_id=self._case.thread_id,
                recipient=recipient,
                kind=kind,
                key=f"{workflow.info().workflow_id}:{key_suffix}",
                payload=data.model_dump(mode="json"),
                at=workflow.now(),
            ),
            summary=f"tell the {recipient}: {kind}",
            **STORE,
        )
