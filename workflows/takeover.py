"""Takeover: the platform owns the buyer contact of a thread (R5.3, R5.4).

Child of BuyerThread (id ``takeover-{thread_id}``, parent-close policy ABANDON): it opens the ops
case, tells the seller and the buyer, and flags the seller's record for a severe reason. The
takeover issue adds the ops decision, the return and the recharge on top of this.
"""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from rules.contract import TakeoverOpened, TakeoverStart
    from rules.kinds import SEVERE_REASONS, Recipient
    from rules.records import Notice

ACTIVITY = {"start_to_close_timeout": timedelta(seconds=30)}


@workflow.defn(name="Takeover")
class Takeover:
    @workflow.run
    async def run(self, start: TakeoverStart) -> TakeoverOpened:
        thread_id = start.thread.thread_id
        opened = await workflow.execute_activity(
            "open_ops_case", start, result_type=bool, summary=f"open ops case: {start.reason} (R5.3)", **ACTIVITY
        )
        for recipient in (Recipient.SELLER, Recipient.BUYER):
            await workflow.execute_activity(
                "notify",
                Notice(
                    thread_id=thread_id,
                    recipient=recipient,
                    kind="thread_taken_over",
                    key=f"{workflow.info().workflow_id}:taken-over",
                    payload={"reason": str(start.reason)},
                ),
                summary=f"tell the {recipient} the platform took over",
                **ACTIVITY,
            )
        severe = start.reason in SEVERE_REASONS
        if severe:
            await workflow.execute_activity("flag_seller", start, summary="flag the seller's record (R5.4)", **ACTIVITY)
        return TakeoverOpened(thread_id=thread_id, reason=start.reason, severe=severe, ops_case_opened=opened)
