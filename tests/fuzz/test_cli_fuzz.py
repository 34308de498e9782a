"""Bad input, everywhere (issue 9): hypothesis-generated argv for every ``helpdesk`` subcommand.

``starter.cli.main(argv)`` runs in-process (in a thread, with its own event loop, so the
session's worker keeps serving the commands that need Temporal) with random flags, values of the
wrong shape, unknown markets, naive or malformed instants, negative hours, huge and odd unicode
strings, missing required flags. Whatever the argv:

- the exit status is 0, 1 or 2, and nothing but ``SystemExit`` leaves ``main``;
- on 1 or 2, standard error is one short line starting ``helpdesk …`` that names the problem: an
  ``error:`` for bad input (2), what went wrong with Temporal for trouble (1), never the
  catch-all ``<prog>: SomeError: …`` that stands for an exception nobody foresaw;
- "Traceback" appears nowhere.

The commands that need Temporal talk to the session's dev server (and its worker on the
``integration`` task queue); ``run``, ``worker`` and ``api`` only ever get an argv they refuse
(they would start servers). A last test points the Temporal commands at a port where nothing
listens.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
import re
import string
import sys
import uuid
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from bad_input import FEW, FUZZ, NAIVE_INSTANT
from hypothesis import currently_in_test_context, event, given
from hypothesis import strategies as st
from temporalio.testing import WorkflowEnvironment

from starter.dev.ports import free_port

pytestmark = pytest.mark.devserver

# -- what goes into argv ---------------------------------------------------------------------------

ARG_TEXT = st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=20)
"""Any text a shell can pass (no NUL: argv is C strings)."""

JUNK_ARG = st.one_of(
    ARG_TEXT,
    st.builds(lambda unit, n: unit * n, ARG_TEXT.filter(bool), st.integers(1_000, 30_000)),  # huge
    NAIVE_INSTANT,
    st.sampled_from(
        [
            "",
            " ",
            "-",
            "--",
            "-x",
            "--help-me",
            "nan",
            "inf",
            "-inf",
            "-1",
            "-0.5",
            "0",
            "1e309",
            "1e-320",
            "9" * 40,
            "XX",
            "zz",
            "F",
            "FRA",
            "😀😀",
            "2026-02-30T10:00:00+01:00",
            "2026-13-01",
            "24/12/2026",
            "9999-12-31T23:59:59+00:00",
            "0001-01-01T00:00:00+00:00",
            "9999-12-31",
            "0001-01-01",
            "2026-12-24T16:30:00",
            "2026-12-24T16:30:00+25:00",
            "\udcff",
            "a\udcffb",  # bytes that are not UTF-8 arrive as lone surrogates (surrogateescape)
            "/",
            ".",
            "..",
            "no/such/dir/file",
            "@",
            "a@",
            "head@",
        ]
    ),
)
"""Values of the wrong shape."""

NOW = datetime.now(UTC)
IDS = st.text(string.ascii_letters + string.digits + "-_", min_size=1, max_size=12)
GOOD: dict[str, st.SearchStrategy[str]] = {
    "id": IDS,
    "text": st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), min_size=1, max_size=40),
    "market": st.sampled_from(["FR", "de", " SE ", "GB", "us"]),
    "instant": st.sampled_from([NOW.isoformat(), "2026-12-24T16:30:00+01:00", (NOW - timedelta(hours=3)).isoformat()]),
    "day": st.integers(-30, 400).map(lambda n: (date.today() + timedelta(days=n)).isoformat())
    | st.sampled_from(["0001-01-01", "1999-12-31", "2099-12-31", "2100-01-01", "9999-12-31"]),
    "hours": st.sampled_from(["24", "4", "0.5", "175680"]),
    "count": st.sampled_from(["1", "5", "1000", "0", "-3", "1001"]),
    "amount": st.sampled_from(["10", "10.00", "0.01", "12.345"]),
    "role": st.sampled_from(["backend", "seller", "ops"]),
    "raised_by": st.sampled_from(["buyer", "backend", "ops"]),
    "reason": st.sampled_from(["quality_dispute", "locked_device", "reply_deadline_missed", "counterfeit"]),
    "outcome": st.sampled_from(["refund", "return_and_refund", "repair", "replace", "reject_claim"]),
    "result": st.sampled_from(["fault_confirmed", "no_fault_found"]),
    "revision": st.sampled_from(["head", "heads", "base", "-1", "+1", "0001"]),
    "file": st.sampled_from(["report.html", ".", "no/such/dir/report.html"]),
    "batch": st.sampled_from(["-", "lines.jsonl", ".", "no/such/file"]),
}

FLAG = None  # a flag without a value (store_true)


@dataclass(frozen=True)
class Known:
    """Running workflows the fuzzed commands can reach: a taken-over thread with its case and
    return, a thread awaiting its seller, an announced absence."""

    taken_over: str
    open: str
    seller: str
    absent_seller: str
    first_day: str

    def values(self) -> dict[str, st.SearchStrategy[str]]:
        return {
            "thread": st.sampled_from([self.taken_over, self.open]) | IDS,
            "seller": st.sampled_from([self.seller, self.absent_seller]) | IDS,
            "day": st.sampled_from([self.first_day]) | GOOD["day"],
        }


@dataclass(frozen=True)
class Command:
    path: tuple[str, ...]
    flags: dict[str, str | None]  # flag -> kind of good value (a GOOD key), or FLAG
    positionals: tuple[str, ...] = ()  # kinds; a trailing "*" kind takes several
    temporal: bool = False


COMMANDS = [
    Command(("deadline",), {"--market": "market", "--hours": "hours", "--json": FLAG}, ("instant*",)),
    Command(("api-token",), {"--role": "role", "--seller": "id", "--name": "text"}),
    Command(("audit", "reads"), {"--thread": "thread", "--token": "id", "--since": "instant", "--limit": "count"}),
    Command(("keys", "status"), {}),
    Command(("keys", "rewrap"), {"--batch": "count"}),
    Command(("migrate",), {"--revision": "revision"}),
    Command(("ledger",), {"--seller": "seller", "--thread": "thread"}),
    Command(("discussions",), {"--seller": "seller"}),
    Command(("seller-report",), {"--seller": "seller", "--html": "file", "--json": FLAG}),
    Command(("screen",), {"--market": "market", "--batch": "batch", "--auto-reply": FLAG}, ("text",)),
    Command(
        ("thread", "open"),
        {
            "--thread": "id",
            "--order": "id",
            "--seller": "seller",
            "--buyer": "id",
            "--market": "market",
            "--subject": "text",
            "--order-total": "amount",
            "--message-id": "id",
            "--received-at": "instant",
            "--no-reply-needed": FLAG,
        },
        ("text",),
        True,
    ),
    Command(
        ("thread", "message"),
        {"--thread": "thread", "--message-id": "id", "--received-at": "instant", "--no-reply-needed": FLAG},
        ("text",),
        True,
    ),
    Command(
        ("thread", "reply"),
        {"--thread": "thread", "--seller": "seller", "--message-id": "id", "--auto-reply": FLAG},
        ("text",),
        True,
    ),
    Command(
        ("thread", "escalate"),
        {
            "--thread": "thread",
            "--reason": "reason",
            "--raised-by": "raised_by",
            "--by": "id",
            "--escalation-id": "id",
            "--note": "text",
        },
        (),
        True,
    ),
    Command(("thread", "market"), {"--thread": "thread", "--market": "market"}, (), True),
    Command(("thread", "show"), {"--thread": "thread"}, (), True),
    Command(("case", "show"), {"--thread": "thread"}, (), True),
    Command(
        ("case", "decide"),
        {"--thread": "thread", "--outcome": "outcome", "--by": "id", "--note": "text", "--refund-amount": "amount"},
        (),
        True,
    ),
    Command(
        ("case", "parcel"), {"--thread": "thread", "--event-id": "id", "--at": "instant", "--tracking": "id"}, (), True
    ),
    Command(
        ("case", "inspect"),
        {"--thread": "thread", "--event-id": "id", "--at": "instant", "--result": "result", "--note": "text"},
        (),
        True,
    ),
    Command(
        ("case", "dispatched"),
        {"--thread": "thread", "--event-id": "id", "--at": "instant", "--tracking": "id"},
        (),
        True,
    ),
    Command(
        ("absence", "announce"),
        {"--seller": "seller", "--first-day": "day", "--last-day": "day", "--market": "market"},
        (),
        True,
    ),
    Command(("absence", "shorten"), {"--seller": "seller", "--first-day": "day", "--last-day": "day"}, (), True),
    Command(("absence", "cancel"), {"--seller": "seller", "--first-day": "day"}, (), True),
    Command(("absence", "show"), {"--seller": "seller", "--first-day": "day"}, (), True),
    Command(("buyer", "erase"), {"--by": "id"}, ("id",), True),
    Command(("retention", "status"), {"--last": "count"}, (), True),
]
SERVERS = ["run", "worker", "api"]  # long-running: only ever refused here


@st.composite
def argv_for(draw: st.DrawFn, command: Command, known: Known | None = None) -> list[str]:
    """``command`` with one flag wrong (left out, or junk) and the others good, or with each flag
    left out, good or junk at random; in any order; sometimes an unknown flag, a duplicate or
    stray positionals. ``known``: the ids of running workflows, so that good values reach them."""
    good = {**GOOD, **(known.values() if known else {"thread": IDS, "seller": IDS})}
    flags = list(command.flags.items())
    wrong = draw(st.sampled_from(flags)) if flags and draw(st.booleans()) else None
    parts: list[list[str]] = []
    for flag, kind in flags:
        if wrong is not None:
            how = draw(st.sampled_from(["junk", "omit"])) if (flag, kind) == wrong else "good"
        else:
            how = draw(st.sampled_from(["good", "good", "junk", "omit"]))
        if how == "omit":
            continue
        if kind is FLAG:
            parts.append([flag] + ([draw(JUNK_ARG)] if how == "junk" and draw(st.booleans()) else []))
        else:
            parts.append([flag, draw(good[kind]) if how == "good" else draw(JUNK_ARG)])
    for kind in command.positionals:
        count = draw(st.integers(0, 3)) if kind.endswith("*") else draw(st.integers(0, 1))
        for _ in range(count):
            parts.append([draw(good[kind.rstrip("*")]) if draw(st.booleans()) else draw(JUNK_ARG)])
    if draw(st.integers(0, 4)) == 0:
        parts.append([draw(st.sampled_from(["--bogus", "-z", "--thread", "--market", "--json"])), draw(JUNK_ARG)])
    parts = draw(st.permutations(parts))
    return [*command.path, *(part for group in parts for part in group)]


# -- running it ----------------------------------------------------------------------------------


@dataclass
class Outcome:
    argv: list[str]
    status: Any
    out: str
    err: str
    crash: str | None = None

    def check(self) -> None:
        """The promises of starter/cli.py for any argv."""
        shown = f"argv={self.argv!r} status={self.status!r} out={self.out[:300]!r} err={self.err[:600]!r}"
        assert self.crash is None, f"{shown}\nmain raised: {self.crash}"
        assert self.status in (0, 1, 2, 3, 4), shown
        assert "Traceback" not in self.out + self.err, shown
        if self.status == 0:
            assert self.err == "", shown
            return
        if self.status == 3 or (self.status == 4 and self.out):  # a reply's verdict: refused, with its findings
            assert self.argv[:2] == ["thread", "reply"] and self.err == "", shown
            assert json.loads(self.out)["accepted"] is False, shown
            return
        lines = self.err.splitlines()
        assert len(lines) == 1, f"expected one line on stderr: {shown}"
        line = lines[0]
        assert line.startswith("helpdesk"), shown
        assert len(line) <= 600, f"a {len(line)}-character line is not a short message: {shown}"
        if self.status == 2:
            assert ": error: " in line, shown
        assert not re.match(r"helpdesk[\w -]*: [A-Z]\w*(Error|Exception|Exit)\b", line), (
            f"an unforeseen exception: {shown}"
        )


def run(argv: list[str], stdin: bytes = b"") -> Outcome:
    """``main(argv)`` with its output captured; called in a thread (it runs its own event loop)."""
    from starter.cli import main

    out, err = io.StringIO(), io.StringIO()
    stdin_stream = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    real_stdin, sys.stdin = sys.stdin, stdin_stream
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                status = main(argv)
            except SystemExit as exit_:
                status = exit_.code
            except BaseException as exc:  # noqa: BLE001 - what the test is looking for
                return Outcome(argv, None, out.getvalue(), err.getvalue(), crash=f"{type(exc).__name__}: {exc}"[:2000])
    finally:
        sys.stdin = real_stdin
    return Outcome(argv, status, out.getvalue(), err.getvalue())


@pytest.fixture
def shell(
    dev_env: WorkflowEnvironment, integration_worker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """The environment of a ``helpdesk`` run against the session's dev server and worker, in a
    scratch directory (``--html`` and ``--batch`` paths land there), with a store of its own."""
    task_queue, _sessions = integration_worker
    monkeypatch.chdir(tmp_path)
    (tmp_path / "lines.jsonl").write_text(
        '{"market": "FR", "text": "Bonjour"}\nnot json\n{"market": "XX", "text": 1}\n', encoding="utf-8"
    )
    for name, value in {
        "HELPDESK_TEMPORAL_ADDRESS": dev_env.client.service_client.config.target_host,
        "HELPDESK_TEMPORAL_NAMESPACE": dev_env.client.namespace,
        "HELPDESK_TASK_QUEUE": task_queue,
        "HELPDESK_DATABASE_URL": f"sqlite:///{tmp_path / 'helpdesk.db'}",
        "HELPDESK_METRICS_PORT": "0",
    }.items():
        monkeypatch.setenv(name, value)
    # main() leaves with os._exit after the commands that held Temporal clients: not in pytest.
    monkeypatch.setattr("connection.exit_process", _exit)
    # The log handler main() installs writes to the real stderr, not to what a test captures.
    from telemetry.logging import configure_logging

    configure_logging()
    for handler in logging.getLogger().handlers:
        if type(handler) is logging.StreamHandler:  # telemetry's, not pytest's capture handlers
            monkeypatch.setattr(handler, "stream", sys.__stderr__)
    yield


def _exit(status: int) -> None:
    raise SystemExit(status)


async def helpdesk(argv: list[str], stdin: bytes = b"") -> Outcome:
    outcome = await asyncio.to_thread(run, argv, stdin)
    outcome.check()
    if currently_in_test_context():  # --hypothesis-show-statistics: how far the argv got
        event(f"exit status {outcome.status}" + (f": {outcome.err[:80]}" if outcome.status == 1 else ""))
    return outcome


# -- the tests -------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [c for c in COMMANDS if not c.temporal], ids=lambda c: " ".join(c.path))
@FUZZ
@given(data=st.data())
async def test_commands_without_temporal_never_crash(shell, command: Command, data: st.DataObject):
    argv = data.draw(argv_for(command), label="argv")
    stdin = data.draw(
        st.binary(max_size=200) | st.just(b'{"market": "FR", "text": "Oui"}\n{"market": 1}\n'), label="stdin"
    )
    await helpdesk(argv, stdin)


@pytest_asyncio.fixture(scope="module")
async def known(dev_env: WorkflowEnvironment, integration_worker) -> Known:
    """Started raw (these tests are about the CLI): a thread taken over, decided return_and_refund
    (so its case and return answer), a thread awaiting its seller, an announced absence."""
    client, (task_queue, _sessions) = dev_env.client, integration_worker
    tag = uuid.uuid4().hex[:8]

    async def thread(thread_id: str, seller: str):
        opened = {
            "thread_id": thread_id,
            "order_id": f"O-{thread_id}",
            "seller_id": seller,
            "buyer_id": "B-1",
            "market": "FR",
        }
        first = {"message_id": f"{thread_id}-m1", "received_at": datetime.now(UTC).isoformat(), "text": "Débloqué ?"}
        return await client.start_workflow(
            "BuyerThread",
            {"thread": opened},
            id=f"thread-{thread_id}",
            task_queue=task_queue,
            start_signal="buyer_message",
            start_signal_args=[first],
        )

    taken, seller = f"T-cli-{tag}-1", f"S-cli-{tag}"
    handle = await thread(taken, seller)
    await thread(f"T-cli-{tag}-2", seller)
    await handle.signal(
        "escalate", {"escalation_id": "E-1", "reason": "quality_dispute", "raised_by": "buyer", "raised_by_id": "B-1"}
    )
    takeover = client.get_workflow_handle(f"takeover-{taken}")
    for _ in range(200):
        try:
            await takeover.execute_update(
                "decide", {"outcome": "return_and_refund", "decided_by": "ops", "note": "n", "refund_amount": "10"}
            )
            break
        except Exception:  # noqa: BLE001 - not started yet
            await asyncio.sleep(0.05)
    first_day = (date.today() + timedelta(days=60)).isoformat()
    absence = {
        "seller_id": f"S-away-{tag}",
        "market": "FR",
        "first_day": first_day,
        "last_day": first_day,
        "announced_at": datetime.now(UTC).isoformat(),
    }
    absent = await client.start_workflow(
        "SellerAbsence", absence, id=f"absence-S-away-{tag}-{first_day}", task_queue=task_queue
    )
    await absent.execute_update("announce", absence)
    return Known(
        taken_over=taken, open=f"T-cli-{tag}-2", seller=seller, absent_seller=f"S-away-{tag}", first_day=first_day
    )


@pytest.mark.parametrize("command", [c for c in COMMANDS if c.temporal], ids=lambda c: " ".join(c.path))
@FEW
@given(data=st.data())
async def test_commands_on_temporal_never_crash(shell, known: Known, command: Command, data: st.DataObject):
    await helpdesk(data.draw(argv_for(command, known), label="argv"))


@FUZZ
@given(
    argv=st.lists(
        JUNK_ARG | st.sampled_from([c.path[0] for c in COMMANDS] + SERVERS + ["thread", "case", "absence", "-h"]),
        max_size=6,
    )
)
async def test_any_argv_never_crashes(shell, argv: list[str]):
    if argv[:1] and argv[0] in SERVERS:
        argv.append("--bogus")  # never start a server (after "--" it is a stray positional: refused too)
    await helpdesk(argv)


@pytest.mark.parametrize("server", SERVERS)
@FEW
@given(junk=st.lists(JUNK_ARG.filter(lambda a: a not in ("-h", "--help", "--")), min_size=1, max_size=3))
async def test_servers_refuse_what_they_do_not_take(shell, server: str, junk: list[str]):
    outcome = await helpdesk([server, *junk, "--bogus"])
    assert outcome.status == 2, outcome


@pytest.mark.parametrize(
    "argv",
    [
        ["thread", "show", "--thread", "T-1"],
        ["case", "decide", "--thread", "T-1", "--outcome", "refund", "--by", "ops", "--note", "n"],
        ["absence", "cancel", "--seller", "S-1", "--first-day", "2031-01-01"],
    ],
)
async def test_temporal_unreachable_is_one_line_and_status_1(shell, monkeypatch: pytest.MonkeyPatch, argv: list[str]):
    monkeypatch.setenv("HELPDESK_TEMPORAL_ADDRESS", f"127.0.0.1:{free_port()}")
    monkeypatch.setattr("starter.cli.threads.THREAD_CONNECT_TIMEOUT", 0.5)
    outcome = await helpdesk(argv)
    assert outcome.status == 1 and "Temporal did not answer" in outcome.err, outcome


async def test_a_thread_opened_by_the_cli_answers_the_cli(shell):
    """The fuzz above mostly meets refusals: this one goes through, so the checks also hold for answers."""
    thread_id = f"T-cli-{uuid.uuid4().hex[:8]}"
    opened = await helpdesk(
        [
            "thread",
            "open",
            "--thread",
            thread_id,
            "--order",
            "O-1",
            "--seller",
            "S-1",
            "--buyer",
            "B-1",
            "--market",
            "FR",
            "--message-id",
            "M-1",
            "Le téléphone est-il débloqué ?",
        ]
    )
    assert opened.status == 0 and '"accepted": true' in opened.out, opened
    replied = await helpdesk(
        ["thread", "reply", "--thread", thread_id, "--seller", "S-2", "--message-id", "R-1", "Oui"]
    )
    assert replied.status == 3 and '"wrong_seller"' in replied.out, replied
    refused = await helpdesk(["thread", "market", "--thread", thread_id, "--market", "XX"])
    assert refused.status == 2 and "--market: unknown market 'XX'" in refused.err, refused
