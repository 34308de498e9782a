"""The typed Python client of the helpdesk: how the marketplace backend drives buyer threads.

Every call takes and returns the contract models of ``contract.threads``, so a payload that does
not fit is refused here, naming the field, before it reaches Temporal. Buyer messages use
signal-with-start: opening a thread twice, or a message racing the opening, never makes two
threads, and every message is deduplicated by its ``message_id`` inside the thread.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client, WorkflowHandle, WorkflowUpdateFailedError
from temporalio.common import SearchAttributePair, TypedSearchAttributes
from temporalio.exceptions import ApplicationError
from temporalio.service import RPCError, RPCStatusCode

from contract import search_attributes as sa
from contract.seller_views import DiscussionEntry
from contract.threads import (
    BUYER_THREAD,
    THREAD_VERSION,
    BuyerMessage,
    Escalation,
    MarketChange,
    MarketProfile,
    ReplyVerdict,
    SellerReply,
    ThreadInput,
    ThreadLimits,
    ThreadOpen,
    ThreadStatus,
    not_in_the_future,
    thread_workflow_id,
)
from errors import InvalidInput, NotFound
from rules.deadlines import deadline_schedule
from rules.findings import Finding
from rules.kinds import ThreadState
from rules.markets import Market, MarketRegistry
from rules.refusals import REPLY_VERDICTS
from starter.client.absences import AbsenceClient
from starter.client.appeals import AppealClient
from starter.client.cases import CaseClient
from starter.client.updates import execute_update
from store import repository
from store.db import transaction
from store.models import Thread, utcnow

T = TypeVar("T")

# The refusals the seller_reply validator decides (workflows/buyer_thread.py).


async def _system_now() -> datetime:
    return datetime.now(UTC)


class ThreadNotFound(NotFound):
    """No running thread with that id: open it with its first buyer message."""


class UpdateRefused(InvalidInput):
    """The thread refused a change (e.g. an unknown market); the message says why."""


class HelpdeskClient:
    """One client per process; cheap to share between requests."""

    def __init__(
        self,
        client: Client,
        task_queue: str,
        *,
        sessions: sessionmaker[Session] | None = None,
        limits: ThreadLimits | None = None,
        markets: MarketRegistry | None = None,
        clock: Callable[[], Awaitable[datetime]] | None = None,
    ) -> None:
        """``markets``: the workers' markets (settings), so an unknown market is refused here, before
        a thread starts that could not compute its deadline; the defaults of RULES.md if not given.
        ``clock``: what "now" is for instants given and stamped here (default: this machine's;
        time-skipping tests pass the test server's)."""
        self._clock = clock or _system_now
        self._client = client
        self._task_queue = task_queue
        self._sessions = sessions
        self._limits = limits or ThreadLimits()
        self._markets = markets or MarketRegistry.from_overrides()

    @property
    def temporal(self) -> Client:
        return self._client

    @property
    def task_queue(self) -> str:
        return self._task_queue

    @property
    def absences(self) -> AbsenceClient:
        """Seller absences (R4): announce, shorten, cancel."""
        return AbsenceClient(self._client, self._task_queue)

    def discussions(self, seller_id: str, now: datetime | None = None) -> list[DiscussionEntry]:
        """R3.2: the seller's open threads, awaiting the seller first, by due instant (from the store)."""
        from starter.client.seller_views import discussions

        if self._sessions is None:
            raise RuntimeError("this client has no store: pass sessions= to read Discussions")
        return discussions(self._sessions, self._markets, seller_id, now or datetime.now(UTC))

    @property
    def appeals(self) -> AppealClient:
        """Statements of reasons and appeals (issue 20)."""
        return AppealClient(self._client, self._task_queue, self._sessions, self._markets, self._clock)

    @property
    def cases(self) -> CaseClient:
        """Takeover cases (R5.3-R5.6): decisions, return events, the ledger."""
        return CaseClient(self._client, self._sessions)

    def handle(self, thread_id: str) -> WorkflowHandle[Any, Any]:
        return self._client.get_workflow_handle(thread_workflow_id(thread_id))

    async def open_inquiry(self, thread: ThreadOpen, first: BuyerMessage) -> WorkflowHandle[Any, Any]:
        """Open the thread with its first buyer message, or add the message if it is already open.

        Raises ``UnknownMarketError`` (listing the known codes) for a market no worker knows, and
        ``InstantInTheFuture`` for a ``received_at`` ahead of this clock by more than the skew.
        """
        market = self._markets.get(thread.market)
        self.check_received_at(first, await self._clock())
        return await self._client.start_workflow(
            BUYER_THREAD,
            ThreadInput(thread=thread, limits=self._limits, version=THREAD_VERSION),
            id=thread_workflow_id(thread.thread_id),
            task_queue=self._task_queue,
            start_signal="buyer_message",
            start_signal_args=[first],
            search_attributes=self._opening_search_attributes(thread, first, market),
            static_summary=f"Buyer thread {thread.thread_id}: order {thread.order_id}, seller {thread.seller_id}, market {thread.market}",
            static_details=(
                "One buyer inquiry (RULES.md R1-R5): reply deadline in working hours, screened seller replies, "
                "takeover by the platform on breach or escalation. Query `state` for the clock."
            ),
        )

    def _opening_search_attributes(
        self, thread: ThreadOpen, first: BuyerMessage, market: Market
    ) -> TypedSearchAttributes:
        """What ops filter on, as the thread will have it once it applied its first message: the
        state and the reply deadline, from the same clock and limits the worker uses. The thread
        upserts only what differs (a worker with other market settings), so a new thread's first
        task usually upserts nothing. Ignored by the server when the thread is already open."""
        pairs: list[SearchAttributePair[Any]] = [
            SearchAttributePair(sa.SELLER_ID, thread.seller_id),
            SearchAttributePair(sa.ORDER_ID, thread.order_id),
            SearchAttributePair(sa.MARKET, thread.market),
        ]
        if first.no_reply_needed:
            pairs.append(SearchAttributePair(sa.THREAD_STATE, str(ThreadState.AWAITING_BUYER)))
        else:
            schedule = deadline_schedule(
                market,
                self._limits.deadline_request(market.code, first.received_at),
            )
            pairs.append(SearchAttributePair(sa.THREAD_STATE, str(ThreadState.AWAITING_SELLER)))
            pairs.append(SearchAttributePair(sa.REPLY_DUE_AT, schedule.due_at))
        return TypedSearchAttributes(pairs)

    async def buyer_message(self, thread_id: str, message: BuyerMessage) -> None:
        """A further buyer message on an open thread (duplicates are ignored by the thread)."""
        self.check_received_at(message, await self._clock())
        await self._signal(thread_id, "buyer_message", message)

    def check_received_at(self, message: BuyerMessage, now: datetime) -> None:
        """R1.1 counts from ``received_at``: one far ahead of our clock is refused, naming the field."""
        not_in_the_future("message.received_at", message.received_at, now, self._limits.clock_skew_s)

    async def escalate(self, thread_id: str, escalation: Escalation) -> None:
        """R5.2: a dispute or severe violation; the platform takes the thread over."""
        await self._signal(thread_id, "escalate", escalation)

    async def seller_reply(self, thread_id: str, reply: SellerReply) -> ReplyVerdict:
        """R2: screened, then delivered or refused. A refusal is a verdict, never an exception.

        R1.4 judges the reply by when it reached the helpdesk: stamped here (this clock) unless
        the caller gave ``sent_at``; a ``sent_at`` ahead of this clock by more than the skew is
        refused like a buyer message's ``received_at``.
        """
        now = await self._clock()
        if reply.sent_at is None:
            reply = reply.model_copy(update={"sent_at": now})
        else:
            not_in_the_future("sent_at", reply.sent_at, now, self._limits.clock_skew_s)
        try:
            return await self._execute_update(thread_id, "seller_reply", reply, ReplyVerdict)
        except WorkflowUpdateFailedError as failed:
            cause = failed.cause
            if not (isinstance(cause, ApplicationError) and cause.type in REPLY_VERDICTS):
                raise
            finding = (
                Finding.model_validate(cause.details[0]) if cause.details else Finding(rule="R3.1", kind=cause.type)
            )
            verdict = ReplyVerdict(message_id=reply.message_id, accepted=False, findings=(finding,))
            self._keep_refused(thread_id, reply, verdict)
            return verdict

    async def change_market(self, thread_id: str, market: str, order_total: Decimal | None = None) -> MarketProfile:
        """R1.6: the order's storefront changed; ``order_total``: the order repriced in the new
        market's currency (without, the order keeps its amount and currency)."""
        try:
            change = MarketChange(market=market, order_total=order_total)
            return await self._execute_update(thread_id, "change_market", change, MarketProfile)
        except WorkflowUpdateFailedError as failed:
            raise UpdateRefused(
                str(failed.cause.message if isinstance(failed.cause, ApplicationError) else failed)
            ) from None

    async def state(self, thread_id: str, now: datetime | None = None) -> ThreadStatus:
        """The thread's status, working hours left counted from ``now`` (default: this clock's now)."""
        try:
            status = await self.handle(thread_id).query("state", result_type=ThreadStatus)
        except RPCError as error:
            raise self._not_found(thread_id, error) from None
        return status.at(now or datetime.now(UTC))

    async def _execute_update(self, thread_id: str, name: str, payload: Any, result_type: type[T]) -> T:
        try:
            return await execute_update(self.handle(thread_id), name, payload, result_type)
        except RPCError as error:
            raise self._not_found(thread_id, error) from None

    async def _signal(self, thread_id: str, name: str, payload: Any) -> None:
        try:
            await self.handle(thread_id).signal(name, payload)
        except RPCError as error:
            raise self._not_found(thread_id, error) from None

    @staticmethod
    def _not_found(thread_id: str, error: RPCError) -> Exception:
        if error.status == RPCStatusCode.NOT_FOUND:
            return ThreadNotFound(f"no open thread {thread_id!r}: open it with its first buyer message")
        return error

    def _keep_refused(self, thread_id: str, reply: SellerReply, verdict: ReplyVerdict) -> None:
        """R2: nothing a seller sends is lost, even a reply the thread refused before screening."""
        if self._sessions is None:
            return
        with transaction(self._sessions) as session:
            if session.get(Thread, thread_id) is None:
                return  # the thread is not in this store (another deployment's); nothing to attach to
            repository.record_seller_reply(
                session,
                message_id=reply.message_id,
                thread_id=thread_id,
                body=reply.text,
                sent_at=utcnow(),
                accepted=False,
                findings=[finding.model_dump() for finding in verdict.findings],
                auto_reply_flag=reply.auto_reply,
            )
