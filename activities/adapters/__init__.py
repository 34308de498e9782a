"""The outside world the platform pays through: a carrier for return labels, a payments provider
for refunds (R5.5). Each is a small protocol; the local implementations stand in on a machine
with neither and say so in their name ("local"). A real provider is plugged in by settings
(``HELPDESK_CARRIER`` / ``HELPDESK_PAYMENTS`` = ``package.module:factory``, called with the
settings), without touching workflow or activity code.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, TypeVar

from activities.adapters.carrier import Carrier, LocalCarrier
from activities.adapters.payments import LocalPayments, Payments
from errors import InvalidInput

__all__ = ["Carrier", "LocalCarrier", "LocalPayments", "Payments", "load_adapter"]

AdapterT = TypeVar("AdapterT")


class AdapterNotFound(InvalidInput):
    """A setting names an adapter that cannot be imported; the message names the setting."""


def load_adapter(setting: str, spec: str, local: Callable[[], AdapterT], settings: Any) -> AdapterT:
    """``"local"``, or ``"package.module:factory"`` where ``factory(settings)`` builds the adapter."""
    if spec == "local":
        return local()
    module_name, _, attribute = spec.partition(":")
    try:
        factory = getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError, ValueError) as error:
        raise AdapterNotFound(
            f"HELPDESK_{setting.upper()}={spec!r}: expected 'local' or 'package.module:factory' ({error})"
        ) from None
    adapter: AdapterT = factory(settings)
    return adapter
