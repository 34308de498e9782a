"""The public contract of a takeover case (R5.3-R5.6): decisions, return events, charges.

Payloads of the ``Takeover``, ``Return`` and ``Recharge`` workflows (pydantic data converter)
and of the client and CLI. As in ``contract.threads``, a payload that does not fit (an unknown
outcome, a naive timestamp, a negative amount) is refused here, naming the field.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Annotated

from pydantic import AwareDatetime, Field

from contract.threads import Identifier, ThreadOpen, _Model
from rules.kinds import (
    CaseStage,
    CostKind,
    InspectionResult,
    OpsOutcome,
    ReturnOutcome,
    TakeoverReason,
)

RETURN = "Return"
RECHARGE = "Recharge"
FIRST_TAKEOVER = 1  # a thread is taken over once; the number keys the case and the ledger
RETURN_WINDOW_DAYS = 14  # R5.5: calendar days the buyer has to ship the item back

Amount = Annotated[Decimal, Field(gt=0, max_digits=12, decimal_places=2)]
REFUNDING_OUTCOMES = frozenset({OpsOutcome.REFUND, OpsOutcome.RETURN_AND_REFUND})
RETURNING_OUTCOMES = frozenset({OpsOutcome.RETURN_AND_REFUND, OpsOutcome.REPAIR, OpsOutcome.REPLACE})


def return_workflow_id(thread_id: str, takeover_no: int = 1) -> str:
    return f"return-{thread_id}" if takeover_no <= 1 else f"return-{thread_id}-{takeover_no}"


def recharge_workflow_id(thread_id: str, takeover_no: int) -> str:
    return f"recharge-{thread_id}-{takeover_no}"


# -- ops ------------------------------------------------------------------------------------------


class OpsDecision(_Model):
    """The ``decide`` update (R5.3): what ops decided, who and why."""

    outcome: OpsOutcome
    decided_by: Identifier
    note: str = Field(min_length=1, max_length=2000, description="why: shown to the next reader of the case")
    refund_amount: Amount | None = Field(default=None, description="a partial refund; default: the order total")


class Decided(_Model):
    """A decision as the case holds it: ops', or the rulebook's default for severe reasons (R5.4)."""

    outcome: OpsOutcome
    decided_by: str
    note: str
    decided_at: AwareDatetime
    refund_amount: Decimal | None = None
    by_rule: str | None = Field(
        default=None, description="set when the rulebook decided (R5.4), which ops may override"
    )


# -- the return's events (from the backend or the warehouse) --------------------------------------


class ParcelShipped(_Model):
    """R5.5 (issue 15): the carrier scanned the buyer's parcel: shipped in time, the return no longer lapses."""

    event_id: Identifier
    shipped_at: AwareDatetime
    tracking_number: str | None = Field(default=None, max_length=100)


class ParcelReceived(_Model):
    event_id: Identifier
    received_at: AwareDatetime
    tracking_number: str | None = Field(default=None, max_length=100)


class InspectionReport(_Model):
    event_id: Identifier
    result: InspectionResult
    inspected_at: AwareDatetime
    note: str = Field(default="", max_length=2000)


class ItemDispatched(_Model):
    """Repair or replace: the repaired or replacement item left for the buyer."""

    event_id: Identifier
    dispatched_at: AwareDatetime
    tracking_number: Identifier


# -- what the adapters did -------------------------------------------------------------------------


class LabelRequest(_Model):
    thread_id: str
    takeover_no: int
    order_id: str
    market: str
    ship_to: str = Field(description="'platform' (return and refund) or 'seller' (repair, replace)")


class Label(_Model):
    label_id: str
    carrier: str
    tracking_number: str
    issued_at: AwareDatetime


class RefundAmount(_Model):
    """R5.4 without an order total (issue 15): ops give the refund's amount when the refund is due."""

    amount: Amount
    decided_by: Identifier
    note: str = Field(default="", max_length=2000)


class RefundRequest(_Model):
    thread_id: str
    takeover_no: int
    order_id: str
    amount: Amount
    currency: str


class RefundReceipt(_Model):
    refund_id: str
    provider: str
    amount: Decimal
    currency: str
    refunded_at: AwareDatetime


class IssueLabel(_Model):
    """The ``issue_return_label`` activity's input: ``key`` is the carrier's idempotency key."""

    request: LabelRequest
    key: str
    at: AwareDatetime


class VoidLabel(_Model):
    label: Label
    at: AwareDatetime


class IssueRefund(_Model):
    """The ``refund_buyer`` activity's input: ``key`` is the provider's idempotency key."""

    request: RefundRequest
    key: str
    at: AwareDatetime


def decision_key(takeover_no: int, decision: Decided) -> str:
    """What tells one decision of a case from another, for the events that announce it.

    Not its instant: a decision taken in a workflow task that never completed (a worker killed
    mid-task) is taken again in the next one, at another ``workflow.now()``, and its local
    activity runs twice. A case has at most two decisions: the rulebook's default (R5.4) and
    ops' own, once.
    """
    return f"case-{takeover_no}:decided-by-{'rule' if decision.by_rule else 'ops'}"


class DecisionRecord(_Model):
    """The ``record_decision`` activity's input: the decision as the case holds it."""

    thread_id: str
    takeover_no: int
    decision: Decided
    currency: str | None = None  # of the refund it grants; None (older histories): the thread's


# -- the children ----------------------------------------------------------------------------------


class ReturnStart(_Model):
    thread: ThreadOpen
    takeover_no: int
    decision: Decided
    currency: str
    # Bounded (issue 9): a window of a billion days put the lapse past what a datetime holds, a
    # failed workflow task in the Return.
    window: timedelta = Field(default=timedelta(days=RETURN_WINDOW_DAYS), gt=timedelta(0), le=timedelta(days=366))
    transit: timedelta = Field(
        default=timedelta(days=RETURN_WINDOW_DAYS),
        gt=timedelta(0),
        le=timedelta(days=366),
        description="R5.5 (issue 15): a parcel shipped in time may take this long to arrive before ops are told",
    )


class ReturnStatus(_Model):
    """The ``Return`` workflow's ``status`` query and result."""

    thread_id: str
    stage: CaseStage
    outcome: ReturnOutcome | None = None
    label: Label | None = None
    lapses_at: AwareDatetime | None = None
    shipped: ParcelShipped | None = None
    parcel: ParcelReceived | None = None
    inspection: InspectionReport | None = None
    dispatched: ItemDispatched | None = None
    refund: RefundReceipt | None = None


class Cost(_Model):
    kind: CostKind
    amount: Amount | None = Field(default=None, description="None: by the tariff of R5.6")
    currency: str | None = Field(
        default=None, description="None: the thread's (R1.6); a refund keeps the order's currency"
    )


class RechargeOrder(_Model):
    thread_id: str
    seller_id: str
    takeover_no: int
    currency: str
    costs: tuple[Cost, ...]
    # Bounded (issue 9): the server refuses to schedule an activity with a negative timeout, which
    # failed every workflow task of the Recharge.
    charge_timeout: timedelta = Field(
        default=timedelta(seconds=30), gt=timedelta(0), le=timedelta(days=1), description="per charge attempt"
    )


class Charge(_Model):
    """One ledger row: what the seller was charged for one cost of one takeover."""

    kind: CostKind
    amount: Decimal
    currency: str
    created: bool = Field(description="False when the row was already there (a retry or a replay)")


class ChargeRequest(_Model):
    thread_id: str
    seller_id: str
    takeover_no: int
    currency: str
    cost: Cost
    at: AwareDatetime | None = Field(
        default=None, description="when the Recharge charged it (workflow time): its statement's instant"
    )


class RechargeResult(_Model):
    thread_id: str
    takeover_no: int
    charges: tuple[Charge, ...]


# -- the case --------------------------------------------------------------------------------------


class CaseProgress(_Model):
    """Signal from the Takeover to its thread, so the thread's state and search attributes show it."""

    stage: CaseStage
    outcome: OpsOutcome | None = None


class CaseStatus(_Model):
    """The ``Takeover`` workflow's ``case`` query, and its result once closed."""

    thread_id: str
    seller_id: str
    reason: TakeoverReason
    severe: bool
    takeover_no: int
    stage: CaseStage
    opened_at: AwareDatetime
    decision: Decided | None = None
    next_reminder_at: AwareDatetime | None = None
    reminders_sent: int = 0
    returned: ReturnStatus | None = None
    refund: RefundReceipt | None = None
    charges: tuple[Charge, ...] = ()
    closed_at: datetime | None = None
    escalations: tuple[str, ...] = Field(
        default=(), description="escalations raised on the case after it opened (R5.2), as 'reason by who'"
    )
