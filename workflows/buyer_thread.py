"""BuyerThread: one buyer inquiry, its working-hour reply clock, seller replies and takeover.

R1 (the clock), R2 via the screening activity, R3 (the helpdesk is the only channel), R5.1-R5.3
(takeover). Handlers only queue what arrived; one loop applies it in arrival order, so every
change of state happens in one place and continue-as-new never drops a message in flight. The
clock is a single durable timer to the next instant that matters (a reminder, the deadline or
the 30-day close); its instants come from a local activity and are therefore in history.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from temporalio import workflow
from temporalio.common import RawValue, SearchAttributePair, SearchAttributeUpdate, TypedSearchAttributes
from temporalio.exceptions import ActivityError, ApplicationError, WorkflowAlreadyStartedError
from temporalio.workflow import ParentClosePolicy

from workflows.metrics import BREACHES, BUYER_MESSAGES, REMINDERS, REPLIES, TAKEOVERS
from workflows.options import LOCAL
from workflows.refusals import NO_PAYLOAD, decoded, refusal, signal_payload
from workflows.thread_state import Arrival, Clock, ThreadMemory

with workflow.unsafe.imports_passed_through():
    from contract import search_attributes as sa
    from contract.absences import AbsenceCover, CoverRequest
    from contract.cases import CaseProgress
    from contract.details import hours, reply_due, thread_details, when
    from contract.facts import StatementFacts
    from contract.records import (
        BuyerMessageRecord,
        BuyerMessageTake,
        Notice,
        ReplyRecord,
        ReplyTake,
        ScreenRequest,
        ThreadChange,
        ThreadSnapshot,
        ViolationEntry,
        reply_violations,
    )
    from contract.threads import (
        TAKEOVER,
        BuyerMessage,
        Escalation,
        MarketChange,
        ReplyVerdict,
        SellerReply,
        TakeoverStart,
        ThreadCarry,
        ThreadInput,
        ThreadStatus,
        UnansweredMessage,
        ViolationRecord,
        takeover_workflow_id,
    )
    from events.schema import SellerReminder, WaitingMessage
    from rules.deadlines import DeadlineRequest, DeadlineSchedule
    from rules.findings import Finding
    from rules.kinds import (
        ESCALATION_REASONS,
        SEVERE_REASONS,
        CaseStage,
        Recipient,
        TakeoverReason,
        ThreadState,
        ViolationKind,
    )
    from rules.markets import MarketProfile
    from rules.refusals import RULE, Refusal
    from rules.screening import check_empty_reply, violations_of

HALF_TIME, HOURS_LEFT = "half_time", "hours_left"
# Refusals the update validator decides without I/O (issue 3): the reason, and the rule it cites.
THREAD_TAKEN_OVER = Finding(rule=RULE[Refusal.THREAD_TAKEN_OVER], kind=Refusal.THREAD_TAKEN_OVER)
THREAD_CLOSED = Finding(rule=RULE[Refusal.THREAD_CLOSED], kind=Refusal.THREAD_CLOSED)
# Issue 15's rules (the lock-out after a takeover, R1.4 judged on when the reply reached the
# helpdesk, R1.2 backfills, escalations never dropped, reopening a closed thread): a thread that
# started before them keeps the old ones until it continues-as-new (docs/testing.md, "Replay and versioning").
THREAD_RULES_2 = "thread-rules-2"
REOPEN_WITHIN = timedelta(days=365)  # a closed thread waits this long for a message that reopens it


@workflow.defn(name="BuyerThread")
class BuyerThread:
    @workflow.init
    def __init__(self, raw: RawValue = NO_PAYLOAD) -> None:
        """``raw``: a ``ThreadInput`` (raw, so that one that does not fit fails the run naming the
        field, not every workflow task: ``workflows/refusals.py``)."""
        input = decoded(raw, ThreadInput, "BuyerThread input")
        self._thread = input.thread
        self._limits = input.limits
        self._version = input.version  # which commands this run issues (ThreadInput.version)
        self._inbox: list[Arrival] = []
        # The workflow task (by history length) in which an update was last answered: see run().
        self._update_answered_in_this_task = 0
        # Everything the thread knows, in one dataclass carried whole over continue-as-new.
        carry = input.carry
        self._m = (
            ThreadMemory.fresh(input.thread, workflow.now())
            if carry is None
            else ThreadMemory.from_carry(carry, input.thread)
        )
        # What the server already has (set by the starter, or inherited over continue-as-new).
        given = workflow.info().typed_search_attributes
        self._search_attributes: dict[str, Any] = {key.name: given.get(key) for key in sa.ALL_SEARCH_ATTRIBUTES}
        self._rules_2 = False  # decided once per run, at its start (run)
        self._ended = False  # closed, and no message came to reopen it in time

    # -- the loop ----------------------------------------------------------------------------------

    @workflow.run
    async def run(self, raw: RawValue = NO_PAYLOAD) -> ThreadStatus:
        # Version 2 has the rules without asking: the patch marker and the search attribute the
        # SDK upserts with it were two history events in every new thread.
        self._rules_2 = self._version >= 2 or workflow.patched(THREAD_RULES_2)
        while True:
            delay, summary = self._next_wake()
            if delay is None or delay > timedelta(0):
                try:
                    await workflow.wait_condition(
                        lambda: bool(self._inbox) or self._should_continue_as_new(),
                        timeout=delay,
                        timeout_summary=summary,
                    )
                except TimeoutError:
                    pass
            while self._inbox:
                await self._apply(self._inbox.pop(0))
            await self._on_time()
            self._upsert_search_attributes()  # once per pass: one history event for all changes
            workflow.set_current_details(thread_details(self.state()))
            if self._m.state == ThreadState.CLOSED and (self._ended or not self._rules_2):
                return self.state()
            if self._should_continue_as_new() and not self._inbox:
                # Handlers still waiting for the loop (an update queued meanwhile) must not be
                # waited on here, or neither side moves: go round again to apply them first.
                await workflow.wait_condition(lambda: workflow.all_handlers_finished() or bool(self._inbox))
                if self._inbox:
                    continue
                if self._update_answered_in_this_task == workflow.info().get_current_history_length():
                    # A buyer message arriving while this task continues-as-new fails the task,
                    # and the server then drops the update answers it carried: commit them first.
                    await workflow.sleep(
                        timedelta(milliseconds=1), summary="commit answered updates, then continue-as-new"
                    )
                    continue
                await self._ensure_market()
                workflow.continue_as_new(
                    ThreadInput(thread=self._thread, limits=self._limits, carry=self._carry(), version=self._version)
                )

    def _next_wake(self) -> tuple[timedelta | None, str | None]:
        """Time to the next instant that matters (None: only a message can change anything)."""
        instants: list[tuple[datetime, str]] = []
        if self._m.closed_at is not None:
            instants.append((self._m.closed_at + REOPEN_WITHIN, "end: closed, and no message to reopen it"))
        elif self._may_close:
            instants.append((self._close_at, f"close: no message for {self._limits.close_after_days} days"))
        schedule = self._running_schedule
        if schedule is not None:
            market = schedule.market
            instants.append(
                (self._breach_at(schedule), reply_due(schedule.due_at, market, self._limits.reply_working_hours))
            )
            due = f"reply due {when(schedule.due_at)} ({market})"
            if HALF_TIME not in self._m.clock.reminders_sent and schedule.half_time_reminder_at:
                instants.append(
                    (schedule.half_time_reminder_at, f"remind seller: half the working hours used; {due} (R1.3)")
                )
            if HOURS_LEFT not in self._m.clock.reminders_sent and schedule.hours_left_reminder_at:
                left = hours(self._limits.reminder_hours_left)
                instants.append(
                    (schedule.hours_left_reminder_at, f"remind seller: {left} working hours left; {due} (R1.3)")
                )
        if not instants:
            return None, None
        at, summary = min(instants)
        return at - workflow.now(), summary

    @property
    def _close_at(self) -> datetime:
        return self._m.last_message_at + timedelta(days=self._limits.close_after_days)

    @property
    def _may_close(self) -> bool:
        """RULES: 30 days without a message close a thread, but not while its case is open: the
        platform still has the contact (issue 15)."""
        if self._m.state == ThreadState.CLOSED:
            return False
        return not (
            self._rules_2 and self._m.state == ThreadState.TAKEN_OVER and self._m.case_stage != CaseStage.CLOSED
        )

    def _breach_at(self, schedule: DeadlineSchedule) -> datetime:
        """R1.4 acts this long after the due instant: a reply that reached the helpdesk before it
        but is still on its way to the thread counts (issue 15)."""
        return schedule.due_at + timedelta(seconds=self._limits.reply_grace_s) if self._rules_2 else schedule.due_at

    async def _on_time(self) -> None:
        """Whatever is due now: the takeover at the deadline (R1.4, R1.7), reminders (R1.3), closing."""
        now = workflow.now()
        schedule = self._running_schedule
        if schedule is not None:
            if now >= self._breach_at(schedule):
                await self._breach(schedule)
                return
            for kind, at in (
                (HALF_TIME, schedule.half_time_reminder_at),
                (HOURS_LEFT, schedule.hours_left_reminder_at),
            ):
                if at is not None and now >= at and kind not in self._m.clock.reminders_sent:
                    self._m.clock.reminders_sent.add(kind)
                    REMINDERS.add(kind=f"seller_{kind}")
                    reminder = SellerReminder(  # as of the reminder's instant, however late the task that sends it
                        reply_due_at=schedule.due_at,
                        working_hours_left=schedule.working_hours_left(at),
                        unanswered=tuple(
                            WaitingMessage(message_id=m.message_id, received_at=m.received_at)
                            for m in self._m.clock.unanswered
                        ),
                    )
                    await self._notify(
                        Recipient.SELLER,
                        f"reminder.{kind}",
                        f"{self._m.clock.unanswered[0].message_id}:reminder-{kind}",
                        reminder.model_dump(mode="json"),
                        summary=f"remind seller: {kind} (R1.3)",
                        at=at,
                    )
        if self._m.closed_at is not None and now >= self._m.closed_at + REOPEN_WITHIN:
            self._ended = True
        elif self._may_close and now >= self._close_at:
            self._m.state = ThreadState.CLOSED
            self._m.clock = Clock()
            self._m.closed_at = now if self._rules_2 else None
            await self._record_change()

    async def _breach(self, schedule: DeadlineSchedule) -> None:
        """R1.4 (and R1.7): no accepted reply by the due instant: the violation and the takeover;
        R4.4: an announced absence covers it."""
        at = schedule.due_at if self._rules_2 else workflow.now()
        breach = ViolationRecord(
            kind=ViolationKind.REPLY_DEADLINE_MISSED,
            rule="R1.4",
            at=at,
            detail=f"oldest unanswered {self._m.clock.unanswered[0].message_id} due {schedule.due_at.isoformat()}",
            facts=StatementFacts(due_at=schedule.due_at, working_hours=schedule.working_hours_used(schedule.due_at)),
        )
        cover: AbsenceCover = await workflow.execute_local_activity(
            "absence_cover",
            CoverRequest(seller_id=self._thread.seller_id, at=schedule.due_at),
            result_type=AbsenceCover,
            summary="was the seller on an announced absence at the deadline? (R4.4)",
            **LOCAL,
        )
        BREACHES.add(market=schedule.market, covered_by_absence=str(cover.absent).lower())
        if cover.absent:  # R4.4: cover; no breach on the record when announced in time
            await self._take_over(
                TakeoverReason.SELLER_ABSENT, violations=[breach] if cover.late_notice else [], facts=breach.facts
            )
        else:
            await self._take_over(TakeoverReason.REPLY_DEADLINE_MISSED, violations=[breach])

    def _should_continue_as_new(self) -> bool:
        info = workflow.info()
        limit = self._limits.continue_as_new_after_events
        return info.is_continue_as_new_suggested() or (limit is not None and info.get_current_history_length() >= limit)

    @property
    def _running_schedule(self) -> DeadlineSchedule | None:
        """The deadline schedule while the clock runs (R1): only while the seller owes a reply."""
        return self._m.clock.schedule if self._m.state == ThreadState.AWAITING_SELLER else None

    # -- what arrives ------------------------------------------------------------------------------

    # Every payload arrives raw and is checked against its model here (``workflows/refusals.py``):
    # a signal that does not fit is logged and dropped, an update that does not fit is refused.

    @workflow.signal(name="buyer_message")
    def buyer_message(self, *payloads: Any) -> None:
        """R1.1: a buyer message (``BuyerMessage``); duplicates (same ``message_id``) are ignored."""
        self._queue(signal_payload(payloads, BuyerMessage, "buyer_message"))

    @workflow.signal(name="escalate")
    def escalate(self, *payloads: Any) -> None:
        """R5.2: a dispute or severe violation (``Escalation``); the platform takes the thread over."""
        self._queue(signal_payload(payloads, Escalation, "escalate"))

    @workflow.signal(name="case_progress")
    def case_progress(self, *payloads: Any) -> None:
        """The takeover case moved on (``CaseProgress``, R5.3-R5.6): shown in ``state`` and the ``CaseStage`` search attribute."""
        self._queue(signal_payload(payloads, CaseProgress, "case_progress"))

    def _queue(self, payload: BuyerMessage | Escalation | CaseProgress | None) -> None:
        if payload is not None:
            self._inbox.append(Arrival(payload, workflow.now()))

    @workflow.update(name="seller_reply")
    async def seller_reply(self, raw: RawValue = NO_PAYLOAD) -> ReplyVerdict:
        """R2 (``SellerReply``): accepted and delivered, or refused with the rule and what was found."""
        verdict: ReplyVerdict = await self._queue_and_wait(decoded(raw, SellerReply, "seller_reply"))
        return verdict

    @seller_reply.validator
    def _validate_seller_reply(self, raw: RawValue = NO_PAYLOAD) -> None:
        reply = decoded(raw, SellerReply, "seller_reply")
        if reply.message_id in self._m.verdicts:
            return  # a retry of an answered reply gets the same verdict
        if self._m.state == ThreadState.TAKEN_OVER:
            raise _refusal(THREAD_TAKEN_OVER, "the platform has taken this thread over; replies go to ops")
        if self._m.state == ThreadState.CLOSED:
            raise _refusal(THREAD_CLOSED, "this thread is closed")
        if reply.seller_id != self._thread.seller_id:
            raise _refusal(
                Finding(rule=RULE[Refusal.WRONG_SELLER], kind=Refusal.WRONG_SELLER, text=reply.seller_id),
                "not this thread's seller",
            )
        for finding in check_empty_reply(reply.text, ()):
            raise _refusal(finding, "the reply is empty")

    @workflow.update(name="change_market")
    async def change_market(self, raw: RawValue = NO_PAYLOAD) -> MarketProfile:
        """R1.6 (``MarketChange``): recompute the running deadline on the new market's calendar; new languages and currency."""
        profile: MarketProfile = await self._queue_and_wait(decoded(raw, MarketChange, "change_market"))
        return profile

    @change_market.validator
    def _validate_change_market(self, raw: RawValue = NO_PAYLOAD) -> None:
        decoded(raw, MarketChange, "change_market")
        if self._m.state == ThreadState.CLOSED:
            raise _refusal(THREAD_CLOSED, "this thread is closed")

    @workflow.query(name="state")
    def state(self) -> ThreadStatus:
        schedule = self._running_schedule
        market = self._m.market
        return ThreadStatus(
            thread_id=self._thread.thread_id,
            order_id=self._thread.order_id,
            seller_id=self._thread.seller_id,
            market=market.code if market else self._thread.market,
            currency=market.currency if market else "",
            languages=market.languages if market else (),
            state=self._m.state,
            due_at=schedule.due_at if schedule else None,
            working_hours_left=schedule.working_hours_left(workflow.now()) if schedule else None,
            unanswered=tuple(self._m.clock.unanswered),
            violations=tuple(self._m.violations),
            takeover_reason=self._m.takeover_reason,
            messages_received=self._m.received,
            replies_accepted=self._m.accepted,
            replies_refused=self._m.refused,
            last_message_at=self._m.last_message_at,
            as_of=workflow.now(),
            working_intervals=schedule.working_intervals if schedule else (),
            case_stage=self._m.case_stage,
            case_outcome=self._m.case_outcome,
            takeover_no=self._m.takeovers,
        )

    async def _queue_and_wait(self, payload: SellerReply | MarketChange) -> Any:
        arrival = Arrival(payload, workflow.now())
        self._inbox.append(arrival)
        await workflow.wait_condition(lambda: arrival.done)
        self._update_answered_in_this_task = workflow.info().get_current_history_length()
        if arrival.error is not None:
            raise arrival.error
        return arrival.result

    async def _apply(self, arrival: Arrival) -> None:
        payload = arrival.payload
        try:
            if isinstance(payload, BuyerMessage):
                await self._on_buyer_message(payload)
            elif isinstance(payload, SellerReply):
                arrival.result = await self._on_seller_reply(payload, arrival.at)
            elif isinstance(payload, Escalation):
                await self._on_escalation(payload)
            elif isinstance(payload, CaseProgress):
                self._m.case_stage, self._m.case_outcome = payload.stage, payload.outcome
            else:
                arrival.result = await self._on_market_change(payload)
        except ApplicationError as refused:  # refuses the update; the thread carries on
            if refused.type == "UnknownMarket" and self._m.market is None:
                # The thread's own market (its input) is one no worker knows: it can never have a
                # deadline. The typed client refuses that before starting; started raw, the run
                # ends here with the reason instead of living on without a clock (issue 9).
                raise refusal(
                    Refusal.UNKNOWN_MARKET, RULE[Refusal.UNKNOWN_MARKET], f"thread.market: {refused.message}"
                ) from None
            arrival.error = refused
        arrival.done = True

    async def _on_buyer_message(self, message: BuyerMessage) -> None:
        if message.message_id in self._m.seen:
            return
        now = workflow.now()
        if self._rules_2 and (message.received_at - now).total_seconds() > self._limits.clock_skew_s:
            # The client and the API refuse it (InstantInTheFuture); sent raw, it would start a
            # clock years away. Not marked seen: the same id with a true instant is taken.
            workflow.logger.warning(
                "buyer message %s dropped: received_at %s is ahead of the thread's clock",
                message.message_id,
                message.received_at,
            )
            return
        self._m.seen.add(message.message_id)
        self._m.received += 1
        BUYER_MESSAGES.add(market=self._m.market.code if self._m.market else self._thread.market)
        self._m.last_message_at = now
        if self._m.state == ThreadState.CLOSED:  # within REOPEN_WITHIN of the close: the thread goes on
            self._m.state, self._m.closed_at = ThreadState.AWAITING_BUYER, None
        # R1.2: a message received before the last accepted reply (delivered late, or again) was
        # answered by it: no clock (issue 15).
        answered = self._rules_2 and self._m.last_reply_at is not None and message.received_at <= self._m.last_reply_at
        if (
            self._m.state in (ThreadState.AWAITING_BUYER, ThreadState.AWAITING_SELLER)
            and not message.no_reply_needed
            and not answered
        ):
            waiting = UnansweredMessage(message_id=message.message_id, received_at=message.received_at)
            oldest_before = self._m.clock.unanswered[0] if self._m.clock.unanswered else None
            self._m.clock.unanswered = sorted([*self._m.clock.unanswered, waiting], key=lambda m: m.received_at)
            self._m.state = ThreadState.AWAITING_SELLER
            if self._m.clock.unanswered[0] is not oldest_before:  # R1.2: the clock runs from the oldest
                if self._version >= 2:
                    await self._take_message(message)
                    return
                await self._restart_clock()
        await self._ensure_market()
        await workflow.execute_local_activity(
            "record_buyer_message",
            BuyerMessageRecord(snapshot=self._snapshot(), message=message, at=workflow.now()),
            summary=f"record buyer message {message.message_id}",
            **LOCAL,
        )

    async def _take_message(self, message: BuyerMessage) -> None:
        """Version 2: the deadline the message starts and its record, in one local activity,
        which completes the snapshot's market and due fields from the schedule it computes."""
        code = self._m.market.code if self._m.market else self._thread.market
        snapshot = ThreadSnapshot(
            thread=self._thread,
            market=code,
            currency=self._m.market.currency if self._m.market else "",
            state=self._m.state,
            takeover_reason=self._m.takeover_reason,
            unanswered=tuple(self._m.clock.unanswered),
        )
        take = BuyerMessageTake(
            record=BuyerMessageRecord(snapshot=snapshot, message=message, at=workflow.now()),
            deadline=self._deadline_request(code),
        )
        summary = f"reply deadline and reminders (R1.1, R1.3); record buyer message {message.message_id}"
        self._apply_schedule(await self._market_activity("take_buyer_message", take, DeadlineSchedule, summary))

    async def _on_seller_reply(self, reply: SellerReply, arrived_at: datetime) -> ReplyVerdict:
        if reply.message_id in self._m.verdicts:
            return self._m.verdicts[reply.message_id]
        market = await self._ensure_market()
        now = workflow.now()
        sent_at = now
        if self._rules_2:
            # R5.3: once the platform has the thread, no later reply is accepted, however it was
            # queued (behind an escalation, or behind the seller's own second contact attempt).
            if self._m.state in (ThreadState.TAKEN_OVER, ThreadState.CLOSED):
                return await self._refuse_unscreened(
                    reply, THREAD_TAKEN_OVER if self._m.state == ThreadState.TAKEN_OVER else THREAD_CLOSED, now
                )
            # R1.4 judges a reply by when it reached the helpdesk, whichever the thread sees first.
            sent_at = reply.sent_at or arrived_at
            schedule = self._running_schedule
            if schedule is not None and sent_at > schedule.due_at:
                await self._breach(schedule)
                return await self._refuse_unscreened(reply, THREAD_TAKEN_OVER, now)
        screen = ScreenRequest(
            thread_id=self._thread.thread_id,
            seller_id=reply.seller_id,
            market=market.code,
            languages=market.languages,
            reply=reply,
            sent_at=now,
        )
        answers = tuple(m.message_id for m in self._m.clock.unanswered if m.received_at <= sent_at)
        # Version 2, and accepting it would leave no message waiting (no new clock to ask for):
        # screened and recorded in one local activity, with the record of either verdict.
        taken = self._version >= 2 and len(answers) == len(self._m.clock.unanswered)
        findings = tuple(
            await workflow.execute_local_activity(
                "take_reply",
                self._reply_take(screen, sent_at, answers),
                result_type=list[Finding],
                summary="screen reply (R2) and record it",
                **LOCAL,
            )
            if taken
            else await workflow.execute_local_activity(
                "screen_reply", screen, result_type=list[Finding], summary="screen reply (R2)", **LOCAL
            )
        )
        violations: list[ViolationRecord] = []
        answered: tuple[str, ...] = ()
        contact_attempt = False
        response_hours: float | None = None
        if findings:  # refused: kept for audit, the clock runs on (R2)
            self._m.refused += 1
            violations = [ViolationRecord(kind=kind, rule=rule, at=now) for kind, rule in violations_of(findings)]
            self._m.violations += violations
            contact_attempt = any(v.kind == ViolationKind.OFF_PLATFORM_CONTACT for v in violations)
            self._m.contact_attempts += contact_attempt
        else:  # R1.2: one accepted reply answers every buyer message received before it
            schedule = self._running_schedule
            response_hours = schedule.working_hours_used(sent_at) if schedule else None
            self._m.accepted += 1
            self._m.last_message_at = now
            if self._rules_2:
                self._m.last_reply_at = max(sent_at, self._m.last_reply_at or sent_at)
            answered = tuple(m.message_id for m in self._m.clock.unanswered if m.received_at <= sent_at)
            self._m.clock.unanswered = [m for m in self._m.clock.unanswered if m.received_at > sent_at]
            if self._m.clock.unanswered:
                await self._restart_clock()
            else:
                self._m.clock = Clock()
                self._m.state = ThreadState.AWAITING_BUYER
        verdict = ReplyVerdict(message_id=reply.message_id, accepted=not findings, findings=findings, answered=answered)
        REPLIES.add(
            outcome="accepted" if verdict.accepted else "refused",
            kind=findings[0].kind if findings else "none",
            market=market.code,
        )
        self._m.verdicts[reply.message_id] = verdict
        if not taken:
            await self._record_reply(reply, verdict, response_hours, now)
        if contact_attempt and self._m.contact_attempts >= 2:
            # R2.1: the second contact attempt in a thread is a terms violation; the platform takes over.
            terms = ViolationRecord(
                kind=ViolationKind.TERMS_VIOLATION,
                rule="R2.1",
                at=now,
                detail=f"contact attempt {self._m.contact_attempts}, reply {reply.message_id}",
                facts=StatementFacts.of_finding(
                    next(f for f in findings if f.kind == ViolationKind.OFF_PLATFORM_CONTACT), reply.message_id
                ),
            )
            await self._take_over(TakeoverReason.TERMS_VIOLATION, violations=[terms])
        return verdict

    def _reply_take(self, screen: ScreenRequest, sent_at: datetime, answers: tuple[str, ...]) -> ReplyTake:
        """The records of both verdicts, as the thread will be after each: accepted, it awaits the
        buyer with no clock (``taken`` asks that no message be left waiting); refused, it is as now."""
        now = screen.sent_at
        schedule = self._running_schedule
        current = self._snapshot()
        answered = current.model_copy(
            update={
                "state": ThreadState.AWAITING_BUYER,
                "reply_due_at": None,
                "unanswered": (),
                "working_hours_left": None,
            }
        )
        return ReplyTake(
            screen=screen,
            accepted=ReplyRecord(
                snapshot=answered,
                reply=screen.reply,
                sent_at=now,
                accepted=True,
                response_working_hours=schedule.working_hours_used(sent_at) if schedule else None,
                answered=answers,
            ),
            refused=ReplyRecord(snapshot=current, reply=screen.reply, sent_at=now, accepted=False),
        )

    async def _record_reply(
        self,
        reply: SellerReply,
        verdict: ReplyVerdict,
        response_hours: float | None,
        now: datetime,
    ) -> None:
        await workflow.execute_local_activity(
            "record_reply",
            ReplyRecord(
                snapshot=self._snapshot(),
                reply=reply,
                sent_at=now,
                accepted=verdict.accepted,
                findings=verdict.findings,
                violations=reply_violations(self._thread, reply.message_id, verdict.findings, now),
                response_working_hours=response_hours,
                answered=verdict.answered,
            ),
            summary="record reply" + ("; deliver to buyer" if verdict.accepted else " (refused)"),
            **LOCAL,
        )

    async def _refuse_unscreened(self, reply: SellerReply, finding: Finding, now: datetime) -> ReplyVerdict:
        """A reply the thread can no longer take (R5.3): refused without screening, kept (R2)."""
        self._m.refused += 1
        verdict = ReplyVerdict(message_id=reply.message_id, accepted=False, findings=(finding,))
        REPLIES.add(
            outcome="refused", kind=finding.kind, market=self._m.market.code if self._m.market else self._thread.market
        )
        self._m.verdicts[reply.message_id] = verdict
        await workflow.execute_local_activity(
            "record_reply",
            ReplyRecord(snapshot=self._snapshot(), reply=reply, sent_at=now, accepted=False, findings=verdict.findings),
            summary=f"record reply (refused: {finding.kind})",
            **LOCAL,
        )
        return verdict

    async def _on_escalation(self, escalation: Escalation) -> None:
        if escalation.escalation_id in self._m.escalations:
            return
        self._m.escalations.add(escalation.escalation_id)
        if escalation.reason not in ESCALATION_REASONS:
            workflow.logger.warning("escalation ignored: %s is decided by the clock, not raised", escalation.reason)
            return
        if not self._rules_2 and self._m.state in (ThreadState.TAKEN_OVER, ThreadState.CLOSED):
            workflow.logger.info("escalation %s on a thread already %s", escalation.escalation_id, self._m.state)
            return
        violations = self._escalation_violations(escalation)
        if self._m.state == ThreadState.TAKEN_OVER and self._m.case_stage != CaseStage.CLOSED:
            # R5.2/R5.4: the case that runs hears of it (a severe reason raises it to severe);
            # the thread keeps the violations it brings.
            self._m.violations += violations
            # Keyed by thread too: the backend's ids need only be unique within a thread (issue 15).
            keyed = f"{self._thread.thread_id}:{escalation.escalation_id}"
            await self._record_change([self._entry(v, f"{keyed}:{v.kind}") for v in violations])
            try:
                await workflow.get_external_workflow_handle(
                    takeover_workflow_id(self._thread.thread_id, self._m.takeovers)
                ).signal("escalated", escalation)
                return
            except ApplicationError:  # the case closed a moment ago: this escalation opens the next one
                violations = []  # recorded above
        if self._m.state == ThreadState.CLOSED:  # within REOPEN_WITHIN of the close: applied, the thread reopens
            self._m.closed_at = None
        await self._take_over(escalation.reason, violations=violations, escalation=escalation)

    def _escalation_violations(self, escalation: Escalation) -> list[ViolationRecord]:
        """R5.4: a severe reason is a severe violation; an escalated terms violation or denied
        return right is a terms violation (issue 15: recorded, not only the takeover)."""
        raised = f"{escalation.reason} raised by {escalation.raised_by} {escalation.raised_by_id}"
        facts = StatementFacts(escalation_reason=escalation.reason, raised_by=escalation.raised_by)
        if escalation.reason in SEVERE_REASONS:
            return [
                ViolationRecord(
                    kind=ViolationKind.SEVERE_VIOLATION, rule="R5.4", at=workflow.now(), detail=raised, facts=facts
                )
            ]
        if self._rules_2 and escalation.reason in (TakeoverReason.TERMS_VIOLATION, TakeoverReason.RETURN_RIGHTS_DENIED):
            return [
                ViolationRecord(
                    kind=ViolationKind.TERMS_VIOLATION, rule="R5.2", at=workflow.now(), detail=raised, facts=facts
                )
            ]
        return []

    async def _on_market_change(self, change: MarketChange) -> MarketProfile:
        market = await self._ensure_market()
        if self._rules_2 and self._m.order_currency is None:
            self._m.order_currency = market.currency  # R1.6: the order keeps the currency it was paid in …
        if change.market != market.code:
            if self._m.clock.unanswered:  # R1.6: from the original received_at, on the new calendar
                await self._restart_clock(market=change.market, keep_reminders=True)
            else:
                self._m.market = await self._market_activity("describe_market", change.market, MarketProfile)
            await self._record_change()
        assert self._m.market is not None
        if self._rules_2 and change.order_total is not None:  # … unless the backend repriced it in the new market
            self._m.order_total, self._m.order_currency = change.order_total, self._m.market.currency
        return self._m.market

    # -- effects -----------------------------------------------------------------------------------

    async def _ensure_market(self) -> MarketProfile:
        """The thread's market profile; usually it came with the first deadline, else ask once."""
        if self._m.market is None:
            self._m.market = await self._market_activity("describe_market", self._thread.market, MarketProfile)
        return self._m.market

    async def _market_activity(self, name: str, arg: Any, result_type: type, summary: str | None = None) -> Any:
        """A local activity on the worker's markets; an unknown market refuses the change, it
        does not fail the thread."""
        try:
            return await workflow.execute_local_activity(
                name, arg, result_type=result_type, summary=summary or _SUMMARIES[name], **LOCAL
            )
        except ActivityError as failed:
            cause = failed.cause
            if isinstance(cause, ApplicationError) and cause.type == "UnknownMarket":
                raise ApplicationError(cause.message, type="UnknownMarket", non_retryable=True) from None
            raise

    async def _restart_clock(self, market: str | None = None, keep_reminders: bool = False) -> None:
        """R1.1/R1.2/R1.6: the schedule of the oldest unanswered message, from a local activity.

        The schedule carries the market's profile as the worker computed with, so a thread learns
        its currency and languages from its first deadline without another activity.
        """
        code = market or (self._m.market.code if self._m.market else self._thread.market)
        schedule = await self._market_activity("compute_deadlines", self._deadline_request(code), DeadlineSchedule)
        self._apply_schedule(schedule, keep_reminders)

    def _deadline_request(self, market: str) -> DeadlineRequest:
        return self._limits.deadline_request(market, self._m.clock.unanswered[0].received_at)

    def _apply_schedule(self, schedule: DeadlineSchedule, keep_reminders: bool = False) -> None:
        self._m.clock.schedule = schedule
        self._m.market = schedule.market_profile
        if not keep_reminders:
            self._m.clock.reminders_sent = set()

    async def _take_over(
        self,
        reason: TakeoverReason,
        *,
        violations: list[ViolationRecord],
        escalation: Escalation | None = None,
        facts: StatementFacts | None = None,
    ) -> None:
        """R5.3: the thread belongs to the platform; the Takeover child does the rest. ``facts``: what
        the takeover's statement of reasons quotes (issue 20), by default its first violation's."""
        market = await self._ensure_market()
        self._m.state = ThreadState.TAKEN_OVER
        self._m.takeover_reason = reason
        # A thread taken over again after its case closed (issue 15) is a new case: number 2, its
        # own case, notices, violations and fees (R5.6: a handling fee per takeover).
        self._m.takeovers = self._m.takeovers + 1 if self._rules_2 else 1
        number = self._m.takeovers
        TAKEOVERS.add(reason=str(reason), market=market.code)
        self._m.case_stage = CaseStage.AWAITING_DECISION  # the Takeover tells every later stage
        self._m.violations += violations
        self._m.clock.schedule = None
        keyed = f"{self._thread.thread_id}:" if number == 1 else f"{self._thread.thread_id}:{number}:"
        await self._record_change([self._entry(v, f"{keyed}{v.kind}") for v in violations])
        try:
            await workflow.start_child_workflow(
                TAKEOVER,
                TakeoverStart(
                    thread=self._thread.model_copy(update={"order_total": self._m.order_total}),
                    reason=reason,
                    currency=market.currency,
                    market=market.code,
                    started_at=workflow.now(),
                    order_currency=self._m.order_currency or market.currency,
                    return_window=timedelta(days=self._limits.return_window_days),
                    return_transit=timedelta(days=self._limits.return_transit_days),
                    raised_by=escalation.raised_by if escalation else None,
                    raised_by_id=escalation.raised_by_id if escalation else None,
                    escalation_id=escalation.escalation_id if escalation else None,
                    takeover_no=number,
                    note=escalation.note if escalation else "",
                    facts=facts or next((v.facts for v in violations if v.facts is not None), None),
                ),
                id=takeover_workflow_id(self._thread.thread_id, number),
                # The case outlives this run: continue-as-new or the 30-day close must not end it.
                parent_close_policy=ParentClosePolicy.ABANDON,
                static_summary=f"Takeover of thread {self._thread.thread_id}: {reason}",
                search_attributes=TypedSearchAttributes(
                    [
                        SearchAttributePair(sa.SELLER_ID, self._thread.seller_id),
                        SearchAttributePair(sa.ORDER_ID, self._thread.order_id),
                        SearchAttributePair(sa.MARKET, market.code),
                        SearchAttributePair(sa.TAKEOVER_REASON, str(reason)),
                        SearchAttributePair(sa.CASE_STAGE, str(CaseStage.AWAITING_DECISION)),
                    ]
                ),
            )
        except WorkflowAlreadyStartedError:  # a thread that closed before issue 15 and was opened again
            workflow.logger.warning("takeover %s already running", takeover_workflow_id(self._thread.thread_id, number))

    async def _notify(
        self, recipient: Recipient, kind: str, key: str, payload: dict[str, Any], summary: str, at: datetime
    ) -> None:
        await workflow.execute_local_activity(
            "notify",
            Notice(thread_id=self._thread.thread_id, recipient=recipient, kind=kind, key=key, payload=payload, at=at),
            summary=summary,
            **LOCAL,
        )

    async def _record_change(self, violations: list[ViolationEntry] | None = None) -> None:
        await workflow.execute_local_activity(
            "record_thread",
            ThreadChange(
                snapshot=self._snapshot(),
                violations=tuple(violations or ()),
                at=workflow.now(),
                last_message_at=self._m.last_message_at,
            ),
            summary=f"record thread: {self._m.state}",
            **LOCAL,
        )

    def _entry(self, violation: ViolationRecord, key: str) -> ViolationEntry:
        return ViolationEntry(
            thread_id=self._thread.thread_id, seller_id=self._thread.seller_id, violation=violation, dedupe_key=key
        )

    def _snapshot(self) -> ThreadSnapshot:
        assert self._m.market is not None
        schedule = self._running_schedule
        return ThreadSnapshot(
            thread=self._thread,
            market=self._m.market.code,
            currency=self._m.market.currency,
            state=self._m.state,
            reply_due_at=schedule.due_at if schedule else None,
            takeover_reason=self._m.takeover_reason,
            unanswered=tuple(self._m.clock.unanswered) if self._m.state == ThreadState.AWAITING_SELLER else (),
            working_hours_left=schedule.working_hours_left(workflow.now()) if schedule else None,
        )

    def _upsert_search_attributes(self) -> None:
        """Ops filter on these (DESIGN.md); upserted only when a value changed, to keep history short."""
        schedule = self._running_schedule
        reason = self._m.takeover_reason
        wanted: dict[str, Any] = {
            sa.SELLER_ID.name: (sa.SELLER_ID, self._thread.seller_id),
            sa.ORDER_ID.name: (sa.ORDER_ID, self._thread.order_id),
            sa.MARKET.name: (sa.MARKET, self._m.market.code if self._m.market else self._thread.market),
            sa.THREAD_STATE.name: (sa.THREAD_STATE, str(self._m.state)),
            sa.REPLY_DUE_AT.name: (sa.REPLY_DUE_AT, schedule.due_at if schedule else None),
            sa.TAKEOVER_REASON.name: (sa.TAKEOVER_REASON, str(reason) if reason else None),
            sa.CASE_STAGE.name: (sa.CASE_STAGE, str(self._m.case_stage) if self._m.case_stage else None),
        }
        updates: list[SearchAttributeUpdate[Any]] = []
        for name, (key, value) in wanted.items():
            if self._search_attributes.get(name, _UNSET) == value:
                continue
            self._search_attributes[name] = value
            updates.append(key.value_set(value) if value is not None else key.value_unset())
        if updates:
            workflow.upsert_search_attributes(updates)

    def _carry(self) -> ThreadCarry:
        return self._m.to_carry()


_UNSET = object()
_SUMMARIES = {
    "describe_market": "market profile (R1.6)",
    "compute_deadlines": "reply deadline and reminders (R1.1, R1.3)",
}


def _refusal(finding: Finding, message: str) -> ApplicationError:
    """An update refusal the client turns back into a refused ``ReplyVerdict``."""
    return refusal(finding.kind, finding.rule, message, finding.model_dump())
