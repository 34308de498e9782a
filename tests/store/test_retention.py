"""Retention and erasure in the store (issue 19), on SQLite and PostgreSQL: the personal texts of a
thread go once its period is over (each kind after its own), what the audit needs stays, and a
second pass removes nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from activities.events import EventWriter
from events.schema import (
    EVENT_TYPES,
    BuyerMessageReceived,
    CaseDecided,
    ReplyDelivered,
    ReplyRefused,
    ThreadClosed,
    ThreadTakenOver,
    parse_event,
)
from rules.findings import Finding
from rules.kinds import CostKind, OpsOutcome, Recipient, TakeoverReason, ThreadState, ViolationKind
from rules.markets import MarketRegistry
from store import repository as repo
from store.db import transaction
from store.models import (
    DataAccess,
    EventRecord,
    InboundMessage,
    LedgerEntry,
    Message,
    OpsCase,
    Refund,
    ReplyFingerprint,
    ReturnLabel,
    SellerFlag,
    Thread,
    Violation,
)
from store.repository.personal_data import (
    REMOVED_MARK,
    TEXT_EVENT_TYPES,
    RemovedCounts,
    RetentionKind,
    remove_thread_texts,
    sweep,
)

if TYPE_CHECKING:
    from conftest import Database

NOW = datetime(2027, 6, 1, 12, 0, tzinfo=UTC)
LONG_AGO = NOW - timedelta(days=100)
LATELY = NOW - timedelta(days=10)
DAYS_90 = timedelta(days=90)
WRITER = EventWriter(MarketRegistry.from_overrides())
SECRET = "Appelez-moi au 06 12 34 56 78"

ONE_FULL_THREAD = RemovedCounts(
    message_bodies=3,
    refusal_texts=1,
    fingerprints=1,
    event_documents=5,
    case_notes=1,
    inbound_messages=1,
    threads=1,
)
"""What removing one ``full_thread`` counts: its texts in six kinds of record, and the thread's mark."""


def full_thread(
    session: Session,
    thread_id: str,
    *,
    state: ThreadState = ThreadState.CLOSED,
    updated_at: datetime = LONG_AGO,
    decided: bool = True,
) -> None:
    """A thread with every kind of record: a buyer message, an accepted and a refused reply, a
    fingerprint, events with texts, notes and findings, a decided (or undecided) case with a note,
    an inbound copy, a violation, a charge, a refund, a label and a flag."""
    at = updated_at - timedelta(days=5)
    repo.upsert_thread(
        session,
        thread_id=thread_id,
        order_id=f"O-{thread_id}",
        seller_id="S-1",
        buyer_id=f"B-{thread_id}",
        market="FR",
        currency="EUR",
        state=state,
    )
    repo.record_message(
        session, message_id="M-1", thread_id=thread_id, direction="buyer", body="Est-il débloqué ?", received_at=at
    )
    repo.record_seller_reply(
        session,
        message_id="R-1",
        thread_id=thread_id,
        body="Oui, il est débloqué.",
        sent_at=at + timedelta(hours=1),
        accepted=True,
        response_working_hours=1.0,
    )
    finding = Finding(rule="R2.1", kind="contact_outside_platform", text="06 12 34 56 78", start=15, end=29)
    repo.record_seller_reply(
        session,
        message_id="R-2",
        thread_id=thread_id,
        body=SECRET,
        sent_at=at + timedelta(hours=2),
        accepted=False,
        findings=[finding.model_dump()],
    )
    repo.record_fingerprint(
        session, message_id="R-1", seller_id="S-1", thread_id=thread_id, fingerprint="oui il est debloque", sent_at=at
    )
    events: list[tuple[str, Recipient, str, Any]] = [
        (
            "buyer_message.received",
            Recipient.SELLER,
            "M-1",
            BuyerMessageReceived(
                message_id="M-1",
                text="Est-il débloqué ?",
                received_at=at,
                no_reply_needed=False,
                reply_due_at=None,
                working_hours_left=None,
            ),
        ),
        (
            "reply.delivered",
            Recipient.BUYER,
            "R-1",
            ReplyDelivered(message_id="R-1", text="Oui, il est débloqué.", sent_at=at, answers=("M-1",)),
        ),
        (
            "reply.refused",
            Recipient.SELLER,
            "R-2",
            ReplyRefused(
                message_id="R-2",
                text=SECRET,
                sent_at=at,
                findings=(finding,),
                violations=(ViolationKind.OFF_PLATFORM_CONTACT,),
                reply_due_at=None,
                working_hours_left=None,
            ),
        ),
        (
            "thread.taken_over",
            Recipient.SELLER,
            "takeover-1",
            ThreadTakenOver(
                reason=TakeoverReason.QUALITY_DISPUTE,
                rule="R5.2",
                severe=False,
                takeover_no=1,
                raised_by=None,
                escalation_id="E-1",
                note="L'acheteur dit que l'écran est cassé",
            ),
        ),
        (
            "case.decided",
            Recipient.OPS,
            "decided-1",
            CaseDecided(
                outcome=OpsOutcome.REFUND,
                takeover_no=1,
                decided_by="ops-anna",
                by_rule=None,
                note="Photos de l'écran reçues de Mme Dupont",
                refund=None,
            ),
        ),
        ("thread.closed", Recipient.SELLER, "closed", ThreadClosed(closed_at=at, last_message_at=at)),
    ]
    for event_type, recipient, key, data in events:
        WRITER.thread_event(
            session,
            thread_id=thread_id,
            event_type=event_type,
            recipient=recipient,
            key=key,
            occurred_at=at,
            data=data,
        )
    repo.open_ops_case(session, thread_id=thread_id, takeover_no=1, reason=TakeoverReason.QUALITY_DISPUTE, opened_at=at)
    if decided:
        repo.decide_ops_case(
            session,
            thread_id,
            1,
            outcome=OpsOutcome.REFUND,
            decided_by="ops-anna",
            decided_at=at + timedelta(days=1),
            note="Photos de l'écran reçues de Mme Dupont",
        )
    repo.accept_inbound(
        session,
        message_id="M-1",
        thread_id=thread_id,
        payload={"thread": {"thread_id": thread_id}, "message": {"text": "Est-il débloqué ?"}},
    )
    repo.mark_handed_over(session, thread_id, "M-1", at=at)
    repo.record_violation(
        session,
        dedupe_key=f"R2.1:{thread_id}:R-2",
        seller_id="S-1",
        kind=ViolationKind.OFF_PLATFORM_CONTACT,
        rule="R2.1",
        occurred_at=at,
        thread_id=thread_id,
    )
    repo.add_ledger_entry(
        session,
        seller_id="S-1",
        thread_id=thread_id,
        takeover_no=1,
        cost_kind=CostKind.HANDLING_FEE,
        amount=Decimal("15.00"),
        currency="EUR",
    )
    repo.record_refund(
        session,
        request_key=f"refund:{thread_id}:1",
        refund_id=f"RF-{thread_id}",
        thread_id=thread_id,
        takeover_no=1,
        order_id=f"O-{thread_id}",
        provider="fake",
        amount=Decimal("100.00"),
        currency="EUR",
        refunded_at=at,
    )
    repo.record_label(
        session,
        request_key=f"label:{thread_id}:1",
        label_id=f"L-{thread_id}",
        thread_id=thread_id,
        takeover_no=1,
        carrier="fake",
        tracking_number="TRK-1",
        ship_to="buyer",
        issued_at=at,
    )
    repo.flag_seller(
        session, seller_id="S-1", thread_id=thread_id, reason=TakeoverReason.QUALITY_DISPUTE, flagged_at=at
    )
    closed_at(session, thread_id, updated_at)


def closed_at(session: Session, thread_id: str, when: datetime) -> None:
    """The projection's last write (its closing) at ``when``."""
    session.execute(update(Thread).where(Thread.thread_id == thread_id).values(updated_at=when))


def audit_record(session: Session) -> dict[str, list[tuple[Any, ...]]]:
    """Everything the audit keeps, whatever retention does."""

    def rows(model: type[Any], *columns: Any) -> list[tuple[Any, ...]]:
        return sorted(tuple(row) for row in session.execute(select(*columns)).all())

    def finding_positions(refusal: Any) -> Any:
        return [(f["rule"], f["kind"], f["start"], f["end"], f.get("detail", "")) for f in refusal or []]

    return {
        "violations": rows(Violation, Violation.thread_id, Violation.kind, Violation.rule, Violation.occurred_at),
        "ledger": rows(LedgerEntry, LedgerEntry.thread_id, LedgerEntry.cost_kind, LedgerEntry.amount),
        "refunds": rows(Refund, Refund.refund_id, Refund.amount, Refund.refunded_at),
        "labels": rows(ReturnLabel, ReturnLabel.label_id, ReturnLabel.tracking_number, ReturnLabel.issued_at),
        "flags": rows(SellerFlag, SellerFlag.seller_id, SellerFlag.thread_id, SellerFlag.reason),
        "cases": rows(
            OpsCase, OpsCase.thread_id, OpsCase.reason, OpsCase.outcome, OpsCase.decided_by, OpsCase.decided_at
        ),
        "messages": sorted(
            (m.thread_id, m.message_id, m.direction, m.received_at, m.accepted, m.response_working_hours)
            + tuple(finding_positions(m.refusal))
            for m in session.scalars(select(Message))
        ),
        "events": rows(EventRecord, EventRecord.position, EventRecord.event_id, EventRecord.type),
        "threads": rows(Thread, Thread.thread_id, Thread.state, Thread.updated_at),
    }


def texts_of(session: Session, thread_id: str) -> dict[str, Any]:
    """Every personal text the store keeps of a thread."""
    messages = list(session.scalars(select(Message).where(Message.thread_id == thread_id)))
    documents = [e.document for e in session.scalars(select(EventRecord).where(EventRecord.thread_id == thread_id))]
    data = [d["data"] for d in documents]
    return {
        "bodies": sorted(m.body for m in messages if m.body),
        "finding_texts": [f["text"] for m in messages for f in m.refusal or [] if f["text"]],
        "fingerprints": len(list(session.scalars(select(ReplyFingerprint).filter_by(thread_id=thread_id)))),
        "event_texts": sorted(d[k] for d in data for k in ("text", "note") if d.get(k)),
        "event_finding_texts": [f["text"] for d in data for f in d.get("findings", []) if f["text"]],
        "case_notes": [c.note for c in session.scalars(select(OpsCase).filter_by(thread_id=thread_id)) if c.note],
        "inbound": len(list(session.scalars(select(InboundMessage).filter_by(thread_id=thread_id)))),
    }


NOTHING_LEFT = {
    "bodies": [],
    "finding_texts": [],
    "fingerprints": 0,
    "event_texts": [],
    "event_finding_texts": [],
    "case_notes": [],
    "inbound": 0,
}


def sweep_all(
    database: Database, kind: RetentionKind, older_than: timedelta, limit: int = 100, now: datetime = NOW
) -> RemovedCounts:
    """Batches of ``kind`` until none is left, as the retention workflow runs them."""
    total = RemovedCounts()
    for _ in range(1000):
        with transaction(database.factory) as session:
            swept = sweep(session, kind, now=now, older_than=older_than, limit=limit)
        total += swept.removed
        if swept.done:
            return total
    raise AssertionError("the sweep never ended")


# -- remove_thread_texts: erasure and the end of every period --------------------------------------


def test_removing_a_threads_texts_empties_every_text_and_keeps_what_the_audit_needs(database: Database) -> None:
    with transaction(database.factory) as session:
        full_thread(session, "T-1")
        full_thread(session, "T-2")
        before = audit_record(session)
    with transaction(database.factory) as session:
        counts = remove_thread_texts(session, ["T-1"], NOW)
    assert counts == ONE_FULL_THREAD
    with database.factory() as session:
        assert texts_of(session, "T-1") == NOTHING_LEFT
        assert texts_of(session, "T-2") != NOTHING_LEFT
        assert audit_record(session) == before
        refused = session.get(Message, ("T-1", "R-2"))
        assert refused is not None and refused.refusal == [
            {"rule": "R2.1", "kind": "contact_outside_platform", "text": "", "start": 15, "end": 29, "detail": ""}
        ]
        case = session.get(OpsCase, ("T-1", 1))
        assert case is not None and case.note == "" and case.outcome == OpsOutcome.REFUND
        thread = session.get(Thread, "T-1")
        assert thread is not None and thread.personal_data_removed_at == NOW and thread.updated_at == LONG_AGO
        for record in session.scalars(select(EventRecord).where(EventRecord.thread_id == "T-1")):
            carries_text = record.type in TEXT_EVENT_TYPES
            assert record.document.get(REMOVED_MARK, False) is carries_text
            assert (
                parse_event({**record.document, "cursor": str(record.position)}).personal_data_removed is carries_text
            )


def test_removing_a_threads_texts_twice_changes_nothing_the_second_time(database: Database) -> None:
    with transaction(database.factory) as session:
        full_thread(session, "T-1")
    with transaction(database.factory) as session:
        remove_thread_texts(session, ["T-1", "T-1"], NOW)
    with database.factory() as session:
        first = (
            audit_record(session),
            texts_of(session, "T-1"),
            [e.document for e in session.scalars(select(EventRecord))],
        )
    with transaction(database.factory) as session:
        assert remove_thread_texts(session, ["T-1"], NOW + timedelta(days=1)) == RemovedCounts()
    with database.factory() as session:
        again = (
            audit_record(session),
            texts_of(session, "T-1"),
            [e.document for e in session.scalars(select(EventRecord))],
        )
        thread = session.get(Thread, "T-1")
        assert thread is not None and thread.personal_data_removed_at == NOW
    assert again == first


# -- retention: each kind after its period ---------------------------------------------------------


def test_retention_removes_texts_only_of_threads_closed_longer_than_the_period_with_every_case_ended(
    database: Database,
) -> None:
    with transaction(database.factory) as session:
        full_thread(session, "T-old")
        full_thread(session, "T-recent", updated_at=LATELY)
        full_thread(session, "T-open", state=ThreadState.AWAITING_SELLER)
        full_thread(session, "T-undecided", decided=False)
        before = audit_record(session)
        kept = {t: texts_of(session, t) for t in ("T-recent", "T-open", "T-undecided")}
    removed = {kind: sweep_all(database, kind, DAYS_90) for kind in (RetentionKind.MESSAGES, RetentionKind.EVENTS)}
    assert removed == {
        RetentionKind.MESSAGES: RemovedCounts(message_bodies=3, refusal_texts=1, fingerprints=1),
        RetentionKind.EVENTS: RemovedCounts(event_documents=5),
    }
    with database.factory() as session:
        assert texts_of(session, "T-old") == {
            **NOTHING_LEFT,
            "case_notes": ["Photos de l'écran reçues de Mme Dupont"],  # its own, longer period
            "inbound": 1,  # counted from its hand-over, by its own sweep
        }
        assert {t: texts_of(session, t) for t in kept} == kept
        assert audit_record(session) == before
        thread = session.get(Thread, "T-old")
        assert thread is not None and thread.personal_data_removed_at is None  # not every period is over


def test_case_notes_go_after_their_own_period(database: Database) -> None:
    with transaction(database.factory) as session:
        full_thread(session, "T-old")
        full_thread(session, "T-older", updated_at=NOW - timedelta(days=400))
    assert sweep_all(database, RetentionKind.CASE_NOTES, timedelta(days=365)) == RemovedCounts(case_notes=1)
    with database.factory() as session:
        assert texts_of(session, "T-older")["case_notes"] == []
        assert texts_of(session, "T-old")["case_notes"] == ["Photos de l'écran reçues de Mme Dupont"]
        assert texts_of(session, "T-older")["bodies"]  # the other kinds are their sweeps' business


def test_once_every_period_is_over_a_thread_loses_every_text_and_is_marked(database: Database) -> None:
    with transaction(database.factory) as session:
        full_thread(session, "T-old")
        full_thread(session, "T-recent", updated_at=LATELY)
    assert sweep_all(database, RetentionKind.THREADS, DAYS_90) == ONE_FULL_THREAD
    with database.factory() as session:
        assert texts_of(session, "T-old") == NOTHING_LEFT
        assert texts_of(session, "T-recent") != NOTHING_LEFT


def test_a_second_retention_run_removes_nothing(database: Database) -> None:
    with transaction(database.factory) as session:
        full_thread(session, "T-old")
        repo.record_access(session, role="ops", token_id="ops-1", action="thread.read", at=NOW - timedelta(days=800))
    for _ in range(2):
        totals = RemovedCounts()
        for kind in RetentionKind:
            totals += sweep_all(database, kind, DAYS_90)
    assert totals == RemovedCounts()


def test_a_sweep_goes_in_batches_and_resumes_where_it_stopped(database: Database) -> None:
    with transaction(database.factory) as session:
        for n in range(5):
            full_thread(session, f"T-{n}")
    batches = []
    for _ in range(4):
        with transaction(database.factory) as session:
            swept = sweep(session, RetentionKind.MESSAGES, now=NOW, older_than=DAYS_90, limit=2)
        batches.append((swept.removed.message_bodies, swept.done))
        if swept.done:
            break
    assert batches == [(6, False), (6, False), (3, True)]  # 2 threads of 3 messages, 2, then the last one


def test_a_thread_reopened_after_its_texts_went_is_swept_again_when_it_closes_again(database: Database) -> None:
    with transaction(database.factory) as session:
        full_thread(session, "T-1", updated_at=NOW - timedelta(days=400))
    first_run = NOW - timedelta(days=200)
    sweep_all(database, RetentionKind.THREADS, DAYS_90, now=first_run)
    with transaction(database.factory) as session:
        repo.record_message(
            session, message_id="M-2", thread_id="T-1", direction="buyer", body="Encore moi", received_at=LONG_AGO
        )
        closed_at(session, "T-1", LONG_AGO)  # reopened after the first run, closed again 100 days ago
    assert sweep_all(database, RetentionKind.MESSAGES, DAYS_90) == RemovedCounts(message_bodies=1)
    assert sweep_all(database, RetentionKind.THREADS, DAYS_90) == RemovedCounts(threads=1)
    with database.factory() as session:
        thread = session.get(Thread, "T-1")
        assert thread is not None and thread.personal_data_removed_at == NOW


def test_inbound_copies_go_a_period_after_their_hand_over_and_never_before(database: Database) -> None:
    with transaction(database.factory) as session:
        for message_id, handed_over_at in (
            ("M-1", NOW - timedelta(days=8)),
            ("M-2", NOW - timedelta(days=1)),
            ("M-3", None),
        ):
            repo.accept_inbound(session, message_id=message_id, thread_id="T-api", payload={"message": {"text": "?"}})
            if handed_over_at is not None:
                repo.mark_handed_over(session, "T-api", message_id, at=handed_over_at)
    assert sweep_all(database, RetentionKind.INBOUND, timedelta(days=7), limit=1) == RemovedCounts(inbound_messages=1)
    with database.factory() as session:
        assert sorted(session.scalars(select(InboundMessage.message_id))) == ["M-2", "M-3"]


def test_the_read_audit_goes_a_period_after_the_read(database: Database) -> None:
    with transaction(database.factory) as session:
        for days in (800, 731, 10):
            repo.record_access(
                session,
                role="ops",
                token_id="ops-1",
                action="thread.read",
                at=NOW - timedelta(days=days),
                subject=str(days),
            )
    assert sweep_all(database, RetentionKind.ACCESS_LOG, timedelta(days=730), limit=1) == RemovedCounts(access_log=2)
    with database.factory() as session:
        assert list(session.scalars(select(DataAccess.subject))) == ["10"]


# -- no database -------------------------------------------------------------------------------------


def test_every_event_type_that_carries_a_text_a_note_or_findings_is_rewritten() -> None:
    carriers = {
        name
        for name, event_type in EVENT_TYPES.items()
        if {"text", "note", "findings", "payload", "grounds", "facts"} & set(event_type.data.model_fields)
    }
    assert carriers == TEXT_EVENT_TYPES


@pytest.mark.parametrize("limit", [0, -1])
def test_a_batch_of_nothing_is_refused(limit: int) -> None:
    with pytest.raises(ValueError, match="limit"):
        sweep(None, RetentionKind.MESSAGES, now=NOW, older_than=DAYS_90, limit=limit)  # type: ignore[arg-type]


# -- the activity ------------------------------------------------------------------------------------


class RecordingMeter:
    """Enough of the SDK's MetricMeter for ``create_counter(...).add(n, attributes)``."""

    def __init__(self) -> None:
        self.added: list[tuple[str, int, dict[str, str]]] = []

    def create_counter(self, name: str, description: str | None = None, unit: str | None = None) -> Any:
        meter = self

        class Counter:
            def add(self, value: int, additional_attributes: dict[str, str] | None = None) -> None:
                meter.added.append((name, value, dict(additional_attributes or {})))

        return Counter()

    def with_additional_attributes(self, attributes: dict[str, str]) -> RecordingMeter:
        return self  # the SDK adds the activity's own (namespace, task queue, type)


def test_the_sweep_activity_counts_what_it_removed_by_kind_once(database: Database) -> None:
    from temporalio.testing import ActivityEnvironment

    from activities.retention import REMOVED_METRIC, RetentionActivities
    from contract.retention import RetentionBatch

    with transaction(database.factory) as session:
        full_thread(session, "T-old")
    periods = {"messages": 90, "events": 90, "case_notes": 365, "inbound": 7, "access_log": 730}
    activities = RetentionActivities(database.factory, periods, batch_size=10)
    env = ActivityEnvironment()
    env.metric_meter = meter = RecordingMeter()  # type: ignore[assignment]
    result = env.run(activities.sweep_batch, RetentionBatch(kind="messages", now=NOW))
    again = env.run(activities.sweep_batch, RetentionBatch(kind="messages", now=NOW))
    assert (result.removed, result.done, result.period_days) == (
        {"message_bodies": 3, "refusal_texts": 1, "fingerprints": 1},
        True,
        90,
    )
    assert (again.removed, again.done) == ({}, True)
    assert meter.added == [
        (REMOVED_METRIC, 3, {"kind": "message_bodies"}),
        (REMOVED_METRIC, 1, {"kind": "refusal_texts"}),
        (REMOVED_METRIC, 1, {"kind": "fingerprints"}),
    ]
    threads = env.run(activities.sweep_batch, RetentionBatch(kind="threads", now=NOW))
    assert threads.period_days == 365 and threads.removed == {}  # closed 100 days ago: not yet


def test_a_statement_keeps_its_facts_but_not_the_refused_replys_excerpt(database: Database) -> None:
    """Issue 20: the statement of reasons is the seller's record and stays; the matched text it quotes
    goes with the refused reply's texts, from its row and from its event (facts and every language)."""
    from activities.statements import Sanction, StatementWriter
    from contract.facts import StatementFacts
    from contract.statements import violation_sanction_id
    from rules.kinds import SanctionKind

    excerpt = "vendeur.dupont@gmail.com"
    sanction_id = violation_sanction_id("T-1:R-2:off_platform_contact")
    with transaction(database.factory) as session:
        full_thread(session, "T-1")
        StatementWriter(MarketRegistry.from_overrides(), WRITER, 30).issue(
            session,
            Sanction(
                kind=SanctionKind.VIOLATION,
                sanction_id=sanction_id,
                seller_id="S-1",
                thread_id="T-1",
                rule="R2.1",
                occurred_at=LONG_AGO,
                facts=StatementFacts(
                    finding_kind="off_platform_contact", finding_text=excerpt, finding_start=9, finding_end=33
                ),
                violation_kind=ViolationKind.OFF_PLATFORM_CONTACT,
                key="T-1:R-2:off_platform_contact",
            ),
        )
    with transaction(database.factory) as session:
        remove_thread_texts(session, ["T-1"], NOW)
    with database.factory() as session:
        stored = repo.statement(session, sanction_id)
        assert stored is not None
        assert stored.facts == {
            "finding_kind": "off_platform_contact",
            "finding_start": 9,
            "finding_end": 33,
        }
        [event] = session.scalars(select(EventRecord).where(EventRecord.type == "statement.issued"))
        data = event.document["data"]
        assert "finding_text" not in data["facts"] and data["facts"]["finding_start"] == 9
        assert (
            excerpt not in data["texts"]["fr"] and "R2.1" in data["texts"]["fr"] and sanction_id in data["texts"]["fr"]
        )
        assert event.document[REMOVED_MARK] is True
