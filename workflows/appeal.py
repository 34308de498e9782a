"""Appeal: a seller contests one sanction, and ops decide (issue 20).

Id ``appeal-{sanction_id}`` (one appeal per sanction, ever: the client starts it with
REJECT_DUPLICATE), search attributes ``AppealState``, ``SellerId`` and ``Market`` so ops find the
open ones in the Temporal UI. In order:

1. keep the appeal and tell the seller (an acknowledgement) and ops (a case to decide);
2. wait for ops' ``decide`` update, reminding ops one working day of the market after the appeal
   came, and again each working day;
3. apply the decision in one transaction: ``upheld`` changes nothing; ``overturned`` marks the
   violation overturned, lifts the flag, or credits the whole charge; ``partly_overturned``
   credits part of a charge. Retried until written, written once (the ledger's key, the rows'
   "not yet overturned" guards); the seller and ops are told.

The window (``appeal_until``) is checked against the instant the platform received the appeal
(``submitted_at``, set by the API or the client, never by the seller), as R1's deadlines count
from ``received_at``: the same comparison in the client, which refuses a late appeal before any
workflow starts, and here, which refuses one started around it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from temporalio import workflow
from temporalio.common import RawValue

from workflows.metrics import APPEALS, REMINDERS
from workflows.options import CHARGE_RETRY, LOCAL, STORE
from workflows.refusals import NO_PAYLOAD, decoded, refused

with workflow.unsafe.imports_passed_through():
    from contract import search_attributes as sa
    from contract.details import when
    from contract.statements import AppealDecided, AppealDecision, AppealOrder, AppealStatus, AppealVerdict
    from rules.deadlines import WorkingDayRequest
    from rules.kinds import APPEALABLE, AppealOutcome, AppealState, SanctionKind
    from rules.refusals import Refusal


@workflow.defn(name="Appeal")
class Appeal:
    @workflow.init
    def __init__(self, raw: RawValue = NO_PAYLOAD) -> None:
        """``raw``: an ``AppealOrder``; one that does not fit fails the run naming the field."""
        self._order = order = decoded(raw, AppealOrder, "Appeal input")
        statement = order.statement
        self._status = AppealStatus(
            appeal_id=workflow.info().workflow_id,
            sanction_id=statement.sanction_id,
            sanction_kind=statement.sanction_kind,
            seller_id=statement.seller_id,
            thread_id=statement.thread_id,
            state=AppealState.OPEN,
            submitted_at=order.submitted_at,
            appeal_until=statement.appeal_until,
            grounds=order.grounds,
            submitted_by=order.submitted_by,
        )
        self._decision: AppealDecision | None = None

    @workflow.run
    async def run(self, raw: RawValue = NO_PAYLOAD) -> AppealStatus:
        order = self._order
        statement = order.statement
        if statement.sanction_kind not in APPEALABLE:
            self._refuse()
            raise refused(
                Refusal.NOT_APPEALABLE, f"{statement.sanction_id}: a {statement.sanction_kind} is not appealed"
            )
        if order.submitted_at > statement.appeal_until:
            self._refuse()
            raise refused(
                Refusal.APPEAL_WINDOW_CLOSED,
                f"{statement.sanction_id}: appeals were heard until {statement.appeal_until.isoformat()}, "
                f"this one came {order.submitted_at.isoformat()}",
            )
        workflow.set_current_details(self._details())
        await workflow.execute_activity(
            "open_appeal",
            order,
            summary=f"keep the appeal on {statement.sanction_id}; tell the seller and ops",
            **STORE,
        )
        APPEALS.add(event="received", sanction_kind=str(statement.sanction_kind))
        await self._await_decision()
        assert self._decision is not None
        decided: AppealDecided = await workflow.execute_activity(
            "decide_appeal",
            AppealVerdict(
                appeal_id=self._status.appeal_id,
                statement=statement,
                decision=self._decision,
                decided_at=workflow.now(),
            ),
            result_type=AppealDecided,
            start_to_close_timeout=timedelta(seconds=30),
            retry_policy=CHARGE_RETRY,
            summary=f"apply the decision: {self._decision.outcome} by {self._decision.decided_by}",
        )
        self._set(state=AppealState.DECIDED, decision=decided, next_reminder_at=None)
        workflow.upsert_search_attributes([sa.APPEAL_STATE.value_set(str(AppealState.DECIDED))])
        APPEALS.add(event=str(decided.outcome), sanction_kind=str(statement.sanction_kind))
        await workflow.wait_condition(workflow.all_handlers_finished)
        return self._status

    async def _await_decision(self) -> None:
        """Remind ops one working day after the appeal came, then every working day."""
        after = self._order.submitted_at
        while self._decision is None:
            remind_at: datetime = await workflow.execute_local_activity(
                "next_working_day",
                WorkingDayRequest(market=self._order.statement.market, after=after),
                result_type=datetime,
                summary="one working day later",
                **LOCAL,
            )
            self._set(next_reminder_at=remind_at)
            try:
                await workflow.wait_condition(
                    lambda: self._decision is not None,
                    timeout=max(remind_at - workflow.now(), timedelta(0)),
                    timeout_summary=f"remind ops {when(remind_at)}: appeal undecided one working day",
                )
            except TimeoutError:
                reminder = self._status.reminders_sent + 1
                REMINDERS.add(kind="appeal_undecided")
                self._set(reminders_sent=reminder)
                await workflow.execute_activity(
                    "remind_appeal", self._status, summary=f"remind ops of the appeal ({reminder})", **STORE
                )
                after = remind_at
        self._set(next_reminder_at=None)

    @workflow.update(name="decide")
    async def decide(self, raw: RawValue = NO_PAYLOAD) -> AppealDecided:
        """Ops' decision (``AppealDecision``): answered once it is applied, with what it reversed."""
        self._decision = decoded(raw, AppealDecision, "decide")
        await workflow.wait_condition(lambda: self._status.decision is not None)
        assert self._status.decision is not None
        return self._status.decision

    @decide.validator
    def _validate_decision(self, raw: RawValue = NO_PAYLOAD) -> None:
        decision = decoded(raw, AppealDecision, "decide")
        current = self._decision
        if current is not None:
            raise refused(Refusal.APPEAL_ALREADY_DECIDED, f"{current.outcome} by {current.decided_by}")
        statement = self._order.statement
        if decision.outcome == AppealOutcome.PARTLY_OVERTURNED:
            if statement.sanction_kind != SanctionKind.CHARGE:
                raise refused(
                    Refusal.PARTIAL_NOT_A_CHARGE,
                    f"{statement.sanction_id} is a {statement.sanction_kind}: it is upheld or overturned, "
                    "only a charge is partly overturned (with the amount credited)",
                )
            charged = statement.facts.amount
            if decision.amount is not None and charged is not None and decision.amount >= charged:
                raise refused(
                    Refusal.CREDIT_EXCEEDS_CHARGE,
                    f"amount {decision.amount} must be less than the {charged} {statement.facts.currency} charged "
                    "(the whole charge: overturned)",
                )

    def _refuse(self) -> None:
        """An appeal started around the client's checks is never heard: ops' open list must not show it."""
        self._set(state=AppealState.REFUSED)
        workflow.upsert_search_attributes([sa.APPEAL_STATE.value_set(str(AppealState.REFUSED))])

    @workflow.query(name="status")
    def status(self) -> AppealStatus:
        return self._status

    def _set(self, **changes: object) -> None:
        self._status = self._status.model_copy(update=changes)
        workflow.set_current_details(self._details())

    def _details(self) -> str:
        status = self._status
        lines = [
            f"**Appeal {status.state}** on {status.sanction_kind} `{status.sanction_id}`, seller {status.seller_id}"
            + (f", thread {status.thread_id}" if status.thread_id else ""),
            f"received {when(status.submitted_at)} (window until {when(status.appeal_until)})",
        ]
        if status.decision is not None:
            lines.append(f"decided: {status.decision.outcome} by {status.decision.decided_by}")
        elif status.next_reminder_at is not None:
            lines.append(f"ops reminded {status.reminders_sent}×; next {when(status.next_reminder_at)}")
        return "\n\n".join(lines)
