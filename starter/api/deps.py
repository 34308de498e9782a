"""What the routes depend on (FastAPI ``Depends``): the settings, the store, the Temporal client,
bounded waits, and who may see what.

``Ctx`` is one request's view of the app's state (``app.state``, set by ``create_app``), so a
route module needs no closure over the app and a test can build the app with its own state.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Annotated, TypeVar

from fastapi import Depends, Path, Request
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import WorkflowUpdateRPCTimeoutOrCancelledError

from config import Settings
from errors import TemporalUnavailable
from rules.markets import UnknownMarketError
from starter.api import errors
from starter.api.auth import Principal, Role
from starter.api.handover import Inbox
from starter.client.absences import AbsenceNotFound
from starter.client.helpdesk import HelpdeskClient, ThreadNotFound
from store.db import reading
from store.models import Thread

ThreadId = Annotated[str, Path(min_length=1, max_length=128, examples=["T-1001"])]
SellerId = Annotated[str, Path(min_length=1, max_length=128, examples=["S-42"])]
ANYONE = (Role.BACKEND, Role.SELLER, Role.OPS)
T = TypeVar("T")


@dataclass(frozen=True)
class Context:
    settings: Settings
    sessions: sessionmaker[Session]
    client: HelpdeskClient | None  # None until the API has reached Temporal (it keeps trying)
    inbox: Inbox

    def helpdesk(self) -> HelpdeskClient:
        if self.client is None:
            raise TemporalUnavailable("not connected to Temporal yet")
        return self.client

    async def answer(self, call: Awaitable[T]) -> T:
        """A Temporal call within ``api_temporal_timeout_s``, or 503 with Retry-After.

        With no worker polling, an update or a query waits for one without end. The call that
        timed out may still be applied once a worker is back. Every write here is idempotent (by
        its message, escalation or event id), so sending it again is safe.
        """
        try:
            return await asyncio.wait_for(call, self.settings.api_temporal_timeout_s)
        except (
            TimeoutError,
            WorkflowUpdateRPCTimeoutOrCancelledError,
        ):  # the SDK's word for an update cancelled in wait
            raise TemporalUnavailable(
                f"no answer from Temporal or a worker within {self.settings.api_temporal_timeout_s:g} s"
            ) from None

    def known_market(self, code: str, field: str) -> None:
        try:
            self.settings.market_registry.get(code)
        except UnknownMarketError as exc:
            raise errors.FieldError(field, str(exc)) from None

    def visible_thread(self, thread_id: str, who: Principal) -> None:
        """A seller sees only its own threads; another seller's thread is 404, not 403 (no leak)."""
        if who.role == Role.SELLER and self._thread_seller(thread_id) != who.seller_id:
            raise ThreadNotFound(f"no open thread {thread_id!r}")

    def visible_seller(self, seller_id: str, who: Principal) -> None:
        if not who.may_see_seller(seller_id):
            raise AbsenceNotFound(f"no seller {seller_id!r}")

    def _thread_seller(self, thread_id: str) -> str | None:
        with reading(self.sessions) as session:
            row = session.get(Thread, thread_id)
            return row.seller_id if row is not None else None


def context(request: Request) -> Context:
    state = request.app.state
    return Context(settings=state.settings, sessions=state.sessions, client=state.helpdesk, inbox=state.inbox)


Ctx = Annotated[Context, Depends(context)]
