"""Telling a supervisor that this process is ready, by systemd's notify protocol (sd_notify(3)).

A process started with ``NOTIFY_SOCKET`` in its environment sends ``READY=1`` as one datagram to
that Unix socket once it serves. ``make run``'s supervisor reads it to print its "ready" line and
to tell a restarted child from a crashing one. The same processes run as systemd services of
``Type=notify`` without a change. Without ``NOTIFY_SOCKET`` nothing is sent.

The protocol is one ``sendto``. The ``sdnotify`` package does the same in about as many lines,
and its last release was in 2019, so no dependency is added for it.
"""

from __future__ import annotations

import os
import socket

from telemetry.logging import get_logger

log = get_logger("helpdesk.notify")


def notify_ready(state: str = "READY=1") -> bool:
    """Send ``state`` (by default ``READY=1``) to ``$NOTIFY_SOCKET``. Returns whether it was sent.

    Never raises. A supervisor that went away must not take its child down with it.
    """
    address = os.environ.get("NOTIFY_SOCKET")
    if not address:
        return False
    if address.startswith("@"):  # Linux abstract namespace, as systemd writes it
        address = "\0" + address[1:]
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
            sock.connect(address)
            sock.sendall(state.encode())
    except OSError as error:
        log.warning("could not notify the supervisor", error=str(error))
        return False
    return True
