"""Every default of RULES.md is a setting (issue 15): each is read from its variable, reaches the
code that applies it, and changes the outcome the rule's number decides."""

from __future__ import annotations

import tempfile
from datetime import UTC, date, datetime, timedelta

import pytest

from activities.screening import ScreeningActivities
from config import load_settings
from contract.records import ScreenRequest
from contract.threads import SellerReply
from rules.absences import plan_absence
from rules.deadlines import DeadlineRequest, deadline_schedule
from rules.kinds import ThreadState
from rules.markets import DEFAULT_MARKETS
from rules.screening import ReplyContext, screen_reply
from rules.screening.autoreply import fingerprint
from store import repository
from store.db import transaction

MONDAY_9 = datetime(2027, 1, 11, 8, 0, tzinfo=UTC)  # 09:00 in Paris, an ordinary Monday


def test_the_rulebook_defaults_and_their_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    defaults = load_settings()
    assert (defaults.reminder_half_time_share, defaults.close_after_days) == (0.5, 30)  # R1.3, RULES "30 days"
    assert (defaults.template_min_threads, defaults.template_window_days) == (5, 7)  # R2.2
    assert (defaults.language_min_confidence, defaults.language_min_letters) == (0.90, 20)  # R2.3
    assert (defaults.absence_long_working_days, defaults.absence_notice_days) == (5, 14)  # R4.2
    for name, value in {
        "REMINDER_HALF_TIME_SHARE": "0.25",
        "CLOSE_AFTER_DAYS": "60",
        "TEMPLATE_MIN_THREADS": "3",
        "TEMPLATE_WINDOW_DAYS": "2",
        "LANGUAGE_MIN_CONFIDENCE": "0.99",
        "LANGUAGE_MIN_LETTERS": "40",
        "ABSENCE_LONG_WORKING_DAYS": "3",
        "ABSENCE_NOTICE_DAYS": "21",
    }.items():
        monkeypatch.setenv(f"HELPDESK_{name}", value)
    changed = load_settings()
    assert changed.thread_limits.half_time_share == 0.25 and changed.thread_limits.close_after_days == 60
    assert (changed.template_min_threads, changed.template_window_days) == (3, 2)
    assert (changed.language_min_confidence, changed.language_min_letters) == (0.99, 40)
    assert (changed.absence_long_working_days, changed.absence_notice_days) == (3, 21)


def test_r13_first_reminder_follows_the_half_time_share() -> None:
    fr = DEFAULT_MARKETS["FR"]
    half = deadline_schedule(fr, DeadlineRequest(market="FR", received_at=MONDAY_9))
    quarter = deadline_schedule(fr, DeadlineRequest(market="FR", received_at=MONDAY_9, half_time_share=0.25))
    assert half.half_time_reminder_at == MONDAY_9 + timedelta(hours=12)
    assert quarter.half_time_reminder_at == MONDAY_9 + timedelta(hours=6)
    assert quarter.due_at == half.due_at


def test_r23_thresholds_decide_whether_a_reply_is_in_the_wrong_language() -> None:
    german = "Guten Tag, das Telefon ist entsperrt und wird heute verschickt."  # 52 letters, in a French market
    fr = ReplyContext(languages=("fr",))
    assert [f.kind for f in screen_reply(german, fr)] == ["wrong_language"]
    assert screen_reply(german, ReplyContext(languages=("fr",), language_min_letters=60)) == []
    assert screen_reply(german, ReplyContext(languages=("fr",), language_min_confidence=1.0)) == []


def test_r22_template_threshold_and_window() -> None:
    sessions = _store()
    text = "Bonjour, votre commande est partie ce matin. Cordialement."
    with transaction(sessions) as session:
        for n in range(3):
            repository.upsert_thread(
                session,
                thread_id=f"T-{n}",
                order_id="O",
                seller_id="S-1",
                buyer_id="B",
                market="FR",
                currency="EUR",
                state=ThreadState.AWAITING_SELLER,
            )
            repository.record_message(
                session,
                message_id="R-1",
                thread_id=f"T-{n}",
                direction="seller",
                body=text,
                received_at=MONDAY_9 - timedelta(days=3),
            )
            repository.record_fingerprint(
                session,
                message_id="R-1",
                seller_id="S-1",
                thread_id=f"T-{n}",
                fingerprint=fingerprint(text),
                sent_at=MONDAY_9 - timedelta(days=3),
            )
    request = ScreenRequest(
        thread_id="T-new",
        seller_id="S-1",
        market="FR",
        languages=("fr",),
        reply=SellerReply(message_id="R-9", seller_id="S-1", text=text),
        sent_at=MONDAY_9,
    )
    assert ScreeningActivities(sessions).screen_reply(request) == []  # 3 others: under the rulebook's 5
    assert [f.kind for f in ScreeningActivities(sessions, template_min_threads=3).screen_reply(request)] == [
        "automated_reply"
    ]
    assert (
        ScreeningActivities(sessions, template_min_threads=3, template_window=timedelta(days=2)).screen_reply(request)
        == []
    )


def test_r42_notice_rule_numbers() -> None:
    fr = DEFAULT_MARKETS["FR"]
    first, last = date(2027, 2, 1), date(2027, 2, 3)  # Monday to Wednesday: 3 working days
    announced = datetime(2027, 1, 25, 10, tzinfo=UTC)  # 7 days ahead
    assert not plan_absence(fr, first, last, announced).late_notice
    assert plan_absence(fr, first, last, announced, long_absence_working_days=2).late_notice
    assert not plan_absence(fr, first, last, announced, long_absence_working_days=2, notice_days_needed=7).late_notice


def _store():
    from store.db import open_store

    return open_store(f"sqlite:///{tempfile.mkdtemp()}/helpdesk.db")
