"""A buyer message that starts a deadline, and a seller reply, each taken in one local activity
(issue 18).

The thread used to ask for the deadline (``compute_deadlines``) and then record the message
(``record_buyer_message``), and to screen a reply (``screen_reply``) and then record it
(``record_reply``): two local activities each, two markers in history, two trips through the
worker's activity machinery. Threads started at version 2 (``ThreadInput.version``) ask for both
at once; the calendar, the screening and the store stay outside the workflow as before, and the
thread still decides: it hands over the record for either verdict, the activity picks by the findings.
"""

from __future__ import annotations

from temporalio import activity

from activities.deadlines import DeadlineActivities
from activities.records import RecordActivities
from activities.screening import ScreeningActivities
from contract.records import BuyerMessageTake, ReplyTake, reply_violations
from rules.deadlines import DeadlineSchedule
from rules.findings import Finding


class MessageActivities:
    def __init__(
        self, deadlines: DeadlineActivities, screening: ScreeningActivities, records: RecordActivities
    ) -> None:
        self._deadlines = deadlines
        self._screening = screening
        self._records = records

    @activity.defn(name="take_buyer_message")
    def take_buyer_message(self, take: BuyerMessageTake) -> DeadlineSchedule:
        """The deadline the message starts, then the message recorded with it (the snapshot's
        market, currency, due instant and hours left completed from the schedule)."""
        schedule = self._deadlines.compute_deadlines(take.deadline)
        record = take.record
        profile = schedule.market_profile
        snapshot = record.snapshot.model_copy(
            update={
                "market": profile.code,
                "currency": profile.currency,
                "reply_due_at": schedule.due_at,
                "working_hours_left": schedule.working_hours_left(record.at) if record.at else None,
            }
        )
        self._records.record_buyer_message(record.model_copy(update={"snapshot": snapshot}))
        return schedule

    @activity.defn(name="take_reply")
    def take_reply(self, take: ReplyTake) -> list[Finding]:
        """The reply screened (R2), then recorded with the verdict the findings make: delivered
        to the buyer when there are none, refused with its violations otherwise."""
        findings = self._screening.screen_reply(take.screen)
        if findings:
            record = take.refused.model_copy(
                update={
                    "findings": tuple(findings),
                    "violations": reply_violations(
                        take.refused.snapshot.thread,
                        take.screen.reply.message_id,
                        tuple(findings),
                        take.refused.sent_at,
                    ),
                }
            )
        else:
            record = take.accepted
        stored = self._records.record_reply_once(record)  # an earlier attempt's verdict stands
        return findings if stored is None else stored
