"""R2.1 against determined evasion: how much of a labelled corpus the off-platform contact check catches.

A report, not a test (pytest does not collect it: the name does not start with ``test_``). Run it
from the repository root::

    .venv/bin/python tests/rules/evasion_report.py                  # the evasion corpus, as text
    .venv/bin/python tests/rules/evasion_report.py --json           # the same figures as JSON
    .venv/bin/python tests/rules/evasion_report.py --misses         # also list every contact reply let through
    .venv/bin/python tests/rules/evasion_report.py --caught         # also list what was found in caught evasions
    .venv/bin/python tests/rules/evasion_report.py --corpus tests/data/screening_corpus.jsonl
    .venv/bin/python tests/rules/evasion_report.py --corpus tests/data/evasion_negatives.jsonl  # clean only

What it measures (issue 21). The corpus (default ``tests/data/evasion_corpus.jsonl``) holds one
seller reply a line: ``{"market", "language", "text", "label", "kind", "note"}``.

- ``label`` ``contact``: the reply hands the buyer a way to reach the seller outside the helpdesk;
  ``kind`` says how it is hidden: ``plain`` (the baseline), ``unicode`` (full-width, mathematical,
  circled or keycap characters, invisible characters, combining marks, Cyrillic/Greek look-alikes),
  ``separators`` (emoji, bullets, dots, arrows between digit groups), ``letter_spaced`` (an address
  written one letter at a time), ``split`` (a number spread over words, sentences or lines),
  ``handle_prose`` (a messenger or network named in the market language, inflected or transliterated,
  next to a handle; ``live:`` ids; ``whatsapp://``, ``viber://``, ``tg://`` links) or ``spelled``
  (numbers and e-mail punctuation in words).
- ``label`` ``clean``, ``kind`` ``clean``: a hard negative that must pass (IMEIs, serial, model and
  build numbers, order and tracking numbers, prices, dates, battery and storage figures, the
  platform's warehouse address and domain, ordinary words such as "a dot on the screen").

How. Every reply goes through the project's real entry point, :func:`rules.screening.screen_reply`,
with the context of its market exactly as ``tests/rules/test_screening_corpus.py`` builds it (the
market's languages and code from :data:`rules.markets.DEFAULT_MARKETS`, default allow-list). A
contact reply counts as *caught* when at least one ``off_platform_contact`` finding comes back; a
clean reply counts as a *false positive* when one does. Other findings (wrong language, ...) on
clean replies are listed separately for information and do not count. Rows of other labels (the
older corpus's ``wrong_language``, ``short``, ``second_language``) are counted and otherwise ignored.
A row without ``language`` takes its market's first language; one without ``kind`` takes its label.

Printed: overall contact recall, recall per kind, per language and per kind x language, the
false-positive rate on clean replies and the list of false positives with what was found, against
the targets of issue 21 (recall at least 0.95 in every kind, false positives at most 1 %). A reply
counts as caught whatever part of it the finding quotes: ``--caught`` lists the findings on the
evasions (all kinds but ``plain``) so a catch of a fragment ("gmail.com" out of a hidden address) or
of an unrelated word can be told from a catch of the contact detail itself. The exit
status is 0 whatever the figures (argparse's usage errors aside): this is a measuring stick, the
assertions belong to tests.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script from anywhere: the project's packages live at the root
    sys.path.insert(0, str(ROOT))

from rules.findings import Finding  # noqa: E402
from rules.markets import DEFAULT_MARKETS  # noqa: E402
from rules.screening import ReplyContext, screen_reply  # noqa: E402

DEFAULT_CORPUS = ROOT / "tests" / "data" / "evasion_corpus.jsonl"

CONTACT = "off_platform_contact"
CONTACT_LABEL = "contact"
CLEAN_LABEL = "clean"

KIND_ORDER = ("plain", "unicode", "separators", "letter_spaced", "split", "handle_prose", "spelled")
LANGUAGE_ORDER = ("fr", "de", "nl", "es", "it", "pt", "en", "sv", "fi", "el", "pl")

TARGET_RECALL = 0.95
"""Issue 21: contact recall in every kind."""
TARGET_FALSE_POSITIVE_RATE = 0.01
"""Issue 21: share of clean replies refused for off-platform contact."""


@dataclass(frozen=True)
class Row:
    line: int
    market: str
    language: str
    text: str
    label: str
    kind: str
    note: str


@dataclass(frozen=True)
class Screened:
    row: Row
    findings: tuple[Finding, ...]

    @property
    def contact_findings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.kind == CONTACT)

    @property
    def flagged(self) -> bool:
        return bool(self.contact_findings)


@dataclass
class Tally:
    caught: int = 0
    total: int = 0

    def add(self, hit: bool) -> None:
        self.total += 1
        self.caught += hit

    @property
    def rate(self) -> float | None:
        return self.caught / self.total if self.total else None


@dataclass
class Report:
    corpus: Path
    screened: list[Screened] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    # -- selections ------------------------------------------------------------------------------

    def contact(self) -> list[Screened]:
        return [s for s in self.screened if s.row.label == CONTACT_LABEL]

    def clean(self) -> list[Screened]:
        return [s for s in self.screened if s.row.label == CLEAN_LABEL]

    def other_labels(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for s in self.screened:
            if s.row.label not in (CONTACT_LABEL, CLEAN_LABEL):
                counts[s.row.label] += 1
        return dict(sorted(counts.items()))

    # -- figures ---------------------------------------------------------------------------------

    def overall(self) -> Tally:
        tally = Tally()
        for s in self.contact():
            tally.add(s.flagged)
        return tally

    def by(self, key: str) -> dict[str, Tally]:
        tallies: dict[str, Tally] = defaultdict(Tally)
        for s in self.contact():
            tallies[getattr(s.row, key)].add(s.flagged)
        order = KIND_ORDER if key == "kind" else LANGUAGE_ORDER
        return dict(sorted(tallies.items(), key=lambda item: _order(item[0], order)))

    def by_kind_and_language(self) -> dict[tuple[str, str], Tally]:
        tallies: dict[tuple[str, str], Tally] = defaultdict(Tally)
        for s in self.contact():
            tallies[(s.row.kind, s.row.language)].add(s.flagged)
        return dict(tallies)

    def false_positives(self) -> list[Screened]:
        return [s for s in self.clean() if s.flagged]

    def clean_by_language(self) -> dict[str, Tally]:
        """Per language: clean replies refused for contact (``caught``) out of all clean replies."""
        tallies: dict[str, Tally] = defaultdict(Tally)
        for s in self.clean():
            tallies[s.row.language].add(s.flagged)
        return dict(sorted(tallies.items(), key=lambda item: _order(item[0], LANGUAGE_ORDER)))

    def other_refusals_on_clean(self) -> list[Screened]:
        return [s for s in self.clean() if any(f.kind != CONTACT for f in s.findings)]

    def misses(self) -> list[Screened]:
        return [s for s in self.contact() if not s.flagged]

    def caught_evasions(self) -> list[Screened]:
        return [s for s in self.contact() if s.flagged and s.row.kind != "plain"]


def _order(name: str, order: Sequence[str]) -> tuple[int, str]:
    return (order.index(name) if name in order else len(order), name)


# -- loading and screening ---------------------------------------------------------------------------


def context_for(market_code: str) -> ReplyContext:
    """The context a reply of ``market_code`` is screened in, as the corpus test builds it."""
    market = DEFAULT_MARKETS[market_code]
    return ReplyContext(languages=tuple(market.languages), market=market.code)


def load(path: Path) -> tuple[list[Row], list[str]]:
    """The corpus rows, and a note for each line that could not be read (it is skipped, not fatal)."""
    rows: list[Row] = []
    skipped: list[str] = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                market = str(data["market"]).upper()
                if market not in DEFAULT_MARKETS:
                    raise ValueError(f"unknown market {market!r}")
                label = str(data["label"])
                languages = DEFAULT_MARKETS[market].languages
                rows.append(
                    Row(
                        line=number,
                        market=market,
                        language=str(data.get("language") or (languages[0] if languages else "?")),
                        text=str(data["text"]),
                        label=label,
                        kind=str(data.get("kind") or label),
                        note=str(data.get("note", "")),
                    )
                )
            except (ValueError, KeyError, TypeError) as error:
                skipped.append(f"line {number}: {type(error).__name__}: {error}")
    return rows, skipped


def screen(rows: Iterable[Row]) -> list[Screened]:
    return [Screened(row, tuple(screen_reply(row.text, context_for(row.market)))) for row in rows]


def build(path: Path) -> Report:
    rows, skipped = load(path)
    return Report(corpus=path, screened=screen(rows), skipped=skipped)


# -- output ------------------------------------------------------------------------------------------


def _pct(tally: Tally) -> str:
    rate = tally.rate
    return "   -  " if rate is None else f"{rate:6.3f}"


def _mark(tally: Tally, target: float) -> str:
    rate = tally.rate
    return "" if rate is None else ("  ok" if rate >= target else "  BELOW TARGET")


def _found(screened: Screened) -> str:
    return "; ".join(f"{f.kind} {f.text!r}@{f.start}-{f.end}" for f in screened.findings) or "nothing"


def _describe(screened: Screened) -> str:
    row = screened.row
    return (
        f"  line {row.line} [{row.market} {row.language} {row.kind}: {row.note}]\n"
        f"    {row.text!r}\n"
        f"    found: {_found(screened)}"
    )


def render_text(report: Report, show_misses: bool = False, show_caught: bool = False) -> str:
    out: list[str] = []
    contact, clean = report.contact(), report.clean()
    out.append(f"R2.1 evasion report: {report.corpus}")
    out.append(
        f"{len(report.screened)} replies screened: {len(contact)} contact, {len(clean)} clean"
        + "".join(f", {n} {label} (not scored)" for label, n in report.other_labels().items())
    )
    if report.skipped:
        out.append(f"{len(report.skipped)} lines skipped:")
        out.extend(f"  {note}" for note in report.skipped)

    overall = report.overall()
    out += ["", f"contact recall overall   {overall.caught}/{overall.total} = {_pct(overall).strip()}"]
    if contact:  # a corpus of clean replies only (evasion_negatives.jsonl) measures false positives alone
        out += _render_recall(report)

    fps = report.false_positives()
    fp_tally = Tally(caught=len(fps), total=len(clean))
    rate = fp_tally.rate
    verdict = "" if rate is None else ("  ok" if rate <= TARGET_FALSE_POSITIVE_RATE else "  ABOVE TARGET")
    out += [
        "",
        f"false positives on clean replies   {len(fps)}/{len(clean)} = {_pct(fp_tally).strip()}"
        f" (target <= {TARGET_FALSE_POSITIVE_RATE}){verdict}",
    ]
    per_language = report.clean_by_language()
    if per_language:
        out.append("  per language: " + ", ".join(f"{lang} {t.caught}/{t.total}" for lang, t in per_language.items()))
    if fps:
        out.append("clean replies refused for off-platform contact:")
        out.extend(_describe(s) for s in fps)

    others = report.other_refusals_on_clean()
    if others:
        out += ["", f"other findings on clean replies (not counted above): {len(others)}"]
        out.extend(_describe(s) for s in others)

    if show_caught:
        caught = report.caught_evasions()
        out += ["", f"evasions caught (kinds other than plain), with what was found: {len(caught)}"]
        out.extend(_describe(s) for s in caught)
    if show_misses:
        misses = report.misses()
        out += ["", f"contact replies let through: {len(misses)}"]
        out.extend(_describe(s) for s in misses)
    return "\n".join(out)


def _render_recall(report: Report) -> list[str]:
    """Recall per kind, per language and per kind x language."""
    out = ["", f"recall per kind (target >= {TARGET_RECALL})"]
    for kind, tally in report.by("kind").items():
        out.append(f"  {kind:<14} {tally.caught:>4}/{tally.total:<4} {_pct(tally)}{_mark(tally, TARGET_RECALL)}")

    out += ["", "recall per language"]
    for language, tally in report.by("language").items():
        out.append(f"  {language:<14} {tally.caught:>4}/{tally.total:<4} {_pct(tally)}{_mark(tally, TARGET_RECALL)}")

    cells = report.by_kind_and_language()
    kinds = list(report.by("kind"))
    languages = list(report.by("language"))
    if kinds and languages:
        out += ["", "recall per kind x language (caught/total)"]
        out.append(f"  {'':<14}" + "".join(f"{lang:>8}" for lang in languages))
        for kind in kinds:
            cells_text = ""
            for language in languages:
                tally = cells.get((kind, language))
                cells_text += f"{(f'{tally.caught}/{tally.total}' if tally else '-'):>8}"
            out.append(f"  {kind:<14}{cells_text}")
    return out


def _tally_json(tally: Tally) -> dict[str, object]:
    return {"caught": tally.caught, "total": tally.total, "recall": tally.rate}


def _row_json(screened: Screened) -> dict[str, object]:
    row = screened.row
    return {
        "line": row.line,
        "market": row.market,
        "language": row.language,
        "kind": row.kind,
        "note": row.note,
        "text": row.text,
        "findings": [f.model_dump() for f in screened.findings],
    }


def render_json(report: Report, show_misses: bool = False, show_caught: bool = False) -> str:
    clean = report.clean()
    fps = report.false_positives()
    data: dict[str, object] = {
        "corpus": str(report.corpus),
        "replies": len(report.screened),
        "contact": len(report.contact()),
        "clean": len(clean),
        "not_scored": report.other_labels(),
        "skipped": report.skipped,
        "targets": {"recall_per_kind": TARGET_RECALL, "false_positive_rate": TARGET_FALSE_POSITIVE_RATE},
        "recall": _tally_json(report.overall()),
        "recall_per_kind": {k: _tally_json(t) for k, t in report.by("kind").items()},
        "recall_per_language": {k: _tally_json(t) for k, t in report.by("language").items()},
        "recall_per_kind_language": {
            f"{kind}/{language}": _tally_json(t)
            for (kind, language), t in sorted(
                report.by_kind_and_language().items(),
                key=lambda item: (_order(item[0][0], KIND_ORDER), _order(item[0][1], LANGUAGE_ORDER)),
            )
        },
        "false_positives": {
            "refused": len(fps),
            "clean": len(clean),
            "rate": len(fps) / len(clean) if clean else None,
            "per_language": {k: {"refused": t.caught, "clean": t.total} for k, t in report.clean_by_language().items()},
            "replies": [_row_json(s) for s in fps],
        },
        "other_findings_on_clean": [_row_json(s) for s in report.other_refusals_on_clean()],
    }
    if show_caught:
        data["caught_evasions"] = [_row_json(s) for s in report.caught_evasions()]
    if show_misses:
        data["misses"] = [_row_json(s) for s in report.misses()]
    return json.dumps(data, ensure_ascii=False, indent=2)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0] if __doc__ else None)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help=f"JSONL corpus (default: {DEFAULT_CORPUS})")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--misses", action="store_true", help="also list every contact reply that was let through")
    parser.add_argument("--caught", action="store_true", help="also list the caught evasions with what was found")
    args = parser.parse_args(argv)
    report = build(args.corpus)
    render = render_json if args.json else render_text
    print(render(report, args.misses, args.caught))
    return 0


if __name__ == "__main__":
    sys.exit(main())
