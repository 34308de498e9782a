"""The typed client of takeover cases (R5.3-R5.6): what ops and the warehouse send, and the ledger.

Ops decide a case (``decide`` on ``takeover-{thread_id}``); the backend or the warehouse report
the parcel, the inspection and the dispatch (updates on ``return-{thread_id}``). A refusal comes
back as ``CaseRefused`` with the workflow's one-line reason (rule id included); an event for a
return that has already ended is refused with how it ended, not with a transport error.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client, WorkflowHandle, WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError
from temporalio.service import RPCError, RPCStatusCode

from contract.cases import (
    CaseStatus,
    Decided,
    InspectionReport,
    ItemDispatched,
    OpsDecision,
    ParcelReceived,
    ParcelShipped,
    RefundAmount,
    ReturnStatus,
    return_workflow_id,
)
from contract.threads import ThreadStatus, takeover_workflow_id, thread_workflow_id
from errors import NotFound, Refused
from starter.client.updates import execute_update
from store import repository
from store.db import reading
from store.models import LedgerEntry

T = TypeVar("T")


class CaseNotFound(NotFound):
    """No takeover (or return) for that thread."""


class CaseRefused(Refused):
    """The case refused a decision or an event; the message names the reason and the rule."""


class CaseClient:
    def __init__(self, client: Client, sessions: sessionmaker[Session] | None) -> None:
        self._client = client
        self._sessions = sessions

    async def takeover_no(self, thread_id: str) -> int:
        """The thread's current (or last) takeover: the first is 1; a thread taken over again after
        its case closed (issue 15) has a case of its own, numbered on."""
        try:
            status = await self._client.get_workflow_handle(thread_workflow_id(thread_id)).query(
                "state", result_type=ThreadStatus
            )
        except RPCError:
            return 1  # no thread to ask (a case started on its own): the first
        return max(1, status.takeover_no)

    async def takeover(self, thread_id: str) -> WorkflowHandle[Any, Any]:
        return self._client.get_workflow_handle(takeover_workflow_id(thread_id, await self.takeover_no(thread_id)))

    async def returned(self, thread_id: str) -> WorkflowHandle[Any, Any]:
        return self._client.get_workflow_handle(return_workflow_id(thread_id, await self.takeover_no(thread_id)))

    # -- ops -------------------------------------------------------------------------------------

    async def case(self, thread_id: str) -> CaseStatus:
        """The case as the Takeover holds it, open or closed."""
        try:
            return await (await self.takeover(thread_id)).query("case", result_type=CaseStatus)
        except RPCError as error:
            raise self._missing(f"no takeover of thread {thread_id!r}", error) from None

    async def decide(self, thread_id: str, decision: OpsDecision) -> Decided:
        """R5.3: ops' outcome; refused once decided (except to override R5.4's default in time)."""
        return await self._update(
            await self.takeover(thread_id), "decide", decision, Decided, f"takeover of thread {thread_id!r}"
        )

    # -- the return's events ---------------------------------------------------------------------

    async def return_status(self, thread_id: str) -> ReturnStatus:
        try:
            return await (await self.returned(thread_id)).query("status", result_type=ReturnStatus)
        except RPCError as error:
            raise self._missing(f"no return for thread {thread_id!r}", error) from None

    async def parcel_shipped(self, thread_id: str, shipped: ParcelShipped) -> ReturnStatus:
        """R5.5: the carrier's shipment scan; a parcel shipped within the window no longer lapses."""
        return await self._event(thread_id, "parcel_shipped", shipped)

    async def refund_amount(self, thread_id: str, amount: RefundAmount) -> ReturnStatus:
        """R5.4 without an order total: the refund's amount, from ops, when it is due."""
        return await self._event(thread_id, "refund_amount", amount)

    async def parcel_received(self, thread_id: str, parcel: ParcelReceived) -> ReturnStatus:
        return await self._event(thread_id, "parcel_received", parcel)

    async def inspected(self, thread_id: str, report: InspectionReport) -> ReturnStatus:
        return await self._event(thread_id, "inspected", report)

    async def item_dispatched(self, thread_id: str, dispatched: ItemDispatched) -> ReturnStatus:
        return await self._event(thread_id, "item_dispatched", dispatched)

    async def _event(self, thread_id: str, name: str, payload: Any) -> ReturnStatus:
        handle = await self.returned(thread_id)
        try:
            return await self._update(handle, name, payload, ReturnStatus, f"return for thread {thread_id!r}")
        except CaseNotFound:
            ended = await self._ended(handle)
            if ended is None or ended.outcome is None:  # no return, or one still running
                raise
            # The return is over (lapsed, refunded …): say how, as the running workflow would have.
            raise CaseRefused(
                f"return_{ended.outcome} (R5.5): the return of thread {thread_id} has ended: {ended.outcome}",
                f"return_{ended.outcome}",
            ) from None

    async def _ended(self, handle: WorkflowHandle[Any, Any]) -> ReturnStatus | None:
        try:
            return await handle.query("status", result_type=ReturnStatus)  # a closed workflow still answers
        except RPCError:
            return None

    # -- the ledger (R5.6) -----------------------------------------------------------------------

    def ledger_for_seller(self, seller_id: str) -> list[LedgerEntry]:
        with reading(self._store()) as session:
            return repository.ledger_for_seller(session, seller_id)

    def ledger_for_thread(self, thread_id: str) -> list[LedgerEntry]:
        with reading(self._store()) as session:
            return repository.ledger_for_thread(session, thread_id)

    # -- plumbing --------------------------------------------------------------------------------

    def _store(self) -> sessionmaker[Session]:
        if self._sessions is None:
            raise RuntimeError("this client has no store: pass sessions= to read the ledger")
        return self._sessions

    async def _update(
        self, handle: WorkflowHandle[Any, Any], name: str, payload: Any, result_type: type[T], what: str
    ) -> T:
        try:
            return await execute_update(handle, name, payload, result_type)
        except WorkflowUpdateFailedError as failed:
            cause = failed.cause
            if isinstance(cause, ApplicationError):
                raise CaseRefused(cause.message, cause.type or "refused") from None
            raise
        except RPCError as error:
            raise self._missing(f"no open {what}", error) from None

    @staticmethod
    def _missing(message: str, error: RPCError) -> Exception:
        return CaseNotFound(message) if error.status == RPCStatusCode.NOT_FOUND else error
