"""R2.1 against determined evasion (issue 21), measured on the fresh evasion corpus
(tests/data/evasion_corpus.jsonl, 1,044 labelled replies in the 11 languages; figures per kind and
language: ``.venv/bin/python tests/rules/evasion_report.py``).

The kinds handled so far must meet the issue's targets here: Unicode that looks the same and
symbols between digit groups (recall ≥ 0.95), with false positives ≤ 1 % on the hard negatives.
The other kinds (letter-spaced addresses, split numbers, handles in prose, spelled numbers) join
this list as they are handled; until then the report shows where they stand."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from rules.screening import ReplyContext
from rules.screening.contact import check_off_platform_contact
from rules.screening.contact.unicode import fold

HANDLED = ("plain", "unicode", "separators")


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
