"""`helpdesk thread …` on a real dev server: the installed console script drives one buyer thread
through the client (open, show, reply, message, refused reply, market change, escalation,
taken-over reply), one JSON object per command; bad input is exit status 2 and one line naming
the problem, Temporal unreachable exit status 1 and one line; never a traceback.

The worker runs in this test's event loop, so the CLI runs as an asyncio subprocess (a blocking
``subprocess.run`` would starve the worker). The CLI and the worker share the task queue and the
SQLite store, so a reply the thread refuses before screening is found in the worker's store.
"""

from __future__ import annotations

import asyncio
import json
import sys
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import holidays
import pytest
import pytest_asyncio
from cli_worker import cli_worker
from temporalio.testing import WorkflowEnvironment

from rules.kinds import Direction
from starter.dev.ports import free_port
from store import repository
from store.db import transaction

pytestmark = pytest.mark.devserver

HELPDESK = str(Path(sys.executable).parent / "helpdesk")
PARIS = ZoneInfo("Europe/Paris")


@dataclass
class Result:
    status: int
    out: str
    err: str

    @property
    def json(self) -> dict[str, Any]:
        lines = self.out.splitlines()
        assert len(lines) == 1, f"expected one JSON line on stdout, got {self.out!r} (stderr {self.err!r})"
        return json.loads(lines[0])

    def refused(self, status: int = 2) -> str:
        """Exit status 2 (bad input) or 4 (refused by the state), nothing on stdout, and the one line on stderr."""
        assert self.status == status, self
        assert self.out == "", self
        lines = self.err.splitlines()
        assert len(lines) == 1, f"expected one line on stderr, got {self.err!r}"
        return lines[0]


@dataclass
class Cli:
    env: dict[str, str]
    sessions: Any
    seen: list[Result]

    async def __call__(self, *argv: str, env: dict[str, str] | None = None, command: str = "thread") -> Result:
        process = await asyncio.create_subprocess_exec(
            HELPDESK,
            command,
            *argv,
            env=env or self.env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await asyncio.wait_for(process.communicate(), timeout=90)
        result = Result(process.returncode or 0, out.decode(), err.decode())
        self.seen.append(result)
        assert "Traceback" not in result.out + result.err, result
        return result


@pytest_asyncio.fixture
async def cli(dev_env: WorkflowEnvironment, store_sessions, tmp_path: Path) -> AsyncIterator[Cli]:
    """A worker on the dev server (own task queue, the store_sessions store) and the CLI aimed at both."""
    seen: list[Result] = []
    async with cli_worker(dev_env, store_sessions, tmp_path, "cli") as (env, _task_queue):
        yield Cli(env=env, sessions=store_sessions, seen=seen)
    for result in seen:
        assert "Traceback" not in result.out + result.err


def due_in_fr(received_at: datetime) -> datetime:
    """R1.1 with FR's 00:00-24:00 windows, worked out by hand: a working day holds 24 working hours
    (EU clock changes fall on Sundays), so a message on a working day is due at the same local time
    on the next working day, and one on a day off at the end of the next working day."""
    local = received_at.astimezone(PARIS)
    days_off = holidays.country_holidays("FR", years=range(local.year, local.year + 2))

    def working(day: date) -> bool:
        return day.weekday() < 5 and day not in days_off

    def next_working(day: date) -> date:
        day += timedelta(days=1)
        while not working(day):
            day += timedelta(days=1)
        return day

    if working(local.date()):
        return datetime.combine(next_working(local.date()), local.time(), tzinfo=PARIS)
    return datetime.combine(next_working(local.date()) + timedelta(days=1), time(0), tzinfo=PARIS)


async def test_a_thread_from_open_to_takeover(cli: Cli) -> None:
    thread = f"T-{uuid.uuid4().hex[:10]}"
    received_at = datetime.now(UTC)

    opened = await cli(
        "open",
        "--thread",
        thread,
        "--order",
        "O-1",
        "--seller",
        "seller-1",
        "--buyer",
        "buyer-1",
        "--market",
        "FR",
        "--subject",
        "Question sur ma commande",
        "--message-id",
        "m1",
        "--received-at",
        received_at.isoformat(),
        "Bonjour, le téléphone est-il débloqué pour tous les opérateurs ?",
    )
    assert opened.status == 0, opened
    assert opened.json == {"thread_id": thread, "workflow_id": f"thread-{thread}", "message_id": "m1", "accepted": True}

    shown = (await cli("show", "--thread", thread)).json
    assert shown["state"] == "awaiting_seller"
    assert (shown["market"], shown["currency"]) == ("FR", "EUR")
    assert [m["message_id"] for m in shown["unanswered"]] == ["m1"]
    due_at = datetime.fromisoformat(shown["due_at"])
    assert due_at > received_at
    assert due_at == due_in_fr(received_at)
    assert 0 < shown["working_hours_left"] <= 24

    reply = await cli(
        "reply",
        "--thread",
        thread,
        "--seller",
        "seller-1",
        "--message-id",
        "r1",
        "Bonjour, oui, le téléphone est débloqué pour tous les opérateurs. Merci pour votre commande !",
    )
    assert reply.status == 0, reply
    assert reply.json["accepted"] is True, reply.json
    assert reply.json["answered"] == ["m1"]

    shown = (await cli("show", "--thread", thread)).json
    assert shown["state"] == "awaiting_buyer"
    assert shown["due_at"] is None

    thanks = await cli("message", "--thread", thread, "--message-id", "m2", "--no-reply-needed", "Merci beaucoup !")
    assert thanks.json == {"thread_id": thread, "workflow_id": f"thread-{thread}", "message_id": "m2", "accepted": True}

    # Refused by the update validator: a verdict on stdout (exit 3), and kept in the store (R2).
    empty = await cli("reply", "--thread", thread, "--seller", "seller-1", "--message-id", "r2", "   ")
    assert empty.status == 3, empty
    assert empty.json["accepted"] is False
    assert [f["kind"] for f in empty.json["findings"]] == ["empty_reply"]
    with transaction(cli.sessions) as session:
        kept = {m.message_id: m for m in repository.thread_messages(session, thread)}
        assert kept["r2"].direction == Direction.SELLER and kept["r2"].accepted is False
        assert kept["r2"].refusal[0]["kind"] == "empty_reply"

    # Refused by screening: a phone number is contact off the platform (R2.1); exit status 3.
    phone = await cli(
        "reply", "--thread", thread, "--seller", "seller-1", "--message-id", "r2b", "Appelez-moi au 06 12 34 56 78."
    )
    assert phone.status == 3, phone
    assert phone.json["accepted"] is False
    assert [(f["kind"], f["rule"], f["text"]) for f in phone.json["findings"]] == [
        ("off_platform_contact", "R2.1", "06 12 34 56 78")
    ]

    shown = (await cli("show", "--thread", thread)).json
    assert shown["state"] == "awaiting_buyer"  # m2 needed no reply
    assert shown["messages_received"] == 2

    market = await cli("market", "--thread", thread, "--market", "gb")
    assert market.status == 0, market
    assert market.json == {"code": "GB", "languages": ["en"], "currency": "GBP", "timezone": "Europe/London"}

    unknown = (await cli("market", "--thread", thread, "--market", "XX")).refused()
    assert unknown.startswith("helpdesk thread market: error: --market: unknown market 'XX'; known markets: ")

    escalated = await cli(
        "escalate",
        "--thread",
        thread,
        "--reason",
        "locked_device",
        "--raised-by",
        "buyer",
        "--by",
        "buyer-1",
        "--note",
        "iCloud lock on arrival",
    )
    assert escalated.status == 0, escalated
    assert escalated.json["accepted"] is True
    assert escalated.json["escalation_id"]

    for _ in range(40):
        shown = (await cli("show", "--thread", thread)).json
        if shown["state"] == "taken_over":
            break
        await asyncio.sleep(0.25)
    assert shown["state"] == "taken_over", shown
    assert shown["takeover_reason"] == "locked_device"
    assert shown["currency"] == "GBP"
    assert "severe_violation" in [v["kind"] for v in shown["violations"]]

    # Refused for the thread's state (the API's 409): exit status 4, the verdict on stdout.
    late = await cli(
        "reply", "--thread", thread, "--seller", "seller-1", "--message-id", "r3", "Hello, sorry about that."
    )
    assert late.status == 4, late
    assert late.json["accepted"] is False
    assert [f["kind"] for f in late.json["findings"]] == ["thread_taken_over"]


async def test_bad_input_is_one_line_and_status_2(cli: Cli) -> None:
    missing = (await cli("show", "--thread", "does-not-exist")).refused()
    assert "does-not-exist" in missing and "no open thread" in missing

    for argv in (
        ["message", "--thread", "does-not-exist", "--message-id", "m1", "hello"],
        ["reply", "--thread", "does-not-exist", "--seller", "s", "--message-id", "r1", "hello"],
        ["market", "--thread", "does-not-exist", "--market", "GB"],
    ):
        assert "no open thread 'does-not-exist'" in (await cli(*argv)).refused()

    opening = ["open", "--thread", f"T-{uuid.uuid4().hex[:10]}", "--order", "O", "--seller", "S", "--buyer", "B"]
    line = (await cli(*opening, "--market", "XX", "--message-id", "m1", "hello")).refused()
    assert line.startswith("helpdesk thread open: error: --market: unknown market 'XX'; known markets: ")
    assert "FR" in line
    line = (await cli(*opening, "--market", "FRA", "--message-id", "m1", "hello")).refused()
    assert "--market: " in line and "'FRA'" in line
    line = (
        await cli(*opening, "--market", "FR", "--message-id", "m1", "--received-at", "2026-12-24T16:30", "hi")
    ).refused()
    assert line.startswith("helpdesk thread open: error: --received-at: instant '2026-12-24T16:30' has no UTC offset")
    line = (await cli(*opening, "--market", "FR", "--message-id", "  ", "hello")).refused()
    assert line.startswith("helpdesk thread open: error: --message-id: ")

    line = (
        await cli(
            "escalate",
            "--thread",
            "does-not-exist",
            "--reason",
            "nonsense",
            "--raised-by",
            "ops",
            "--by",
            "ops-1",
        )
    ).refused()
    assert "--reason: unknown reason 'nonsense'; valid reasons: " in line
    for reason in ("counterfeit", "locked_device", "not_as_described", "quality_dispute", "unsafe_product"):
        assert reason in line
    line = (
        await cli(
            "escalate",
            "--thread",
            "does-not-exist",
            "--reason",
            "locked_device",
            "--raised-by",
            "nobody",
            "--by",
            "x",
        )
    ).refused()
    assert "--raised-by" in line


async def test_temporal_unreachable_is_one_line_and_status_1(cli: Cli) -> None:
    env = {**cli.env, "HELPDESK_TEMPORAL_ADDRESS": f"127.0.0.1:{free_port()}"}
    result = await cli("show", "--thread", "T-1", env=env)
    assert result.status == 1, result
    assert result.out == ""
    lines = result.err.splitlines()
    assert len(lines) == 1 and "Temporal did not answer" in lines[0], result.err


async def test_a_severe_case_from_the_shell_to_the_ledger(cli: Cli) -> None:
    """R5.4 fast path, the parcel and the inspection from the shell, then `helpdesk ledger --seller`."""
    thread, seller = f"T-{uuid.uuid4().hex[:10]}", f"S-{uuid.uuid4().hex[:6]}"
    opened = await cli(
        "open",
        "--thread",
        thread,
        "--order",
        "O-9",
        "--seller",
        seller,
        "--buyer",
        "buyer-9",
        "--market",
        "PL",
        "--order-total",
        "1299.00",
        "--message-id",
        "m1",
        "Telefon jest zablokowany na iCloud.",
    )
    assert opened.status == 0, opened
    assert (
        await cli("escalate", "--thread", thread, "--reason", "locked_device", "--raised-by", "ops", "--by", "ops-ann")
    ).status == 0

    async def case_until(stage: str) -> dict[str, Any]:
        for _ in range(100):
            shown = await cli("show", "--thread", thread, command="case")
            if shown.status == 0 and shown.json["stage"] == stage:
                return shown.json
            await asyncio.sleep(0.2)
        raise AssertionError(f"case of {thread} never reached {stage}: {cli.seen[-1]}")

    case = await case_until("awaiting_parcel")
    assert case["decision"]["outcome"] == "return_and_refund" and case["decision"]["by_rule"] == "R5.4"
    # Ops may no longer decide once the parcel is in; a bad outcome never leaves the shell.
    assert (
        "--outcome: invalid choice"
        in (
            await cli("decide", "--thread", thread, "--outcome", "voucher", "--by", "o", "--note", "n", command="case")
        ).refused()
    )
    parcel = await cli("parcel", "--thread", thread, "--event-id", "P-1", command="case")
    assert parcel.status == 0 and parcel.json["parcel"]["event_id"] == "P-1", parcel
    late = (
        await cli("decide", "--thread", thread, "--outcome", "refund", "--by", "ops-bob", "--note", "n", command="case")
    ).refused(4)
    assert "case_already_decided (R5.3)" in late
    inspected = await cli(
        "inspect", "--thread", thread, "--event-id", "I-1", "--result", "fault_confirmed", command="case"
    )
    assert inspected.status == 0, inspected
    closed = await case_until("closed")
    assert closed["refund"]["amount"] == "1299.00" and closed["refund"]["currency"] == "PLN"

    ledger = await cli("--seller", seller, command="ledger")
    rows = [json.loads(line) for line in ledger.out.splitlines()]
    # R5.6 in PLN (×4): handling 60, severe fee 200, label 32, and the refund.
    assert sorted((r["cost_kind"], r["amount"], r["currency"]) for r in rows) == [
        ("handling_fee", "60.00", "PLN"),
        ("refund", "1299.00", "PLN"),
        ("return_label", "32.00", "PLN"),
        ("severe_violation_fee", "200.00", "PLN"),
    ]
    assert {r["thread_id"] for r in rows} == {thread}


async def test_absence_and_discussions_from_the_shell(cli: Cli) -> None:
    """`helpdesk absence …` on the dev server, `helpdesk discussions` and `seller-report` from the store."""
    seller = f"S-{uuid.uuid4().hex[:6]}"
    first = (datetime.now(UTC) + timedelta(days=40)).date()
    first += timedelta(days=(7 - first.weekday()) % 7)  # a Monday
    announced = await cli(
        "announce",
        "--seller",
        seller,
        "--market",
        "DE",
        "--first-day",
        first.isoformat(),
        "--last-day",
        (first + timedelta(days=11)).isoformat(),
        command="absence",
    )
    assert announced.status == 0, announced
    assert announced.json["state"] == "announced" and announced.json["late_notice"] is False
    assert 8 <= announced.json["working_days"] <= 10  # two weeks of DE working days, less any holiday
    overlap = (
        await cli(
            "announce",
            "--seller",
            seller,
            "--market",
            "DE",
            "--first-day",
            (first + timedelta(days=7)).isoformat(),
            "--last-day",
            (first + timedelta(days=20)).isoformat(),
            command="absence",
        )
    ).refused(4)
    assert "absence_refused (R4.5): overlaps the announced absence" in overlap
    shortened = await cli(
        "shorten",
        "--seller",
        seller,
        "--first-day",
        first.isoformat(),
        "--last-day",
        first.isoformat(),
        command="absence",
    )
    assert shortened.status == 0 and shortened.json["last_day"] == first.isoformat(), shortened
    assert (await cli("cancel", "--seller", seller, "--first-day", first.isoformat(), command="absence")).json[
        "state"
    ] == "cancelled"

    thread = f"T-{uuid.uuid4().hex[:10]}"
    assert (
        await cli(
            "open",
            "--thread",
            thread,
            "--order",
            "O-1",
            "--seller",
            seller,
            "--buyer",
            "B",
            "--market",
            "DE",
            "--message-id",
            f"{thread}-m1",
            "Ist das Handy entsperrt?",
        )
    ).status == 0
    for _ in range(50):
        listed = await cli("--seller", seller, command="discussions")
        if listed.out:
            break
        await asyncio.sleep(0.2)
    entry = listed.json
    assert (
        entry["thread_id"] == thread and entry["state"] == "awaiting_seller" and 0 < entry["working_hours_left"] <= 24
    )
    report = await cli("--seller", seller, "--json", command="seller-report")
    assert [w["days"] for w in report.json["windows"]] == [7, 30, 90]
