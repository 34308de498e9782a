"""Keeps ``make run``'s processes up: it restarts a child that dies, and stops everything in a crash loop.

Each child runs in a session of its own, so Ctrl-C reaches only the supervisor, which then stops
the children in order. The supervisor does three things for each child:

- **restart**: a child that exits is started again after a backoff (1 s, doubling up to 30 s).
  Its exit is one log line: the child, how it ended (an exit status, or the signal that killed
  it) and the path of its own log.
- **crash loop**: a child that exits more than ``max_restarts`` times within ``window_s`` stops
  everything, with one line that says why.
- **ready**: a child is ready when it sends ``READY=1`` to its own ``NOTIFY_SOCKET`` (systemd's
  notify protocol, ``telemetry/notify.py``), or when its ``probe`` succeeds (the dev server,
  which does not speak the protocol).

A child's output goes to its own log file. Unless ``echo`` is off, it is also copied to the
terminal, each line prefixed with the child's name, as honcho and docker compose do.

supervisord and circus do restarts too. Each is a daemon of its own, with a configuration file,
and neither has a crash-loop window or a readiness signal that could feed a "ready" line. The
part needed here fits in this module.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import deque
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from errors import Unavailable
from telemetry.logging import get_logger

log = get_logger("helpdesk.run")
LINE_LIMIT = 1 << 20
"""The longest log line a child may write (asyncio's 64 KiB default would end the copying)."""


@dataclass(frozen=True)
class RestartPolicy:
    """When to start a child again, and when to give up on all of them."""

    max_restarts: int = 5
    window_s: float = 60.0
    first_delay_s: float = 1.0
    max_delay_s: float = 30.0

    def delay(self, recent_exits: int) -> float:
        """The wait before the next start, after ``recent_exits`` exits within the window."""
        return min(self.max_delay_s, self.first_delay_s * 2 ** max(0, recent_exits - 1))


@dataclass
class Child:
    """One process to keep running."""

    name: str
    argv: Sequence[str]
    log_path: Path
    env: Mapping[str, str] | None = None
    pass_fds: tuple[int, ...] = ()
    echo: bool = True
    probe: Callable[[], Awaitable[object]] | None = None
    stop_timeout_s: float = 20.0


class CrashLoop(Unavailable):
    """A child kept dying; the message names it, the limit and its log."""


def exit_description(returncode: int) -> str:
    """``-9`` becomes "killed by SIGKILL", and ``1`` becomes "exit status 1"."""
    if returncode < 0:
        try:
            return f"killed by {signal.Signals(-returncode).name}"
        except ValueError:
            return f"killed by signal {-returncode}"
    return f"exit status {returncode}"


@dataclass
class _Running:
    """What the supervisor knows of one child."""

    child: Child
    notify_path: Path
    process: asyncio.subprocess.Process | None = None
    ready: asyncio.Event = field(default_factory=asyncio.Event)
    ever_ready: asyncio.Event = field(default_factory=asyncio.Event)
    exits: deque[float] = field(default_factory=deque)
    starts: int = 0
    task: asyncio.Task[None] | None = None

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None


class Supervisor:
    """Start children with ``start``, wait with ``wait``, and end with ``stop``."""

    def __init__(self, policy: RestartPolicy, *, out: IO[str] | None = None) -> None:
        self._policy = policy
        self._out = out or sys.stdout
        self._children: dict[str, _Running] = {}
        self._stopping = asyncio.Event()
        self._failure: CrashLoop | None = None
        self._runtime_dir = Path(tempfile.mkdtemp(prefix="helpdesk-run-"))
        self._sockets: list[socket.socket] = []

    # -- public ---------------------------------------------------------------------------------

    def start(self, child: Child) -> None:
        """Start ``child`` now and keep it running until ``stop``."""
        running = _Running(child, self._runtime_dir / f"{child.name.replace(' ', '-')}.sock")
        self._children[child.name] = running
        if child.probe is None:
            self._listen(running)
        child.log_path.parent.mkdir(parents=True, exist_ok=True)
        running.task = asyncio.create_task(self._keep_running(running), name=f"supervise {child.name}")

    def pid(self, name: str) -> int | None:
        return self._children[name].pid

    async def wait_ready(self, names: Sequence[str], timeout: float) -> None:
        """Until each child named has been ready once, or a stop was asked for.

        Raises ``CrashLoop`` if one kept dying meanwhile, and ``TimeoutError`` naming the ones that
        were not ready in time.
        """

        async def all_ready() -> None:
            for name in names:
                await self._children[name].ever_ready.wait()

        ready, stopped = asyncio.create_task(all_ready()), asyncio.create_task(self._stopping.wait())
        try:
            done, _ = await asyncio.wait([ready, stopped], timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        finally:
            ready.cancel()
            stopped.cancel()
        if self._failure is not None:
            raise self._failure
        if not done:
            missing = [name for name in names if not self._children[name].ever_ready.is_set()]
            raise TimeoutError(f"not ready within {timeout:g} s: {', '.join(missing)}")

    def request_stop(self) -> None:
        """What Ctrl-C and SIGTERM do: ``wait`` returns, and no child is started again."""
        self._stopping.set()

    async def wait(self) -> None:
        """Until ``request_stop``, or a crash loop (raised as ``CrashLoop``)."""
        await self._stopping.wait()
        if self._failure is not None:
            raise self._failure

    async def stop(self, order: Sequence[str]) -> None:
        """Stop the children in ``order`` (SIGTERM, then SIGKILL after each one's timeout), then any others."""
        self._stopping.set()
        names = [*order, *(name for name in self._children if name not in order)]
        for name in names:
            running = self._children.get(name)
            if running is None:
                continue
            await self._terminate(running)
            if running.task is not None:
                running.task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await running.task
        loop = asyncio.get_running_loop()
        for sock in self._sockets:
            loop.remove_reader(sock.fileno())
            sock.close()
        for path in self._runtime_dir.glob("*"):
            path.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            self._runtime_dir.rmdir()

    # -- one child ------------------------------------------------------------------------------

    async def _keep_running(self, running: _Running) -> None:
        child = running.child
        while not self._stopping.is_set():
            process = await self._spawn(running)
            pump = asyncio.create_task(self._copy_output(running, process)) if process.stdout is not None else None
            probing = asyncio.create_task(self._probe(running)) if child.probe is not None else None
            returncode = await process.wait()
            for task in (probing,):
                if task is not None:
                    task.cancel()
            if pump is not None:
                with contextlib.suppress(Exception):
                    await pump
            running.ready.clear()
            if self._stopping.is_set():
                return
            now = time.monotonic()
            running.exits.append(now)
            while running.exits and now - running.exits[0] > self._policy.window_s:
                running.exits.popleft()
            if len(running.exits) > self._policy.max_restarts:
                self._crash_loop(running, returncode)
                return
            delay = self._policy.delay(len(running.exits))
            log.error(
                f"{child.name} exited ({exit_description(returncode)}); restarting in {delay:g} s",
                child=child.name,
                status=exit_description(returncode),
                log=str(child.log_path),
                restarts_in_window=len(running.exits),
            )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), delay)

    async def _spawn(self, running: _Running) -> asyncio.subprocess.Process:
        child = running.child
        env = dict(child.env if child.env is not None else os.environ)
        if child.probe is None:
            env["NOTIFY_SOCKET"] = str(running.notify_path)
        if child.echo:
            stdout: int | IO[bytes] = subprocess.PIPE
        else:
            stdout = child.log_path.open("ab")
        try:
            process = await asyncio.create_subprocess_exec(
                *child.argv,
                stdin=subprocess.DEVNULL,
                stdout=stdout,
                stderr=subprocess.STDOUT,
                env=env,
                pass_fds=child.pass_fds,
                start_new_session=True,
                limit=LINE_LIMIT,
            )
        finally:
            if not isinstance(stdout, int):
                stdout.close()  # the child holds its own copy
        running.process = process
        running.starts += 1
        if running.starts > 1:
            log.info(f"{child.name} started again", child=child.name, pid=process.pid, start=running.starts)
        return process

    async def _copy_output(self, running: _Running, process: asyncio.subprocess.Process) -> None:
        """Each line to the child's log file, and with its name in front to the terminal."""
        assert process.stdout is not None
        prefix = f"{running.child.name:<8}| "
        with running.child.log_path.open("ab") as log_file:
            while True:
                try:
                    line = await process.stdout.readline()
                except ValueError:  # a line beyond LINE_LIMIT: take what there is
                    line = await process.stdout.read(LINE_LIMIT)
                if not line:
                    return
                log_file.write(line)
                log_file.flush()
                with contextlib.suppress(OSError, ValueError):
                    self._out.write(prefix + line.decode(errors="replace"))
                    self._out.flush()

    async def _probe(self, running: _Running) -> None:
        assert running.child.probe is not None
        while True:
            try:
                await running.child.probe()
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - not up yet; the probe is tried again
                await asyncio.sleep(0.25)
                continue
            self._mark_ready(running)
            return

    def _listen(self, running: _Running) -> None:
        """The child's own notify socket: a datagram ``READY=1`` marks it ready."""
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        sock.bind(str(running.notify_path))
        sock.setblocking(False)
        self._sockets.append(sock)

        def receive() -> None:
            with contextlib.suppress(BlockingIOError, InterruptedError):
                while True:
                    message = sock.recv(4096).decode(errors="replace")
                    if "READY=1" in message.splitlines():
                        self._mark_ready(running)

        asyncio.get_running_loop().add_reader(sock.fileno(), receive)

    def _mark_ready(self, running: _Running) -> None:
        if running.ready.is_set():
            return
        running.ready.set()
        if running.ever_ready.is_set():
            log.info(f"{running.child.name} is ready again", child=running.child.name, start=running.starts)
        running.ever_ready.set()

    def _crash_loop(self, running: _Running, returncode: int) -> None:
        child = running.child
        self._failure = CrashLoop(
            f"{child.name} exited {len(running.exits)} times within {self._policy.window_s:g} s "
            f"(last: {exit_description(returncode)}), more than the {self._policy.max_restarts} restarts "
            f"HELPDESK_RUN_MAX_RESTARTS allows in HELPDESK_RUN_RESTART_WINDOW_S; stopping everything. "
            f"Its log: {child.log_path}"
        )
        self._stopping.set()

    async def _terminate(self, running: _Running) -> None:
        process = running.process
        if process is None or process.returncode is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), running.child.stop_timeout_s)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()


def stop_process(process: subprocess.Popen[bytes] | None, timeout: float = 20.0) -> None:
    """SIGTERM (graceful shutdown), then SIGKILL after ``timeout``; nothing if it already exited.

    For the processes the chaos driver and the benchmarks start themselves, without a supervisor.
    """
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
