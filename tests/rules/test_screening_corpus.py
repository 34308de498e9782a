"""R2 reply screening against a labelled corpus of seller replies in all 15 default markets.

``tests/data/screening_corpus.jsonl`` holds one seller reply a line, hand-written in the
market's languages: ``{"market", "text", "label", "note"}`` where the label says what the
screening must do with it:

- ``contact``: an off-platform contact attempt (R2.1), plain or obfuscated; must be found
  (``off_platform_contact``), recall at least 95 %.
- ``clean``: an ordinary reply dense with order numbers, IMEIs, tracking numbers, prices, dates,
  times, model numbers and links to the platform or the carriers; must pass.
- ``wrong_language``: at least 20 letters, clearly in none of the market's languages (R2.3); must
  be found (``wrong_language``), recall at least 90 %.
- ``short``: fewer than 20 letters, in any language; must pass, always (R2.3: short replies pass).
- ``second_language``: a market's second or third language (BE in nl or de, FI in sv); must pass,
  always.

False positives (any refusing finding on ``clean``, ``short`` or ``second_language``) must stay at
or below 2 %. Each assertion message lists the misclassified lines (corpus line number, market,
note, what was found), and the confusion figures are printed (``pytest -s``) by
:func:`confusion_report`.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pytest

from rules.findings import Finding
from rules.markets import DEFAULT_MARKETS
from rules.screening import ReplyContext, screen_reply

CORPUS = Path(__file__).resolve().parents[1] / "data" / "screening_corpus.jsonl"
MARKETS = ("FR", "DE", "AT", "BE", "NL", "ES", "IT", "PT", "IE", "GB", "US", "SE", "FI", "GR", "PL")
LABELS = ("contact", "clean", "wrong_language", "short", "second_language")
MINIMUM_PER_LABEL = {"contact": 120, "clean": 150, "wrong_language": 40, "short": 15, "second_language": 15}
MINIMUM_LINES = 300

CONTACT = "off_platform_contact"
WRONG_LANGUAGE = "wrong_language"
REFUSING_KINDS = frozenset({CONTACT, WRONG_LANGUAGE, "automated_reply", "abusive_language", "empty_reply"})
"""A finding of any of these on a reply that must pass is a false positive."""
MUST_PASS = ("clean", "short", "second_language")
NEVER_REFUSED = ("short", "second_language")

CONTACT_RECALL = 0.95
WRONG_LANGUAGE_RECALL = 0.90
MAX_FALSE_POSITIVE_RATE = 0.02
SHORT_LETTERS = 20


@dataclass(frozen=True)
class Entry:
    line: int
    market: str
    text: str
    label: str
    note: str


@dataclass(frozen=True)
class Screened:
    entry: Entry
    findings: tuple[Finding, ...]

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(finding.kind for finding in self.findings)

    @property
    def refused(self) -> bool:
        return bool(self.kinds & REFUSING_KINDS)


def letters(text: str) -> int:
    return sum(char.isalpha() for char in text)


@lru_cache(maxsize=1)
def load_corpus() -> tuple[Entry, ...]:
    entries = []
    with CORPUS.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            row = json.loads(line)
            entries.append(Entry(number, row["market"], row["text"], row["label"], row.get("note", "")))
    return tuple(entries)


def context_for(market_code: str) -> ReplyContext:
    market = DEFAULT_MARKETS[market_code]
    return ReplyContext(languages=tuple(market.languages), market=market.code)


@lru_cache(maxsize=1)
def screen_corpus() -> tuple[Screened, ...]:
    """Every corpus reply through :func:`screen_reply` in its market, once per test session."""
    return tuple(Screened(entry, tuple(screen_reply(entry.text, context_for(entry.market)))) for entry in load_corpus())


def of_label(results: Iterable[Screened], *labels: str) -> list[Screened]:
    return [result for result in results if result.entry.label in labels]


def describe(result: Screened) -> str:
    entry = result.entry
    found = "; ".join(f"{f.rule} {f.kind} {f.text!r}@{f.start}-{f.end}" for f in result.findings) or "nothing"
    return f"  line {entry.line} [{entry.market} {entry.label}: {entry.note}] {entry.text!r}\n    found: {found}"


def misclassified(results: Sequence[Screened], wrong: Callable[[Screened], bool], title: str) -> str:
    """A message naming every result for which ``wrong`` holds, with the whole confusion report."""
    bad = [result for result in results if wrong(result)]
    listed = "\n".join(describe(result) for result in bad) or "  (none)"
    return f"{title}: {len(bad)} of {len(results)}\n{listed}\n\n{confusion_report(screen_corpus())}"


def confusion_report(results: Sequence[Screened]) -> str:
    """Per label: how many replies, how many got each finding kind, how many passed; recalls and FP rate."""
    kinds = (CONTACT, WRONG_LANGUAGE, "automated_reply", "abusive_language", "empty_reply")
    header = f"{'label':<16} {'n':>4} " + " ".join(f"{kind:>20}" for kind in kinds) + f" {'accepted':>9}"
    lines = ["R2 screening corpus: rows are labels, columns how many replies got a finding of that kind", header]
    for label in LABELS:
        group = of_label(results, label)
        counts = Counter(kind for result in group for kind in result.kinds)
        accepted = sum(not result.findings for result in group)
        lines.append(
            f"{label:<16} {len(group):>4} " + " ".join(f"{counts[kind]:>20}" for kind in kinds) + f" {accepted:>9}"
        )
    contact = of_label(results, "contact")
    wrong = of_label(results, "wrong_language")
    passing = of_label(results, *MUST_PASS)
    contact_hits = sum(CONTACT in result.kinds for result in contact)
    wrong_hits = sum(WRONG_LANGUAGE in result.kinds for result in wrong)
    false_positives = sum(result.refused for result in passing)
    lines += [
        "",
        f"contact recall          {contact_hits}/{len(contact)} = {rate(contact_hits, len(contact)):.3f} (need >= {CONTACT_RECALL})",
        f"wrong-language recall   {wrong_hits}/{len(wrong)} = {rate(wrong_hits, len(wrong)):.3f} (need >= {WRONG_LANGUAGE_RECALL})",
        f"false positives         {false_positives}/{len(passing)} = {rate(false_positives, len(passing)):.3f} "
        f"(need <= {MAX_FALSE_POSITIVE_RATE}) on {' + '.join(MUST_PASS)}",
        "",
        "contact recall by market: "
        + ", ".join(
            f"{code} {sum(CONTACT in r.kinds for r in contact if r.entry.market == code)}/"
            f"{sum(r.entry.market == code for r in contact)}"
            for code in MARKETS
        ),
    ]
    return "\n".join(lines)


def rate(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


@pytest.fixture(scope="module")
def results() -> tuple[Screened, ...]:
    screened = screen_corpus()
    print("\n" + confusion_report(screened))
    return screened


# -- the corpus itself ------------------------------------------------------------------------------


def test_corpus_is_large_labelled_and_covers_every_market() -> None:
    entries = load_corpus()
    assert len(entries) >= MINIMUM_LINES
    assert {entry.market for entry in entries} == set(MARKETS)
    assert set(MARKETS) <= set(DEFAULT_MARKETS)
    assert {entry.label for entry in entries} <= set(LABELS)
    per_label = Counter(entry.label for entry in entries)
    for label, minimum in MINIMUM_PER_LABEL.items():
        assert per_label[label] >= minimum, f"{label}: {per_label[label]} lines, need {minimum}"
    for code in MARKETS:
        labels = {entry.label for entry in entries if entry.market == code}
        assert {"contact", "clean", "wrong_language", "short"} <= labels, f"{code} lacks some label: {labels}"
    assert len({entry.text for entry in entries}) == len(entries), "duplicate replies"


def test_corpus_labels_match_their_definitions() -> None:
    for entry in load_corpus():
        if entry.label == "short":
            assert letters(entry.text) < SHORT_LETTERS, entry
        if entry.label == "wrong_language":
            assert letters(entry.text) >= SHORT_LETTERS, entry
        if entry.label == "second_language":
            assert entry.market in {"BE", "FI"}, entry
        assert entry.note, f"line {entry.line} has no note"


# -- the screening against the corpus ---------------------------------------------------------------


def test_contact_attempts_are_found(results: Sequence[Screened]) -> None:
    contact = of_label(results, "contact")
    found = sum(CONTACT in result.kinds for result in contact)
    assert rate(found, len(contact)) >= CONTACT_RECALL, misclassified(
        contact, lambda r: CONTACT not in r.kinds, f"contact attempts missed (recall must be >= {CONTACT_RECALL})"
    )


def test_replies_that_must_pass_rarely_refused(results: Sequence[Screened]) -> None:
    passing = of_label(results, *MUST_PASS)
    refused = sum(result.refused for result in passing)
    assert rate(refused, len(passing)) <= MAX_FALSE_POSITIVE_RATE, misclassified(
        passing, lambda r: r.refused, f"false positives (must be <= {MAX_FALSE_POSITIVE_RATE:.0%})"
    )


def test_wrong_language_is_found(results: Sequence[Screened]) -> None:
    wrong = of_label(results, "wrong_language")
    found = sum(WRONG_LANGUAGE in result.kinds for result in wrong)
    assert rate(found, len(wrong)) >= WRONG_LANGUAGE_RECALL, misclassified(
        wrong,
        lambda r: WRONG_LANGUAGE not in r.kinds,
        f"wrong-language replies missed (recall must be >= {WRONG_LANGUAGE_RECALL})",
    )


def test_short_and_second_language_replies_are_never_refused(results: Sequence[Screened]) -> None:
    group = of_label(results, *NEVER_REFUSED)
    assert not any(result.findings for result in group), misclassified(
        group, lambda r: bool(r.findings), "short or second-language replies refused (must be none)"
    )
