"""The words ops read in the Temporal UI (contract/details.py): instants in the offset they carry,
the rule behind each line, and nothing invented."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from contract.details import hours, reply_due, thread_details, when
from contract.threads import ThreadStatus, UnansweredMessage, ViolationRecord
from rules.kinds import CaseStage, OpsOutcome, TakeoverReason, ThreadState, ViolationKind

PARIS = ZoneInfo("Europe/Paris")


def test_when_keeps_the_market_offset_across_dst():
    assert when(datetime(2026, 12, 28, 16, 30, tzinfo=PARIS)) == "Mon 28 Dec 16:30 +01:00"
    assert when(datetime(2026, 7, 6, 9, 0, tzinfo=PARIS)) == "Mon 06 Jul 09:00 +02:00"
    assert when(datetime(2026, 7, 6, 9, 0, tzinfo=timezone(timedelta(hours=-4)))) == "Mon 06 Jul 09:00 -04:00"


def test_reply_timer_summary_names_due_instant_market_and_hours():
    due = datetime(2026, 12, 28, 16, 30, tzinfo=PARIS)
    assert reply_due(due, "FR", 24.0) == "reply due Mon 28 Dec 16:30 +01:00 (FR), 24 working hours (R1.4)"
    assert hours(17.5) == "17.5" and hours(4.0) == "4" and hours(0.25) == "0.25"


def _status(**changes: object) -> ThreadStatus:
    base = dict(
        thread_id="T-1",
        order_id="O-1",
        seller_id="S-1",
        market="FR",
        currency="EUR",
        languages=("fr",),
        state=ThreadState.AWAITING_SELLER,
        due_at=datetime(2026, 12, 28, 16, 30, tzinfo=PARIS),
        working_hours_left=17.5,
        unanswered=(
            UnansweredMessage(message_id="m-1", received_at=datetime(2026, 12, 24, 15, 30, tzinfo=UTC)),
            UnansweredMessage(message_id="m-2", received_at=datetime(2026, 12, 24, 17, 0, tzinfo=UTC)),
        ),
        violations=(),
        takeover_reason=None,
        messages_received=2,
        replies_accepted=0,
        replies_refused=0,
        last_message_at=None,
        as_of=datetime(2026, 12, 24, 18, 0, tzinfo=UTC),
    )
    return ThreadStatus(**{**base, **changes})


def test_awaiting_seller_says_what_is_owed_and_by_when():
    text = thread_details(_status())
    assert text.startswith("**awaiting seller**: thread T-1, order O-1, seller S-1, market FR")
    # R1.2: the clock runs from the oldest, shown in the deadline's (market's) offset.
    assert (
        "2 unanswered buyer messages, oldest m-1 received Thu 24 Dec 16:30 +01:00; reply due Mon 28 Dec 16:30 +01:00; 17.5 working hours left (R1)"
        in text
    )


def test_taken_over_names_reason_case_and_violations():
    breach = ViolationRecord(
        kind=ViolationKind.REPLY_DEADLINE_MISSED, rule="R1.4", at=datetime(2026, 12, 28, 15, 30, tzinfo=UTC)
    )
    text = thread_details(
        _status(
            state=ThreadState.TAKEN_OVER,
            due_at=None,
            working_hours_left=None,
            unanswered=(),
            violations=(breach,),
            takeover_reason=TakeoverReason.REPLY_DEADLINE_MISSED,
            case_stage=CaseStage.AWAITING_PARCEL,
            case_outcome=OpsOutcome.RETURN_AND_REFUND,
        )
    )
    assert "reply due" not in text
    assert "taken over: reply deadline missed, case awaiting parcel, decided return and refund (R5)" in text
    assert "violations: reply_deadline_missed (R1.4)" in text
