"""A carrier whose labels wait at a gate: a test holds the label mid-issue to race it.

Loaded by the worker as ``HELPDESK_CARRIER=gated_carrier:factory`` (the adapter setting), so the
race goes through the same path a real carrier's slow answer would.
"""

from __future__ import annotations

import threading
from datetime import datetime
from typing import Any

from activities.adapters import LocalCarrier
from contract.cases import LabelRequest

ISSUING = threading.Event()  # set once a label is being issued
GATE = threading.Event()  # the label is issued once the test sets this


class GatedCarrier(LocalCarrier):
    name = "gated"

    def issue_label(self, request: LabelRequest, key: str, at: datetime) -> tuple[str, str]:
        ISSUING.set()
        if not GATE.wait(timeout=30):
            raise TimeoutError("the test never opened the gate")
        return super().issue_label(request, key, at)


def factory(settings: Any) -> GatedCarrier:
    return GatedCarrier()
