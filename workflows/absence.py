"""SellerAbsence: one announced absence of a seller (R4), id ``absence-{seller_id}-{first_day}``.

Announced by starting the workflow and sending ``announce`` (the client does both; the update
answers with the plan or a refusal). The length is counted in working days of the seller's home
market and the notice checked (R4.2: a late announcement is kept, with ``late_absence_notice``);
the administrator hears of every announcement with the seller's open threads (R4.3). Two timers
mark the start and the end, and the ``AbsenceState`` search attribute follows them. ``cancel``
and ``shorten`` (R4.5) are updates, refused when they would reach into the past. Threads ask the
store about cover at their deadline (R4.4, ``absence_cover``), not this workflow: the store
answers for every absence of the seller in one indexed query.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from temporalio import workflow
from temporalio.common import RawValue

from workflows.metrics import ABSENCES
from workflows.options import LOCAL, STORE
from workflows.refusals import NO_PAYLOAD, decoded, no_payload, refused

with workflow.unsafe.imports_passed_through():
    from contract import search_attributes as sa
    from contract.absences import (
        AbsenceAnnouncement,
        AbsenceChange,
        AbsenceRecord,
        AbsenceRecorded,
        AbsenceShortening,
        AbsenceStatus,
        PlanRequest,
    )
    from contract.details import absence_details, when
    from rules.absences import AbsencePlan
    from rules.kinds import AbsenceState
    from rules.refusals import Refusal


@workflow.defn(name="SellerAbsence")
class SellerAbsence:
    @workflow.init
    def __init__(self, raw: RawValue = NO_PAYLOAD) -> None:
        """``raw``: an ``AbsenceAnnouncement``, decoded here so that one that does not fit fails
        the run naming the field (``workflows/refusals.py``)."""
        self._announcement = announcement = decoded(raw, AbsenceAnnouncement, "SellerAbsence input")
        self._status = AbsenceStatus(
            seller_id=announcement.seller_id,
            market=announcement.market,
            first_day=announcement.first_day,
            last_day=announcement.last_day,
            state=AbsenceState.ANNOUNCED,
            announced_at=announcement.announced_at,
        )
        self._planned = False

    @workflow.run
    async def run(self, raw: RawValue = NO_PAYLOAD) -> AbsenceStatus:
        announcement = self._announcement
        workflow.set_current_details(absence_details(self._status))
        plan = await self._plan(announcement.last_day)
        if plan.first_day < plan.today:
            return await self._refuse(
                f"first_day {plan.first_day} is in the past (today is {plan.today} in {announcement.market})"
            )
        recorded: AbsenceRecorded = await workflow.execute_activity(
            "record_absence",
            AbsenceRecord(announcement=announcement, plan=plan),
            result_type=AbsenceRecorded,
            summary=f"record; {'late notice (R4.2); ' if plan.late_notice else ''}tell the administrator (R4.3)",
            **STORE,
        )
        if recorded.overlaps is not None:
            first, last = recorded.overlaps
            return await self._refuse(
                f"overlaps the announced absence {first}..{last} of seller {announcement.seller_id}"
            )
        self._set(
            working_days=plan.working_days, late_notice=plan.late_notice, starts_at=plan.starts_at, ends_at=plan.ends_at
        )
        ABSENCES.add(market=announcement.market, notice="late" if plan.late_notice else "in_time")
        self._planned = True
        await self._until(lambda: self._status.starts_at, "absence starts")
        if self._status.state == AbsenceState.ANNOUNCED:
            self._set(state=AbsenceState.ABSENT)
        await self._until(lambda: self._status.ends_at, "absence ends")
        if self._status.state == AbsenceState.ABSENT:
            self._set(state=AbsenceState.ENDED)
        await workflow.wait_condition(workflow.all_handlers_finished)
        return self._status

    async def _until(self, instant: Callable[[], datetime | None], what: str) -> None:
        """Sleep until ``instant()``, which a shortening may move, unless the absence is cancelled.
        ``instant()`` is set once the absence is planned, before this is called."""
        while self._status.state not in (AbsenceState.CANCELLED, AbsenceState.ENDED):
            at = instant()
            assert at is not None
            if workflow.now() >= at:
                return
            target = at
            try:
                await workflow.wait_condition(
                    # awaited in this iteration, so ``target`` is this iteration's
                    lambda: instant() != target or self._status.state in (AbsenceState.CANCELLED, AbsenceState.ENDED),  # noqa: B023
                    timeout=at - workflow.now(),
                    timeout_summary=f"{what} {when(at)} (R4)",
                )
            except TimeoutError:
                return

    # -- updates -----------------------------------------------------------------------------------

    # Payloads arrive raw and are decoded against their model (``workflows/refusals.py``).

    @workflow.update(name="announce")
    async def announce(self, raw: RawValue = NO_PAYLOAD) -> AbsenceStatus:
        """The answer to an announcement (``AbsenceAnnouncement``): the plan (working days, late notice), or why it was refused."""
        await workflow.wait_condition(lambda: self._planned or self._status.state == AbsenceState.REFUSED)
        if self._status.state == AbsenceState.REFUSED:
            raise refused(Refusal.ABSENCE_REFUSED, self._status.refusal or "")
        return self._status

    @announce.validator
    def _validate_announce(self, raw: RawValue = NO_PAYLOAD) -> None:
        announcement = decoded(raw, AbsenceAnnouncement, "announce")
        if not announcement.same_absence(self._announcement):
            raise refused(
                Refusal.ABSENCE_ALREADY_ANNOUNCED,
                f"seller {announcement.seller_id} announced {self._announcement.first_day}..{self._announcement.last_day}; "
                "shorten or cancel it instead",
            )

    @workflow.update(name="shorten")
    async def shorten(self, raw: RawValue = NO_PAYLOAD) -> AbsenceStatus:
        """R4.5 (``AbsenceShortening``): an earlier last day, not in the past."""
        shortening = decoded(raw, AbsenceShortening, "shorten")
        plan = await self._plan(shortening.last_day)
        if shortening.last_day < plan.today:
            raise refused(
                Refusal.ABSENCE_INTO_THE_PAST,
                f"last_day {shortening.last_day} is before today ({plan.today} in {self._status.market})",
            )
        await workflow.execute_activity(
            "change_absence",
            AbsenceChange(seller_id=self._status.seller_id, first_day=self._status.first_day, plan=plan),
            summary=f"shorten to {shortening.last_day}; tell the administrator",
            **STORE,
        )
        self._set(last_day=plan.last_day, working_days=plan.working_days, ends_at=plan.ends_at)
        return self._status

    @shorten.validator
    def _validate_shorten(self, raw: RawValue = NO_PAYLOAD) -> None:
        shortening = decoded(raw, AbsenceShortening, "shorten")
        self._refuse_if_over()
        if shortening.last_day >= self._status.last_day:
            raise refused(
                Refusal.ABSENCE_NOT_SHORTER,
                f"last_day {shortening.last_day} does not shorten {self._status.first_day}..{self._status.last_day}; announce a new absence to extend it",
            )
        if shortening.last_day < self._status.first_day:
            raise refused(
                Refusal.ABSENCE_SHORTENED_AWAY,
                f"last_day {shortening.last_day} is before first_day {self._status.first_day}: cancel it instead",
            )

    @workflow.update(name="cancel")
    async def cancel(self, raw: RawValue = NO_PAYLOAD) -> AbsenceStatus:
        """Before it starts: cancelled. While it runs: it ends now (the seller is back)."""
        now = workflow.now()
        await workflow.execute_activity(
            "change_absence",
            AbsenceChange(seller_id=self._status.seller_id, first_day=self._status.first_day, cancelled_at=now),
            summary="cancel; tell the administrator",
            **STORE,
        )
        if self._status.state == AbsenceState.ABSENT:
            self._set(state=AbsenceState.ENDED, ends_at=now, cancelled_at=now)
        else:
            self._set(state=AbsenceState.CANCELLED, cancelled_at=now)
        return self._status

    @cancel.validator
    def _validate_cancel(self, raw: RawValue = NO_PAYLOAD) -> None:
        no_payload(raw, "cancel")
        self._refuse_if_over()

    def _refuse_if_over(self) -> None:
        if not self._planned:
            raise refused(Refusal.ABSENCE_NOT_RECORDED, "the announcement is still being recorded; try again")
        if self._status.state in (AbsenceState.ENDED, AbsenceState.CANCELLED, AbsenceState.REFUSED):
            raise refused(
                Refusal.absence_over(self._status.state),
                f"the absence {self._status.first_day}..{self._status.last_day} is {self._status.state}",
            )

    @workflow.query(name="status")
    def status(self) -> AbsenceStatus:
        return self._status

    # -- helpers -----------------------------------------------------------------------------------

    async def _plan(self, last_day: date) -> AbsencePlan:
        plan: AbsencePlan = await workflow.execute_local_activity(
            "plan_absence",
            PlanRequest(
                market=self._status.market, first_day=self._status.first_day, last_day=last_day, at=workflow.now()
            ),
            result_type=AbsencePlan,
            summary="working days and notice in the home market (R4.1, R4.2)",
            **LOCAL,
        )
        return plan

    async def _refuse(self, reason: str) -> AbsenceStatus:
        self._set(state=AbsenceState.REFUSED, refusal=reason)
        await workflow.wait_condition(workflow.all_handlers_finished)  # the announce update answers first
        return self._status

    def _set(self, **changes: object) -> None:
        before = self._status.state
        self._status = self._status.model_copy(update=changes)
        if self._status.state != before:
            workflow.upsert_search_attributes([sa.ABSENCE_STATE.value_set(str(self._status.state))])
        workflow.set_current_details(absence_details(self._status))
