"""Discussions (R3.2) and the seller report, read from the store.

From the store's read model, not Temporal visibility: every thread writes its row (state, due
instant, unanswered messages) in a local activity of the same workflow task that changes it, so
the store is as current as the thread's last task, and one indexed query per seller answers
(``threads (seller_id, state, reply_due_at)``). Visibility is eventually consistent (search
attributes land after the task, seconds later under load), cannot list unanswered messages or
refused replies without a query per thread, and pages through a rate-limited API.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session, sessionmaker

from contract.seller_views import REPORT_WINDOWS, DiscussionEntry, SellerReport, since, window_metrics
from contract.threads import UnansweredMessage
from rules.calendar import calendar_for
from rules.kinds import ViolationKind
from rules.markets import MarketRegistry
from store import repository
from store.db import reading


def discussions(
    sessions: sessionmaker[Session], markets: MarketRegistry, seller_id: str, now: datetime
) -> list[DiscussionEntry]:
    """The seller's open threads: awaiting the seller first, by due instant; hours left at ``now``."""
    with reading(sessions) as session:
        threads = repository.open_threads(session, seller_id)
        refused = repository.refused_replies_by_thread(session, [t.thread_id for t in threads])
        entries = []
        for thread in threads:
            market = markets.get(thread.market)
            zone = ZoneInfo(market.timezone)  # a person reads these: in the market's time, with its offset
            left = None
            if thread.reply_due_at is not None:
                calendar = calendar_for(market)
                left = round(max(calendar.working_time_between(now, thread.reply_due_at).total_seconds(), 0) / 3600, 2)
            refusals = refused.get(thread.thread_id, [])
            unanswered = (UnansweredMessage.model_validate(m) for m in thread.unanswered or ())
            entries.append(
                DiscussionEntry(
                    thread_id=thread.thread_id,
                    order_id=thread.order_id,
                    market=thread.market,
                    state=thread.state,
                    due_at=thread.reply_due_at.astimezone(zone) if thread.reply_due_at is not None else None,
                    working_hours_left=left,
                    unanswered=tuple(
                        m.model_copy(update={"received_at": m.received_at.astimezone(zone)}) for m in unanswered
                    ),
                    refused_replies=len(refusals),
                    last_refusal=refusals[-1].refusal if refusals else None,
                )
            )
    return entries


def seller_report(sessions: sessionmaker[Session], seller_id: str, as_of: datetime) -> SellerReport:
    """Replies on time, response times in working hours, violations and takeovers over 7/30/90 days."""
    windows = []
    with reading(sessions) as session:
        longest = since(as_of, max(REPORT_WINDOWS))
        replies = [
            (at, hours) for at, hours in repository.response_hours_since(session, seller_id, longest) if at <= as_of
        ]
        for days in REPORT_WINDOWS:
            start = since(as_of, days)
            violations = repository.violation_counts_since(session, seller_id, start, as_of)
            windows.append(
                window_metrics(
                    days,
                    [hours for at, hours in replies if at >= start],
                    breaches=violations.get(ViolationKind.REPLY_DEADLINE_MISSED, 0),
                    violations=violations,
                    takeovers=repository.takeover_counts_since(session, seller_id, start, as_of),
                    overturned=repository.violation_counts_since(session, seller_id, start, as_of, overturned=True),
                )
            )
    return SellerReport(
        seller_id=seller_id, as_of=as_of, windows=tuple(windows), response_hours_90d=tuple(h for _, h in replies)
    )
