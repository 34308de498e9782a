"""Statements of reasons (issue 20): every sanction is explained to the seller in its own transaction.

The activities that record a sanction (a violation, a flag, a charge, a takeover's case) call
``StatementWriter`` inside the transaction that writes it: the statement row and its
``statement.issued`` event commit with the sanction or not at all, once per sanction id, so a
retried activity neither loses nor repeats one. The text is rendered here in each of the market's
languages, its instants on the market's clock, the appeal window counted from the sanction's
instant (``HELPDESK_APPEAL_WINDOW_DAYS`` calendar days, to the end of that day in the market).
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from activities.events import EventWriter, ThreadIds
from contract.facts import StatementFacts
from contract.statements import Statement, appeal_deadline
from events.schema import StatementIssued
from rules.kinds import APPEALABLE, Recipient, SanctionKind, ViolationKind
from rules.markets import MarketRegistry, UnknownMarketError
from rules.statements import written_in
from store import repository

FALLBACK_LANGUAGE = "en"


class Sanction(NamedTuple):
    """What was sanctioned, for whom, under which rule."""

    kind: SanctionKind
    sanction_id: str
    seller_id: str
    thread_id: str | None
    rule: str
    occurred_at: datetime
    facts: StatementFacts = StatementFacts()
    violation_kind: ViolationKind | None = None
    key: str | None = None  # the sanctioned row's natural key, where the id does not spell it
    issued_at: datetime | None = None
    """When the seller is told (workflow time); the window counts from it. A deadline found missed
    late (R1.7, a backfill) is told now, not when it was due: the seller gets the whole window."""


class MarketWords(NamedTuple):
    zone: ZoneInfo
    timezone: str
    languages: tuple[str, ...]


def market_words(markets: MarketRegistry, code: str) -> MarketWords:
    """The market's clock and the languages its statements are written in (those a catalog exists
    for; English when a configured market has none of them, UTC and English for a market since
    removed from the settings)."""
    try:
        market = markets.get(code)
    except UnknownMarketError:
        return MarketWords(ZoneInfo("UTC"), "UTC", (FALLBACK_LANGUAGE,))
    return MarketWords(market.zone, market.timezone, written_in(market.languages))


class StatementWriter:
    """Bound to the markets (clock and languages), the event writer and the appeal window by the worker."""

    def __init__(self, markets: MarketRegistry, events: EventWriter, window_days: int) -> None:
        self._markets = markets
        self._events = events
        self._window_days = window_days

    def market(self, code: str) -> MarketWords:
        return market_words(self._markets, code)

    def issue(
        self, session: Session, sanction: Sanction, *, market: str | None = None, thread: ThreadIds | None = None
    ) -> bool:
        """Write the sanction's statement and tell the seller; False when it was already issued.

        ``market``: the market whose language and clock the seller is told in; the thread's when
        not given (a sanction without a thread, a late absence notice, gives it)."""
        if market is None:
            if thread is None and sanction.thread_id is not None:
                thread = self._events.thread_ids(session, sanction.thread_id, "statement")
            if thread is None:
                raise LookupError(f"statement {sanction.sanction_id}: no thread and no market given")
            market = thread.market
        words = self.market(market)
        issued_at = max(sanction.occurred_at, sanction.issued_at or sanction.occurred_at)
        statement = Statement(
            sanction_kind=sanction.kind,
            sanction_id=sanction.sanction_id,
            seller_id=sanction.seller_id,
            thread_id=sanction.thread_id,
            market=market,
            rule=sanction.rule,
            violation_kind=sanction.violation_kind,
            occurred_at=sanction.occurred_at,
            issued_at=issued_at,
            appeal_until=appeal_deadline(issued_at, words.zone, self._window_days),
            facts=sanction.facts,
        )
        created = repository.issue_statement(
            session,
            sanction_id=statement.sanction_id,
            sanction_key=sanction.key,
            sanction_kind=statement.sanction_kind,
            seller_id=statement.seller_id,
            thread_id=statement.thread_id,
            market=statement.market,
            rule=statement.rule,
            violation_kind=statement.violation_kind,
            occurred_at=statement.occurred_at,
            issued_at=issued_at,
            appeal_until=statement.appeal_until,
            facts=statement.facts.model_dump(mode="json", exclude_none=True),
        ).created
        if not created:
            return False
        issued = StatementIssued(
            sanction_id=statement.sanction_id,
            sanction_kind=statement.sanction_kind,
            rule=statement.rule,
            violation_kind=statement.violation_kind,
            sanctioned_at=statement.occurred_at,
            appeal_until=statement.appeal_until,
            appealable=statement.sanction_kind in APPEALABLE,
            facts=statement.facts,
            texts={language: statement.render(language, words.timezone) for language in words.languages},
        )
        self._events.seller_or_thread_event(
            session,
            thread_id=statement.thread_id,
            seller_id=statement.seller_id,
            market=market,
            event_type="statement.issued",
            recipient=Recipient.SELLER,
            key=statement.sanction_id,
            occurred_at=issued_at,
            data=issued,
            thread=thread,
        )
        return True


def statement_of(row: object) -> Statement:
    """A stored statement (``store.models.StatementRecord``) as the contract's model (it renders itself)."""
    return Statement.model_validate(row, from_attributes=True)
