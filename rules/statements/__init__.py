"""Statements of reasons (issue 20): a sanction told to the seller in plain words, in the market's language.

For every takeover, violation, flag or charge the seller reads what happened and when (in the
market's local time), which rule of the seller terms it applies (in plain words, with its id),
the facts it rests on, the consequence, and until when and how to appeal. The words come from a
message catalog per language (``rules/statements/<code>.py``, one module each, the shape in
``catalog.py``), no translation library, so a statement renders the same every time.

The statement itself is a contract model (``contract.statements.Statement``); the rulebook sits
below the contract and so reads it through the protocol ``StatementView``, which that model
satisfies (its ``render`` method calls ``render_statement``, so mypy checks the fit).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rules.statements import de, el, en, es, fi, fr, it, nl, pl, pt, sv
from rules.statements.catalog import Catalog

LANGUAGES: tuple[str, ...] = ("fr", "de", "nl", "es", "it", "pt", "en", "sv", "fi", "el", "pl")
"""The languages of the markets of RULES.md."""

SANCTIONING_RULES: tuple[str, ...] = (
    "R1.4",
    "R1.7",
    "R2.1",
    "R2.2",
    "R2.3",
    "R2.4",
    "R4.2",
    "R4.4",
    "R5.1",
    "R5.2",
    "R5.3",
    "R5.4",
    "R5.6",
)
"""The rules that record a violation, take a thread over, flag a seller or charge one (RULES.md)."""

CENT = Decimal("0.01")
NOTICE_DAYS_NEEDED = 14  # R4.2's default, for a statement that does not carry the setting it was made under
DECISIONS = {"upheld", "overturned", "partly_overturned"}


class StatementFactsView(Protocol):
    @property
    def due_at(self) -> datetime | None: ...
    @property
    def working_hours(self) -> float | None: ...
    @property
    def finding_kind(self) -> str | None: ...
    @property
    def finding_text(self) -> str | None: ...
    @property
    def finding_start(self) -> int | None: ...
    @property
    def finding_end(self) -> int | None: ...
    @property
    def escalation_reason(self) -> str | None: ...
    @property
    def raised_by(self) -> str | None: ...
    @property
    def amount(self) -> Decimal | None: ...
    @property
    def currency(self) -> str | None: ...
    @property
    def takeover_reason(self) -> str | None: ...
    @property
    def cost_kind(self) -> str | None: ...
    @property
    def absence_working_days(self) -> int | None: ...
    @property
    def notice_days(self) -> int | None: ...
    @property
    def notice_days_needed(self) -> int | None: ...


class StatementView(Protocol):
    """What ``render_statement`` reads of a ``contract.statements.Statement``."""

    @property
    def sanction_kind(self) -> str: ...
    @property
    def sanction_id(self) -> str: ...
    @property
    def thread_id(self) -> str | None: ...
    @property
    def rule(self) -> str: ...
    @property
    def violation_kind(self) -> str | None: ...
    @property
    def occurred_at(self) -> datetime: ...
    @property
    def appeal_until(self) -> datetime: ...
    @property
    def facts(self) -> StatementFactsView: ...


CATALOGS: Mapping[str, Catalog] = {
    "en": en.CATALOG,
    "fr": fr.CATALOG,
    "de": de.CATALOG,
    "nl": nl.CATALOG,
    "es": es.CATALOG,
    "it": it.CATALOG,
    "pt": pt.CATALOG,
    "sv": sv.CATALOG,
    "fi": fi.CATALOG,
    "el": el.CATALOG,
    "pl": pl.CATALOG,
}
"""One module per language (``rules/statements/<code>.py``): the words a native reader reviews."""


def written_in(languages: tuple[str, ...]) -> tuple[str, ...]:
    """The languages a market's statements are written in: those of its languages a catalog exists
    for, in the market's order; English for a configured market with none of them."""
    return tuple(language for language in languages if language in CATALOGS) or ("en",)


def catalog(language: str) -> Catalog:
    """The words of ``language``, or ``ValueError`` naming the field and listing the 11."""
    found = CATALOGS.get(language.strip().lower()) if isinstance(language, str) else None
    if found is None:
        raise ValueError(f"language {language!r} is not supported; language must be one of: {', '.join(LANGUAGES)}")
    return found


def _zone(timezone: str) -> ZoneInfo:
    try:
        return ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError, TypeError) as exc:
        raise ValueError(f"timezone {timezone!r} is not a known time zone") from exc


def local_time(instant: datetime, zone: ZoneInfo) -> str:
    """``2026-12-07 09:00 CET (UTC+01:00)``: the instant on the market's clock, with the zone's
    abbreviation where it has a lettered one, and its offset."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"instant {instant.isoformat()} has no time zone; a statement needs aware instants")
    local = instant.astimezone(zone)
    raw = local.strftime("%z")  # +0100
    offset = f"UTC{raw[:3]}:{raw[3:5]}"
    abbreviation = local.tzname() or ""
    clock = local.strftime("%Y-%m-%d %H:%M")
    if abbreviation.isalpha() and abbreviation != "UTC":
        return f"{clock} {abbreviation} ({offset})"
    return f"{clock} {offset}"


def _number(text: str, words: Catalog) -> str:
    """A number formatted ``1,234.50`` in the language's separators."""
    return text.translate(str.maketrans(",.", words.group + words.decimal))


def money(amount: Decimal, currency: str, words: Catalog) -> str:
    """``23,00 EUR``: two decimals, grouped thousands, in the language's separators, then the code."""
    return f"{_number(f'{amount.quantize(CENT, rounding=ROUND_HALF_UP):,.2f}', words)} {currency}"


def hours(value: float, words: Catalog) -> str:
    """``24``, ``23,5``: working hours to the hundredth, trailing zeros dropped."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return _number(text, words)


def rule_sentence(rule: str, words: Catalog) -> str:
    described = words.rules.get(rule)
    if described is None:
        return words.messages["rule_unknown"].format(rule=rule)
    return words.messages["rule"].format(rule=rule, words=described)


def _word(code: str, words: Catalog) -> str:
    return words.words.get(str(code), str(code).replace("_", " "))


def render_decision(
    sanction_id: str,
    sanction_kind: str,
    outcome: str,
    note: str,
    credit: tuple[Decimal, str] | None,
    language: str,
) -> str:
    """An appeal's decision told to the seller in ``language``: the outcome and what it reverses,
    ops' reason (in the words they wrote it in), and where to turn if the seller still disagrees."""
    words = catalog(language)
    say = words.messages
    if outcome not in DECISIONS:
        raise ValueError(f"outcome {outcome!r} must be one of: {', '.join(sorted(DECISIONS))}")
    amount = money(credit[0], credit[1], words) if credit is not None else ""
    if outcome == "upheld":
        key = "decided_upheld"
    elif outcome == "partly_overturned":
        key = "decided_partly"
    else:
        key = {"violation": "decided_violation", "flag": "decided_flag", "charge": "decided_charge"}.get(
            str(sanction_kind), "decided_violation"
        )
    lines = [say[key].format(ref=sanction_id, amount=amount)]
    if note:
        lines.append(say["decided_reason"].format(note=note))
    if outcome != "overturned":
        lines.append(say["decided_redress"])
    return "\n".join(lines)


def render_statement(statement: StatementView, language: str, timezone: str) -> str:
    """The statement of reasons for one sanction, in ``language``, its instants in ``timezone``.

    A few short lines: what happened and when, the thread, the rule in plain words with its id,
    the facts, the consequence, and until when and how to appeal. Deterministic: the same
    statement renders the same text. Raises ``ValueError`` for a language not in ``LANGUAGES``, a
    time zone ``zoneinfo`` does not know, or an instant without a time zone.
    """
    words = catalog(language)
    zone = _zone(timezone)
    say = words.messages
    kind = str(statement.sanction_kind)
    if kind not in ("takeover", "violation", "flag", "charge"):
        raise ValueError(f"sanction_kind {kind!r} must be one of: takeover, violation, flag, charge")
    facts = statement.facts
    lines = [say[kind].format(when=local_time(statement.occurred_at, zone))]
    if statement.thread_id:
        lines.append(say["conversation"].format(thread_id=statement.thread_id))
    if statement.violation_kind:
        lines.append(say["what"].format(what=_word(statement.violation_kind, words)))
    lines.append(rule_sentence(statement.rule, words))
    if facts.due_at is not None:
        lines.append(say["due"].format(due_at=local_time(facts.due_at, zone)))
    if facts.working_hours is not None:
        lines.append(say["hours"].format(hours=hours(facts.working_hours, words)))
    if facts.finding_kind:
        lines.append(say["finding"].format(kind=_word(facts.finding_kind, words)))
    if facts.finding_text:
        quoted = f"{words.quotes[0]}{facts.finding_text}{words.quotes[1]}"
        if facts.finding_start is not None and facts.finding_end is not None:
            lines.append(say["excerpt"].format(text=quoted, start=facts.finding_start, end=facts.finding_end))
        else:
            lines.append(say["excerpt_plain"].format(text=quoted))
    if facts.raised_by:
        lines.append(say["raised"].format(who=words.raised_by.get(str(facts.raised_by), str(facts.raised_by))))
    if facts.escalation_reason:
        lines.append(say["escalation"].format(reason=_word(facts.escalation_reason, words)))
    if facts.takeover_reason and facts.takeover_reason != facts.escalation_reason:
        lines.append(say["reason"].format(reason=_word(facts.takeover_reason, words)))
    if facts.absence_working_days is not None and facts.notice_days is not None:
        notice = facts.notice_days
        absence = "absence_none" if notice <= 0 else "absence_one" if notice == 1 else "absence"
        needed = facts.notice_days_needed or NOTICE_DAYS_NEEDED
        lines.append(say[absence].format(days=facts.absence_working_days, notice=notice, needed=needed))
    if facts.cost_kind:
        lines.append(say["cost"].format(cost=_word(facts.cost_kind, words)))
    if kind != "charge":
        lines.append(say[f"{kind}_then"])
    elif facts.amount is not None and facts.currency:
        lines.append(say["charge_then"].format(amount=money(facts.amount, facts.currency, words)))
    appeal = "appeal_takeover" if kind == "takeover" else "appeal"
    lines.append(say[appeal].format(until=local_time(statement.appeal_until, zone), ref=statement.sanction_id))
    return "\n".join(lines)
