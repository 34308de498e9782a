"""R2.1 against determined evasion (issue 21), measured on two corpora of fresh replies in the 11
languages (figures per kind and language: ``.venv/bin/python tests/rules/evasion_report.py``,
printed by ``make test`` too):

- ``tests/data/evasion_corpus.jsonl``: 1,044 labelled replies (696 contact attempts hidden seven
  ways, 348 hard negatives), the corpus the detectors were built against; every kind must meet the
  issue's target here (recall ≥ 0.95 per kind, false positives ≤ 1 %).
- ``tests/data/evasion_holdout.jsonl``: 242 replies (154 contact, 88 hard negatives) written
  afterwards by someone who had not read the detectors; measured before it was looked at and
  kept as a check on over-fitting: overall recall ≥ 0.95 and false positives ≤ 1 % here (per kind
  it has only 22 replies, so one miss is 4.5 points; the report shows them).
- ``tests/data/evasion_negatives.jsonl``: 583 innocent replies of a false-positive hunt (clean
  only, so the report shows recall as "-"): false positives ≤ 1 %.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rules.screening import ReplyContext
from rules.screening.contact import check_off_platform_contact
from rules.screening.contact.unicode import fold, fold_each_character

HANDLED = ("plain", "unicode", "separators", "letter_spaced", "split", "handle_prose", "spelled")


def _report_module() -> ModuleType:
    path = Path(__file__).with_name("evasion_report.py")
    spec = importlib.util.spec_from_file_location("evasion_report", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def report():  # noqa: ANN201 - the report script's own type
    module = _report_module()
    return module.build(module.DEFAULT_CORPUS)


@pytest.mark.parametrize("kind", HANDLED)
def test_the_handled_evasions_are_caught_in_every_language(report, kind: str) -> None:  # noqa: ANN001
    tally = report.by("kind")[kind]
    assert tally.total >= 60 and tally.rate >= 0.95, f"{kind}: {tally.caught}/{tally.total}"
    cells = {language: t for (k, language), t in report.by_kind_and_language().items() if k == kind}
    assert len(cells) == 11  # every market language has its cell


@pytest.fixture(scope="module")
def holdout():  # noqa: ANN201 - the report script's own type
    module = _report_module()
    return module.build(module.DEFAULT_CORPUS.with_name("evasion_holdout.jsonl"))


def test_the_holdout_written_without_the_detectors_in_view_is_caught(holdout) -> None:  # noqa: ANN001
    contact, clean = holdout.contact(), holdout.clean()
    caught = [s for s in contact if s.contact_findings]
    assert not holdout.skipped and len(contact) >= 150 and len(clean) >= 80
    assert len(caught) / len(contact) >= 0.95, [s.row.text for s in contact if not s.contact_findings]
    assert len(holdout.false_positives()) / len(clean) <= 0.01, [s.row.text for s in holdout.false_positives()]


def test_the_false_positive_hunt_passes() -> None:
    """The false-positive hunt of 2026-12-06: 583 innocent seller replies in the 11 languages, written
    to trip R2.1 (rows 1-416 a broad pass, the rest aimed at its weak spots: "me … on WhatsApp",
    checklists, versions, carriers' sites, lists of numbers, settings to search for). It refused
    135 of them (23 %); the fixes were made against it, so it is a regression set that keeps them,
    not a blind measure of the false-positive rate (that is the hold-out's job)."""
    module = _report_module()
    hunt = module.build(module.DEFAULT_CORPUS.with_name("evasion_negatives.jsonl"))
    clean, refused = hunt.clean(), hunt.false_positives()
    assert not hunt.skipped and not hunt.contact() and len(clean) >= 580
    assert len(refused) / len(clean) <= 0.01, [(s.row.text, [f.text for f in s.contact_findings]) for s in refused]


def test_hard_negatives_pass(report) -> None:  # noqa: ANN001
    clean = report.clean()
    refused = report.false_positives()
    assert len(clean) >= 300 and len(refused) / len(clean) <= 0.01, [s.row.text for s in refused]


def test_every_finding_quotes_what_the_seller_wrote(report) -> None:  # noqa: ANN001
    for screened in report.screened:
        for finding in screened.contact_findings:
            assert screened.row.text[finding.start : finding.end] == finding.text


CONTEXT = ReplyContext(market="FR", languages=("fr",))


@pytest.mark.parametrize(
    ("reply", "quoted"),
    [
        # keycap digits: digit, variation selector, combining enclosing keycap
        ("Appelez le 0️⃣6️⃣ 1️⃣2️⃣ 3️⃣4️⃣ 5️⃣6️⃣ 7️⃣8️⃣ ce soir", "0️⃣6️⃣ 1️⃣2️⃣ 3️⃣4️⃣ 5️⃣6️⃣ 7️⃣8️⃣"),
        # full-width digits and a zero-width space inside the number
        ("Mon numéro : ０６ １２\u200b ３４ ５６ ７８.", "０６ １２\u200b ３４ ５６ ７８"),
        # mathematical bold letters in an address, soft hyphens inside it
        ("Écrivez à 𝐣𝐞𝐚𝐧.dup\u00adont@gmail.com pour les photos.", "𝐣𝐞𝐚𝐧.dup\u00adont@gmail.com"),
        # a Cyrillic "о" and "а" inside a Latin address
        ("Contact: jean.dupont@gmаil.cоm", "jean.dupont@gmаil.cоm"),
        # symbols between the groups of a number
        ("Joignable au 06 🔸 12 ➜ 34 • 56 · 78 demain.", "06 🔸 12 ➜ 34 • 56 · 78"),
        # dingbat and negative circled digits, which NFKC leaves alone
        ("Mon portable : ⓿❻ ❶❷ ➌➍ 56 78, merci", "⓿❻ ❶❷ ➌➍ 56 78"),
    ],
)
def test_a_hidden_detail_is_found_and_quoted_as_written(reply: str, quoted: str) -> None:
    [finding] = check_off_platform_contact(reply, CONTEXT)
    assert finding.text == quoted and reply[finding.start : finding.end] == quoted


@pytest.mark.parametrize(
    "reply",
    [
        "Το κινητό είναι σε άριστη κατάσταση, η μπαταρία στο 91%.",  # Greek words keep their letters
        "Batterie 89 % → 100 % après calibrage… Livraison le 12/03.",  # an arrow between figures, an ellipsis
        "Version Android 14, build UP1A.231005.007.S911BXXS3BXBD.",  # a build number is not a phone number
        "Prix : 349 € • garantie 12 mois • IMEI 356938035643809",
    ],
)
def test_what_only_looks_odd_passes(reply: str) -> None:
    assert check_off_platform_contact(reply, CONTEXT) == []


def test_folding_maps_every_character_back_and_leaves_ascii_alone() -> None:
    assert fold("plain ASCII 06 12") is None
    text = "a\u200bb①c…"
    folded, origin = fold(text)  # type: ignore[misc]
    assert folded == "ab1c…" and [text[i] for i in origin] == ["a", "b", "①", "c", "…"]


_LOOKS_AS_WRITTEN = st.text(
    alphabet=st.sampled_from(
        list("abcxyzABCXYZ0123456789 .,:;-/@_~*#|+()'\"\n\t€£°·•’«»–…")
        + list("éèàçüößñãõåäöąęłńśźżÉÅĄŁ")
        + list("αβγοάέΩΣ")
        + ["\u00a0", "\u200b", "\u0430", "ſ", "Ĳ", "×"]  # what must take the long way
    ),
    max_size=40,
)


@settings(max_examples=400, deadline=None)
@given(_LOOKS_AS_WRITTEN)
def test_the_shortcut_reads_a_reply_as_reading_every_character_would(text: str) -> None:
    folded = fold(text)
    slow_text, slow_origin = fold_each_character(text)
    if folded is None:
        assert slow_text == text
    else:
        assert folded == (slow_text, slow_origin)
