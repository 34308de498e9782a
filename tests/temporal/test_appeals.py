"""Statements of reasons and appeals (issue 20) on the time-skipping server: the statement each
sanction gets, the window's last second, ops' reminders, the decisions and what they reverse,
and the seller report before and after an overturned violation."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from contract.absences import AbsenceAnnouncement
from contract.statements import AppealDecision, AppealRequest, StatementText
from helpdesk_testing import ThreadHarness, ThreadProbe
from helpdesk_testing.harness import eventually
from rules.kinds import AppealOutcome, AppealState, OpsOutcome, RaisedBy, SanctionKind, TakeoverReason, ThreadState
from starter.client.appeals import AppealRefused, StatementNotFound
from starter.client.seller_views import seller_report
from store import repository
from store.db import transaction

MINUTE = timedelta(minutes=1)
SECOND = timedelta(seconds=1)
PARIS = ZoneInfo("Europe/Paris")


def _seller() -> str:
    return f"S-{uuid.uuid4().hex[:8]}"


async def _statements(h: ThreadHarness, seller: str, count: int) -> list[StatementText]:
    """The seller's statements once there are ``count`` (each is written by an activity)."""

    async def fetch() -> list[StatementText]:
        return h.client.appeals.statements(seller)

    return await eventually(fetch, lambda found: len(found) >= count, 10.0, f"{count} statements of {seller}")


def _one(found: list[StatementText], kind: SanctionKind, thread_id: str | None = None) -> StatementText:
    matching = [s for s in found if s.statement.sanction_kind == kind and thread_id in (None, s.statement.thread_id)]
    assert len(matching) == 1, f"{kind} of {thread_id}: {[s.statement.sanction_id for s in found]}"
    return matching[0]


def _end_of_day(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(23, 59, 59, 999999), zone)


async def _breached_pair(h: ThreadHarness, seller: str) -> tuple[date, ThreadProbe, ThreadProbe]:
    """Two threads of one seller opened Friday 15:00 in FR, unanswered: both breached Monday 15:00
    (R1.4), their cases decided at once (an undecided case reminds ops on the shared clock)."""
    monday = await h.ordinary_monday("FR")
    friday = monday - timedelta(days=3)
    await h.advance_to(h.local("FR", friday, "15:00"))
    first = await h.open_thread(market="FR", received_at=h.local("FR", friday, "15:00"), seller_id=seller)
    second = await h.open_thread(market="FR", received_at=h.local("FR", friday, "15:00"), seller_id=seller)
    await h.advance_to(h.local("FR", monday, "15:00") + MINUTE)
    for thread in (first, second):
        await thread.settled(lambda s: s.state == ThreadState.TAKEN_OVER)
        await thread.case()
        await thread.decide(OpsOutcome.REJECT_CLAIM, note="the buyer was answered by ops")
    return monday, first, second


async def test_a_missed_deadline_is_explained_and_appealable_to_the_last_second_of_its_30th_day(
    thread_harness: ThreadHarness,
):
    h = thread_harness
    seller = _seller()
    monday, first, second = await _breached_pair(h, seller)
    # Per thread: the violation, the takeover, and the handling fee once the recharge ran.
    found = await _statements(h, seller, 6)
    breach = _one(found, SanctionKind.VIOLATION, first.thread_id)
    statement = breach.statement
    due = h.local("FR", monday, "15:00")
    assert (statement.rule, statement.violation_kind, statement.market) == ("R1.4", "reply_deadline_missed", "FR")
    assert statement.facts.due_at == due and statement.facts.working_hours == 24.0
    # 30 calendar days from the statement's day, to the last instant of that day in Paris.
    assert statement.appeal_until == _end_of_day(monday + timedelta(days=30), PARIS)
    text = breach.texts["fr"]
    assert list(breach.texts) == ["fr"]  # FR's one language
    for fact in (statement.sanction_id, "R1.4", f"{due:%Y-%m-%d} 15:00", "24", f"{monday + timedelta(days=30)} 23:59"):
        assert fact in text, (fact, text)
    takeover = _one(found, SanctionKind.TAKEOVER, first.thread_id).statement
    assert (takeover.rule, takeover.facts.takeover_reason) == ("R1.4", "reply_deadline_missed")
    charge = _one(found, SanctionKind.CHARGE, first.thread_id).statement
    assert (charge.rule, charge.facts.amount, charge.facts.currency) == ("R5.6", Decimal("15.00"), "EUR")
    # The seller is told of each, as an event on the thread.
    issued = {event["data"]["sanction_id"] for event in await first.wait_for_event("statement.issued", 3)}
    assert {statement.sanction_id, takeover.sanction_id, charge.sanction_id} <= issued

    before = next(w for w in seller_report(h.sessions, seller, await h.now()).windows if w.days == 90)
    assert (before.breaches, before.violations, before.overturned) == (2, {"reply_deadline_missed": 2}, {})

    # The window's last second: one second before its end the appeal is heard …
    await h.advance_to(statement.appeal_until - SECOND)
    appeal = await h.client.appeals.submit(
        statement.sanction_id, AppealRequest(grounds="The buyer wrote on my phone; I answered there."), submitted_by="t"
    )
    assert appeal.state == AppealState.OPEN and appeal.submitted_at <= statement.appeal_until
    # … one second after it, the other thread's identical breach is not.
    other = _one(found, SanctionKind.VIOLATION, second.thread_id).statement
    assert other.appeal_until == statement.appeal_until
    await h.advance_to(statement.appeal_until + SECOND)
    with pytest.raises(AppealRefused, match="appeal_window_closed") as late:
        await h.client.appeals.submit(other.sanction_id, AppealRequest(grounds="too late"), submitted_by="t")
    assert late.value.kind == "appeal_window_closed"

    decided = await h.client.appeals.decide(
        appeal.appeal_id,
        AppealDecision(
            outcome=AppealOutcome.OVERTURNED, decided_by="ops-ann", reason="a platform outage hid the thread"
        ),
    )
    assert (decided.outcome, decided.decided_by, decided.credited) == ("overturned", "ops-ann", None)
    status = await h.client.appeals.status(appeal.appeal_id)
    assert status.state == AppealState.DECIDED and status.decision == decided
    # The violation stays on record, overturned; the report and its rate stop counting it.
    with transaction(h.sessions) as session:
        kept = [v for v in repository.thread_violations(session, first.thread_id)]
    assert [(v.kind.value, v.overturned_by) for v in kept] == [("reply_deadline_missed", appeal.appeal_id)]
    after = next(w for w in seller_report(h.sessions, seller, await h.now()).windows if w.days == 90)
    assert (after.breaches, after.violations, after.overturned) == (
        1,
        {"reply_deadline_missed": 1},
        {"reply_deadline_missed": 1},
    )
    assert h.client.appeals.statement(statement.sanction_id).overturned
    assert not h.client.appeals.statement(other.sanction_id).overturned
    told = await first.wait_for_event("appeal.decided", 2)
    assert sorted(event["recipient"]["kind"] for event in told) == ["ops", "seller"]
    assert told[0]["data"]["note"] == "a platform outage hid the thread"


async def test_an_undecided_appeal_reminds_ops_after_one_working_day_and_each_working_day(
    thread_harness: ThreadHarness,
):
    h = thread_harness
    seller = _seller()
    monday, first, _ = await _breached_pair(h, seller)
    breach = _one(await _statements(h, seller, 6), SanctionKind.VIOLATION, first.thread_id).statement
    friday = monday + timedelta(days=4)
    await h.advance_to(h.local("FR", friday, "16:00"))
    appeal = await h.client.appeals.submit(
        breach.sanction_id, AppealRequest(grounds="see attachment"), submitted_by="t"
    )

    async def status(until):
        return await eventually(lambda: h.client.appeals.status(appeal.appeal_id), until, 10.0, appeal.appeal_id)

    # One working day of FR after Friday 16:00 is Monday 16:00: the weekend does not count.
    first_reminder = appeal.submitted_at + timedelta(days=3)
    assert (await status(lambda s: s.next_reminder_at is not None)).next_reminder_at == first_reminder
    await h.advance_to(first_reminder - MINUTE)
    assert (await status(None)).reminders_sent == 0 and first.events("appeal.reminder") == []
    await h.advance_to(first_reminder)
    reminded = await status(lambda s: s.reminders_sent == 1 and s.next_reminder_at not in (None, first_reminder))
    [told] = await first.wait_for_event("appeal.reminder")
    assert told["recipient"]["kind"] == "ops" and told["data"]["reminder_no"] == 1
    assert datetime.fromisoformat(told["occurred_at"]) == first_reminder
    assert reminded.next_reminder_at == first_reminder + timedelta(days=1)  # Tuesday, the next working day
    await h.advance_to(first_reminder + timedelta(days=1))
    await status(lambda s: s.reminders_sent == 2)
    await first.wait_for_event("appeal.reminder", 2)

    decided = await h.client.appeals.decide(
        appeal.appeal_id,
        AppealDecision(outcome=AppealOutcome.UPHELD, decided_by="ops-bea", reason="no reply in the helpdesk"),
    )
    assert decided.outcome == AppealOutcome.UPHELD
    done = await status(lambda s: s.state == AppealState.DECIDED)
    assert done.reminders_sent == 2 and done.next_reminder_at is None
    [kept] = h.client.appeals.appeals(seller_id=seller)  # ops' list from the store shows them too
    assert kept.reminders_sent == 2 and kept.submitted_by == "t" and done.submitted_by == "t"
    await h.advance_to(first_reminder + timedelta(days=3))
    assert len(first.events("appeal.reminder")) == 2  # decided: no more
    with transaction(h.sessions) as session:  # upheld: the violation stands
        assert [v.overturned_at for v in repository.thread_violations(session, first.thread_id)] == [None]
    with pytest.raises(AppealRefused, match="appeal_already_decided"):
        await h.client.appeals.decide(
            appeal.appeal_id, AppealDecision(outcome=AppealOutcome.OVERTURNED, decided_by="ops-cy", reason="again")
        )


async def test_a_charge_is_credited_in_part_once_and_refusals_name_their_reason(thread_harness: ThreadHarness):
    h = thread_harness
    seller = _seller()
    monday = await h.ordinary_monday("DE")
    await h.advance_to(h.local("DE", monday, "10:00"))
    thread = await h.open_thread(market="DE", received_at=h.local("DE", monday, "10:00"), seller_id=seller)
    await thread.escalate(TakeoverReason.QUALITY_DISPUTE, RaisedBy.BUYER)
    await thread.case()
    await thread.decide(OpsOutcome.REJECT_CLAIM, note="the photos show wear the listing disclosed")
    found = await _statements(h, seller, 2)  # the takeover and its handling fee
    takeover = _one(found, SanctionKind.TAKEOVER).statement
    assert (takeover.rule, takeover.facts.escalation_reason, takeover.facts.raised_by) == (
        "R5.2",
        "quality_dispute",
        "buyer",
    )
    fee = _one(found, SanctionKind.CHARGE)
    assert (fee.statement.facts.amount, fee.statement.facts.currency, fee.statement.facts.cost_kind) == (
        Decimal("15.00"),
        "EUR",
        "handling_fee",
    )
    assert "15,00 EUR" in fee.texts["de"] and "R5.6" in fee.texts["de"]

    with pytest.raises(AppealRefused, match="not_appealable"):
        await h.client.appeals.submit(takeover.sanction_id, AppealRequest(grounds="no"), submitted_by="t")
    with pytest.raises(StatementNotFound, match="charge-T-none-1-handling_fee"):
        await h.client.appeals.submit("charge-T-none-1-handling_fee", AppealRequest(grounds="which?"), submitted_by="t")
    with pytest.raises(StatementNotFound):  # another seller's sanction is not found, not refused
        await h.client.appeals.submit(
            fee.statement.sanction_id, AppealRequest(grounds="x"), submitted_by="t", seller_id="S-other"
        )
    appeal = await h.client.appeals.submit(
        fee.statement.sanction_id,
        AppealRequest(grounds="Die Rücknahme war berechtigt."),
        submitted_by="t",
        seller_id=seller,
    )
    with pytest.raises(AppealRefused, match="already_appealed"):
        await h.client.appeals.submit(fee.statement.sanction_id, AppealRequest(grounds="again"), submitted_by="t")
    with pytest.raises(AppealRefused, match="credit_exceeds_charge"):
        await h.client.appeals.decide(
            appeal.appeal_id,
            AppealDecision(
                outcome=AppealOutcome.PARTLY_OVERTURNED, decided_by="ops-ann", reason="all", amount=Decimal("15.00")
            ),
        )
    decided = await h.client.appeals.decide(
        appeal.appeal_id,
        AppealDecision(
            outcome=AppealOutcome.PARTLY_OVERTURNED,
            decided_by="ops-ann",
            reason="the dispute was half justified",
            amount=Decimal("5.00"),
        ),
    )
    assert (decided.credited, decided.currency) == (Decimal("5.00"), "EUR")
    # A credit row beside the charge, never a deletion: the seller's balance is 10.00 EUR.
    assert thread.ledger() == [("handling_fee", Decimal("15.00"), "EUR"), ("handling_fee", Decimal("-5.00"), "EUR")]
    assert h.client.appeals.statement(fee.statement.sanction_id).overturned
    told = await thread.wait_for_event("appeal.decided", 2)
    assert {event["data"]["credit"]["amount"] for event in told} == {"5.00"}


async def test_a_lifted_flag_leaves_the_record_and_a_violation_is_not_partly_overturned(thread_harness: ThreadHarness):
    h = thread_harness
    seller = _seller()
    monday = await h.ordinary_monday("IT")
    await h.advance_to(h.local("IT", monday, "10:00"))
    thread = await h.open_thread(
        market="IT", received_at=h.local("IT", monday, "10:00"), seller_id=seller, order_total=Decimal("199.00")
    )
    await thread.escalate(TakeoverReason.LOCKED_DEVICE, RaisedBy.OPS)
    found = await _statements(h, seller, 3)  # violation, takeover, flag (charges follow the return)
    flag = _one(found, SanctionKind.FLAG, thread.thread_id)
    assert flag.statement.sanction_id == f"flag-{thread.thread_id}-locked_device"
    assert (flag.statement.rule, flag.statement.facts.raised_by) == ("R5.4", "ops")
    violation = _one(found, SanctionKind.VIOLATION, thread.thread_id)
    assert violation.statement.violation_kind == "severe_violation"
    assert "R5.4" in flag.texts["it"] and flag.statement.sanction_id in flag.texts["it"]

    partial = await h.client.appeals.submit(
        violation.statement.sanction_id, AppealRequest(grounds="no"), submitted_by="t"
    )
    with pytest.raises(AppealRefused, match="partial_not_a_charge"):
        await h.client.appeals.decide(
            partial.appeal_id,
            AppealDecision(outcome=AppealOutcome.PARTLY_OVERTURNED, decided_by="o", reason="r", amount=Decimal(1)),
        )
    await h.client.appeals.decide(
        partial.appeal_id, AppealDecision(outcome=AppealOutcome.UPHELD, decided_by="ops-ann", reason="IMEI blacklisted")
    )

    appeal = await h.client.appeals.submit(
        flag.statement.sanction_id, AppealRequest(grounds="Il telefono era sbloccato."), submitted_by="t"
    )
    with transaction(h.sessions) as session:
        assert [f.reason for f in repository.seller_flags(session, seller)] == ["locked_device"]
    await h.client.appeals.decide(
        appeal.appeal_id,
        AppealDecision(outcome=AppealOutcome.OVERTURNED, decided_by="ops-ann", reason="the lock was the buyer's own"),
    )
    with transaction(h.sessions) as session:
        assert repository.seller_flags(session, seller) == []
        [lifted] = repository.seller_flags(session, seller, lifted=True)
        assert lifted.lifted_by == appeal.appeal_id and lifted.lifted_at is not None
    assert [a.appeal_id for a in h.client.appeals.appeals(state=AppealState.OPEN, seller_id=seller)] == []
    assert {a.appeal_id for a in h.client.appeals.appeals(seller_id=seller)} == {partial.appeal_id, appeal.appeal_id}


async def test_a_late_absence_notice_is_explained_in_the_sellers_stream(thread_harness: ThreadHarness):
    h = thread_harness
    seller = _seller()
    monday = await h.ordinary_monday("DE", weeks_ahead=3)
    await h.advance_to(h.local("DE", monday - timedelta(days=13), "10:00"))
    await h.client.absences.announce(
        AbsenceAnnouncement(
            seller_id=seller,
            market="DE",
            first_day=monday,
            last_day=monday + timedelta(days=7),
            announced_at=await h.now(),
        )
    )
    [late] = await _statements(h, seller, 1)
    assert (late.statement.thread_id, late.statement.rule, late.statement.violation_kind) == (
        None,
        "R4.2",
        "late_absence_notice",
    )
    assert (late.statement.facts.absence_working_days, late.statement.facts.notice_days) == (6, 13)
    assert "Abwesenheit von 6 Arbeitstagen, angekündigt 13 Tage vor ihrem Beginn" in late.texts["de"]
    assert "mindestens 14 Tage" in late.texts["de"]
    appeal = await h.client.appeals.submit(late.statement.sanction_id, AppealRequest(grounds="Krank"), submitted_by="t")
    await h.client.appeals.decide(
        appeal.appeal_id, AppealDecision(outcome=AppealOutcome.OVERTURNED, decided_by="ops-ann", reason="illness")
    )
    from store import events

    with transaction(h.sessions) as session:
        told = [row.type for row in events.page(session, recipient=("seller", seller), limit=100)]
    assert told == ["statement.issued", "appeal.received", "appeal.decided"]


async def test_a_deadline_found_missed_late_gets_the_whole_window_from_its_statement(thread_harness: ThreadHarness):
    """R1.7: a message the backend reports 40 days late is breached at once; the seller learns of it
    now, and may appeal for 30 days from now, not from the long-past due instant."""
    h = thread_harness
    seller = _seller()
    now = await h.now()
    thread = await h.open_thread(market="FR", received_at=now - timedelta(days=40), seller_id=seller)
    await thread.settled(lambda s: s.state == ThreadState.TAKEN_OVER)
    await thread.case()
    await thread.decide(OpsOutcome.REJECT_CLAIM, note="backfill")
    breach = _one(await _statements(h, seller, 3), SanctionKind.VIOLATION).statement
    assert breach.occurred_at < now - timedelta(days=38)  # the due instant, long past
    assert breach.issued_at is not None and breach.issued_at >= now
    assert breach.appeal_until == _end_of_day(breach.issued_at.astimezone(PARIS).date() + timedelta(days=30), PARIS)
    appeal = await h.client.appeals.submit(breach.sanction_id, AppealRequest(grounds="never saw it"), submitted_by="t")
    decided = await h.client.appeals.decide(
        appeal.appeal_id, AppealDecision(outcome=AppealOutcome.OVERTURNED, decided_by="ops-ann", reason="backend late")
    )
    assert decided.outcome == AppealOutcome.OVERTURNED
    [told] = [e for e in await thread.wait_for_event("appeal.decided", 2) if e["recipient"]["kind"] == "seller"]
    assert breach.sanction_id in told["data"]["texts"]["fr"] and "backend late" in told["data"]["texts"]["fr"]


async def test_an_appeal_started_around_the_client_after_the_window_is_refused_not_heard(
    thread_harness: ThreadHarness,
):
    from temporalio.client import WorkflowFailureError
    from temporalio.common import WorkflowIDReusePolicy

    from contract.statements import APPEAL, AppealOrder, AppealStatus, appeal_workflow_id

    h = thread_harness
    seller = _seller()
    monday, first, _ = await _breached_pair(h, seller)
    breach = _one(await _statements(h, seller, 6), SanctionKind.VIOLATION, first.thread_id).statement
    late = AppealOrder(
        statement=breach, grounds="late", submitted_at=breach.appeal_until + SECOND, submitted_by="raw-client"
    )
    handle = await h.env.client.start_workflow(
        APPEAL,
        late,
        id=appeal_workflow_id(breach.sanction_id),
        task_queue=h.client.task_queue,
        id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
    )
    with pytest.raises(WorkflowFailureError) as failed:
        await handle.result()
    assert getattr(failed.value.cause, "type", None) == "appeal_window_closed"
    status = await handle.query("status", result_type=AppealStatus)
    assert status.state == AppealState.REFUSED and status.decision is None
    # Nothing was kept as an appeal, nobody was told, and the id stays taken: one appeal per sanction.
    assert h.client.appeals.appeals(seller_id=seller) == [] and first.events("appeal.received") == []
    with pytest.raises(AppealRefused, match="already_appealed"):
        await h.client.appeals.submit(breach.sanction_id, AppealRequest(grounds="again"), submitted_by="t")
