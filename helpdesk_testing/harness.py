"""Rule-timing tests in market time: a thread factory and a clock to move.

``ThreadHarness`` speaks market time ("Friday 15:00 in FR"). It opens threads through the
system's own client and moves the time-skipping server's clock to an instant. ``ThreadProbe``
acts on one thread: buyer messages, replies, escalations, decisions. It also reads the thread:
its state as the workflow answers it, and its events, violations and messages as the store holds
them.

The time-skipping server's clock is shared by the whole session and only moves forward, so tests
never hard-code dates. They ask for the next ordinary week after the server's current time (no
public holiday in the markets named, checked with the ``holidays`` package itself, not with the
clock under test), and build their instants from it.

Get one from the ``helpdesk`` fixture of ``helpdesk_testing.pytest_plugin``.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, TypeVar
from zoneinfo import ZoneInfo

import holidays
from sqlalchemy.orm import Session, sessionmaker
from temporalio.api.common.v1 import WorkflowExecution
from temporalio.api.workflowservice.v1 import DescribeWorkflowExecutionRequest
from temporalio.service import RPCError, RPCStatusCode
from temporalio.testing import WorkflowEnvironment

from contract.cases import CaseStatus, Decided, OpsDecision, ReturnStatus
from contract.threads import (
    BuyerMessage,
    Escalation,
    MarketProfile,
    ReplyVerdict,
    SellerReply,
    ThreadOpen,
    ThreadStatus,
    thread_workflow_id,
)
from rules.kinds import OpsOutcome, RaisedBy, TakeoverReason, ThreadState
from rules.markets import DEFAULT_MARKETS
from starter.client.cases import CaseNotFound, CaseRefused
from starter.client.helpdesk import HelpdeskClient
from store import repository
from store.db import transaction

if TYPE_CHECKING:
    from helpdesk_testing.environment import TimingWorker


MAX_SKIP = timedelta(days=14)


T = TypeVar("T")


def market_holidays(code: str, year: int) -> set[date]:
    market = DEFAULT_MARKETS[code]
    return set(holidays.country_holidays(market.holiday_country, subdiv=market.holiday_subdiv, years=year))


@dataclass
class ThreadHarness:
    env: WorkflowEnvironment
    client: HelpdeskClient
    sessions: sessionmaker[Session]
    opened: list[str] = field(default_factory=list)

    @classmethod
    def on(cls, env: WorkflowEnvironment, worker: TimingWorker) -> ThreadHarness:
        """A harness whose client stamps instants with the server's clock, not this machine's."""
        client = HelpdeskClient(
            env.client,
            worker.task_queue,
            sessions=worker.sessions,
            clock=env.get_current_time,
            limits=worker.settings.thread_limits,
            markets=worker.settings.market_registry,
        )
        return cls(env=env, client=client, sessions=worker.sessions)

    # -- time ------------------------------------------------------------------------------------

    async def now(self) -> datetime:
        return await self.env.get_current_time()

    @staticmethod
    def local(market: str, day: date, clock: str) -> datetime:
        """``clock`` ("15:00", "14:59:59") on ``day`` in the market's time zone, as an aware instant."""
        return datetime.combine(day, time.fromisoformat(clock), tzinfo=ZoneInfo(DEFAULT_MARKETS[market].timezone))

    async def ordinary_monday(self, *markets: str, weeks_ahead: int = 1) -> date:
        """A Monday at least a week after now whose week, next Monday and the Friday before (tests
        open threads on "Friday 15:00") hold no public holiday."""
        day = (await self.now()).date() + timedelta(days=7 * weeks_ahead)
        day += timedelta(days=(7 - day.weekday()) % 7)
        while True:
            span = {day + timedelta(days=offset) for offset in range(-3, 8)}
            taken = set().union(*(market_holidays(m, y) for m in markets or ("FR",) for y in {d.year for d in span}))
            if not span & taken:
                return day
            day += timedelta(days=7)

    async def advance_to(self, instant: datetime) -> None:
        """Move the shared clock to ``instant`` (timers due by then fire); never backwards.

        In steps of at most two weeks: one skip over months makes the Java test server fire every
        timer of every thread earlier tests left (30-day closes, lapses, absences) in one call, and
        it has answered such a call with an HTTP/2 protocol error.
        """
        while (delta := instant - await self.now()) > timedelta(0):
            await self.env.sleep(min(delta, MAX_SKIP))

    async def run_id(self, thread_id: str) -> str:
        """The thread's current run, read raw: the Java test server keeps an unset Datetime search
        attribute as a null payload, which the SDK's ``describe()`` cannot decode."""
        response = await self.client.temporal.workflow_service.describe_workflow_execution(
            DescribeWorkflowExecutionRequest(
                namespace=self.client.temporal.namespace,
                execution=WorkflowExecution(workflow_id=thread_workflow_id(thread_id)),
            )
        )
        return response.workflow_execution_info.execution.run_id

    async def settle_opened_threads(self) -> None:
        """Leave nothing a test opened able to act on the clock that later tests move.

        The session's clock is shared. A case left undecided reminds ops every working day for as
        long as the clock runs, and a thread left awaiting its seller is taken over when a later
        test moves past its deadline, and its case then does the same: months of reminders in the
        30-day and one-year tests, thousands of activities that starved the server in a CI run.
        So an undecided case is decided (``reject_claim``), and a thread still awaiting its seller,
        with no case, is terminated. (Terminating a thread whose case is running is not done: its
        case's workflows would then be signalling a closed thread.)"""
        for thread_id in self.opened:
            try:
                case = await self.client.cases.case(thread_id)
            except CaseNotFound:
                case = None
            if case is None:
                status = await self.client.state(thread_id)
                if status.state == ThreadState.AWAITING_SELLER:
                    await self.terminate(thread_workflow_id(thread_id))
            elif case.decision is None:
                try:
                    await self.client.cases.decide(
                        thread_id,
                        OpsDecision(outcome=OpsOutcome.REJECT_CLAIM, decided_by="test-teardown", note="test over"),
                    )
                except CaseRefused:
                    pass  # decided meanwhile

    async def terminate(self, workflow_id: str) -> None:
        """End a workflow of a test that no worker will serve after it (NOT_FOUND: ended already)."""
        try:
            await self.env.client.get_workflow_handle(workflow_id).terminate(reason="test over")
        except RPCError as error:
            if error.status != RPCStatusCode.NOT_FOUND:
                raise  # NOT_FOUND: it ended meanwhile

    # -- threads -----------------------------------------------------------------------------------

    async def open_thread(
        self,
        *,
        market: str = "FR",
        received_at: datetime,
        text: str = "Is the phone unlocked?",
        seller_id: str | None = None,
        order_total: Decimal | None = None,
        **message: object,
    ) -> ThreadProbe:
        thread_id = f"T-{uuid.uuid4().hex[:10]}"
        probe = ThreadProbe(
            self,
            ThreadOpen(
                thread_id=thread_id,
                order_id=f"O-{thread_id}",
                seller_id=seller_id or f"S-{thread_id}",
                buyer_id=f"B-{thread_id}",
                market=market,
                subject="Question about my order",
                order_total=order_total,
            ),
        )
        await probe.message(received_at=received_at, text=text, **message)
        self.opened.append(thread_id)
        return probe


@dataclass
class ThreadProbe:
    harness: ThreadHarness
    thread: ThreadOpen
    _messages: int = 0

    @property
    def thread_id(self) -> str:
        return self.thread.thread_id

    async def message(
        self,
        *,
        received_at: datetime,
        text: str = "Any news?",
        message_id: str | None = None,
        no_reply_needed: bool = False,
    ) -> str:
        self._messages += 1
        message_id = message_id or f"{self.thread_id}-m{self._messages}"
        await self.harness.client.open_inquiry(
            self.thread,
            BuyerMessage(message_id=message_id, received_at=received_at, text=text, no_reply_needed=no_reply_needed),
        )
        return message_id

    async def reply(
        self,
        text: str = "Oui, il est débloqué et part aujourd'hui.",
        *,
        message_id: str | None = None,
        seller_id: str | None = None,
        auto_reply: bool = False,
        sent_at: datetime | None = None,
    ) -> ReplyVerdict:
        """``sent_at``: when the reply reached the helpdesk (default: the client stamps its now)."""
        return await self.harness.client.seller_reply(
            self.thread_id,
            SellerReply(
                message_id=message_id or f"{self.thread_id}-r{uuid.uuid4().hex[:6]}",
                seller_id=seller_id or self.thread.seller_id,
                text=text,
                auto_reply=auto_reply,
                sent_at=sent_at,
            ),
        )

    async def case(self, until: Callable[[CaseStatus], bool] | None = None, timeout: float = 10.0) -> CaseStatus:
        """The thread's takeover case once it exists (and ``until`` holds, if given)."""
        return await eventually(
            lambda: self.harness.client.cases.case(self.thread_id), until, timeout, f"takeover of {self.thread_id}"
        )

    async def return_status(
        self, until: Callable[[ReturnStatus], bool] | None = None, timeout: float = 10.0
    ) -> ReturnStatus:
        """The case's Return once it exists (and ``until`` holds, if given): it starts when the case is decided."""
        return await eventually(
            lambda: self.harness.client.cases.return_status(self.thread_id),
            until,
            timeout,
            f"return of {self.thread_id}",
        )

    async def decide(
        self, outcome: OpsOutcome, *, refund_amount: Decimal | None = None, note: str = "checked the photos"
    ) -> Decided:
        return await self.harness.client.cases.decide(
            self.thread_id, OpsDecision(outcome=outcome, decided_by="ops-ann", note=note, refund_amount=refund_amount)
        )

    def ledger(self) -> list[tuple[str, Decimal, str]]:
        return [
            (str(e.cost_kind), e.amount, e.currency)
            for e in self.harness.client.cases.ledger_for_thread(self.thread_id)
        ]

    async def escalate(
        self, reason: TakeoverReason, raised_by: RaisedBy = RaisedBy.BUYER, escalation_id: str | None = None
    ) -> None:
        await self.harness.client.escalate(
            self.thread_id,
            Escalation(
                escalation_id=escalation_id or f"E-{uuid.uuid4().hex[:6]}",
                reason=reason,
                raised_by=raised_by,
                raised_by_id="who-1",
            ),
        )

    async def change_market(self, market: str) -> MarketProfile:
        return await self.harness.client.change_market(self.thread_id, market)

    async def state(self) -> ThreadStatus:
        return await self.harness.client.state(self.thread_id, now=await self.harness.now())

    async def settled(self, until: Callable[[ThreadStatus], bool] | None = None, timeout: float = 10.0) -> ThreadStatus:
        """The state once every event up to now is applied (and ``until`` holds, if given).

        A query runs after the workflow task in flight, so the first answer after the clock moved
        already reflects the timers that fired; ``until`` waits (real time) for the activities
        that the loop awaits before it answers.
        """
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            status = await self.state()
            if until is None or until(status):
                return status
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"thread {self.thread_id} never reached the expected state; last: {status}")
            await asyncio.sleep(0.05)

    # -- the store ---------------------------------------------------------------------------------

    def outbox(self) -> list[tuple[str, str]]:
        """The thread's events as (recipient kind, type), in order."""
        return [(event["recipient"]["kind"], event["type"]) for event in self.events()]

    def events(self, event_type: str | None = None) -> list[dict[str, object]]:
        """The thread's event documents (as a webhook or the feed carries them), in order."""
        from store import events as log

        with transaction(self.harness.sessions) as session:
            rows = log.page(session, thread_id=self.thread_id, limit=10_000, types=(event_type,) if event_type else ())
            return [row.document for row in rows]

    async def wait_for_event(self, event_type: str, count: int = 1, timeout: float = 10.0) -> list[dict[str, object]]:
        """The thread's events of ``event_type`` once there are ``count`` of them.

        A timer's notice is written by a local activity inside the workflow task the timer
        starts; a query can be answered before that task ends, so ``settled`` alone is not proof.
        """
        deadline = asyncio.get_running_loop().time() + timeout
        while len(found := self.events(event_type)) < count:
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(
                    f"thread {self.thread_id}: {len(found)} {event_type} event(s), expected {count}; all: {self.outbox()}"
                )
            await asyncio.sleep(0.05)
        return found

    def violations(self) -> list[tuple[str, str]]:
        with transaction(self.harness.sessions) as session:
            return [(v.kind.value, v.rule) for v in repository.thread_violations(session, self.thread_id)]

    def messages(self) -> list[repository.Message]:
        with transaction(self.harness.sessions) as session:
            return repository.thread_messages(session, self.thread_id)


async def eventually(
    fetch: Callable[[], Awaitable[T]], until: Callable[[T], bool] | None, timeout: float, what: str
) -> T:
    """``fetch()`` once it answers (a case or a return that does not exist yet raises
    ``CaseNotFound``) and ``until`` holds: the workflows move on their own after a signal or
    an update returns, so a test polls for the state it expects, with a bound."""
    deadline = asyncio.get_running_loop().time() + timeout
    last: T | None = None
    while True:
        try:
            last = await fetch()
            if until is None or until(last):
                return last
        except CaseNotFound:
            pass
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"{what} never reached the expected state; last: {last}")
        await asyncio.sleep(0.05)


def ids(messages: Iterable[object]) -> list[str]:
    return [m.message_id for m in messages]
