"""`helpdesk deadline`: one due instant per instant, in order, in the market's offset (R1.1);
bad input is exit status 2 and one line naming the problem."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from starter.cli import main

HELPDESK = str(Path(sys.executable).parent / "helpdesk")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        status = main(list(argv))
    except SystemExit as exit_:
        status = exit_.code
    out, err = capsys.readouterr()
    return status, out, err


def test_issue_example_christmas_in_fr(capsys):
    # Thu 24 Dec 16:30: 7.5 h that day, Fri 25 holiday, weekend, 16.5 h on Mon 28 -> 16:30.
    assert run(capsys, "deadline", "--market", "FR", "2026-12-24T16:30:00+01:00") == (
        0,
        "2026-12-28T16:30:00+01:00\n",
        "",
    )


def test_several_instants_in_order_in_the_market_offset(capsys):
    status, out, _ = run(
        capsys,
        "deadline",
        "--market",
        "FR",
        "2026-11-27T14:00:00Z",  # Fri 15:00 Paris -> Mon 15:00 Paris
        "2026-11-28T10:00:00+01:00",  # Saturday -> end of Monday = Tue 00:00
        "2026-03-27T15:00:00+01:00",  # Fri before the spring change -> Mon 15:00 in summer time
    )
    assert status == 0
    assert out.splitlines() == ["2026-11-30T15:00:00+01:00", "2026-12-01T00:00:00+01:00", "2026-03-30T15:00:00+02:00"]


def test_hours_and_json(capsys):
    status, out, _ = run(capsys, "deadline", "--market", "GB", "--hours", "4", "--json", "2026-12-24T16:30:00Z")
    assert status == 0
    # GB: 7.5 h left on the 24th, so 4 h later is 20:30 the same day, London = UTC in winter.
    assert json.loads(out) == [
        {
            "market": "GB",
            "received_at": "2026-12-24T16:30:00+00:00",
            "hours": 4.0,
            "due_at": "2026-12-24T20:30:00+00:00",
        }
    ]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--market", "XX", "2026-12-24T16:30:00+01:00"],
            "--market: unknown market 'XX'; known markets: AT, BE, DE, ES, FI, FR, GB",
        ),
        (["--market", "FR", "2026-12-24T16:30:00"], "instant '2026-12-24T16:30:00' has no UTC offset"),
        (["--market", "FR", "24/12/2026"], "instant '24/12/2026' is not an ISO 8601 date-time"),
        (["--market", "FR", "--hours", "-1", "2026-12-24T16:30:00+01:00"], "--hours must not be negative"),
        (["--market", "FR", "--hours", "nan", "2026-12-24T16:30:00+01:00"], "--hours must be a finite number"),
        (["--market", "FR", "--hours", "many", "2026-12-24T16:30:00+01:00"], "argument --hours: invalid float value"),
        (["--market", "FR"], "the following arguments are required: INSTANT"),
        # The last second of 9999 UTC is in year 10000 in Paris: found by tests/fuzz (was an OverflowError).
        (["--market", "FR", "9999-12-31T23:59:59+00:00"], "the calendar of market FR ends at the years 1 and 9998"),
    ],
)
def test_bad_input_is_exit_2_and_one_line(capsys, argv, message):
    status, out, err = run(capsys, "deadline", *argv)
    assert status == 2
    assert out == ""
    assert len(err.splitlines()) == 1 and message in err


def test_installed_console_script(tmp_path):
    ok = subprocess.run(
        [HELPDESK, "deadline", "--market", "US", "2026-11-25T10:00:00-05:00"], capture_output=True, text=True
    )
    # Wed 10:00 EST: 14 h Wed, Thu 26 Thanksgiving, 10 h Fri -> Fri 10:00.
    assert (ok.returncode, ok.stdout) == (0, "2026-11-27T10:00:00-05:00\n")
    bad = subprocess.run([HELPDESK, "deadline", "--market", "FR", "yesterday"], capture_output=True, text=True)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr and len(bad.stderr.splitlines()) == 1
