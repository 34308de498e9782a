"""Seller absences (R4) on the time-skipping server: notice, length in working days, cover at a
deadline, cancel and shorten, overlap."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import holidays
import pytest

from contract.absences import AbsenceAnnouncement
from helpdesk_testing import ThreadHarness
from rules.kinds import AbsenceState, Recipient, TakeoverReason, ThreadState
from starter.client.absences import AbsenceRefused

MINUTE = timedelta(minutes=1)


def _seller() -> str:
    return f"S-{uuid.uuid4().hex[:8]}"


async def _announce(h: ThreadHarness, seller: str, first: date, last: date, market: str = "FR"):
    return await h.client.absences.announce(
        AbsenceAnnouncement(seller_id=seller, market=market, first_day=first, last_day=last, announced_at=await h.now())
    )


def _violations(h: ThreadHarness, seller: str) -> list[tuple[str, str]]:
    from sqlalchemy import select

    from store.db import transaction
    from store.models import Violation

    with transaction(h.sessions) as session:
        rows = session.scalars(select(Violation).filter_by(seller_id=seller).order_by(Violation.id))
        return [(str(v.kind), v.rule) for v in rows]


def _admin_notices(h: ThreadHarness, seller: str) -> list[dict]:
    """The administrator's events about the seller: their data, with the type as ``kind``."""
    from store import events
    from store.db import transaction

    with transaction(h.sessions) as session:
        rows = events.page(session, recipient=(Recipient.ADMIN, None), limit=10_000)
        return [dict(row.document["data"], kind=row.type) for row in rows if row.seller_id == seller]


async def test_six_working_days_need_14_days_notice(thread_harness: ThreadHarness):
    h = thread_harness
    monday = await h.ordinary_monday("FR", weeks_ahead=3)
    today = (await h.now()).astimezone(h.local("FR", monday, "00:00").tzinfo).date()
    # Monday to the next Monday: 6 working days. Announced 13 days ahead: late, kept (R4.2).
    late_seller, on_time_seller = _seller(), _seller()
    await h.advance_to(h.local("FR", monday - timedelta(days=13), "10:00"))
    late = await _announce(h, late_seller, monday, monday + timedelta(days=7))
    assert (late.working_days, late.late_notice, late.state) == (6, True, AbsenceState.ANNOUNCED)
    assert _violations(h, late_seller) == [("late_absence_notice", "R4.2")]
    assert [(n["kind"], n["late_notice"]) for n in _admin_notices(h, late_seller)] == [
        ("absence.announced", True),
        ("absence.late_notice", True),
    ]
    # The same absence 14 days ahead (another seller, an announcement a day earlier) is on time.
    assert today < monday - timedelta(days=14)
    # (Another ordinary week, two or more weeks on: the one two weeks after ``monday`` may hold a holiday.)
    next_monday = await h.ordinary_monday("FR", weeks_ahead=2)
    await h.advance_to(h.local("FR", next_monday - timedelta(days=14), "23:59"))
    on_time = await _announce(h, on_time_seller, next_monday, next_monday + timedelta(days=7))
    assert (on_time.working_days, on_time.late_notice) == (6, False)
    assert _violations(h, on_time_seller) == []
    assert [(n["kind"], n["late_notice"]) for n in _admin_notices(h, on_time_seller)] == [("absence.announced", False)]


async def test_five_working_days_need_no_notice(thread_harness: ThreadHarness):
    h = thread_harness
    monday = await h.ordinary_monday("FR")
    await h.advance_to(h.local("FR", monday - timedelta(days=1), "12:00"))  # announced the Sunday before
    seller = _seller()
    status = await _announce(h, seller, monday, monday + timedelta(days=4))
    assert (status.working_days, status.late_notice) == (5, False)
    assert _violations(h, seller) == []


async def test_a_public_holiday_shortens_the_count(thread_harness: ThreadHarness):
    h = thread_harness
    start = (await h.now()).date() + timedelta(days=3)
    # The next Monday-to-Friday week in FR with exactly one public holiday on a weekday.
    fr = holidays.country_holidays("FR", years=range(start.year, start.year + 3))
    monday = start + timedelta(days=(7 - start.weekday()) % 7)
    while sum((monday + timedelta(days=n)) in fr for n in range(5)) != 1 or (monday + timedelta(days=7)) in fr:
        monday += timedelta(days=7)
    await h.advance_to(h.local("FR", monday - timedelta(days=2), "09:00"))
    seller = _seller()
    # Monday to the next Monday: 6 weekdays, one of them a holiday: 5 working days, no notice needed.
    status = await _announce(h, seller, monday, monday + timedelta(days=7))
    assert (status.working_days, status.late_notice) == (5, False)
    assert _violations(h, seller) == []


async def test_cover_at_a_deadline_during_the_absence(thread_harness: ThreadHarness):
    h = thread_harness
    monday = await h.ordinary_monday("FR", weeks_ahead=3)
    friday = monday - timedelta(days=3)
    on_time, late = _seller(), _seller()
    await h.advance_to(h.local("FR", monday - timedelta(days=21), "09:00"))
    await _announce(h, on_time, monday, monday + timedelta(days=4))
    await h.advance_to(h.local("FR", monday - timedelta(days=10), "09:00"))
    assert (await _announce(h, late, monday, monday + timedelta(days=7))).late_notice  # 6 working days, 10 days ahead
    await h.advance_to(h.local("FR", friday, "15:00"))
    covered = await h.open_thread(market="FR", received_at=h.local("FR", friday, "15:00"), seller_id=on_time)
    covered_late = await h.open_thread(market="FR", received_at=h.local("FR", friday, "15:00"), seller_id=late)
    await h.advance_to(h.local("FR", monday, "15:00") + MINUTE)  # the deadline, during both absences
    status = await covered.settled(lambda s: s.state == ThreadState.TAKEN_OVER)
    # R4.4: cover, and no breach on the record for an absence announced in time.
    assert status.takeover_reason == TakeoverReason.SELLER_ABSENT and status.violations == ()
    assert covered.violations() == []
    status = await covered_late.settled(lambda s: s.state == ThreadState.TAKEN_OVER)
    assert status.takeover_reason == TakeoverReason.SELLER_ABSENT
    assert [(v.kind, v.rule) for v in status.violations] == [("reply_deadline_missed", "R1.4")]
    # The absence itself moved on with its timers.
    assert (await h.client.absences.status(on_time, monday)).state == AbsenceState.ABSENT
    await _replays(h, on_time, monday)


async def test_a_deadline_just_after_the_absence_is_a_breach(thread_harness: ThreadHarness):
    h = thread_harness
    monday = await h.ordinary_monday("FR", weeks_ahead=3)
    seller = _seller()
    await h.advance_to(h.local("FR", monday - timedelta(days=20), "09:00"))
    await _announce(h, seller, monday, monday + timedelta(days=1))  # Monday and Tuesday
    tuesday = monday + timedelta(days=1)
    await h.advance_to(h.local("FR", tuesday, "00:30"))
    thread = await h.open_thread(market="FR", received_at=h.local("FR", tuesday, "00:30"), seller_id=seller)
    await h.advance_to(h.local("FR", tuesday + timedelta(days=1), "00:30") + MINUTE)  # due Wednesday 00:30
    status = await thread.settled(lambda s: s.state == ThreadState.TAKEN_OVER)
    assert status.takeover_reason == TakeoverReason.REPLY_DEADLINE_MISSED  # R1.4: the absence ended at 00:00
    assert (await h.client.absences.status(seller, monday)).state == AbsenceState.ENDED


async def test_cancel_shorten_and_overlap(thread_harness: ThreadHarness):
    h = thread_harness
    monday = await h.ordinary_monday("FR", weeks_ahead=3)
    seller = _seller()
    await h.advance_to(h.local("FR", monday - timedelta(days=20), "09:00"))
    first = await _announce(h, seller, monday, monday + timedelta(days=11))  # two weeks: 10 working days
    assert first.working_days == 10
    again = await _announce(h, seller, monday, monday + timedelta(days=11))  # the same, sent twice
    assert again.working_days == 10 and again.announced_at == first.announced_at
    with pytest.raises(AbsenceRefused, match=r"absence_refused \(R4\.5\): overlaps the announced absence"):
        await _announce(h, seller, monday + timedelta(days=7), monday + timedelta(days=14))
    with pytest.raises(AbsenceRefused, match="absence_already_announced"):
        await _announce(h, seller, monday, monday + timedelta(days=2))
    with pytest.raises(AbsenceRefused, match="absence_not_shorter"):
        await h.client.absences.shorten(seller, monday, monday + timedelta(days=14))
    shortened = await h.client.absences.shorten(seller, monday, monday + timedelta(days=4))
    assert (shortened.last_day, shortened.working_days) == (monday + timedelta(days=4), 5)
    # Now the second week is free: an absence there no longer overlaps.
    assert (await _announce(h, seller, monday + timedelta(days=7), monday + timedelta(days=8))).working_days == 2
    # Into the past: on Wednesday of the absence, Tuesday cannot become the last day.
    await h.advance_to(h.local("FR", monday + timedelta(days=2), "10:00"))
    assert (await h.client.absences.status(seller, monday)).state == AbsenceState.ABSENT
    with pytest.raises(AbsenceRefused, match="absence_into_the_past"):
        await h.client.absences.shorten(seller, monday, monday + timedelta(days=1))
    # Cancelled while running: it ends now; then nothing more can change it.
    ended = await h.client.absences.cancel(seller, monday)
    assert ended.state == AbsenceState.ENDED and ended.cancelled_at is not None
    with pytest.raises(AbsenceRefused, match="absence_ended"):
        await h.client.absences.cancel(seller, monday)
    # A past first day is refused.
    with pytest.raises(AbsenceRefused, match="is in the past"):
        await _announce(h, seller, monday, monday + timedelta(days=1))  # (same id, closed: reannounced)
    assert [n["kind"] for n in _admin_notices(h, seller)] == [
        "absence.announced",
        "absence.shortened",
        "absence.announced",
        "absence.cancelled",
    ]
    await _replays(h, seller, monday)


async def _replays(h: ThreadHarness, seller: str, first_day: date) -> None:
    """The absence's latest run replays from its history without a nondeterminism error."""
    from history_keys import test_data_converter
    from temporalio.worker import Replayer

    from contract.absences import absence_workflow_id
    from worker import workflow_runner
    from workflows import ALL_WORKFLOWS

    replayer = Replayer(
        workflows=ALL_WORKFLOWS, data_converter=test_data_converter(), workflow_runner=workflow_runner()
    )
    workflow_id = absence_workflow_id(seller, first_day)
    await replayer.replay_workflow(await h.client.temporal.get_workflow_handle(workflow_id).fetch_history())
