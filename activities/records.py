"""The thread's record in the store: threads, messages, verdicts, violations, the outbox.

Run as local activities by the workflows (short, idempotent writes next to the worker). Every
write is keyed (message id, violation dedupe key, outbox key), so a retry, a replay or a
worker killed mid-activity never writes a fact twice and never loses one.
"""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker
from temporalio import activity

from rules.autoreply import fingerprint
from rules.kinds import Direction, Recipient
from rules.records import BuyerMessageRecord, Notice, ReplyRecord, ThreadChange, ThreadSnapshot, ViolationEntry
from store import repository
from store.db import transaction


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


def _violation(session: Session, entry: ViolationEntry) -> None:
    repository.record_violation(
        session,
        dedupe_key=entry.dedupe_key,
        seller_id=entry.seller_id,
        kind=entry.violation.kind,
        rule=entry.violation.rule,
        occurred_at=entry.violation.at,
        thread_id=entry.thread_id,
        detail={"detail": entry.violation.detail} if entry.violation.detail else {},
    )


class RecordActivities:
    """Bound to the store's session factory by the worker."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    @activity.defn(name="record_thread")
    def record_thread(self, change: ThreadChange) -> None:
        """The read model's thread row (R3.2 Discussions read it) and the violations of the change."""
        with transaction(self._sessions) as session:
            _upsert(session, change.snapshot)
            for entry in change.violations:
                _violation(session, entry)

    @activity.defn(name="record_buyer_message")
    def record_buyer_message(self, record: BuyerMessageRecord) -> bool:
        """Keep the buyer's message; False when the message id was already recorded."""
        with transaction(self._sessions) as session:
            _upsert(session, record.snapshot)
            message = record.message
            return repository.record_message(
                session,
                message_id=message.message_id,
                thread_id=record.snapshot.thread.thread_id,
                direction=Direction.BUYER,
                body=message.text,
                received_at=message.received_at,
                no_reply_needed=message.no_reply_needed,
            ).created

    @activity.defn(name="record_reply")
    def record_reply(self, record: ReplyRecord) -> None:
        """Keep a screened reply with its verdict; deliver an accepted one through the outbox (R3.1)."""
        reply = record.reply
        thread_id = record.snapshot.thread.thread_id
        with transaction(self._sessions) as session:
            _upsert(session, record.snapshot)
            repository.record_seller_reply(
                session,
                message_id=reply.message_id,
                thread_id=thread_id,
                body=reply.text,
                sent_at=record.sent_at,
                accepted=record.accepted,
                findings=[finding.model_dump() for finding in record.findings],
                auto_reply_flag=reply.auto_reply,
                response_working_hours=record.response_working_hours,
            )
            # R2.2 compares later replies with this one, refused or not: it was sent.
            repository.record_fingerprint(
                session,
                message_id=reply.message_id,
                seller_id=reply.seller_id,
                thread_id=thread_id,
                fingerprint=fingerprint(reply.text),
                sent_at=record.sent_at,
            )
            for entry in record.violations:
                _violation(session, entry)
            if record.accepted:
                repository.enqueue_outbox(
                    session,
                    message_id=reply.message_id,
                    recipient=Recipient.BUYER,
                    kind="seller_reply",
                    payload={"thread_id": thread_id},
                    thread_id=thread_id,
                )

    @activity.defn(name="notify")
    def notify(self, notice: Notice) -> None:
        """Owe one notification (reminder, takeover notice …) through the outbox, once per key."""
        with transaction(self._sessions) as session:
            repository.enqueue_outbox(
                session,
                message_id=notice.key,
                recipient=notice.recipient,
                kind=notice.kind,
                payload=notice.payload,
                thread_id=notice.thread_id,
            )
