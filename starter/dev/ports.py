"""Checks that a port is free before a process is started on it, so the user reads which port
is taken and by what it is probably used, instead of a server's stack trace."""

from __future__ import annotations

import socket

from errors import Unavailable


class PortInUseError(Unavailable):
    """A port ``make run`` needs is taken; the message says which and what to do."""


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def require_free(ports: dict[str, int], setting_hint: dict[str, str]) -> None:
    """Raise ``PortInUseError`` naming the first taken port, what it is for and the setting to change."""
    for purpose, port in ports.items():
        if not port_is_free(port):
            hint = setting_hint.get(purpose, "")
            raise PortInUseError(
                f"port {port} ({purpose}) is already in use: is another `make run` or Temporal server running?"
                + (f" Stop it, or set {hint} to another port." if hint else " Stop it.")
            )


def free_port() -> int:
    """A port the OS says is free now (tests use it to run beside a developer's `make run`)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
