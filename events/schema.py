"""Every event type: its name, its recipients, and the data a receiver acts on without a second call.

An event is one thing one person must learn (RULES.md R3.1: the helpdesk is the channel). The
envelope is the same for all (``Event``): a stable ``event_id`` (the ``webhook-id`` of its
deliveries), the ``type``, the recipient, the thread's ids, ``occurred_at`` and ``sequence``, the
event's place in its thread (events of no thread, absences, are numbered per seller). ``data`` is
the type's own model below. Instants are given in the market's time with its offset, amounts as
decimal strings with their currency.

The catalog (``EVENT_TYPES``) is published in the OpenAPI document as OpenAPI 3.1 ``webhooks``,
one per type, so a backend in any language can generate its receiver.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal, Union

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, create_model

from contract.facts import StatementFacts
from errors import InvalidInput
from rules.findings import Finding
from rules.kinds import (
    AppealOutcome,
    CostKind,
    OpsOutcome,
    RaisedBy,
    Recipient,
    SanctionKind,
    TakeoverReason,
    ViolationKind,
)


class _Data(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Money(_Data):
    """An amount always travels with its currency."""

    amount: Decimal = Field(description='decimal string, e.g. "15.00"')
    currency: str = Field(description="ISO 4217, e.g. EUR")


class WaitingMessage(_Data):
    message_id: str
    received_at: AwareDatetime


# -- the thread: messages, replies, the clock ---------------------------------------------------


class BuyerMessageReceived(_Data):
    """A buyer wrote: the seller owes a reply by ``reply_due_at`` (R1.1); after a takeover, ops read it."""

    message_id: str
    text: str
    received_at: AwareDatetime
    no_reply_needed: bool = Field(description="R1.5: the backend marked it; it starts no clock")
    reply_due_at: AwareDatetime | None = Field(description="when the seller's reply is due; none when no reply is owed")
    working_hours_left: float | None = Field(description="working hours from occurred_at to reply_due_at")
    rule: str = "R1.1"


class ReplyDelivered(_Data):
    """The seller's reply passed screening (R2): show it to the buyer."""

    message_id: str
    text: str
    sent_at: AwareDatetime
    answers: tuple[str, ...] = Field(description="the buyer message ids this reply answered (R1.2)")


class ReplyRefused(_Data):
    """The seller's reply was not delivered: which rule refused it and what was found where (R2)."""

    message_id: str
    text: str
    sent_at: AwareDatetime
    findings: tuple[Finding, ...]
    violations: tuple[ViolationKind, ...] = Field(description="marks on the seller's record this refusal brought")
    reply_due_at: AwareDatetime | None = Field(description="the clock runs on: the reply is still due then")
    working_hours_left: float | None


class SellerReminder(_Data):
    """R1.3: the seller has used half the time, or has this many working hours left."""

    reply_due_at: AwareDatetime
    working_hours_left: float
    unanswered: tuple[WaitingMessage, ...]
    rule: str = "R1.3"


class ThreadTakenOver(_Data):
    """R5.3: the platform took the thread over; the seller's replies are refused from now on."""

    reason: TakeoverReason
    rule: str = Field(description="the rule that took it over, e.g. R1.4 for a missed deadline")
    severe: bool = Field(description="R5.4: locked device, counterfeit or unsafe product")
    takeover_no: int
    raised_by: RaisedBy | None = Field(description="R5.2: who escalated; none when the clock decided")
    escalation_id: str | None
    note: str = ""


class CaseOpened(ThreadTakenOver):
    """R5.3: an ops case to decide; with the order total the default refund is based on."""

    order_total: Money | None


class CaseReminder(_Data):
    """R5.3: the case is still undecided one working day (or more) after it opened."""

    reason: TakeoverReason
    takeover_no: int
    reminder_no: int
    opened_at: AwareDatetime
    rule: str = "R5.3"


class CaseEscalated(_Data):
    """R5.2/R5.4: an escalation on a case already open; a severe reason makes the case severe."""

    escalation_id: str
    reason: TakeoverReason
    raised_by: RaisedBy
    takeover_no: int
    severe: bool = Field(description="the case is severe now (R5.4): the seller flagged, the severe fee charged")
    note: str = ""


class RefundAmountNeeded(_Data):
    """R5.4 decided a return and refund without an order total: the refund is due now, ops give its amount."""

    takeover_no: int
    currency: str
    rule: str = "R5.4"


class ParcelOverdue(_Data):
    """R5.5: the buyer shipped in time, but the parcel has not arrived within the transit limit."""

    shipped_at: AwareDatetime
    overdue_since: AwareDatetime
    tracking_number: str | None


class CaseDecided(_Data):
    """R5.3/R5.4: the outcome of the case, who decided and why, and the refund it grants."""

    outcome: OpsOutcome
    takeover_no: int
    decided_by: str
    by_rule: str | None = Field(description="R5.4 when the rulebook decided, none when ops did")
    note: str
    refund: Money | None


# -- the return, the refund, the recharge --------------------------------------------------------


class ReturnLabelIssued(_Data):
    """R5.5: a prepaid label; the buyer has until ``ship_by`` to ship."""

    outcome: OpsOutcome
    label_id: str
    carrier: str
    tracking_number: str
    ship_by: AwareDatetime
    rule: str = "R5.5"


class ReturnLapsed(_Data):
    """R5.5: no parcel within 14 calendar days of the label."""

    lapsed_at: AwareDatetime
    rule: str = "R5.5"


class ReturnNoFaultFound(_Data):
    """R5.5: the inspection found the item as described; no refund."""

    note: str


class ItemDispatchedToBuyer(_Data):
    """Repair or replace: the item is on its way back to the buyer."""

    outcome: OpsOutcome
    tracking_number: str


class RefundIssued(_Data):
    """R5.5: the buyer was refunded."""

    refund_id: str
    refund: Money
    takeover_no: int


class ChargeMade(_Data):
    """R5.6: one cost of a takeover charged to the seller, in the thread's currency, once."""

    cost_kind: CostKind
    charge: Money
    takeover_no: int
    rule: str = "R5.6"


class RechargeCompleted(_Data):
    """R5.6: every cost of the takeover is charged; the total per currency."""

    takeover_no: int
    charges: tuple[ChargeMade, ...]
    total: Money | None


class ThreadClosed(_Data):
    """No new message for 30 days: the thread is closed."""

    closed_at: AwareDatetime
    last_message_at: AwareDatetime


# -- absences (no thread: numbered per seller) ---------------------------------------------------


class AbsenceAnnounced(_Data):
    """R4.1-R4.3: a seller announced an absence; arrange cover for the open threads."""

    seller_id: str
    market: str
    first_day: date
    last_day: date
    working_days: int
    notice_days: int
    late_notice: bool = Field(description="R4.2: more than 5 working days announced less than 14 days ahead")
    open_threads: tuple[str, ...]
    rule: str = "R4.3"


class AbsenceLateNotice(AbsenceAnnounced):
    """R4.2: the announcement came late; a ``late_absence_notice`` violation is recorded."""

    rule: str = "R4.2"


class AbsenceChanged(_Data):
    """R4.5: an absence was shortened (``last_day``) or cancelled (``cancelled_at``)."""

    seller_id: str
    first_day: date
    last_day: date | None = None
    cancelled_at: AwareDatetime | None = None
    rule: str = "R4.5"


# -- statements of reasons and appeals (issue 20) ------------------------------------------------


class StatementIssued(_Data):
    """A sanction's statement of reasons: what happened, the rule, the facts, the consequence, and
    until when to appeal; ``texts`` is the statement in each of the market's languages."""

    sanction_id: str = Field(description="the reference to appeal with (POST /v1/statements/{sanction_id}/appeal)")
    sanction_kind: SanctionKind
    rule: str
    violation_kind: ViolationKind | None
    sanctioned_at: AwareDatetime = Field(description="when it took effect (a missed deadline: the due instant)")
    appeal_until: AwareDatetime = Field(
        description="the last instant an appeal is heard: the end of the 30th day after this statement, market time"
    )
    appealable: bool = Field(description="a takeover is not undone; its violation, flag and charges are appealed")
    facts: StatementFacts
    texts: dict[str, str] = Field(description="language code to the statement in plain words")


class AppealReceived(_Data):
    """An appeal was received: the seller's acknowledgement, ops' new case to decide."""

    appeal_id: str
    sanction_id: str
    sanction_kind: SanctionKind
    submitted_at: AwareDatetime
    grounds: str
    rule: str = Field(description="the rule of the sanction appealed")


class AppealReminder(_Data):
    """An appeal undecided for a working day, and each working day after."""

    appeal_id: str
    sanction_id: str
    submitted_at: AwareDatetime
    reminder_no: int


class AppealDecidedData(_Data):
    """Ops decided an appeal: upheld, overturned, or a charge partly overturned; who, why, what was reversed."""

    appeal_id: str
    sanction_id: str
    sanction_kind: SanctionKind
    outcome: AppealOutcome
    decided_by: str
    note: str = Field(description="why ops decided so")
    credit: Money | None = Field(description="the amount credited back to the seller, for a charge")
    texts: dict[str, str] = Field(
        default={},
        description="language code to the decision in plain words, with where to turn if the seller still disagrees",
    )


class LegacyNotice(_Data):
    """A notice recorded before events existed (store migration 0006): its kind and what it carried."""

    kind: str
    payload: dict[str, Any]


# -- the catalog ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventType:
    name: str
    data: type[_Data]
    recipients: tuple[Recipient, ...]
    summary: str


_B, _S, _O, _A = Recipient.BUYER, Recipient.SELLER, Recipient.OPS, Recipient.ADMIN

EVENT_TYPES: dict[str, EventType] = {
    t.name: t
    for t in (
        EventType(
            "buyer_message.received",
            BuyerMessageReceived,
            (_S, _O),
            "a buyer message: to the seller, or to ops once the platform has the thread",
        ),
        EventType("reply.delivered", ReplyDelivered, (_B,), "the seller's accepted reply, to the buyer"),
        EventType("reply.refused", ReplyRefused, (_S,), "a refused reply, with the findings, to the seller"),
        EventType("reminder.half_time", SellerReminder, (_S,), "R1.3: half the working hours used"),
        EventType("reminder.hours_left", SellerReminder, (_S,), "R1.3: 4 working hours left"),
        EventType("thread.taken_over", ThreadTakenOver, (_S, _B), "R5.3: the platform has the thread"),
        EventType("case.opened", CaseOpened, (_O,), "R5.3: an ops case to decide"),
        EventType("case.reminder", CaseReminder, (_O,), "R5.3: a case undecided for a working day"),
        EventType("case.decided", CaseDecided, (_B, _S, _O), "R5.3: the case's outcome"),
        EventType("case.escalated", CaseEscalated, (_O,), "R5.2: a further escalation on an open case"),
        EventType(
            "case.refund_amount_needed", RefundAmountNeeded, (_O,), "R5.4: the refund is due, its amount is not known"
        ),
        EventType(
            "return.parcel_overdue", ParcelOverdue, (_O,), "R5.5: shipped in time, not arrived within the transit limit"
        ),
        EventType("return.label_issued", ReturnLabelIssued, (_B,), "R5.5: a prepaid return label"),
        EventType("return.lapsed", ReturnLapsed, (_B, _O), "R5.5: no parcel within 14 days"),
        EventType("return.no_fault_found", ReturnNoFaultFound, (_B,), "R5.5: inspected, no refund"),
        EventType("return.item_dispatched", ItemDispatchedToBuyer, (_B,), "repaired or replaced item on its way"),
        EventType("refund.issued", RefundIssued, (_B,), "R5.5: the buyer was refunded"),
        EventType("charge.made", ChargeMade, (_S,), "R5.6: one cost charged to the seller"),
        EventType("recharge.completed", RechargeCompleted, (_S,), "R5.6: all costs of a takeover charged"),
        EventType("thread.closed", ThreadClosed, (_S, _B), "30 days without a message"),
        EventType("absence.announced", AbsenceAnnounced, (_A,), "R4.3: an absence announced"),
        EventType("absence.late_notice", AbsenceLateNotice, (_A,), "R4.2: announced too late"),
        EventType("absence.shortened", AbsenceChanged, (_A,), "R4.5: an absence shortened"),
        EventType("absence.cancelled", AbsenceChanged, (_A,), "R4.5: an absence cancelled"),
        EventType("statement.issued", StatementIssued, (_S,), "issue 20: a sanction's statement of reasons"),
        EventType("appeal.received", AppealReceived, (_S, _O), "issue 20: an appeal to decide"),
        EventType("appeal.reminder", AppealReminder, (_O,), "issue 20: an appeal undecided for a working day"),
        EventType("appeal.decided", AppealDecidedData, (_S, _O), "issue 20: an appeal's decision"),
        EventType("legacy.notice", LegacyNotice, (_B, _S, _O, _A), "a notice kept from before events existed"),
    )
}


class UnknownEventType(InvalidInput):
    """A type outside ``EVENT_TYPES``, or data that is not the type's model."""


def data_model(event_type: str) -> type[_Data]:
    try:
        return EVENT_TYPES[event_type].data
    except KeyError:
        raise UnknownEventType(f"unknown event type {event_type!r}; known: {', '.join(sorted(EVENT_TYPES))}") from None


# -- the envelope --------------------------------------------------------------------------------


class EventRecipient(_Data):
    kind: Recipient
    id: str | None = Field(description="the buyer or seller id; none for the platform's ops team and the administrator")


class EventEnvelope(_Data):
    """What every event carries besides its data; the body of a webhook and an entry of the feed."""

    event_id: str = Field(description="stable: a redelivery, and the feed, give the same id (the webhook-id header)")
    type: str
    sequence: int = Field(
        description="the event's place in its thread (absences: in the seller's), from 1, without gaps"
    )
    occurred_at: AwareDatetime = Field(description="when it happened, in the market's time with its offset")
    thread_id: str | None
    order_id: str | None
    seller_id: str | None
    market: str | None
    recipient: EventRecipient
    cursor: str = Field(description="pass as ?after= to read the feed from after this event")
    personal_data_removed: bool = Field(
        default=False,
        exclude_if=lambda removed: not removed,
        description="true once retention or an erasure emptied the texts and notes of data (docs/privacy.md); "
        "absent otherwise",
    )


def _typed_envelope(event_type: EventType) -> type[EventEnvelope]:
    name = "".join(part.title() for part in event_type.name.replace(".", "_").split("_")) + "Event"
    literal: Any = Literal[event_type.name]  # a type made at run time, one per event type
    return create_model(
        name,
        __base__=EventEnvelope,
        __doc__=f"``{event_type.name}``: {event_type.summary}.",
        type=(literal, ...),
        data=(event_type.data, ...),
    )


TYPED_EVENTS: dict[str, type[EventEnvelope]] = {name: _typed_envelope(t) for name, t in EVENT_TYPES.items()}
# A union built at run time from the catalog: Union[...] is the only spelling for that.
AnyEvent = Annotated[Union[tuple(TYPED_EVENTS.values())], Field(discriminator="type")]  # type: ignore[valid-type]  # noqa: UP007


def parse_event(document: dict[str, Any]) -> EventEnvelope:
    """A stored or received event document as its typed model (raises ``ValidationError``)."""
    return TYPED_EVENTS[document["type"]].model_validate(document)


def market_time(value: datetime, zone: Any) -> datetime:
    """``value`` in the market's zone (``ZoneInfo``): what a person reads, with the offset."""
    return value.astimezone(zone)
