"""The typed client of statements of reasons and appeals (issue 20).

Statements are read from the store (each was written with its sanction). An appeal is checked
here against the statement, with the instant the platform received it (this client's clock, not
the seller's word), then started as ``appeal-{sanction_id}`` with REJECT_DUPLICATE, so a second
appeal on one sanction is refused by the server even when two race past the store's check. Ops
decide by the ``decide`` update; a refusal comes back as ``AppealRefused`` naming the reason.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client, WorkflowHandle, WorkflowUpdateFailedError
from temporalio.common import SearchAttributePair, TypedSearchAttributes, WorkflowIDReusePolicy
from temporalio.exceptions import ApplicationError, WorkflowAlreadyStartedError
from temporalio.service import RPCError, RPCStatusCode

from activities.appeals import decision_of
from activities.statements import market_words, statement_of
from contract import search_attributes as sa
from contract.statements import (
    APPEAL,
    AppealDecided,
    AppealDecision,
    AppealOrder,
    AppealRequest,
    AppealStatus,
    StatementText,
    appeal_workflow_id,
)
from errors import NotFound, Refused
from rules.kinds import APPEALABLE, AppealOutcome, AppealState
from rules.markets import MarketRegistry
from rules.refusals import RULE, Refusal
from rules.statements import local_time
from starter.client.updates import execute_update
from store import repository
from store.db import reading
from store.models import AppealRecord, StatementRecord

OVERTURNING = frozenset({AppealOutcome.OVERTURNED, AppealOutcome.PARTLY_OVERTURNED})
APPEAL_PREFIX = appeal_workflow_id("")
DECISION_POLLS = 50  # 5 s for a decision being applied to be written


class StatementNotFound(NotFound):
    """No statement (no sanction) with that id, or not one of the asking seller's."""


class AppealNotFound(NotFound):
    """No appeal with that id."""


class AppealRefused(Refused):
    """The appeal or the decision is refused; the message names the reason."""


def _refused(kind: Refusal, message: str) -> AppealRefused:
    return AppealRefused(f"{kind} ({RULE[kind]}): {message}", str(kind))


class AppealClient:
    def __init__(
        self,
        client: Client,
        task_queue: str,
        sessions: sessionmaker[Session] | None,
        markets: MarketRegistry,
        clock: Callable[[], Awaitable[datetime]],
    ) -> None:
        self._client = client
        self._task_queue = task_queue
        self._sessions = sessions
        self._markets = markets
        self._clock = clock

    # -- statements ------------------------------------------------------------------------------

    def statement(self, sanction_id: str, seller_id: str | None = None) -> StatementText:
        """One statement with its text in the market's languages; ``seller_id``: only if it is theirs."""
        return statement_text(self._store(), self._markets, sanction_id, seller_id)

    def statements(self, seller_id: str) -> list[StatementText]:
        """A seller's statements, newest first."""
        return seller_statements(self._store(), self._markets, seller_id)

    # -- appeals ---------------------------------------------------------------------------------

    async def submit(
        self,
        sanction_id: str,
        request: AppealRequest,
        *,
        submitted_by: str,
        seller_id: str | None = None,
        submitted_at: datetime | None = None,
    ) -> AppealStatus:
        """Appeal one sanction within its window; ``seller_id``: the asking seller (a sanction of
        another seller is not found). Refused: not appealable (a takeover), after the window,
        or appealed before."""
        statement = self.statement(sanction_id, seller_id).statement
        if statement.sanction_kind not in APPEALABLE:
            raise _refused(
                Refusal.NOT_APPEALABLE,
                f"{sanction_id} is a {statement.sanction_kind}, which protects the buyer and is not undone; "
                "appeal the violation, flag or charges it brought, each by its own statement",
            )
        at = submitted_at or await self._clock()
        if at > statement.appeal_until:
            zone = market_words(self._markets, statement.market).zone
            raise _refused(
                Refusal.APPEAL_WINDOW_CLOSED,
                f"appeals on {sanction_id} were heard until {local_time(statement.appeal_until, zone)}; "
                f"this one came {local_time(at, zone)}",
            )
        with reading(self._store()) as session:
            earlier = repository.appeal_of(session, sanction_id)
        if earlier is not None:
            raise self._already(earlier.appeal_id, earlier.submitted_at)
        order = AppealOrder(statement=statement, grounds=request.grounds, submitted_at=at, submitted_by=submitted_by)
        workflow_id = appeal_workflow_id(sanction_id)
        try:
            await self._client.start_workflow(
                APPEAL,
                order,
                id=workflow_id,
                task_queue=self._task_queue,
                id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
                search_attributes=TypedSearchAttributes(
                    [
                        SearchAttributePair(sa.SELLER_ID, statement.seller_id),
                        SearchAttributePair(sa.MARKET, statement.market),
                        SearchAttributePair(sa.APPEAL_STATE, str(AppealState.OPEN)),
                    ]
                ),
                static_summary=f"Appeal of seller {statement.seller_id} on {statement.sanction_kind} {sanction_id} "
                f"(rule {statement.rule})",
            )
        except WorkflowAlreadyStartedError:
            raise self._already(workflow_id, None) from None
        return AppealStatus(
            appeal_id=workflow_id,
            sanction_id=sanction_id,
            sanction_kind=statement.sanction_kind,
            seller_id=statement.seller_id,
            thread_id=statement.thread_id,
            state=AppealState.OPEN,
            submitted_at=at,
            appeal_until=statement.appeal_until,
            grounds=request.grounds,
            submitted_by=submitted_by,
        )

    @staticmethod
    def _already(appeal_id: str, at: datetime | None) -> AppealRefused:
        when = f" on {at.isoformat()}" if at is not None else ""
        return _refused(
            Refusal.ALREADY_APPEALED, f"this sanction was appealed{when}: {appeal_id}; one appeal per sanction"
        )

    def handle(self, appeal_id: str) -> WorkflowHandle[Any, Any]:
        """An appeal's workflow; an id that is not an appeal's is not found (never another workflow's)."""
        if not appeal_id.startswith(APPEAL_PREFIX):
            raise AppealNotFound(f"no appeal {appeal_id!r}: appeal ids start with {APPEAL_PREFIX!r}")
        return self._client.get_workflow_handle(appeal_id)

    async def status(self, appeal_id: str) -> AppealStatus:
        """The running appeal's state; the store's record once its workflow is gone."""
        try:
            return await self.handle(appeal_id).query("status", result_type=AppealStatus)
        except RPCError as error:
            if error.status != RPCStatusCode.NOT_FOUND:
                raise
        return self._stored(appeal_id)

    def _stored(self, appeal_id: str) -> AppealStatus:
        with reading(self._store()) as session:
            row = repository.appeal(session, appeal_id)
            stored = repository.statement(session, row.sanction_id) if row is not None else None
            if row is None or stored is None:
                raise AppealNotFound(f"no appeal {appeal_id!r}")
            return appeal_status(row, stored)

    def appeals(self, *, state: AppealState | None = None, seller_id: str | None = None) -> list[AppealStatus]:
        """Appeals from the store, oldest first (``state=open``: ops' queue)."""
        with reading(self._store()) as session:
            rows = repository.appeals(session, state=state, seller_id=seller_id)
            statements = {row.sanction_id: repository.statement(session, row.sanction_id) for row in rows}
            return [appeal_status(row, stored) for row in rows if (stored := statements[row.sanction_id]) is not None]

    async def decide(self, appeal_id: str, decision: AppealDecision) -> AppealDecided:
        """Ops' decision; answered once applied (the credit written, the violation or flag reversed).
        The same decision sent again (a retry after a timeout) gets the decision as made; another
        one is refused (``appeal_already_decided``)."""
        try:
            return await self._decide(appeal_id, decision)
        except AppealRefused as refused:
            if refused.kind != Refusal.APPEAL_ALREADY_DECIDED:
                raise
            made = await self._applied(appeal_id)
            if made is None or not _same(made, decision):
                raise
            return made

    async def _applied(self, appeal_id: str) -> AppealDecided | None:
        """The decision once applied: a retry may come while the first is still being written."""
        for _ in range(DECISION_POLLS):
            made = (await self.status(appeal_id)).decision
            if made is not None:
                return made
            await asyncio.sleep(0.1)
        return None

    async def _decide(self, appeal_id: str, decision: AppealDecision) -> AppealDecided:
        handle = self.handle(appeal_id)
        try:
            return await execute_update(handle, "decide", decision, AppealDecided)
        except WorkflowUpdateFailedError as failed:
            cause = failed.cause
            if isinstance(cause, ApplicationError):
                raise AppealRefused(cause.message, cause.type or "refused") from None
            raise
        except RPCError as error:
            if error.status != RPCStatusCode.NOT_FOUND:
                raise
        ended = self._stored(appeal_id)  # the workflow has closed: it was decided
        if ended.decision is not None:
            raise _refused(
                Refusal.APPEAL_ALREADY_DECIDED,
                f"{ended.decision.outcome} by {ended.decision.decided_by} at {ended.decision.decided_at.isoformat()}",
            )
        raise AppealNotFound(f"no open appeal {appeal_id!r}")

    def _store(self) -> sessionmaker[Session]:
        if self._sessions is None:
            raise RuntimeError("this client has no store: pass sessions= to read statements and appeals")
        return self._sessions


def _same(made: AppealDecided, asked: AppealDecision) -> bool:
    """Whether ``asked`` is the decision ``made`` (its amount is what a partial overturn credited)."""
    amount_matches = asked.amount is None or asked.amount == made.credited
    return (made.outcome, made.decided_by, made.reason) == (
        asked.outcome,
        asked.decided_by,
        asked.reason,
    ) and amount_matches


def statement_text(
    sessions: sessionmaker[Session], markets: MarketRegistry, sanction_id: str, seller_id: str | None = None
) -> StatementText:
    """One statement from the store (Temporal not needed); ``seller_id``: only if it is theirs."""
    with reading(sessions) as session:
        row = repository.statement(session, sanction_id)
        if row is None or (seller_id is not None and row.seller_id != seller_id):
            mine = f" for seller {seller_id!r}" if seller_id else ""
            raise StatementNotFound(f"no statement of reasons {sanction_id!r}{mine}")
        return _text(markets, row, repository.appeal_of(session, sanction_id))


def seller_statements(sessions: sessionmaker[Session], markets: MarketRegistry, seller_id: str) -> list[StatementText]:
    """A seller's statements from the store, newest first."""
    with reading(sessions) as session:
        rows = repository.seller_statements(session, seller_id)
        appealed = {a.sanction_id: a for a in repository.appeals(session, seller_id=seller_id, limit=10_000)}
        return [_text(markets, row, appealed.get(row.sanction_id)) for row in rows]


def _text(markets: MarketRegistry, row: StatementRecord, appeal: AppealRecord | None) -> StatementText:
    statement = statement_of(row)
    _, timezone, languages = market_words(markets, statement.market)
    return StatementText(
        statement=statement,
        texts={language: statement.render(language, timezone) for language in languages},
        appealed=appeal is not None,
        overturned=appeal is not None and appeal.outcome in OVERTURNING,
    )


def appeal_status(row: AppealRecord, stored: StatementRecord) -> AppealStatus:
    """An appeal as the store keeps it."""
    return AppealStatus(
        appeal_id=row.appeal_id,
        sanction_id=row.sanction_id,
        sanction_kind=stored.sanction_kind,  # type: ignore[arg-type]
        seller_id=row.seller_id,
        thread_id=stored.thread_id,
        state=row.state,
        submitted_at=row.submitted_at,
        appeal_until=stored.appeal_until,
        grounds=row.grounds,
        submitted_by=row.submitted_by,
        reminders_sent=row.reminders_sent,
        decision=decision_of(row),
    )
