"""Seller absences (R4) in the store, and the cover question a thread asks at its deadline (R4.4).

``plan_absence`` runs the market's calendar (working days, local midnights, notice). The writes
serialise per seller (``repository.lock_seller``), so two announcements racing cannot both pass
the overlap check.
"""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities.events import EventWriter
from activities.statements import Sanction, StatementWriter
from contract.absences import AbsenceChange, AbsenceCover, AbsenceRecord, AbsenceRecorded, CoverRequest, PlanRequest
from contract.facts import StatementFacts
from contract.statements import violation_sanction_id
from events.schema import AbsenceAnnounced, AbsenceChanged, AbsenceLateNotice
from rules.absences import LONG_ABSENCE_WORKING_DAYS, NOTICE_DAYS, AbsencePlan, plan_absence
from rules.kinds import Recipient, SanctionKind, ViolationKind
from rules.markets import MarketRegistry, UnknownMarketError
from store import repository
from store.db import transaction


class AbsenceActivities:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        markets: MarketRegistry,
        events: EventWriter,
        statements: StatementWriter,
        *,
        long_absence_working_days: int = LONG_ABSENCE_WORKING_DAYS,
        notice_days: int = NOTICE_DAYS,
    ) -> None:
        self._sessions = sessions
        self._markets = markets
        self._events = events
        self._statements = statements
        self._long_absence_working_days = long_absence_working_days
        self._notice_days = notice_days

    @activity.defn(name="plan_absence")
    def plan_absence(self, request: PlanRequest) -> AbsencePlan:
        try:
            market = self._markets.get(request.market)
        except UnknownMarketError as exc:
            raise ApplicationError(str(exc), type="UnknownMarket", non_retryable=True) from None
        return plan_absence(
            market,
            request.first_day,
            request.last_day,
            request.at,
            long_absence_working_days=self._long_absence_working_days,
            notice_days_needed=self._notice_days,
        )

    @activity.defn(name="record_absence")
    def record_absence(self, record: AbsenceRecord) -> AbsenceRecorded:
        """R4.1-R4.3: keep it unless it overlaps another; a late notice is a violation; tell the admin."""
        announcement, plan = record.announcement, record.plan
        key = f"absence-{announcement.seller_id}-{plan.first_day.isoformat()}"
        with transaction(self._sessions) as session:
            repository.lock_seller(session, announcement.seller_id)
            other = repository.overlapping_absence(session, announcement.seller_id, plan.first_day, plan.last_day)
            if other is not None and other.first_day != plan.first_day:
                return AbsenceRecorded(overlaps=(other.first_day, other.last_day))
            repository.record_absence(
                session,
                seller_id=announcement.seller_id,
                first_day=plan.first_day,
                last_day=plan.last_day,
                announced_at=announcement.announced_at,
                working_days=plan.working_days,
                late_notice=plan.late_notice,
                market=announcement.market,
                starts_at=plan.starts_at,
                ends_at=plan.ends_at,
            )
            if plan.late_notice:
                violation = repository.record_violation(
                    session,
                    dedupe_key=f"{key}:late_absence_notice",
                    seller_id=announcement.seller_id,
                    kind=ViolationKind.LATE_ABSENCE_NOTICE,
                    rule="R4.2",
                    occurred_at=announcement.announced_at,
                    detail={"working_days": plan.working_days, "notice_days": plan.notice_days},
                ).row
                self._statements.issue(  # issue 20: the seller is told, and may appeal
                    session,
                    Sanction(
                        kind=SanctionKind.VIOLATION,
                        sanction_id=violation_sanction_id(violation.dedupe_key),
                        seller_id=announcement.seller_id,
                        thread_id=None,
                        rule="R4.2",
                        occurred_at=violation.occurred_at,
                        facts=StatementFacts(
                            absence_working_days=plan.working_days,
                            notice_days=plan.notice_days,
                            notice_days_needed=self._notice_days,
                        ),
                        violation_kind=ViolationKind.LATE_ABSENCE_NOTICE,
                        key=violation.dedupe_key,
                    ),
                    market=announcement.market,
                )
            threads = tuple(thread.thread_id for thread in repository.open_threads(session, announcement.seller_id))
            facts = {
                "seller_id": announcement.seller_id, "market": announcement.market, "first_day": plan.first_day,
                "last_day": plan.last_day, "working_days": plan.working_days, "notice_days": plan.notice_days,
                "late_notice": plan.late_notice, "open_threads": threads,
            }  # fmt: skip
            told = [("absence.announced", AbsenceAnnounced(**facts))]  # R4.3: every announcement
            if plan.late_notice:  # R4.2: at once, as a notice of its own
                told.append(("absence.late_notice", AbsenceLateNotice(**facts)))
            for event_type, data in told:
                self._events.seller_event(
                    session,
                    seller_id=announcement.seller_id,
                    market=announcement.market,
                    event_type=event_type,
                    recipient=Recipient.ADMIN,
                    key=f"{key}:{announcement.announced_at.isoformat()}",
                    occurred_at=announcement.announced_at,
                    data=data,
                )
        return AbsenceRecorded(open_threads=threads)

    @activity.defn(name="change_absence")
    def change_absence(self, change: AbsenceChange) -> None:
        """R4.5: shortened (the new plan) or cancelled; the admin hears of it like of the announcement."""
        at = activity.info().current_attempt_scheduled_time
        with transaction(self._sessions) as session:
            if change.plan is not None:
                absence = repository.shorten_absence(
                    session,
                    change.seller_id,
                    change.first_day,
                    last_day=change.plan.last_day,
                    working_days=change.plan.working_days,
                    ends_at=change.plan.ends_at,
                )
                event_type, changed = "absence.shortened", change.plan.last_day.isoformat()
                data = AbsenceChanged(
                    seller_id=change.seller_id, first_day=change.first_day, last_day=change.plan.last_day
                )
            else:
                assert change.cancelled_at is not None
                absence = repository.cancel_absence(
                    session, change.seller_id, change.first_day, cancelled_at=change.cancelled_at
                )
                event_type, changed = "absence.cancelled", change.cancelled_at.isoformat()
                data = AbsenceChanged(
                    seller_id=change.seller_id, first_day=change.first_day, cancelled_at=change.cancelled_at
                )
                at = change.cancelled_at
            self._events.seller_event(
                session,
                seller_id=change.seller_id,
                market=absence.market,
                event_type=event_type,
                recipient=Recipient.ADMIN,
                key=f"absence-{change.seller_id}-{change.first_day.isoformat()}:{changed}",
                occurred_at=at,
                data=data,
            )

    @activity.defn(name="absence_cover")
    def absence_cover(self, request: CoverRequest) -> AbsenceCover:
        """R4.4: the announced absence the seller is on at ``request.at``, if any."""
        with transaction(self._sessions) as session:
            absence = repository.absence_at(session, request.seller_id, request.at)
            if absence is None:
                return AbsenceCover(absent=False)
            return AbsenceCover(absent=True, late_notice=absence.late_notice, first_day=absence.first_day)
