"""The helpdesk's own errors: one base, and a kind for each way a request can go wrong.

Every error the system raises on purpose derives from ``HelpdeskError`` (as every error of the
Temporal SDK derives from its ``TemporalError``), so a caller tells the system's refusals apart
from bugs with one ``except``. Each kind also keeps the standard exception it always was
(``ValueError``, ``LookupError``, ``RuntimeError``), so code that caught those still does. The
HTTP API and the CLI map the kinds to a status: invalid 422 / exit 2, not found 404 / exit 2,
refused 409 / exit 3 or 4, unavailable 503 / exit 1.

Standard library only: the rulebook imports it and stays pure.
"""

from __future__ import annotations


class HelpdeskError(Exception):
    """Base of every error the helpdesk raises on purpose."""


class InvalidInput(HelpdeskError, ValueError):
    """Input or configuration that does not fit: the message names the field and the rule."""


class NotFound(HelpdeskError, LookupError):
    """What was asked for does not exist (a thread, a case, an absence, a file)."""


class Refused(HelpdeskError, ValueError):
    """The rules refuse it in the state things are in (a reply on a taken-over thread, a case
    already decided); ``kind`` says which refusal, for machines."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


class Unavailable(HelpdeskError, RuntimeError):
    """A part the request needs does not answer now; trying again later may work."""


class TemporalUnavailable(Unavailable):
    """The Temporal frontend did not answer in time; the message says where it looked."""
