"""Idempotent writes and exact values of the store, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
import time
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session

from rules.kinds import CostKind, OpsOutcome, ThreadState, ViolationKind
from store import repository as repo
from store.db import transaction
from store.models import LedgerEntry, Message, Thread, Violation

if TYPE_CHECKING:
    from conftest import Database

T0 = datetime(2024, 12, 20, 15, 0, tzinfo=UTC)
PARIS_WINTER = timezone(timedelta(hours=1))


def add_thread(session: Session, thread_id: str = "t-1", seller_id: str = "s-1", currency: str = "EUR") -> Thread:
    repo.upsert_thread(
        session,
        thread_id=thread_id,
        order_id=f"o-{thread_id}",
        seller_id=seller_id,
        buyer_id="b-1",
        market="FR",
        currency=currency,
        state=ThreadState.AWAITING_SELLER,
        reply_due_at=T0 + timedelta(days=3),
    )
    thread = session.get(Thread, thread_id, populate_existing=True)
    assert thread is not None
    return thread


def count(session: Session, model: type[Any]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_upsert_thread_updates_the_projection_and_keeps_created_at(database: Database) -> None:
    with transaction(database.factory) as session:
        first = add_thread(session)
    with transaction(database.factory) as session:
        repo.upsert_thread(
            session,
            thread_id="t-1",
            order_id="o-t-1",
            seller_id="s-1",
            buyer_id="b-1",
            market="DE",
            currency="EUR",
            state="taken_over",
            reply_due_at=datetime(2024, 12, 23, 16, 0, tzinfo=PARIS_WINTER),
            takeover_reason="reply_deadline_missed",
        )
        taken = session.get(Thread, "t-1", populate_existing=True)
        assert taken is not None
    assert (taken.state, taken.market) == (ThreadState.TAKEN_OVER, "DE")
    assert taken.reply_due_at == datetime(2024, 12, 23, 15, 0, tzinfo=UTC)
    assert taken.reply_due_at.tzinfo is UTC
    assert taken.takeover_reason == "reply_deadline_missed"
    assert taken.created_at == first.created_at
    assert taken.updated_at >= first.updated_at
    with database.factory() as session:
        assert count(session, Thread) == 1


def test_foreign_keys_are_enforced(database: Database) -> None:
    with pytest.raises(IntegrityError), transaction(database.factory) as session:
        repo.record_message(session, message_id="m-1", thread_id="nowhere", direction="buyer", body="?", received_at=T0)


def test_message_is_kept_once_per_message_id(database: Database) -> None:
    with transaction(database.factory) as session:
        add_thread(session)
        first = repo.record_message(
            session, message_id="m-1", thread_id="t-1", direction="buyer", body="Bonjour", received_at=T0
        )
    with transaction(database.factory) as session:
        again = repo.record_message(
            session, message_id="m-1", thread_id="t-1", direction="buyer", body="redelivered", received_at=T0
        )
    assert first.created and not again.created
    with database.factory() as session:
        assert count(session, Message) == 1
        assert session.get(Message, ("t-1", "m-1")).body == "Bonjour"  # type: ignore[union-attr]


def test_the_same_message_ids_in_two_threads_are_two_messages(database: Database) -> None:
    """Message ids come from the backend per thread (issue 15): M-1 opens every thread, R-3 may be
    the third reply of several. Each thread keeps its own, with its own text, verdict, fingerprint
    and inbound copy."""
    with transaction(database.factory) as session:
        for thread_id in ("t-1", "t-2"):
            add_thread(session, thread_id)
            repo.record_message(
                session,
                message_id="M-1",
                thread_id=thread_id,
                direction="buyer",
                body=f"question {thread_id}",
                received_at=T0,
            )
            repo.record_seller_reply(
                session,
                message_id="R-3",
                thread_id=thread_id,
                body=f"answer {thread_id}",
                sent_at=T0,
                accepted=thread_id == "t-2",
                findings=[] if thread_id == "t-2" else [{"rule": "R2.4", "kind": "empty_reply"}],
            )
            repo.record_fingerprint(
                session, message_id="R-3", seller_id="s-1", thread_id=thread_id, fingerprint="answer", sent_at=T0
            )
            assert repo.accept_inbound(session, message_id="M-1", thread_id=thread_id, payload={"n": thread_id}).created
        repo.record_verdict(
            session, "t-1", "R-3", accepted=False, refusal=[{"rule": "R2.1", "kind": "off_platform_contact"}]
        )
    with transaction(database.factory) as session:
        for thread_id in ("t-1", "t-2"):
            kept = {(m.message_id, m.body, m.accepted) for m in repo.thread_messages(session, thread_id)}
            assert kept == {("M-1", f"question {thread_id}", None), ("R-3", f"answer {thread_id}", thread_id == "t-2")}
        assert len(repo.fingerprints_since(session, "s-1", T0 - timedelta(days=1))) == 2
        assert len(repo.pending_inbound(session)) == 2
        repo.mark_handed_over(session, "t-1", "M-1", at=T0)
        repo.count_attempt(session, "t-2", "M-1")
        assert [(m.thread_id, m.attempts) for m in repo.pending_inbound(session)] == [("t-2", 1)]
        repo.mark_all_handed_over(session, [("t-2", "M-1"), ("t-1", "M-1"), ("t-9", "M-1")], at=T0)
        assert repo.pending_inbound(session) == []
        assert session.get(Message, ("t-1", "R-3")).refusal == [{"rule": "R2.1", "kind": "off_platform_contact"}]  # type: ignore[union-attr]


def test_refused_reply_keeps_its_findings(database: Database) -> None:
    findings = [{"rule": "R2.1", "kind": "off_platform_contact", "text": "x@y.fr", "start": 10, "end": 16}]
    with transaction(database.factory) as session:
        add_thread(session)
        repo.record_message(
            session, message_id="r-1", thread_id="t-1", direction="seller", body="écrivez x@y.fr", received_at=T0
        )
        repo.record_verdict(session, "t-1", "r-1", accepted=False, refusal=findings)
    with database.factory() as session:
        reply = session.get(Message, ("t-1", "r-1"))
        assert reply is not None
        assert (reply.accepted, reply.refusal, reply.auto_reply_flag) == (False, findings, False)


def test_violation_is_recorded_once_per_dedupe_key(database: Database) -> None:
    for _ in range(2):
        with transaction(database.factory) as session:
            add_thread(session)
            recorded = repo.record_violation(
                session,
                dedupe_key="R1.4:t-1:2024-12-20T15:00Z",
                seller_id="s-1",
                kind=ViolationKind.REPLY_DEADLINE_MISSED,
                rule="R1.4",
                occurred_at=T0,
                thread_id="t-1",
                detail={"due_at": "2024-12-23T15:00:00+00:00"},
            )
    assert not recorded.created
    assert recorded.row.detail == {"due_at": "2024-12-23T15:00:00+00:00"}
    with database.factory() as session:
        assert count(session, Violation) == 1


def test_ledger_charges_each_cost_once_with_exact_amounts(database: Database) -> None:
    with transaction(database.factory) as session:
        add_thread(session)
        first = repo.add_ledger_entry(
            session,
            seller_id="s-1",
            thread_id="t-1",
            takeover_no=1,
            cost_kind=CostKind.REFUND,
            amount=Decimal("9999999999.99"),
            currency="EUR",
        )
    with transaction(database.factory) as session:
        again = repo.add_ledger_entry(
            session,
            seller_id="s-1",
            thread_id="t-1",
            takeover_no=1,
            cost_kind="refund",
            amount=Decimal("1.10"),
            currency="EUR",
        )
    assert first.created and not again.created
    assert again.row.id == first.row.id
    assert again.row.amount == Decimal("9999999999.99")
    with database.factory() as session:
        rows = session.scalars(select(LedgerEntry)).all()
        assert len(rows) == 1
        assert isinstance(rows[0].amount, Decimal)
        assert str(rows[0].amount) == "9999999999.99"


def test_ledger_refuses_floats_and_fractions_of_a_cent(database: Database) -> None:
    base: dict[str, Any] = {"seller_id": "s-1", "thread_id": "t-1", "takeover_no": 1, "currency": "EUR"}
    with transaction(database.factory) as session:
        add_thread(session)
    for amount, error in [(0.1, TypeError), (Decimal("15.001"), ValueError)]:
        with pytest.raises(StatementError) as raised, transaction(database.factory) as session:
            repo.add_ledger_entry(session, cost_kind="handling_fee", amount=amount, **base)  # type: ignore[arg-type]
        assert isinstance(raised.value.orig, error)
    with database.factory() as session:
        assert count(session, LedgerEntry) == 0


def test_concurrent_retries_charge_once(database: Database) -> None:
    """A retry racing the first attempt waits for it, then finds its row: one charge."""
    entry: dict[str, Any] = {
        "seller_id": "s-1",
        "thread_id": "t-1",
        "takeover_no": 1,
        "cost_kind": "handling_fee",
        "amount": Decimal("15.00"),
        "currency": "EUR",
    }
    with transaction(database.factory) as session:
        add_thread(session)
    results: list[repo.Recorded[LedgerEntry]] = []
    with database.factory() as first, first.begin():
        mine = repo.add_ledger_entry(first, **entry)
        retry = threading.Thread(target=lambda: results.append(_charge(database, entry)))
        retry.start()
        time.sleep(0.3)  # the retry is now blocked on the first attempt's uncommitted row
        assert not results
    retry.join(timeout=30)
    assert mine.created and len(results) == 1 and not results[0].created
    assert results[0].row.id == mine.row.id
    with database.factory() as session:
        assert count(session, LedgerEntry) == 1


def _charge(database: Database, entry: dict[str, Any]) -> repo.Recorded[LedgerEntry]:
    with transaction(database.factory) as session:
        return repo.add_ledger_entry(session, **entry)


def test_ledger_lists_per_seller_and_per_thread(database: Database) -> None:
    charges = [
        ("t-1", "s-1", 1, CostKind.HANDLING_FEE, "15.00", "EUR"),
        ("t-1", "s-1", 1, CostKind.RETURN_LABEL, "8.00", "EUR"),
        ("t-1", "s-1", 2, CostKind.HANDLING_FEE, "15.00", "EUR"),
        ("t-2", "s-1", 1, CostKind.SEVERE_VIOLATION_FEE, "500.00", "SEK"),
        ("t-3", "s-2", 1, CostKind.REFUND, "249.90", "EUR"),
    ]
    with transaction(database.factory) as session:
        for thread_id, seller_id, _, _, _, currency in charges:
            add_thread(session, thread_id, seller_id, currency)
        for thread_id, seller_id, takeover_no, kind, amount, currency in charges:
            repo.add_ledger_entry(
                session,
                seller_id=seller_id,
                thread_id=thread_id,
                takeover_no=takeover_no,
                cost_kind=kind,
                amount=Decimal(amount),
                currency=currency,
            )
    with database.factory() as session:
        seller = repo.ledger_for_seller(session, "s-1")
        thread = repo.ledger_for_thread(session, "t-1")
        assert [(e.thread_id, e.cost_kind, e.amount, e.currency) for e in seller] == [
            ("t-1", "handling_fee", Decimal("15.00"), "EUR"),
            ("t-1", "return_label", Decimal("8.00"), "EUR"),
            ("t-1", "handling_fee", Decimal("15.00"), "EUR"),
            ("t-2", "severe_violation_fee", Decimal("500.00"), "SEK"),
        ]
        assert [(e.takeover_no, e.cost_kind) for e in thread] == [
            (1, "handling_fee"),
            (1, "return_label"),
            (2, "handling_fee"),
        ]
        assert sum(e.amount for e in thread) == Decimal("38.00")
        assert repo.ledger_for_seller(session, "s-unknown") == []


def test_aware_datetimes_round_trip_as_the_same_utc_instant(database: Database) -> None:
    received = datetime(2024, 12, 24, 9, 30, 15, 123456, tzinfo=PARIS_WINTER)
    with transaction(database.factory) as session:
        add_thread(session)
        repo.record_message(
            session, message_id="m-1", thread_id="t-1", direction="buyer", body="?", received_at=received
        )
    with database.factory() as session:
        message = session.get(Message, ("t-1", "m-1"))
        assert message is not None
        assert message.received_at == received
        assert message.received_at.utcoffset() == timedelta(0)
        assert message.received_at.hour == 8 and message.received_at.microsecond == 123456
        # Comparisons in SQL see the same instant, whatever offset the parameter carries.
        same = select(Message.message_id).where(
            Message.received_at == received.astimezone(timezone(timedelta(hours=-5)))
        )
        assert session.scalars(same).all() == ["m-1"]
        thread = session.get(Thread, "t-1")
        assert thread is not None and thread.reply_due_at is not None
        assert thread.reply_due_at.tzinfo is not None and thread.created_at.tzinfo is not None


def test_naive_datetimes_are_refused(database: Database) -> None:
    with pytest.raises(StatementError, match="naive datetime"), transaction(database.factory) as session:
        add_thread(session)
        repo.record_message(
            session, message_id="m-1", thread_id="t-1", direction="buyer", body="?", received_at=datetime(2024, 1, 1)
        )


def test_absence_is_recorded_once_then_shortened_and_cancelled(database: Database) -> None:
    announcement: dict[str, Any] = {
        "seller_id": "s-1",
        "first_day": date(2025, 1, 6),
        "last_day": date(2025, 1, 17),
        "announced_at": T0,
        "working_days": 10,
        "late_notice": True,
    }
    with transaction(database.factory) as session:
        assert repo.record_absence(session, **announcement).created
    with transaction(database.factory) as session:
        assert not repo.record_absence(session, **announcement).created
        shortened = repo.shorten_absence(session, "s-1", date(2025, 1, 6), last_day=date(2025, 1, 8), working_days=3)
        assert (shortened.last_day, shortened.working_days) == (date(2025, 1, 8), 3)
        cancelled = repo.cancel_absence(session, "s-1", date(2025, 1, 6), cancelled_at=T0 + timedelta(days=1))
        again = repo.cancel_absence(session, "s-1", date(2025, 1, 6), cancelled_at=T0 + timedelta(days=2))
        assert cancelled.cancelled_at == again.cancelled_at == T0 + timedelta(days=1)


def test_fingerprints_are_kept_once_and_listed_by_window(database: Database) -> None:
    with transaction(database.factory) as session:
        for n in range(3):
            thread_id = f"t-{n}"
            add_thread(session, thread_id)
            sent_at = T0 - timedelta(days=4 * n)
            repo.record_message(
                session, message_id=f"r-{n}", thread_id=thread_id, direction="seller", body="Merci", received_at=sent_at
            )
            for _ in range(2):
                repo.record_fingerprint(
                    session,
                    message_id=f"r-{n}",
                    seller_id="s-1",
                    thread_id=thread_id,
                    fingerprint="merci",
                    sent_at=sent_at,
                )
    with database.factory() as session:
        recent = repo.fingerprints_since(session, "s-1", T0 - timedelta(days=7))
        assert [(f.message_id, f.fingerprint) for f in recent] == [("r-1", "merci"), ("r-0", "merci")]


def test_ops_case_opens_once_and_the_first_decision_stands(database: Database) -> None:
    with transaction(database.factory) as session:
        add_thread(session)
        for _ in range(2):
            case = repo.open_ops_case(session, thread_id="t-1", takeover_no=1, reason="locked_device", opened_at=T0)
        assert not case.created
        decided = repo.decide_ops_case(
            session, "t-1", 1, outcome=OpsOutcome.RETURN_AND_REFUND, decided_by="ops-ann", decided_at=T0
        )
        late = repo.decide_ops_case(session, "t-1", 1, outcome="reject_claim", decided_by="ops-bob", decided_at=T0)
    assert decided.outcome == late.outcome == "return_and_refund"
    assert late.decided_by == "ops-ann"


def test_values_outside_the_vocabulary_are_refused_by_the_database(database: Database) -> None:
    statement = text(
        "INSERT INTO threads (thread_id, order_id, seller_id, buyer_id, market, currency, state,"
        " created_at, updated_at) VALUES ('t-x', 'o', 's', 'b', 'FR', 'EUR', 'lost', :now, :now)"
    )
    with pytest.raises(Exception, match=r"(?i)check"), transaction(database.factory) as session:
        session.execute(statement, {"now": T0.replace(tzinfo=None)})


def test_a_later_decision_overrides_and_keeps_its_note(database: Database) -> None:
    """R5.4: the rulebook's default decision, then ops deciding otherwise; a retry changes nothing."""
    with transaction(database.factory) as session:
        add_thread(session)
        repo.open_ops_case(session, thread_id="t-1", takeover_no=1, reason="counterfeit", opened_at=T0)
        repo.decide_ops_case(
            session, "t-1", 1, outcome="return_and_refund", decided_by="platform", decided_at=T0, note="R5.4"
        )
        later = T0 + timedelta(hours=2)
        repo.decide_ops_case(
            session, "t-1", 1, outcome="refund", decided_by="ops-ann", decided_at=later, note="keeps it"
        )
        retry = repo.decide_ops_case(
            session, "t-1", 1, outcome="return_and_refund", decided_by="platform", decided_at=T0, note="R5.4"
        )
    assert (retry.outcome, retry.decided_by, retry.note, retry.decided_at) == ("refund", "ops-ann", "keeps it", later)


def test_labels_and_refunds_are_made_once_per_request_key(database: Database) -> None:
    with transaction(database.factory) as session:
        add_thread(session)
        labels = [
            repo.record_label(
                session,
                request_key="label:t-1:1:x",
                label_id=label_id,
                thread_id="t-1",
                takeover_no=1,
                carrier="local",
                tracking_number="LOCAL1",
                ship_to="platform",
                issued_at=T0,
            )
            for label_id in ("LBL-1", "LBL-2")  # a retry whose provider answered with another id
        ]
        refunds = [
            repo.record_refund(
                session,
                request_key="refund:t-1:1:x",
                refund_id=refund_id,
                thread_id="t-1",
                takeover_no=1,
                order_id="o-t-1",
                provider="local",
                amount=Decimal("199.90"),
                currency="EUR",
                refunded_at=T0,
            )
            for refund_id in ("RF-1", "RF-2")
        ]
        voided = repo.void_label(session, "LBL-1", voided_at=T0 + timedelta(days=1))
        repo.void_label(session, "LBL-1", voided_at=T0 + timedelta(days=2))
    assert [(label.row.label_id, label.created) for label in labels] == [("LBL-1", True), ("LBL-1", False)]
    assert [(r.row.refund_id, r.row.amount, r.created) for r in refunds] == [
        ("RF-1", Decimal("199.90"), True),
        ("RF-1", Decimal("199.90"), False),
    ]
    assert voided.voided_at == T0 + timedelta(days=1)
    with database.factory() as session:
        assert [label.label_id for label in repo.labels_for_thread(session, "t-1")] == ["LBL-1"]
        assert [r.refund_id for r in repo.refunds_for_thread(session, "t-1")] == ["RF-1"]
