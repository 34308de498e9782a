"""The thread's record in the store: threads, messages, verdicts, violations, and their events.

Run as local activities by the workflows (short, idempotent writes next to the worker). Every
write is keyed (message id, violation dedupe key, event key), so a retry, a replay or a
worker killed mid-activity never writes a fact twice and never loses one. The event a fact owes
someone (the reply to the buyer, the message to the seller) is written in the fact's own
transaction (activities/events.py).
"""

from __future__ import annotations

from datetime import datetime

from pydantic import ValidationError
from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity
from temporalio.exceptions import ApplicationError

from activities.events import EventWriter, ThreadIds
from activities.statements import Sanction, StatementWriter
from contract.facts import StatementFacts
from contract.records import BuyerMessageRecord, Notice, ReplyRecord, ThreadChange, ThreadSnapshot, ViolationEntry
from contract.statements import violation_sanction_id
from events.schema import EVENT_TYPES, BuyerMessageReceived, LegacyNotice, ReplyDelivered, ReplyRefused, ThreadClosed
from rules.findings import Finding
from rules.kinds import Direction, Recipient, SanctionKind, ThreadState
from rules.screening.autoreply import fingerprint
from store import repository
from store.db import reading, transaction
from store.models import Message


def _upsert(session: Session, snapshot: ThreadSnapshot) -> None:
    thread = snapshot.thread
    repository.upsert_thread(
        session,
        thread_id=thread.thread_id,
        order_id=thread.order_id,
        seller_id=thread.seller_id,
        buyer_id=thread.buyer_id,
        market=snapshot.market,
        currency=snapshot.currency,
        state=snapshot.state,
        reply_due_at=snapshot.reply_due_at,
        takeover_reason=snapshot.takeover_reason,
        unanswered=[message.model_dump(mode="json") for message in snapshot.unanswered],
    )


def record_violation(
    session: Session, entry: ViolationEntry, statements: StatementWriter, thread: ThreadIds, issued_at: datetime
) -> None:
    """The violation, and its statement of reasons to the seller (issue 20), in the caller's transaction."""
    violation = entry.violation
    recorded = repository.record_violation(
        session,
        dedupe_key=entry.dedupe_key,
        seller_id=entry.seller_id,
        kind=violation.kind,
        rule=violation.rule,
        occurred_at=violation.at,
        thread_id=entry.thread_id,
        detail={"detail": violation.detail} if violation.detail else {},
    )
    statements.issue(
        session,
        Sanction(
            kind=SanctionKind.VIOLATION,
            sanction_id=violation_sanction_id(entry.dedupe_key),
            seller_id=entry.seller_id,
            thread_id=entry.thread_id,
            rule=violation.rule,
            occurred_at=recorded.row.occurred_at,
            facts=violation.facts or StatementFacts(),
            violation_kind=violation.kind,
            key=entry.dedupe_key,
            issued_at=issued_at,
        ),
        thread=thread,
    )


def _ids(snapshot: ThreadSnapshot) -> ThreadIds:
    thread = snapshot.thread
    return ThreadIds(
        order_id=thread.order_id, seller_id=thread.seller_id, buyer_id=thread.buyer_id, market=snapshot.market
    )


def _now() -> datetime:
    return activity.info().current_attempt_scheduled_time


class _AlreadyRecorded(Exception):
    """An earlier attempt recorded this reply (``record_reply_once``)."""


class RecordActivities:
    """Bound to the store's session factory and the event writer by the worker."""

    def __init__(self, sessions: sessionmaker[Session], events: EventWriter, statements: StatementWriter) -> None:
        self._sessions = sessions
        self._events = events
        self._statements = statements

    @activity.defn(name="record_thread")
    def record_thread(self, change: ThreadChange) -> None:
        """The read model's thread row (R3.2 Discussions read it) and the violations of the change;
        a closed thread is told to its seller and buyer."""
        snapshot = change.snapshot
        with transaction(self._sessions) as session:
            _upsert(session, snapshot)
            for entry in change.violations:
                record_violation(session, entry, self._statements, _ids(snapshot), change.at or _now())
            if snapshot.state == ThreadState.CLOSED:
                at = change.at or _now()
                closed = ThreadClosed(closed_at=at, last_message_at=change.last_message_at or at)
                for recipient in (Recipient.SELLER, Recipient.BUYER):
                    self._events.thread_event(
                        session,
                        thread_id=snapshot.thread.thread_id,
                        event_type="thread.closed",
                        recipient=recipient,
                        # by the last message, not the instant: a close in a workflow task that never
                        # completed is made again, a moment later, by the next one
                        key=f"closed-after:{closed.last_message_at.isoformat()}",
                        occurred_at=at,
                        data=closed,
                        thread=_ids(snapshot),
                    )

    @activity.defn(name="record_buyer_message")
    def record_buyer_message(self, record: BuyerMessageRecord) -> bool:
        """Keep the buyer's message and pass it on: to the seller, or to ops once the platform has
        the thread (R5.3); False when the message id was already recorded."""
        snapshot, message = record.snapshot, record.message
        thread_id = snapshot.thread.thread_id
        with transaction(self._sessions) as session:
            _upsert(session, snapshot)
            created = repository.record_message(
                session,
                message_id=message.message_id,
                thread_id=thread_id,
                direction=Direction.BUYER,
                body=message.text,
                received_at=message.received_at,
                no_reply_needed=message.no_reply_needed,
            ).created
            owes_reply = snapshot.state == ThreadState.AWAITING_SELLER and not message.no_reply_needed
            self._events.thread_event(
                session,
                thread_id=thread_id,
                event_type="buyer_message.received",
                recipient=Recipient.OPS if snapshot.state == ThreadState.TAKEN_OVER else Recipient.SELLER,
                key=message.message_id,
                occurred_at=record.at or message.received_at,
                thread=_ids(snapshot),
                data=BuyerMessageReceived(
                    message_id=message.message_id,
                    text=message.text,
                    received_at=message.received_at,
                    no_reply_needed=message.no_reply_needed,
                    reply_due_at=snapshot.reply_due_at if owes_reply else None,
                    working_hours_left=snapshot.working_hours_left if owes_reply else None,
                ),
            )
            return created

    @activity.defn(name="record_reply")
    def record_reply(self, record: ReplyRecord) -> None:
        """Keep a screened reply with its verdict; deliver an accepted one through the outbox (R3.1)."""
        with transaction(self._sessions) as session:
            self._write_reply(session, record, first_only=False)

    def record_reply_once(self, record: ReplyRecord) -> list[Finding] | None:
        """``take_reply``'s record, where the first verdict stands: None when this call recorded the
        reply; else (an attempt before this one recorded it) the findings that attempt stored, and
        nothing written. A retried ``take_reply`` screens again, and R2.2's count of the seller's
        recent replies may have moved in between: the thread must act on the verdict the buyer got."""
        try:
            with transaction(self._sessions) as session:
                if not self._write_reply(session, record, first_only=True):
                    raise _AlreadyRecorded  # rolls back this transaction's thread row
        except _AlreadyRecorded:
            with reading(self._sessions) as session:
                stored = session.get(
                    Message, (record.snapshot.thread.thread_id, record.reply.message_id), populate_existing=True
                )
                assert stored is not None
                return [Finding.model_validate(finding) for finding in stored.refusal or []]
        return None

    def _write_reply(self, session: Session, record: ReplyRecord, *, first_only: bool) -> bool:
        reply = record.reply
        thread_id = record.snapshot.thread.thread_id
        _upsert(session, record.snapshot)
        created = repository.record_seller_reply(
            session,
            message_id=reply.message_id,
            thread_id=thread_id,
            body=reply.text,
            sent_at=record.sent_at,
            accepted=record.accepted,
            findings=[finding.model_dump() for finding in record.findings],
            auto_reply_flag=reply.auto_reply,
            response_working_hours=record.response_working_hours,
        ).created
        if first_only and not created:
            return False
        # R2.2 compares later replies with this one, refused or not: it was sent.
        repository.record_fingerprint(
            session,
            message_id=reply.message_id,
            seller_id=reply.seller_id,
            thread_id=thread_id,
            fingerprint=fingerprint(reply.text),
            sent_at=record.sent_at,
        )
        if record.accepted:  # R3.1: the buyer gets it through the helpdesk, and only so
            self._events.thread_event(
                session,
                thread_id=thread_id,
                event_type="reply.delivered",
                recipient=Recipient.BUYER,
                key=reply.message_id,
                occurred_at=record.sent_at,
                thread=_ids(record.snapshot),
                data=ReplyDelivered(
                    message_id=reply.message_id, text=reply.text, sent_at=record.sent_at, answers=record.answered
                ),
            )
        else:  # R2: the seller is told which rule refused it and what was found where
            self._events.thread_event(
                session,
                thread_id=thread_id,
                event_type="reply.refused",
                recipient=Recipient.SELLER,
                key=reply.message_id,
                occurred_at=record.sent_at,
                thread=_ids(record.snapshot),
                data=ReplyRefused(
                    message_id=reply.message_id,
                    text=reply.text,
                    sent_at=record.sent_at,
                    findings=record.findings,
                    violations=tuple(entry.violation.kind for entry in record.violations),
                    reply_due_at=record.snapshot.reply_due_at,
                    working_hours_left=record.snapshot.working_hours_left,
                ),
            )
        for entry in record.violations:  # after the refusal: the seller reads what was refused, then the statement
            record_violation(session, entry, self._statements, _ids(record.snapshot), record.sent_at)
        return True

    @activity.defn(name="notify")
    def notify(self, notice: Notice) -> None:
        """One event a workflow decided (a reminder, a takeover notice …), once per key."""
        if notice.thread_id is None:
            raise ApplicationError(f"notice {notice.kind}: no thread", type="InvalidNotice", non_retryable=True)
        if notice.kind in EVENT_TYPES:
            event_type = notice.kind
            try:
                data = EVENT_TYPES[event_type].data.model_validate(notice.payload)
            except ValidationError as invalid:
                raise ApplicationError(
                    f"notice {notice.kind}: {invalid}", type="InvalidNotice", non_retryable=True
                ) from None
        else:  # a kind of a workflow scheduled before events existed: kept, not lost
            event_type, data = "legacy.notice", LegacyNotice(kind=notice.kind, payload=notice.payload)
        at = notice.at or _now()
        with transaction(self._sessions) as session:
            self._events.thread_event(
                session,
                thread_id=notice.thread_id,
                event_type=event_type,
                recipient=notice.recipient,
                key=notice.key,
                occurred_at=at,
                data=data,
            )
