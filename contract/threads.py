"""The public contract of a buyer thread: what the backend sends and what it gets back.

These pydantic models are the payloads of the ``BuyerThread`` workflow's signals, updates and
queries (pydantic data converter) and of the HTTP API, so a backend in any language sees one
schema. Validation here is the first line of the "bad input" rule: a payload that does not fit
is refused at the client, naming the field, before it reaches Temporal.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Annotated, Any

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    StringConstraints,
    model_serializer,
)

from contract.facts import StatementFacts
from errors import InvalidInput
from rules.calendar import MAX_HOURS
from rules.deadlines import DeadlineRequest, DeadlineSchedule, working_hours_left
from rules.findings import Finding
from rules.kinds import (
    CaseStage,
    OpsOutcome,
    RaisedBy,
    TakeoverReason,
    ThreadState,
    ViolationKind,
)
from rules.markets import MarketProfile

Identifier = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=128)]
MarketCode = Annotated[str, StringConstraints(strip_whitespace=True, to_upper=True, pattern=r"^[A-Za-z]{2}$")]

# Instants and days a caller reports that the clock computes with: from 2000 to the end of 2099.
# Outside that, a value is junk, not an event (issue 9): a message "received" in year 1 took its
# thread over at once with a missed deadline on the seller's record, one in year 9999 (or an absence
# ending then) had a deadline or an end past what a datetime holds, and the thread or the absence
# stalled retrying its calendar activity for ever.
EARLIEST, LATEST = datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC)
Instant = Annotated[AwareDatetime, Field(ge=EARLIEST, lt=LATEST)]
Day = Annotated[date, Field(ge=EARLIEST.date(), lt=LATEST.date())]

BUYER_THREAD = "BuyerThread"
TAKEOVER = "Takeover"


def thread_workflow_id(thread_id: str) -> str:
    return f"thread-{thread_id}"


def takeover_workflow_id(thread_id: str, takeover_no: int = 1) -> str:
    """The first takeover keeps the thread's id; a thread taken over again after its case closed
    (issue 15) numbers the next ones."""
    return f"takeover-{thread_id}" if takeover_no <= 1 else f"takeover-{thread_id}-{takeover_no}"


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ThreadOpen(_Model):
    """Who and what a thread is about (R3: one buyer, one seller, one order, in one market)."""

    thread_id: Identifier
    order_id: Identifier
    seller_id: Identifier
    buyer_id: Identifier
    market: MarketCode
    subject: str = Field(default="", max_length=500)
    order_total: Annotated[Decimal, Field(gt=0, max_digits=12, decimal_places=2)] | None = Field(
        default=None, description="what the buyer paid, in the market's currency: the default refund (R5.5)"
    )


class BuyerMessage(_Model):
    """A buyer message as the platform received it; deadlines count from ``received_at`` (R1.1)."""

    message_id: Identifier
    received_at: Instant
    text: str = Field(default="", max_length=20_000)
    no_reply_needed: bool = Field(default=False, description="R1.5: set by the backend, starts no clock")


class SellerReply(_Model):
    """A seller's reply through the helpdesk; screened before it reaches the buyer (R2)."""

    message_id: Identifier
    seller_id: Identifier
    text: str = Field(max_length=20_000)
    auto_reply: bool = Field(default=False, description="R2.2: the backend saw an auto-responder send it")
    sent_at: Instant | None = Field(
        default=None,
        description=(
            "when the reply reached the helpdesk (R1.4 judges it on time by this instant, however late the thread "
            "sees it); set by the client or the HTTP API when not given"
        ),
    )


class ReplyVerdict(_Model):
    """The answer to ``seller_reply``: accepted and delivered, or refused with the findings."""

    message_id: str
    accepted: bool
    findings: tuple[Finding, ...] = ()
    answered: tuple[str, ...] = Field(default=(), description="buyer message ids this reply answered (R1.2)")


class Escalation(_Model):
    """R5.2: a dispute or severe violation raised on a thread, naming its reason and who raised it."""

    escalation_id: Identifier
    reason: TakeoverReason
    raised_by: RaisedBy
    raised_by_id: Identifier
    note: str = Field(default="", max_length=2_000)


class MarketChange(_Model):
    """R1.6: the order's storefront changed; the running deadline is recomputed on its calendar.

    An amount travels with its currency (issue 15): with ``order_total`` the order is now that
    amount in the new market's currency; without, the order keeps its amount and currency, and a
    refund is paid (and recharged) in it, while fees are charged in the new market's currency.
    """

    market: MarketCode
    order_total: Annotated[Decimal, Field(gt=0, max_digits=12, decimal_places=2)] | None = Field(
        default=None, description="the order's total in the new market's currency, if the backend repriced it"
    )


class ViolationRecord(_Model):
    kind: ViolationKind
    rule: str
    at: AwareDatetime
    detail: str = ""
    facts: StatementFacts | None = None  # what its statement of reasons quotes (issue 20)


class UnansweredMessage(_Model):
    message_id: str
    received_at: AwareDatetime


class TakeoverStart(_Model):
    """The input of the ``Takeover`` child: the thread it takes over and why (R5.3)."""

    thread: ThreadOpen
    reason: TakeoverReason
    currency: str
    market: str = Field(default="", description="the thread's market at the takeover (R1.6 may have changed it)")
    raised_by: RaisedBy | None = None
    raised_by_id: str | None = None
    escalation_id: str | None = None
    started_at: Instant
    takeover_no: int = Field(
        default=1, ge=1, description="the thread's first takeover is 1; after a close and reopen, the next"
    )
    order_currency: str | None = Field(
        default=None, description="the currency of thread.order_total; None: ``currency``"
    )
    facts: StatementFacts | None = Field(
        default=None, description="what the takeover's statement of reasons quotes: the due instant, the finding"
    )
    return_window: timedelta = Field(
        default=timedelta(days=14), gt=timedelta(0), le=timedelta(days=366), description="R5.5: to ship"
    )
    return_transit: timedelta = Field(
        default=timedelta(days=14),
        gt=timedelta(0),
        le=timedelta(days=366),
        description="R5.5: a shipped parcel may take this long to arrive before ops are told",
    )
    note: str = Field(default="", max_length=2_000, description="the escalation's note, for ops")


class ThreadStatus(_Model):
    """The ``state`` query: what ops and the backend see of a thread.

    A query runs at the workflow's last task (``as_of``), not at the caller's now, so the
    working time up to the deadline travels with it and ``at(now)`` brings the hours left to
    the caller's instant; the client does that for you.
    """

    thread_id: str
    order_id: str
    seller_id: str
    market: str
    currency: str
    languages: tuple[str, ...]
    state: ThreadState
    due_at: AwareDatetime | None
    working_hours_left: float | None
    unanswered: tuple[UnansweredMessage, ...]
    violations: tuple[ViolationRecord, ...]
    takeover_reason: TakeoverReason | None
    messages_received: int
    replies_accepted: int
    replies_refused: int
    last_message_at: datetime | None
    as_of: AwareDatetime
    working_intervals: tuple[tuple[AwareDatetime, AwareDatetime], ...] = ()
    case_stage: CaseStage | None = Field(default=None, description="the takeover case's stage (R5.3-R5.6)")
    case_outcome: OpsOutcome | None = None
    takeover_no: int = Field(default=0, description="the number of the thread's current (or last) takeover; 0: none")

    def at(self, now: datetime) -> ThreadStatus:
        """This status with ``working_hours_left`` counted from ``now``."""
        if self.due_at is None:
            return self
        return self.model_copy(
            update={"working_hours_left": working_hours_left(self.working_intervals, now), "as_of": now}
        )


class InstantInTheFuture(InvalidInput):
    """An instant the backend gives (a message's ``received_at``) lies ahead of our clock by more
    than the allowed skew: a clock off by years would make a deadline years away (R1.1)."""

    def __init__(self, field: str, instant: datetime, now: datetime, skew_s: float) -> None:
        super().__init__(
            f"{field} {instant.isoformat()} is {(instant - now).total_seconds():.0f} s ahead of the helpdesk's clock "
            f"({now.isoformat()}); at most {skew_s:g} s of clock skew is accepted"
        )
        self.field, self.rule = field, "R1.1"


def not_in_the_future(field: str, instant: datetime, now: datetime, skew_s: float) -> None:
    """Raise ``InstantInTheFuture`` when ``instant`` is more than ``skew_s`` seconds after ``now``."""
    if (instant - now).total_seconds() > skew_s:
        raise InstantInTheFuture(field, instant, now, skew_s)


class ThreadLimits(_Model):
    """Settings a thread runs with, fixed at its start so a changed setting never changes a run.

    Bounded so that no value stalls a thread (issue 9): hours beyond the calendar's ``MAX_HOURS``
    made the deadline activity fail on every retry, a close a billion days away overflowed the
    workflow's own timer arithmetic (a failed workflow task), and continuing-as-new within 3
    events did so as each new run started, for ever.
    """

    reply_working_hours: float = Field(default=24.0, gt=0, le=MAX_HOURS)
    reminder_hours_left: float = Field(default=4.0, gt=0, le=MAX_HOURS)
    close_after_days: int = Field(
        default=30, gt=0, le=MAX_HOURS // 24, description="RULES: no new message for 30 days closes"
    )
    half_time_share: float = Field(
        default=0.5, gt=0, lt=1, description="R1.3: the first reminder when this share of the time is used"
    )
    clock_skew_s: float = Field(
        default=300.0, ge=0, le=86_400, description="how far ahead of our clock a given instant may lie"
    )
    return_window_days: int = Field(default=14, ge=1, le=366, description="R5.5: calendar days from the label to ship")
    return_transit_days: int = Field(
        default=14, ge=1, le=366, description="R5.5: days a shipped parcel may take before ops are told"
    )
    reply_grace_s: float = Field(
        default=60.0,
        ge=0,
        le=86_400,
        description="R1.4: a reply that reached the helpdesk before the due instant counts if the thread sees it within this long after",
    )
    continue_as_new_after_events: int | None = Field(
        default=None, ge=10, description="tests only: continue-as-new earlier than the SDK suggests"
    )

    def deadline_request(self, market: str, received_at: datetime) -> DeadlineRequest:
        """R1.1/R1.3: what the clock needs for a message received then, with these limits (the
        thread's deadline, and the client's guess of it for a new thread's search attributes)."""
        return DeadlineRequest(
            market=market,
            received_at=received_at,
            reply_working_hours=self.reply_working_hours,
            reminder_hours_left=self.reminder_hours_left,
            half_time_share=self.half_time_share,
        )


class ThreadCarry(_Model):
    """The state a thread carries over continue-as-new (R1 clock, records, dedupe)."""

    market: MarketProfile
    state: ThreadState
    unanswered: tuple[UnansweredMessage, ...]
    schedule: DeadlineSchedule | None
    reminders_sent: tuple[str, ...]
    seen_message_ids: tuple[str, ...]
    reply_verdicts: dict[str, ReplyVerdict]
    violations: tuple[ViolationRecord, ...]
    takeover_reason: TakeoverReason | None
    escalation_ids: tuple[str, ...]
    messages_received: int
    replies_accepted: int
    replies_refused: int
    last_message_at: AwareDatetime
    contact_attempts: int = Field(default=0, description="R2.1: refused off-platform contact attempts so far")
    case_stage: CaseStage | None = None
    case_outcome: OpsOutcome | None = None
    last_reply_at: AwareDatetime | None = Field(
        default=None, description="R1.2: when the last accepted reply reached the helpdesk"
    )
    takeovers: int = Field(default=0, description="takeovers of this thread so far; the next is number takeovers + 1")
    closed_at: AwareDatetime | None = Field(
        default=None, description="closed then, waiting for a message that reopens it"
    )
    order_total: Decimal | None = Field(default=None, description="the order's total now (R1.6 may reprice it)")
    order_currency: str | None = Field(default=None, description="… in this currency")


THREAD_VERSION = 2


class ThreadInput(_Model):
    """The workflow input: the thread, its limits, and (after continue-as-new) its carried state.

    ``version``: which commands the run issues, fixed at its start so that a run replays as it was
    recorded. 1 (an input without it, from before issue 18): R1.2/R5.3 by the ``thread-rules-2``
    patch marker, a buyer message's deadline and record by two local activities. 2: those rules
    without a marker, and one local activity for both (two history events fewer per thread).
    A run continues-as-new at its own version, and version 1 is written without the field, so a
    worker from before issue 18 can still take any run that did not start at 2. Deploy workers
    before clients: a worker older than the version refuses the input (the run fails naming it).
    """

    thread: ThreadOpen
    limits: ThreadLimits = ThreadLimits()
    carry: ThreadCarry | None = None
    version: int = Field(default=1, ge=1, le=THREAD_VERSION)

    @model_serializer(mode="wrap")
    def _version_1_unwritten(self, write: SerializerFunctionWrapHandler) -> dict[str, Any]:
        written: dict[str, Any] = write(self)
        if written.get("version") == 1:
            del written["version"]
        return written
