"""`helpdesk audit reads`: the read audit from the store, newest first, one JSON object per line,
with the same filters as ``GET /v1/audit/reads``; a bad filter is exit status 2 and one line."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from starter.cli import main
from store import repository
from store.db import open_store, transaction

T0 = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A store of the test's own, named by HELPDESK_DATABASE_URL as the command reads it, with
    three reads: alice's of T-1 at T0, the backend's of T-2 a minute later, alice's of T-1's case after."""
    url = f"sqlite:///{tmp_path / 'helpdesk.db'}"
    monkeypatch.setenv("HELPDESK_DATABASE_URL", url)
    with transaction(open_store(url)) as session:
        for minutes, role, token_id, action, thread_id in (
            (0, "ops", "alice", "thread.read", "T-1"),
            (1, "backend", "0123456789ab", "events.read", "T-2"),
            (2, "ops", "alice", "case.read", "T-1"),
        ):
            repository.record_access(
                session,
                at=T0 + timedelta(minutes=minutes),
                role=role,
                token_id=token_id,
                action=action,
                thread_id=thread_id,
                seller_id="S-1",
                items=1,
                client="127.0.0.1",
            )


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[dict], str]:
    try:
        status = main(["audit", "reads", *argv])
    except SystemExit as exit_:
        status = exit_.code  # type: ignore[assignment]
    out, err = capsys.readouterr()
    return status, [json.loads(line) for line in out.splitlines()], err


@pytest.mark.usefixtures("store")
def test_every_read_newest_first_as_json_lines(capsys: pytest.CaptureFixture[str]) -> None:
    status, lines, err = run(capsys)
    assert (status, err) == (0, "")
    assert [(line["action"], line["thread_id"]) for line in lines] == [
        ("case.read", "T-1"),
        ("events.read", "T-2"),
        ("thread.read", "T-1"),
    ]
    assert lines[-1] == {
        "id": lines[-1]["id"],
        "at": T0.isoformat(),
        "role": "ops",
        "token_id": "alice",
        "action": "thread.read",
        "thread_id": "T-1",
        "seller_id": "S-1",
        "subject": None,
        "items": 1,
        "client": "127.0.0.1",
    }


@pytest.mark.usefixtures("store")
def test_the_filters(capsys: pytest.CaptureFixture[str]) -> None:
    def actions(*argv: str) -> list[str]:
        status, lines, err = run(capsys, *argv)
        assert (status, err) == (0, "")
        return [line["action"] for line in lines]

    assert actions("--thread", "T-1") == ["case.read", "thread.read"]
    assert actions("--token", "0123456789ab") == ["events.read"]
    assert actions("--since", "2026-12-07T10:01:00+01:00") == ["case.read", "events.read"]  # inclusive
    assert actions("--thread", "T-1", "--token", "alice", "--limit", "1") == ["case.read"]
    assert actions("--thread", "T-9") == []


@pytest.mark.usefixtures("store")
@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (("--since", "yesterday"), "--since: instant 'yesterday' is not an ISO 8601 date-time"),
        (("--since", "2026-12-07T09:00:00"), "--since: instant '2026-12-07T09:00:00' has no UTC offset"),
        (("--limit", "0"), "--limit"),
        (("--limit", "1001"), "--limit"),
    ],
)
def test_a_bad_filter_is_one_line_and_status_2(capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], says: str):
    status, lines, err = run(capsys, *argv)
    assert (status, lines) == (2, []) and len(err.splitlines()) == 1 and says in err, err


def test_api_token_names_the_token_for_the_audit(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["api-token", "--role", "ops", "--name", "alice"]) == 0
    printed = json.loads(capsys.readouterr().out)
    [(digest, entry)] = printed["api_tokens_entry"].items()
    assert entry == {"role": "ops", "name": "alice"} and len(digest) == 64
    with pytest.raises(SystemExit) as refused:
        main(["api-token", "--role", "ops", "--name", "x" * 65])
    assert refused.value.code == 2 and "--name: 1-64 printable characters" in capsys.readouterr().err
