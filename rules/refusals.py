"""Every refusal the workflows give, listed once: its kind (the ``type`` of the ApplicationError
and the ``kind`` the client, the CLI and the HTTP API report) and the rule it cites.

A refusal is the rulebook saying no, never a failure: asking again cannot change it. Two sets
say how the ways in answer one: ``BY_STATE`` (the thread or case is no longer open to it: HTTP
409, CLI exit status 4) and ``REPLY_VERDICTS`` (a seller reply refused before it was screened,
which the client turns into a refused ``ReplyVerdict`` like any screening finding).
"""

from __future__ import annotations

from enum import StrEnum

from rules.kinds import AbsenceState, ReturnOutcome


class Refusal(StrEnum):
    # the thread (R1.6, R3.1, R5.3)
    THREAD_TAKEN_OVER = "thread_taken_over"
    THREAD_CLOSED = "thread_closed"
    WRONG_SELLER = "wrong_seller"
    EMPTY_REPLY = "empty_reply"
    UNKNOWN_MARKET = "unknown_market"
    # a payload that does not fit the contract
    INVALID_PAYLOAD = "invalid_payload"
    # the case (R5.3, R5.4)
    CASE_ALREADY_DECIDED = "case_already_decided"
    REFUND_AMOUNT_REQUIRED = "refund_amount_required"
    # the return (R5.5)
    NO_LABEL_YET = "no_label_yet"
    PARCEL_ALREADY_SHIPPED = "parcel_already_shipped"
    PARCEL_ALREADY_RECEIVED = "parcel_already_received"
    SHIPPED_IN_THE_FUTURE = "shipped_in_the_future"
    PARCEL_NOT_RECEIVED = "parcel_not_received"
    NO_INSPECTION_EXPECTED = "no_inspection_expected"
    ALREADY_INSPECTED = "already_inspected"
    NO_REFUND_EXPECTED = "no_refund_expected"
    REFUND_AMOUNT_KNOWN = "refund_amount_known"
    NO_DISPATCH_EXPECTED = "no_dispatch_expected"
    ALREADY_DISPATCHED = "already_dispatched"
    RETURN_REFUNDED = "return_refunded"
    RETURN_NOT_REFUNDED = "return_not_refunded"
    RETURN_DISPATCHED = "return_dispatched"
    RETURN_LAPSED = "return_lapsed"
    RETURN_CANCELLED = "return_cancelled"
    # the absence (R4)
    ABSENCE_REFUSED = "absence_refused"
    ABSENCE_ENDED = "absence_ended"
    ABSENCE_CANCELLED = "absence_cancelled"
    ABSENCE_ALREADY_ANNOUNCED = "absence_already_announced"
    ABSENCE_INTO_THE_PAST = "absence_into_the_past"
    ABSENCE_NOT_RECORDED = "absence_not_recorded"
    ABSENCE_NOT_SHORTER = "absence_not_shorter"
    ABSENCE_SHORTENED_AWAY = "absence_shortened_away"
    # appeals (issue 20)
    NOT_APPEALABLE = "not_appealable"
    APPEAL_WINDOW_CLOSED = "appeal_window_closed"
    ALREADY_APPEALED = "already_appealed"
    APPEAL_ALREADY_DECIDED = "appeal_already_decided"
    PARTIAL_NOT_A_CHARGE = "partial_not_a_charge"
    CREDIT_EXCEEDS_CHARGE = "credit_exceeds_charge"

    @classmethod
    def return_ended(cls, outcome: ReturnOutcome) -> Refusal:
        """The refusal of an event for a return that has ended with ``outcome``."""
        return cls(f"return_{outcome}")

    @classmethod
    def absence_over(cls, state: AbsenceState) -> Refusal:
        """The refusal of a change to an absence that has ended, was cancelled or refused."""
        return cls(f"absence_{state}")


# The refusals of a return's events (R5.5) and of an absence's changes (R4.5), all of one rule.
RETURN_EVENTS = frozenset(
    {
        Refusal.NO_LABEL_YET,
        Refusal.PARCEL_ALREADY_SHIPPED,
        Refusal.PARCEL_ALREADY_RECEIVED,
        Refusal.SHIPPED_IN_THE_FUTURE,
        Refusal.PARCEL_NOT_RECEIVED,
        Refusal.NO_INSPECTION_EXPECTED,
        Refusal.ALREADY_INSPECTED,
        Refusal.NO_REFUND_EXPECTED,
        Refusal.REFUND_AMOUNT_KNOWN,
        Refusal.NO_DISPATCH_EXPECTED,
        Refusal.ALREADY_DISPATCHED,
        *(Refusal.return_ended(outcome) for outcome in ReturnOutcome),
    }
)
ABSENCE_CHANGES = frozenset(
    {
        Refusal.ABSENCE_ALREADY_ANNOUNCED,
        Refusal.ABSENCE_INTO_THE_PAST,
        Refusal.ABSENCE_NOT_RECORDED,
        Refusal.ABSENCE_NOT_SHORTER,
        Refusal.ABSENCE_SHORTENED_AWAY,
        *(Refusal.absence_over(state) for state in (AbsenceState.REFUSED, AbsenceState.ENDED, AbsenceState.CANCELLED)),
    }
)
# The refusals of appeals (issue 20): the seller terms' statement of reasons gives the window.
APPEALS = frozenset(
    {
        Refusal.NOT_APPEALABLE,
        Refusal.APPEAL_WINDOW_CLOSED,
        Refusal.ALREADY_APPEALED,
        Refusal.APPEAL_ALREADY_DECIDED,
        Refusal.PARTIAL_NOT_A_CHARGE,
        Refusal.CREDIT_EXCEEDS_CHARGE,
    }
)
RULE: dict[Refusal, str] = {
    Refusal.THREAD_TAKEN_OVER: "R5.3",
    Refusal.THREAD_CLOSED: "R3.1",
    Refusal.WRONG_SELLER: "R3.1",
    Refusal.EMPTY_REPLY: "R2",
    Refusal.UNKNOWN_MARKET: "R1.6",
    Refusal.INVALID_PAYLOAD: "contract",
    Refusal.CASE_ALREADY_DECIDED: "R5.3",
    Refusal.REFUND_AMOUNT_REQUIRED: "R5.3",
    **dict.fromkeys(RETURN_EVENTS, "R5.5"),
    **dict.fromkeys(ABSENCE_CHANGES, "R4.5"),
    **dict.fromkeys(APPEALS, "appeal"),
}
BY_STATE = frozenset(
    {
        Refusal.THREAD_TAKEN_OVER,
        Refusal.THREAD_CLOSED,
        Refusal.CASE_ALREADY_DECIDED,
        Refusal.APPEAL_WINDOW_CLOSED,
        Refusal.ALREADY_APPEALED,
        Refusal.APPEAL_ALREADY_DECIDED,
    }
)
REPLY_VERDICTS = frozenset(
    {Refusal.THREAD_TAKEN_OVER, Refusal.THREAD_CLOSED, Refusal.WRONG_SELLER, Refusal.EMPTY_REPLY}
)
