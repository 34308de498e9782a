"""`helpdesk statement show|list` and `helpdesk appeal submit|show|list|decide` (issue 20) on a real dev
server: the installed console script seeds the sanctions through a worker (a PL thread escalated as
``locked_device`` from the shell, the rulebook's return and refund overridden with ``reject_claim``),
then reads the statements from the store and appeals the flag. One JSON object per line; bad input
or nothing found is exit status 2 and one line naming it; a refusal for the state is exit status 4.

As in tests/integration/test_thread_cli.py, the worker runs in this test's event loop, so the CLI
runs as an asyncio subprocess; both share the task queue and the SQLite store.
"""

from __future__ import annotations

import asyncio
import json
import sys
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from cli_worker import cli_worker
from temporalio.testing import WorkflowEnvironment

from contract.cases import CaseStatus
from contract.statements import charge_sanction_id, flag_sanction_id, takeover_sanction_id
from rules.kinds import CaseStage
from rules.statements import CATALOGS
from starter.client.helpdesk import HelpdeskClient

pytestmark = pytest.mark.devserver

HELPDESK = str(Path(sys.executable).parent / "helpdesk")


@dataclass
class Result:
    status: int
    out: str
    err: str

    @property
    def json(self) -> dict[str, Any]:
        lines = self.out.splitlines()
        assert self.status == 0 and len(lines) == 1, f"expected status 0 and one JSON line, got {self}"
        return json.loads(lines[0])

    def refused(self, status: int) -> str:
        """Exit ``status``, nothing on stdout, one line on stderr (returned)."""
        assert (self.status, self.out) == (status, ""), self
        lines = self.err.splitlines()
        assert len(lines) == 1, f"expected one line on stderr, got {self.err!r}"
        return lines[0]


@dataclass
class Cli:
    env: dict[str, str]
    helpdesk: HelpdeskClient  # the same task queue and store, in process, to wait on the case

    async def __call__(self, *argv: str) -> Result:
        process = await asyncio.create_subprocess_exec(
            HELPDESK, *argv, env=self.env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
        )
        out, err = await asyncio.wait_for(process.communicate(), timeout=90)
        result = Result(process.returncode or 0, out.decode(), err.decode())
        assert "Traceback" not in result.out + result.err, result
        return result

    async def case(self, thread_id: str, stage: CaseStage) -> CaseStatus:
        case = None
        for _ in range(300):
            try:
                case = await self.helpdesk.cases.case(thread_id)
            except LookupError:  # the takeover has not started yet
                pass
            else:
                if case.stage == stage:
                    return case
            await asyncio.sleep(0.1)
        raise AssertionError(f"case of {thread_id} never reached {stage}: {case}")


@pytest_asyncio.fixture
async def cli(dev_env: WorkflowEnvironment, store_sessions, tmp_path: Path) -> AsyncIterator[Cli]:
    """A worker on the dev server (own task queue, the store_sessions store) and the CLI aimed at both."""
    async with cli_worker(dev_env, store_sessions, tmp_path, "cli-appeals") as (env, task_queue):
        yield Cli(env=env, helpdesk=HelpdeskClient(dev_env.client, task_queue, sessions=store_sessions))


async def severe_case_from_the_shell(cli: Cli, seller: str) -> str:
    """A PL thread of ``seller`` escalated as ``locked_device`` by the buyer; ops override the
    rulebook's return and refund with ``reject_claim``; returns once the case has charged and closed."""
    thread = f"T-{uuid.uuid4().hex[:10]}"
    opened = await cli(
        "thread",
        "open",
        "--thread",
        thread,
        "--order",
        f"O-{thread}",
        "--seller",
        seller,
        "--buyer",
        "B-1",
        "--market",
        "PL",
        "--message-id",
        "m1",
        "Telefon jest zablokowany na iCloud.",
    )
    assert opened.json["accepted"] is True
    escalate = ("--reason", "locked_device", "--raised-by", "buyer", "--by", "B-1", "--note", "iCloud")
    assert (await cli("thread", "escalate", "--thread", thread, *escalate)).json["accepted"] is True
    case = await cli.case(thread, CaseStage.AWAITING_PARCEL)
    assert case.decision is not None and (case.decision.outcome, case.decision.by_rule) == ("return_and_refund", "R5.4")
    decide = ("--outcome", "reject_claim", "--by", "ops-ann", "--note", "the buyer's own Apple ID")
    assert (await cli("case", "decide", "--thread", thread, *decide)).json["outcome"] == "reject_claim"
    await cli.case(thread, CaseStage.CLOSED)
    return thread


async def test_statements_and_an_appeal_from_the_shell(cli: Cli) -> None:
    seller = f"S-{uuid.uuid4().hex[:8]}"
    thread = await severe_case_from_the_shell(cli, seller)
    handling = charge_sanction_id(thread, 1, "handling_fee")
    severe_fee = charge_sanction_id(thread, 1, "severe_violation_fee")
    flag, takeover = flag_sanction_id(thread, "locked_device"), takeover_sanction_id(thread, 1)

    # R5.6 in PLN (x4): handling 60, severe fee 200; the label voided by the override is not charged.
    ledger = await cli("ledger", "--seller", seller)
    assert ledger.status == 0, ledger
    assert sorted(
        (row["cost_kind"], row["amount"], row["currency"], row["sanction_id"])
        for row in map(json.loads, ledger.out.splitlines())
    ) == [("handling_fee", "60.00", "PLN", handling), ("severe_violation_fee", "200.00", "PLN", severe_fee)]

    # `statement list`: one JSON object per statement, newest first, in Polish (PL's one language).
    listed = await cli("statement", "list", "--seller", seller)
    assert (listed.status, listed.err) == (0, ""), listed
    lines = [json.loads(line) for line in listed.out.splitlines()]
    by_id = {line["statement"]["sanction_id"]: line for line in lines}
    [violation] = [sanction_id for sanction_id in by_id if sanction_id.startswith("violation-")]
    assert len(lines) == 5 and set(by_id) == {violation, flag, takeover, handling, severe_fee}, sorted(by_id)
    occurred = [line["statement"]["occurred_at"] for line in lines]
    assert occurred == sorted(occurred, reverse=True)
    assert {sanction_id: line["statement"]["rule"] for sanction_id, line in by_id.items()} == {
        violation: "R5.4",
        flag: "R5.4",
        takeover: "R5.4",
        handling: "R5.6",
        severe_fee: "R5.6",
    }
    for sanction_id, line in by_id.items():
        assert (line["statement"]["seller_id"], line["statement"]["thread_id"]) == (seller, thread)
        assert set(line["texts"]) == {"pl"} and line["statement"]["rule"] in line["texts"]["pl"]
        assert (line["appealed"], line["overturned"]) == (False, False)
        assert (sanction_id in line["texts"]["pl"]) is (sanction_id != takeover)  # the reference to appeal with
    assert "60,00 PLN" in by_id[handling]["texts"]["pl"] and "200,00 PLN" in by_id[severe_fee]["texts"]["pl"]
    assert (await cli("statement", "list", "--seller", f"S-none-{uuid.uuid4().hex[:6]}")).out == ""

    # `statement show`: the JSON of one; with --language any of the 11, here German, on the market's clock.
    shown = await cli("statement", "show", "--id", handling)
    assert shown.json == by_id[handling]
    german = await cli("statement", "show", "--id", handling, "--language", "de")
    assert (german.status, german.err) == (0, ""), german
    text = german.out
    assert handling in text and "R5.6" in text and thread in text and "60,00 PLN" in text, text
    assert CATALOGS["de"].words["handling_fee"] in text and CATALOGS["de"].rules["R5.6"] in text
    assert "(UTC+01:00)" in text or "(UTC+02:00)" in text  # Warsaw's clock, not UTC's

    missing = f"charge-nope-{uuid.uuid4().hex[:6]}"
    line = (await cli("statement", "show", "--id", missing)).refused(2)
    assert line.startswith("helpdesk statement show: error: ") and missing in line, line
    assert "--language" in (await cli("statement", "show", "--id", handling, "--language", "xx")).refused(2)

    # Appeals: not a takeover, not someone else's sanction, not an unknown one.
    grounds = ("--grounds", "Blokada iCloud pochodzi z konta kupującego.")
    assert "not_appealable" in (await cli("appeal", "submit", "--sanction", takeover, *grounds)).refused(4)
    assert missing in (await cli("appeal", "submit", "--sanction", missing, *grounds)).refused(2)
    assert flag in (await cli("appeal", "submit", "--sanction", flag, "--seller", "S-else", *grounds)).refused(2)

    # The flag: appealed once (a second appeal is refused), then overturned by ops.
    submitted = (await cli("appeal", "submit", "--sanction", flag, "--seller", seller, *grounds)).json
    appeal_id = submitted["appeal_id"]
    decided: Result | None = None
    try:
        assert (appeal_id, submitted["state"], submitted["sanction_kind"], submitted["seller_id"]) == (
            f"appeal-{flag}",
            "open",
            "flag",
            seller,
        )
        again = (await cli("appeal", "submit", "--sanction", flag, *grounds)).refused(4)
        assert again.startswith("helpdesk appeal submit: refused: already_appealed") and appeal_id in again, again
        assert (await cli("appeal", "show", "--appeal", appeal_id)).json["state"] == "open"
        for _ in range(100):  # the appeal's row, written by its first activity
            open_ = (await cli("appeal", "list", "--state", "open", "--seller", seller)).json["appeals"]
            if open_:
                break
            await asyncio.sleep(0.1)
        assert [a["appeal_id"] for a in open_] == [appeal_id]

        # A flag is upheld or overturned, never in part; an amount must be a number, and goes with partly_overturned.
        decide = ("appeal", "decide", "--appeal", appeal_id, "--by", "ops-ann", "--reason", "the buyer's own Apple ID")
        part = (await cli(*decide, "--outcome", "partly_overturned", "--amount", "1.00")).refused(4)
        assert "partial_not_a_charge" in part, part
        assert "--amount" in (await cli(*decide, "--outcome", "partly_overturned", "--amount", "abc")).refused(2)
        assert "amount" in (await cli(*decide, "--outcome", "partly_overturned")).refused(2)
        assert "amount" in (await cli(*decide, "--outcome", "overturned", "--amount", "1.00")).refused(2)
        decided = await cli(*decide, "--outcome", "overturned")
    finally:  # an undecided appeal reminds ops every working day: it ends decided whatever failed above
        if decided is None or decided.status != 0:
            await cli(
                "appeal", "decide", "--appeal", appeal_id, "--by", "ops-ann", "--reason", "r", "--outcome", "upheld"
            )
    assert decided is not None
    verdict = decided.json
    assert (verdict["outcome"], verdict["decided_by"], verdict["reason"], verdict["credited"]) == (
        "overturned",
        "ops-ann",
        "the buyer's own Apple ID",
        None,
    )
    late = (await cli(*decide, "--outcome", "upheld")).refused(4)
    assert "appeal_already_decided" in late, late

    listed_decided = (await cli("appeal", "list", "--state", "decided", "--seller", seller)).json["appeals"]
    assert [(a["appeal_id"], a["state"], a["decision"]["outcome"]) for a in listed_decided] == [
        (appeal_id, "decided", "overturned")
    ]
    assert (await cli("appeal", "list", "--state", "open", "--seller", seller)).json == {"appeals": []}
    assert (await cli("appeal", "show", "--appeal", appeal_id)).json["decision"]["outcome"] == "overturned"
    flag_now = (await cli("statement", "show", "--id", flag)).json
    assert (flag_now["appealed"], flag_now["overturned"]) == (True, True)
    charge_now = (await cli("statement", "show", "--id", handling)).json
    assert (charge_now["appealed"], charge_now["overturned"]) == (False, False)
