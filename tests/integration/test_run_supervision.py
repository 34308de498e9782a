"""`make run` stays up (issue 16): each child killed with SIGKILL comes back while the rest keep
serving, and an open thread carries on through it all. A hung worker gets a bounded 503, not a
hung connection. A crash loop stops everything with one line. The first run makes development
tokens, and the curl line it prints works as pasted.

All of it runs on the real dev server, under ``helpdesk run`` (what ``make run`` calls),
in a directory of its own (tests/run_process.py).
"""

from __future__ import annotations

import os
import signal
import socket
import stat
import subprocess
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from run_process import Answer, RunProcess, run_environment
from webhook_receiver import WebhookReceiver

pytestmark = pytest.mark.devserver

REPO = Path(__file__).resolve().parents[2]
TEMPORAL_TIMEOUT_S = 3.0
THREAD = "T-sup-1"
SELLER = "S-sup"


def inquiry(message_id: str, text: str) -> dict:
    return {
        "thread": {"thread_id": THREAD, "order_id": "O-sup", "seller_id": SELLER, "buyer_id": "B-sup", "market": "FR"},
        "message": {"message_id": message_id, "received_at": datetime.now(UTC).isoformat(), "text": text},
    }


def reply(message_id: str) -> dict:
    return {"message_id": message_id, "seller_id": SELLER, "text": "Oui, il est débloqué et part aujourd'hui."}


def until(call: Callable[[], Answer], accepted: Callable[[Answer], bool], what: str, timeout: float = 90) -> Answer:
    """Call again (as a client told Retry-After does) until the answer is accepted; every answer in time."""
    deadline = time.monotonic() + timeout
    while True:
        answer = call()
        if accepted(answer):
            return answer
        assert answer.status == 503 and answer.headers.get("retry-after"), (what, answer)
        assert answer.seconds < TEMPORAL_TIMEOUT_S + 5, f"{what}: a 503 after {answer.seconds:.1f} s, beyond the bound"
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: still {answer}")
        time.sleep(1)


def killed_and_back(run: RunProcess, child: str) -> int:
    """SIGKILL the child; its exit is one line naming its status and its log. Returns the output mark."""
    mark = run.mark()
    run.kill(child)
    line = run.wait_for(f"{child} exited (killed by SIGKILL)", start=mark)
    assert str(run.log_dir / f"{child}.log") in line, line
    return mark


def back(run: RunProcess, child: str, mark: int) -> None:
    run.wait_for(f"{child} is ready again", start=mark, timeout=120)
    exits = [line for line in run.lines[mark:] if f"{child} exited" in line]
    assert len(exits) == 1, exits


def test_each_child_killed_comes_back_and_an_open_thread_carries_on(tmp_path: Path) -> None:
    receiver = WebhookReceiver().start()
    env = run_environment(
        tmp_path, HELPDESK_WEBHOOKS=receiver.endpoint_json(), HELPDESK_API_TEMPORAL_TIMEOUT_S=str(TEMPORAL_TIMEOUT_S)
    )
    with RunProcess(env) as run:
        run.wait_for("Ready in")
        backend = run.dev_token("backend")

        def message(message_id: str, text: str) -> Answer:
            return run.call("POST", f"/v1/threads/{THREAD}/messages", inquiry(message_id, text), token=backend)

        def seller_reply(message_id: str) -> Answer:
            return run.call("POST", f"/v1/threads/{THREAD}/replies", reply(message_id), token=backend)

        assert message("M-1", "Est-il débloqué ?").status == 202

        # A worker that hangs without dying (stopped): the reply gets 503 and Retry-After within
        # the bound, never a hung connection; sent again once the worker runs, it is accepted.
        stopped = run.kill("worker", signal.SIGSTOP)
        hung = seller_reply("R-1")
        assert hung.status == 503 and hung.headers["retry-after"] == "5", hung
        assert TEMPORAL_TIMEOUT_S <= hung.seconds < TEMPORAL_TIMEOUT_S + 5, hung.seconds
        os.kill(stopped, signal.SIGCONT)
        assert until(lambda: seller_reply("R-1"), lambda a: a.status == 200, "R-1").body["accepted"] is True

        # The worker: the buyer's next message is taken at once (it needs no worker), the reply
        # as soon as a worker polls again.
        mark = killed_and_back(run, "worker")
        assert message("M-2", "Et la batterie ?").status == 202
        assert until(lambda: seller_reply("R-2"), lambda a: a.status == 200, "R-2").body["accepted"] is True
        back(run, "worker", mark)

        # The API: a message sent while it restarts waits in the listening socket's queue, which
        # the supervisor keeps open, and is answered by the next API process, never refused.
        mark = killed_and_back(run, "api")
        assert message("M-3", "Vous êtes là ?").status == 202
        back(run, "api", mark)

        # The relay: events written while it is down are delivered once it is back.
        mark = killed_and_back(run, "relay")
        assert message("M-4", "Je voudrais une réponse.").status == 202
        back(run, "relay", mark)

        # The dev server: its state is on disk, so the thread is there when it comes back. A
        # message sent meanwhile is kept by the API (202 or 503) and handed over after.
        mark = killed_and_back(run, "temporal")
        assert message("M-5", "Toujours rien ?").status in (202, 503)
        back(run, "temporal", mark)
        assert run.ready(timeout=60) == {"temporal": "ok", "store": "ok"}
        assert until(lambda: seller_reply("R-5"), lambda a: a.status == 200, "R-5").body["accepted"] is True

        state = until(
            lambda: run.call("GET", f"/v1/threads/{THREAD}", token=backend), lambda a: a.status == 200, "state"
        ).body
        assert state["state"] == "awaiting_buyer", state
        expected = {("buyer_message.received", m) for m in ("M-1", "M-2", "M-3", "M-4", "M-5")} | {
            ("reply.delivered", r) for r in ("R-1", "R-2", "R-5")
        }
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            seen = {(event["type"], event["data"].get("message_id")) for event in receiver.delivered()}
            if expected <= seen:
                break
            time.sleep(0.5)
        assert expected <= seen, sorted(expected - seen)
        assert receiver.invalid == []
        status = run.stop()
    receiver.stop()
    assert status == 0, run.output()[-3000:]


def take_when_free(squatter: socket.socket, port: int, timeout: float = 2.0) -> None:
    """Bind as soon as the killed process's socket is gone (the kernel closes it as it reaps)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            squatter.bind(("0.0.0.0", port))
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def test_a_crash_loop_stops_everything_with_one_line(tmp_path: Path) -> None:
    """A worker that cannot start (its metrics port taken after it died) exits again and again:
    after HELPDESK_RUN_MAX_RESTARTS restarts within the window, everything stops, exit status 1."""
    env = run_environment(tmp_path, HELPDESK_RUN_MAX_RESTARTS="2", HELPDESK_RUN_RESTART_WINDOW_S="120")
    metrics_port = int(env["HELPDESK_METRICS_PORT"])
    with RunProcess(env) as run, socket.socket() as squatter:
        run.wait_for("Ready in")
        run.kill("worker")
        squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        take_when_free(squatter, metrics_port)  # the restart comes 1 s later, and binds seconds after
        squatter.listen()
        assert run.process is not None
        status = run.process.wait(120)
        output = run.output()
    assert status == 1, output[-3000:]
    assert "Traceback" not in output
    loop_line = run.wait_for("helpdesk run: worker exited 3 times within 120 s")
    assert "more than the 2 restarts" in loop_line and str(run.log_dir / "worker.log") in loop_line
    assert len([line for line in run.lines if "worker exited (exit status 1)" in line]) == 1  # then the loop line
    assert f"cannot serve metrics on port {metrics_port}" in (run.log_dir / "worker.log").read_text()
    for port in (run.api_port, run.grpc_port):
        with socket.socket() as probe:
            assert probe.connect_ex(("127.0.0.1", port)) != 0, f"port {port} still answers after the crash loop"


def test_a_first_run_makes_private_development_tokens_and_a_curl_that_works(tmp_path: Path) -> None:
    env = run_environment(tmp_path)
    with RunProcess(env) as run:
        run.wait_for("Ready in")
        tokens_file = Path(env["HELPDESK_DEV_TOKENS_FILE"])
        assert stat.S_IMODE(tokens_file.stat().st_mode) == 0o600
        assert f"development tokens in {tokens_file}" in run.output()
        for role in ("backend", "ops", "seller"):
            assert run.dev_token(role) not in run.output(), "a token was printed"
        # The line printed under "Ready", pasted as it is in a shell at the checkout.
        curl = run.wait_for("curl -s -H").strip()
        pasted = subprocess.run(["bash", "-c", curl], cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
        assert pasted.returncode == 0 and pasted.stdout.startswith("{"), pasted
        assert "events" in pasted.stdout
        # The seller token is scoped to the demo seller.
        seller = run.dev_token("seller")
        assert run.call("GET", "/v1/sellers/S-demo/discussions", token=seller).status == 200
        assert run.call("GET", "/v1/sellers/S-other/discussions", token=seller).status == 404
        first = tokens_file.read_text()
        assert run.stop() == 0
    with RunProcess(env) as again:
        again.wait_for("Ready in")
        assert tokens_file.read_text() == first, "a second start made new tokens: pasted ones would stop working"
