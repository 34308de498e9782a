"""How a workflow refuses: one ``ApplicationError`` shape for every refusal, and payloads that
do not fit the contract refused like any other.

The message starts ``"<kind> (<rule>): "`` and ``type`` is the kind, so the client, the CLI and
the HTTP API can report the reason and the rule without knowing which workflow refused.
Non-retryable: asking again cannot change a rule.

**Payloads arrive raw** (issue 9, "bad input, everywhere"). Workflow inputs and updates take a
``RawValue`` and decode it with ``decoded``, signals take ``*payloads`` and check them with
``signal_payload``, instead of naming their model in the signature, because of what the SDK
(temporalio 1.35) does with a typed argument it decodes before any workflow code runs:

- a workflow input that does not fit fails the workflow *task* ("Failed decoding arguments"),
  which the server retries forever: the run never starts and never ends;
- a ``null`` or binary payload is not decoded at all but handed over as ``None`` or ``bytes``
  whatever the type hint says, so a signal ``buyer_message`` with ``null`` reached the thread's
  loop and failed every later workflow task (the thread was lost);
- a handler is called with as many arguments as were sent: a signal with two payloads failed
  every later workflow task too;
- an update that does not fit is rejected as "Failed decoding arguments", with the fields only in
  a nested cause the client, the CLI and the API never show.

Decoded here, a payload that does not fit is the refusal ``invalid_payload (contract): <what>:
<field>: <problem>; …`` (pydantic's ``loc`` and message, never the value sent). Raised from
``__init__`` (``@workflow.init``, before any handler runs, so a signal sent with the start never
meets a half-built workflow) it fails the run at once; from an update validator it rejects the
update (nothing enters history). A signal has nobody to answer, so ``signal_payload`` logs it and
the handler drops it, as the SDK itself drops a signal it cannot decode. ``decoded`` is the SDK's
own payload converter on the same bytes (JSON mode), so replay decodes exactly what the first run
did; a signal's ``*payloads`` (no type hint, so any number) come decoded as plain JSON values and
are validated against the model in pydantic's Python mode, which accepts the same JSON.
"""

from __future__ import annotations

from typing import Any, TypeVar

from temporalio import workflow
from temporalio.api.common.v1 import Payload
from temporalio.common import RawValue
from temporalio.exceptions import ApplicationError

with workflow.unsafe.imports_passed_through():
    from pydantic import BaseModel, ValidationError

    from rules.refusals import RULE, Refusal

M = TypeVar("M")
B = TypeVar("B", bound="BaseModel")

NO_PAYLOAD = RawValue(Payload())
"""The default of every raw parameter: a start or an update sent with no argument at all gets a
refusal too (without it, the SDK calls the handler one argument short: a failed task)."""

INVALID_PAYLOAD = Refusal.INVALID_PAYLOAD
_SHOWN_ERRORS, _SHOWN_NAME = 5, 60  # a refusal stays short, whatever keys a payload invents


def refusal(kind: str, rule: str, message: str, *details: Any) -> ApplicationError:
    return ApplicationError(f"{kind} ({rule}): {message}", *details, type=kind, non_retryable=True)


def refused(kind: Refusal, message: str) -> ApplicationError:
    """``kind``'s refusal, citing its rule from the catalog (``rules/refusals.py``)."""
    return refusal(kind, RULE[kind], message)


def decoded(raw: RawValue, model: type[M], what: str) -> M:
    """``raw`` as ``model``, or the ``invalid_payload`` refusal naming what does not fit.

    ``what`` names the payload for the reader: ``"seller_reply"``, ``"BuyerThread input"``.
    """
    if raw is NO_PAYLOAD:
        raise _invalid(what, f"no payload; expected a {model.__name__} object")
    try:
        value = workflow.payload_converter().from_payload(raw.payload, model)
    except ValidationError as invalid:
        raise _invalid(what, _problems(invalid)) from None
    except (ValueError, TypeError, KeyError, RuntimeError) as undecodable:  # not JSON, an unknown encoding
        raise _invalid(what, f"not a {model.__name__} object ({type(undecodable).__name__})") from None
    if not isinstance(value, model):  # null and binary payloads bypass the type hint
        raise _invalid(
            what, f"expected a {model.__name__} object, got {'null' if value is None else type(value).__name__}"
        )
    return value


def no_payload(raw: RawValue, what: str) -> None:
    """Refuse a payload sent to an update that takes none: the SDK would drop it silently, and a
    ``cancel`` sent with, say, a new last day would cancel what the sender meant to shorten."""
    if raw is not NO_PAYLOAD:
        raise _invalid(what, "takes no payload")


def signal_payload(payloads: tuple[Any, ...], model: type[B], what: str) -> B | None:
    """The one payload of a signal as ``model``, or None (logged, the value not shown) for the
    handler to drop: raising from a signal handler would fail the workflow, and there is nobody
    to refuse to."""
    if len(payloads) != 1:
        problem = f"expected one {model.__name__} payload, got {len(payloads)}"
    else:
        try:
            return model.model_validate(payloads[0])
        except ValidationError as invalid:
            problem = _problems(invalid)
    workflow.logger.warning("signal dropped: %s", _invalid(what, problem).message)
    return None


def _invalid(what: str, problem: str) -> ApplicationError:
    return refusal(INVALID_PAYLOAD, "contract", f"{what}: {problem}")


def _problems(invalid: ValidationError) -> str:
    """pydantic's errors as ``field.path: message; …``, without the values (they may be personal data)."""
    errors = invalid.errors(include_url=False, include_input=False, include_context=False)
    shown = "; ".join(
        f"{'.'.join(str(part)[:_SHOWN_NAME] for part in error['loc']) or 'payload'}: {error['msg']}"
        for error in errors[:_SHOWN_ERRORS]
    )
    return shown + (f"; and {len(errors) - _SHOWN_ERRORS} more" if len(errors) > _SHOWN_ERRORS else "")
