"""Seller metrics over 7/30/90 days on a seeded history with known answers, on both stores."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from contract.seller_views import median_and_p90
from rules.kinds import ThreadState
from starter.client.seller_views import seller_report
from store import repository as repo
from store.db import transaction

if TYPE_CHECKING:
    from conftest import Database

AS_OF = datetime(2026, 6, 30, 12, 0, tzinfo=UTC)


def _seed(database: Database) -> None:
    """Seller s-1: 10 accepted replies (1..10 working hours) spread over 100 days, 2 refused ones,
    3 missed deadlines, a late absence notice, 3 takeovers; seller s-2's rows must not count."""
    with transaction(database.factory) as session:
        for seller in ("s-1", "s-2"):
            for n in range(12):
                repo.upsert_thread(
                    session,
                    thread_id=f"{seller}-t{n}",
                    order_id=f"o{n}",
                    seller_id=seller,
                    buyer_id="b",
                    market="FR",
                    currency="EUR",
                    state=ThreadState.AWAITING_BUYER,
                )
        # Replies n = 1..10: n working hours, sent n*10-5 days before AS_OF (5, 15, …, 95 days ago).
        for n in range(1, 11):
            for seller in ("s-1", "s-2"):
                repo.record_seller_reply(
                    session,
                    message_id=f"{seller}-r{n}",
                    thread_id=f"{seller}-t{n}",
                    body="ok",
                    sent_at=AS_OF - timedelta(days=n * 10 - 5),
                    accepted=True,
                    response_working_hours=float(n if seller == "s-1" else 99),
                )
        for n in (1, 2):  # refused replies count nowhere in the response times
            repo.record_seller_reply(
                session,
                message_id=f"s-1-x{n}",
                thread_id="s-1-t11",
                body="wa.me",
                sent_at=AS_OF - timedelta(days=n),
                accepted=False,
                findings=[{"rule": "R2.1"}],
            )
        for n, days in enumerate((3, 20, 60)):  # missed deadlines 3, 20 and 60 days ago
            repo.record_violation(
                session,
                dedupe_key=f"breach-{n}",
                seller_id="s-1",
                kind="reply_deadline_missed",
                rule="R1.4",
                occurred_at=AS_OF - timedelta(days=days),
                thread_id=f"s-1-t{n}",
            )
            repo.open_ops_case(
                session,
                thread_id=f"s-1-t{n}",
                takeover_no=1,
                reason="reply_deadline_missed",
                opened_at=AS_OF - timedelta(days=days),
            )
        repo.record_violation(
            session,
            dedupe_key="late",
            seller_id="s-1",
            kind="late_absence_notice",
            rule="R4.2",
            occurred_at=AS_OF - timedelta(days=25),
        )
        repo.open_ops_case(
            session, thread_id="s-1-t5", takeover_no=1, reason="counterfeit", opened_at=AS_OF - timedelta(days=6)
        )
        repo.record_violation(  # after AS_OF: not in any window
            session,
            dedupe_key="later",
            seller_id="s-1",
            kind="off_platform_contact",
            rule="R2.1",
            occurred_at=AS_OF + timedelta(days=1),
        )


def test_report_windows_have_the_known_answers(database: Database) -> None:
    _seed(database)
    report = seller_report(database.factory, "s-1", AS_OF)
    week, month, quarter = report.windows
    # 7 days: the reply of 5 days ago (1 h); the breach of 3 days ago; the counterfeit takeover.
    assert (week.days, week.replies, week.breaches, week.on_time_rate) == (7, 1, 1, 0.5)
    assert (week.median_response_hours, week.p90_response_hours) == (1.0, 1.0)
    assert week.violations == {"reply_deadline_missed": 1}
    assert week.takeovers == {"reply_deadline_missed": 1, "counterfeit": 1}
    # 30 days: replies 5, 15, 25 days ago (1, 2, 3 h); breaches 3 and 20 days ago; the late notice.
    assert (month.replies, month.breaches, month.on_time_rate) == (3, 2, 0.6)
    assert (month.median_response_hours, month.p90_response_hours) == (2.0, 2.8)
    assert month.violations == {"reply_deadline_missed": 2, "late_absence_notice": 1}
    assert month.takeovers == {"reply_deadline_missed": 2, "counterfeit": 1}
    # 90 days: replies 1..9 h (the tenth was 95 days ago); all three breaches.
    assert (quarter.replies, quarter.breaches, quarter.on_time_rate) == (9, 3, 0.75)
    assert (quarter.median_response_hours, quarter.p90_response_hours) == (5.0, 8.2)
    assert quarter.takeovers == {"reply_deadline_missed": 3, "counterfeit": 1}
    assert sorted(report.response_hours_90d) == [float(n) for n in range(1, 10)]


def test_percentiles_of_a_known_series() -> None:
    assert median_and_p90([float(n) for n in range(1, 11)]) == (5.5, 9.1)
    assert median_and_p90([]) == (None, None)
    assert median_and_p90([7.0]) == (7.0, 7.0)


def test_html_page_has_the_table_and_the_chart(database: Database) -> None:
    from starter.cli.report_html import render

    _seed(database)
    page = render(seller_report(database.factory, "s-1", AS_OF))
    assert page.startswith("<!doctype html>") and "<svg" in page and "Seller s-1" in page
    assert page.count("<tr>") == 4  # header + 7, 30, 90 days


def test_the_page_speaks_to_a_seller(database: Database) -> None:
    """Plain words for a seller (issue 16): no rule numbers, no codes, "1 reply" not "1 replies"."""
    from starter.cli.report_html import render

    _seed(database)
    page = render(seller_report(database.factory, "s-1", AS_OF))
    assert "RULES" not in page and "R1" not in page
    for code in ("reply_deadline_missed", "late_absence_notice", "counterfeit 1"):
        assert code not in page
    # The 7-day row: one deadline missed, taken over once for it and once as counterfeit.
    assert "<td>replied too late: 1</td><td>counterfeit: 1, no reply in time: 1</td>" in page
    assert "absence announced too late: 1" in page
    assert "(9 replies)" in page

    with transaction(database.factory) as session:
        repo.upsert_thread(
            session,
            thread_id="s-3-t1",
            order_id="o",
            seller_id="s-3",
            buyer_id="b",
            market="FR",
            currency="EUR",
            state=ThreadState.AWAITING_BUYER,
        )
        repo.record_seller_reply(
            session,
            message_id="s-3-r1",
            thread_id="s-3-t1",
            body="ok",
            sent_at=AS_OF - timedelta(days=1),
            accepted=True,
            response_working_hours=2.0,
        )
    assert "(1 reply)" in render(seller_report(database.factory, "s-3", AS_OF))
