"""`helpdesk screen`: one JSON verdict per reply, single or batch; bad arguments are exit 2 and
one line; a bad batch line gets an error verdict and the batch goes on.

The command is tested on its own module (``starter.cli.screen.add_screen_command``) with a
parser built here, as ``starter/cli.py`` builds its own, and the real settings. Expected verdicts
are for replies whose answer does not depend on which R2 checks are wired in: a plain reply is
accepted, an empty one and an insult are refused by R2.4.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path

import pytest

from config import Settings, load_settings
from rules.screening import ReplyContext, screen_reply
from starter.cli.common import Parser
from starter.cli.screen import add_screen_command

CLEAN_FR = "Bonjour, votre commande a été expédiée aujourd'hui et arrivera jeudi. Merci pour votre achat !"
CLEAN_DE = "Vielen Dank für Ihre Bestellung, das Paket ist heute an den Versanddienst übergeben worden."
INSULT_FR = "Espèce d'imbécile, lisez la fiche produit avant d'écrire."


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="helpdesk")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    add_screen_command(commands)
    return parser


@pytest.fixture(scope="module")
def settings() -> Settings:
    return load_settings()


def run(capsys: pytest.CaptureFixture[str], settings: Settings, *argv: str) -> tuple[int, str, str]:
    try:
        args = build_parser().parse_args(["screen", *argv])
        status = args.handler(args, settings)
    except SystemExit as exit_:
        status = exit_.code
    out, err = capsys.readouterr()
    return status, out, err


def expected(text: str, market: str, languages: tuple[str, ...]) -> dict:
    """The verdict straight from the screening, for comparison with what the command printed."""
    findings = screen_reply(text, ReplyContext(languages=languages, market=market))
    return {"accepted": not findings, "findings": [f.model_dump() for f in findings]}


# -- single reply -----------------------------------------------------------------------------------


def test_single_clean_reply_is_accepted(capsys, settings):
    status, out, err = run(capsys, settings, "--market", "FR", CLEAN_FR)
    assert (status, err) == (0, "")
    assert out.count("\n") == 1
    assert json.loads(out) == {"accepted": True, "findings": []}


def test_single_refused_reply_lists_findings_with_positions(capsys, settings):
    status, out, _ = run(capsys, settings, "--market", "fr", INSULT_FR)
    assert status == 0
    verdict = json.loads(out)
    assert verdict["accepted"] is False
    abusive = [f for f in verdict["findings"] if f["kind"] == "abusive_language"]
    start = INSULT_FR.index("imbécile")
    assert abusive == [
        {"rule": "R2.4", "kind": "abusive_language", "text": "imbécile", "start": start, "end": start + 8, "detail": ""}
    ]
    assert set(verdict["findings"][0]) == {"rule", "kind", "text", "start", "end", "detail"}
    assert verdict == expected(INSULT_FR, "FR", ("fr",))


def test_single_empty_reply_is_refused(capsys, settings):
    status, out, _ = run(capsys, settings, "--market", "DE", "  ")
    assert status == 0
    assert json.loads(out) == {
        "accepted": False,
        "findings": [{"rule": "R2.4", "kind": "empty_reply", "text": "", "start": 0, "end": 2, "detail": ""}],
    }


def test_single_output_matches_the_screening_in_a_multilingual_market(capsys, settings):
    text = "Uw terugbetaling werd vandaag uitgevoerd, het bedrag staat binnen drie werkdagen op uw rekening."
    status, out, _ = run(capsys, settings, "--market", "BE", text)
    assert status == 0
    assert json.loads(out) == expected(text, "BE", ("fr", "nl", "de"))


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--market", "XX", CLEAN_FR], "--market: unknown market 'XX'; known markets: AT, BE, DE, ES, FI, FR, GB"),
        ([CLEAN_FR], "--market is required"),
        (["--market", "FR"], "the following arguments are required: TEXT"),
        (["--batch", "-", CLEAN_FR], "either --batch FILE or TEXT, not both"),
        (["--batch", "-", "--market", "FR"], "per line in --batch mode"),
        (["--batch", "/nonexistent/replies.jsonl"], "--batch: cannot read '/nonexistent/replies.jsonl'"),
    ],
)
def test_bad_arguments_are_exit_2_and_one_line(capsys, settings, argv, message):
    status, out, err = run(capsys, settings, *argv)
    assert status == 2
    assert out == ""
    assert len(err.splitlines()) == 1 and message in err
    assert err.startswith("helpdesk screen: error: ")


# -- batch ------------------------------------------------------------------------------------------

BATCH = [
    json.dumps({"market": "FR", "text": CLEAN_FR}, ensure_ascii=False),
    "this is not json",
    json.dumps({"market": "DE"}),
    json.dumps({"market": "XX", "text": CLEAN_DE}),
    json.dumps({"market": "FR", "text": INSULT_FR}, ensure_ascii=False),
    json.dumps(["FR", CLEAN_FR], ensure_ascii=False),
    json.dumps({"market": 33, "text": CLEAN_FR}, ensure_ascii=False),
    "",
    json.dumps({"market": "de", "text": CLEAN_DE}, ensure_ascii=False),
    json.dumps({"market": "DE", "text": "   "}),
]


def check_batch(out: str) -> None:
    verdicts = [json.loads(line) for line in out.splitlines()]
    assert len(verdicts) == len(BATCH)
    assert verdicts[0] == {"accepted": True, "findings": []}
    for index, fragment in [
        (1, "line 2: not valid JSON"),
        (2, "line 3: missing field 'text'"),
        (3, "line 4: unknown market 'XX'"),
        (5, "line 6: not a JSON object"),
        (6, "line 7: field 'market' must be a string"),
        (7, "line 8: not valid JSON"),
    ]:
        assert verdicts[index]["accepted"] is False and verdicts[index]["findings"] == []
        assert fragment in verdicts[index]["error"], verdicts[index]
    assert verdicts[4] == expected(INSULT_FR, "FR", ("fr",)) and verdicts[4]["accepted"] is False
    assert verdicts[8] == {"accepted": True, "findings": []}
    assert verdicts[9]["findings"][0]["kind"] == "empty_reply"
    assert all("error" not in verdicts[i] for i in (0, 4, 8, 9))


def test_batch_from_a_file_one_verdict_per_line_in_order(capsys, settings, tmp_path: Path):
    replies = tmp_path / "replies.jsonl"
    replies.write_text("\n".join(BATCH) + "\n", encoding="utf-8")
    status, out, err = run(capsys, settings, "--batch", str(replies))
    assert (status, err) == (0, "")
    check_batch(out)


def test_batch_from_stdin(capsys, settings, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(BATCH)))  # no newline after the last line
    status, out, err = run(capsys, settings, "--batch", "-")
    assert (status, err) == (0, "")
    check_batch(out)


def test_batch_from_binary_stdin_survives_a_line_that_is_not_utf8(capsys, settings, monkeypatch):
    data = (BATCH[0] + "\n").encode() + b'{"market": "FR", "text": "caf\xe9"}\n' + (BATCH[8] + "\r\n").encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    status, out, _ = run(capsys, settings, "--batch", "-")
    assert status == 0
    verdicts = [json.loads(line) for line in out.splitlines()]
    assert [v["accepted"] for v in verdicts] == [True, False, True]
    assert verdicts[1] == {"accepted": False, "findings": [], "error": "line 2: not UTF-8 text"}


def test_empty_batch_prints_nothing(capsys, settings, tmp_path: Path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    assert run(capsys, settings, "--batch", str(empty)) == (0, "", "")


def test_batch_uses_the_configured_markets(capsys, settings, tmp_path: Path):
    custom = load_settings(
        markets={
            "CH": {
                "languages": ["de", "fr", "it"],
                "currency": "CHF",
                "timezone": "Europe/Zurich",
                "holiday_country": "CH",
            }
        }
    )
    replies = tmp_path / "ch.jsonl"
    replies.write_text(json.dumps({"market": "CH", "text": CLEAN_DE}) + "\n", encoding="utf-8")
    status, out, _ = run(capsys, custom, "--batch", str(replies))
    assert status == 0
    assert json.loads(out) == expected(CLEAN_DE, "CH", ("de", "fr", "it"))
    # The default settings do not know CH.
    status, out, _ = run(capsys, settings, "--batch", str(replies))
    assert "unknown market 'CH'" in json.loads(out)["error"]


def test_auto_reply_flag_reaches_the_screening(capsys, settings, tmp_path: Path):
    context = ReplyContext(
        languages=("fr",), market="FR", auto_reply_flag=True, allowed_domains=getattr(settings, "allowed_domains", None)
    )
    findings = screen_reply(CLEAN_FR, context)
    wanted = {"accepted": not findings, "findings": [f.model_dump() for f in findings]}
    status, out, _ = run(capsys, settings, "--market", "FR", "--auto-reply", CLEAN_FR)
    assert (status, json.loads(out)) == (0, wanted)
    replies = tmp_path / "auto.jsonl"
    replies.write_text(
        json.dumps({"market": "FR", "text": CLEAN_FR, "auto_reply": True}, ensure_ascii=False)
        + "\n"
        + json.dumps({"market": "FR", "text": CLEAN_FR, "auto_reply": "yes"}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    status, out, _ = run(capsys, settings, "--batch", str(replies))
    first, second = (json.loads(line) for line in out.splitlines())
    assert first == wanted
    assert second == {"accepted": False, "findings": [], "error": "line 2: field 'auto_reply' must be true or false"}
