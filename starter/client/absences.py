"""The typed client of seller absences (R4): announce, shorten, cancel, status.

An announcement starts ``absence-{seller_id}-{first_day}`` and asks it, by the ``announce``
update, for its answer: the plan (working days, late notice) or a refusal (in the past, or
overlapping another absence of the seller). Announcing the same absence again is harmless.
"""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from temporalio.client import Client, WorkflowHandle, WorkflowUpdateFailedError
from temporalio.common import SearchAttributePair, TypedSearchAttributes
from temporalio.exceptions import ApplicationError, WorkflowAlreadyStartedError
from temporalio.service import RPCError, RPCStatusCode

from contract import search_attributes as sa
from contract.absences import SELLER_ABSENCE, AbsenceAnnouncement, AbsenceShortening, AbsenceStatus, absence_workflow_id
from errors import NotFound, Refused
from rules.kinds import AbsenceState
from starter.client.updates import execute_update

T = TypeVar("T")


class AbsenceNotFound(NotFound):
    """No absence of that seller starting that day."""


class AbsenceRefused(Refused):
    """The absence refused the announcement or the change; the message names the reason and rule."""


class AbsenceClient:
    def __init__(self, client: Client, task_queue: str) -> None:
        self._client = client
        self._task_queue = task_queue

    def handle(self, seller_id: str, first_day: date) -> WorkflowHandle[Any, Any]:
        return self._client.get_workflow_handle(absence_workflow_id(seller_id, first_day))

    async def announce(self, announcement: AbsenceAnnouncement) -> AbsenceStatus:
        """R4.1-R4.3: the absence as planned (``late_notice`` set when R4.2 was not met), or ``AbsenceRefused``."""
        workflow_id = absence_workflow_id(announcement.seller_id, announcement.first_day)
        try:
            await self._client.start_workflow(
                SELLER_ABSENCE,
                announcement,
                id=workflow_id,
                task_queue=self._task_queue,
                search_attributes=TypedSearchAttributes(
                    [
                        SearchAttributePair(sa.SELLER_ID, announcement.seller_id),
                        SearchAttributePair(sa.MARKET, announcement.market),
                        SearchAttributePair(sa.ABSENCE_STATE, str(AbsenceState.ANNOUNCED)),
                    ]
                ),
                static_summary=(
                    f"Absence of seller {announcement.seller_id}: {announcement.first_day} to {announcement.last_day} "
                    f"({announcement.market} calendar)"
                ),
            )
        except WorkflowAlreadyStartedError:
            pass  # announced before: the update below answers as it did then
        return await self._update(announcement.seller_id, announcement.first_day, "announce", announcement)

    async def shorten(self, seller_id: str, first_day: date, last_day: date) -> AbsenceStatus:
        """R4.5: a new, earlier last day (not in the past)."""
        return await self._update(seller_id, first_day, "shorten", AbsenceShortening(last_day=last_day))

    async def cancel(self, seller_id: str, first_day: date) -> AbsenceStatus:
        """R4.5: before it starts, cancelled; while it runs, it ends now."""
        return await self._update(seller_id, first_day, "cancel", None)

    async def status(self, seller_id: str, first_day: date) -> AbsenceStatus:
        try:
            return await self.handle(seller_id, first_day).query("status", result_type=AbsenceStatus)
        except RPCError as error:
            if error.status == RPCStatusCode.NOT_FOUND:
                raise AbsenceNotFound(f"no absence of seller {seller_id!r} starting {first_day}") from None
            raise

    async def _update(self, seller_id: str, first_day: date, name: str, payload: Any) -> AbsenceStatus:
        handle = self.handle(seller_id, first_day)
        try:
            if payload is None:
                return await handle.execute_update(name, result_type=AbsenceStatus)
            return await execute_update(handle, name, payload, AbsenceStatus)
        except WorkflowUpdateFailedError as failed:
            cause = failed.cause
            if isinstance(cause, ApplicationError):
                raise AbsenceRefused(cause.message, cause.type or "refused") from None
            raise
        except RPCError as error:
            if error.status != RPCStatusCode.NOT_FOUND:
                raise
        ended = await self.status(seller_id, first_day)  # the workflow has closed: say how
        if ended.state == AbsenceState.REFUSED:
            raise AbsenceRefused(f"absence_refused (R4.5): {ended.refusal}", "absence_refused")
        raise AbsenceRefused(
            f"absence_{ended.state} (R4.5): the absence {ended.first_day}..{ended.last_day} is {ended.state}",
            f"absence_{ended.state}",
        )
