"""The closed vocabularies of the rulebook (RULES.md), shared by workflows, activities and the store.

They are ``StrEnum``s so a value compares equal to the plain string the contract models and the
Temporal payloads carry; the database stores the value text, guarded by a CHECK constraint.
"""

from __future__ import annotations

from enum import StrEnum


class ThreadState(StrEnum):
    AWAITING_SELLER = "awaiting_seller"
    AWAITING_BUYER = "awaiting_buyer"
    TAKEN_OVER = "taken_over"
    CLOSED = "closed"


class Direction(StrEnum):
    BUYER = "buyer"
    SELLER = "seller"


class ViolationKind(StrEnum):
    REPLY_DEADLINE_MISSED = "reply_deadline_missed"
    OFF_PLATFORM_CONTACT = "off_platform_contact"
    AUTOMATED_REPLY = "automated_reply"
    WRONG_LANGUAGE = "wrong_language"
    EMPTY_REPLY = "empty_reply"
    ABUSIVE_LANGUAGE = "abusive_language"
    LATE_ABSENCE_NOTICE = "late_absence_notice"
    TERMS_VIOLATION = "terms_violation"
    SEVERE_VIOLATION = "severe_violation"


class TakeoverReason(StrEnum):
    """R5.1; the last three are the severe reasons of R5.4."""

    REPLY_DEADLINE_MISSED = "reply_deadline_missed"
    QUALITY_DISPUTE = "quality_dispute"
    NOT_AS_DESCRIBED = "not_as_described"
    RETURN_RIGHTS_DENIED = "return_rights_denied"
    TERMS_VIOLATION = "terms_violation"
    SELLER_ABSENT = "seller_absent"
    LOCKED_DEVICE = "locked_device"
    COUNTERFEIT = "counterfeit"
    UNSAFE_PRODUCT = "unsafe_product"


class CostKind(StrEnum):
    """R5.6: each is charged at most once per takeover."""

    HANDLING_FEE = "handling_fee"
    RETURN_LABEL = "return_label"
    REFUND = "refund"
    SEVERE_VIOLATION_FEE = "severe_violation_fee"


class Recipient(StrEnum):
    BUYER = "buyer"
    SELLER = "seller"
    OPS = "ops"
    ADMIN = "admin"


class OpsOutcome(StrEnum):
    """R5.3: what ops decide on a taken-over thread."""

    REFUND = "refund"
    RETURN_AND_REFUND = "return_and_refund"
    REPAIR = "repair"
    REPLACE = "replace"
    REJECT_CLAIM = "reject_claim"


class AbsenceState(StrEnum):
    """A seller absence (R4), as ops see it (the ``AbsenceState`` search attribute)."""

    ANNOUNCED = "announced"
    ABSENT = "absent"
    ENDED = "ended"
    CANCELLED = "cancelled"
    REFUSED = "refused"  # in the past, or overlapping another announced absence of the seller


class CaseStage(StrEnum):
    """Where a takeover case stands (R5.3-R5.6); the ``CaseStage`` search attribute ops filter on."""

    AWAITING_DECISION = "awaiting_decision"
    REFUNDING = "refunding"
    AWAITING_PARCEL = "awaiting_parcel"
    AWAITING_INSPECTION = "awaiting_inspection"
    AWAITING_DISPATCH = "awaiting_dispatch"
    AWAITING_REFUND_AMOUNT = "awaiting_refund_amount"  # R5.4 decided with no order total: ops give the amount
    RECHARGING = "recharging"
    CLOSED = "closed"


class InspectionResult(StrEnum):
    """What the warehouse found in a returned item (R5.5: the refund follows the inspection)."""

    FAULT_CONFIRMED = "fault_confirmed"  # the buyer's claim holds: refund, the seller is at fault
    NO_FAULT_FOUND = "no_fault_found"  # the item is as described: no refund, it goes back to the buyer


class ReturnOutcome(StrEnum):
    """How a return ended."""

    REFUNDED = "refunded"
    NOT_REFUNDED = "not_refunded"  # inspected, no fault found
    DISPATCHED = "dispatched"  # repair or replace: the repaired or replacement item is on its way
    LAPSED = "lapsed"  # no parcel within 14 calendar days (R5.5)
    CANCELLED = "cancelled"  # ops decided otherwise before the parcel arrived; the label is voided


SEVERE_REASONS = frozenset({TakeoverReason.LOCKED_DEVICE, TakeoverReason.COUNTERFEIT, TakeoverReason.UNSAFE_PRODUCT})
"""R5.4: these take over at once, default to return_and_refund and flag the seller."""

ESCALATION_REASONS = frozenset(TakeoverReason) - {TakeoverReason.REPLY_DEADLINE_MISSED, TakeoverReason.SELLER_ABSENT}
"""R5.2: what an escalation may name; a missed deadline and an absence are the clock's to decide."""


class RaisedBy(StrEnum):
    """R5.2: who raises an escalation."""

    BUYER = "buyer"
    BACKEND = "backend"
    OPS = "ops"


def takeover_rule(reason: TakeoverReason, escalated: bool) -> str:
    """The rule that takes a thread over for ``reason``: the clock's own (R1.4, R4.4), a second
    contact attempt's (R2.1), or an escalation's (R5.2; R5.4 for the severe reasons)."""
    if reason in SEVERE_REASONS:
        return "R5.4"
    if escalated:
        return "R5.2"
    return {
        TakeoverReason.REPLY_DEADLINE_MISSED: "R1.4",
        TakeoverReason.SELLER_ABSENT: "R4.4",
        TakeoverReason.TERMS_VIOLATION: "R2.1",
    }.get(reason, "R5.2")


class SanctionKind(StrEnum):
    """What a statement of reasons explains (issue 20): each is told to the seller with its facts."""

    TAKEOVER = "takeover"
    VIOLATION = "violation"
    FLAG = "flag"
    CHARGE = "charge"


APPEALABLE = frozenset({SanctionKind.VIOLATION, SanctionKind.FLAG, SanctionKind.CHARGE})
"""A takeover protects the buyer and is not undone; what it brought (violation, flag, charges) is appealed."""


class AppealState(StrEnum):
    """Where an appeal stands; the ``AppealState`` search attribute ops filter on."""

    OPEN = "open"
    DECIDED = "decided"
    REFUSED = "refused"  # started around the client's checks, after the window or on a takeover: never heard


class AppealOutcome(StrEnum):
    UPHELD = "upheld"
    OVERTURNED = "overturned"
    PARTLY_OVERTURNED = "partly_overturned"  # a charge only: part of its amount credited
