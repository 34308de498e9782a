"""Bad input for the fuzz tests: payloads that break the contract, and the checks made after each.

The oracle is the contract itself: ``contract_errors`` decodes a payload exactly as the worker
does (pydantic's ``TypeAdapter.validate_json`` on the JSON the client sends), so a test knows
which field the refusal must name without hard-coding it. ``broken`` starts from a valid payload
and breaks it the ways a careless or hostile sender would: a field missing or unknown, a value of
the wrong type, a huge or odd string, an unknown enum value, a naive or absurd instant, a negative
number, junk nested anywhere, or no object at all.
"""

from __future__ import annotations

import asyncio
import string
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from hypothesis import HealthCheck, assume, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError
from pydantic_core import to_json
from temporalio.api.enums.v1 import EventType
from temporalio.client import WorkflowHandle
from temporalio.exceptions import ApplicationError

# Modest: every example is a round trip to a real server (docs/testing.md: the module runs in about a minute).
FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
FEW = settings(FUZZ, max_examples=12)

ZONES = st.sampled_from(
    [
        UTC,
        timezone(timedelta(hours=14)),
        timezone(-timedelta(hours=23, minutes=59)),
        timezone(timedelta(hours=5, minutes=30)),
    ]
)

JSON: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)
"""Any JSON value."""

HUGE_TEXT = st.builds(lambda unit, n: unit * n, st.text(min_size=1, max_size=3), st.integers(20_001, 60_000))
"""Longer than any text the contract accepts (20 000 characters), unicode included."""

NAIVE_INSTANT = st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)).map(datetime.isoformat)
"""An ISO instant without a UTC offset: no market can tell what time it means."""

EDGE_INSTANTS = st.sampled_from(
    [
        "0001-01-01T00:00:00+14:00",
        "0001-01-02T00:00:00+00:00",
        "1999-12-31T23:59:59+00:00",
        "2000-01-01T00:00:00+00:00",
        "2099-12-31T23:59:59-23:59",
        "2100-01-01T00:00:00+00:00",
        "9999-12-30T00:00:00+00:00",
        "9999-12-31T23:59:59-23:59",
    ]
)
ANY_AWARE_INSTANT = EDGE_INSTANTS | st.datetimes(
    min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=ZONES
).map(datetime.isoformat)
"""Any ISO instant with an offset, from year 1 to 9999, the edges often (hostile when far from now)."""

NEGATIVE = (
    st.integers(max_value=0)
    | st.floats(max_value=0, allow_nan=False, allow_infinity=False)
    | st.sampled_from(["-1", "-0.01", "0"])
)

JUNK_VALUES: st.SearchStrategy[Any] = st.one_of(
    JSON,
    HUGE_TEXT,
    NAIVE_INSTANT,
    ANY_AWARE_INSTANT,
    NEGATIVE,
    st.text(alphabet=string.ascii_lowercase + "_", min_size=1, max_size=20),  # an unknown enum value
    st.sampled_from(["", " ", "\u200b", "NaN", "Infinity", "1e309", "9" * 40, "2026-02-30", "P999999999D"]),
)


def contract_errors(model: Any, payload: Any) -> list[dict[str, Any]]:
    """What the contract says about ``payload``, decoded as the worker decodes it: pydantic's
    errors (``loc``, ``msg``), or ``[]`` when it fits."""
    if isinstance(payload, bytes):  # the client sends bytes as binary/plain, never as JSON
        return [{"type": "binary", "loc": (), "msg": "binary payload, not an object"}]
    try:
        TypeAdapter(model).validate_json(to_json(payload))
    except ValidationError as invalid:
        return invalid.errors(include_url=False, include_input=False)
    return []


def _paths(value: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every key path in a JSON object, nested ones included."""
    paths: list[tuple[str, ...]] = []
    if isinstance(value, dict):
        for key, inner in value.items():
            paths.append((*prefix, key))
            paths.extend(_paths(inner, (*prefix, key)))
    return paths


def _replaced(value: dict[str, Any], path: tuple[str, ...], new: Any, *, drop: bool = False) -> dict[str, Any]:
    copy = dict(value)
    if len(path) == 1:
        if drop:
            copy.pop(path[0], None)
        else:
            copy[path[0]] = new
        return copy
    copy[path[0]] = _replaced(copy[path[0]], path[1:], new, drop=drop)
    return copy


@st.composite
def mutated(draw: st.DrawFn, valid: dict[str, Any]) -> Any:
    """``valid`` broken one way (the result may still fit the contract: see ``broken``)."""
    paths = _paths(valid)
    how = draw(st.sampled_from(["junk", "junk", "junk", "drop", "unknown_field", "not_an_object", "twice"]))
    if how == "not_an_object":
        return draw(
            JSON.filter(lambda v: not isinstance(v, dict))
            | st.lists(st.just(valid), min_size=1, max_size=2)
            | st.binary(max_size=20)
        )
    path = draw(st.sampled_from(paths))
    if how == "drop":
        return _replaced(valid, path, None, drop=True)
    if how == "unknown_field":
        parent = path[:-1]
        name = draw(st.text(min_size=1, max_size=12))
        return _replaced(valid, (*parent, name), draw(JSON)) if parent else {**valid, name: draw(JSON)}
    broken_once = _replaced(valid, path, draw(JUNK_VALUES))
    if how == "twice":
        return _replaced(broken_once, draw(st.sampled_from(_paths(broken_once) or [path])), draw(JUNK_VALUES))
    return broken_once


def broken(model: Any, valid: dict[str, Any]) -> st.SearchStrategy[tuple[Any, list[dict[str, Any]]]]:
    """``(payload, errors)``: ``valid`` broken so that the contract refuses it, with its errors."""

    def check(payload: Any) -> tuple[Any, list[dict[str, Any]]]:
        errors = contract_errors(model, payload)
        assume(errors)
        return payload, errors

    return mutated(valid).map(check)


def loc(error: dict[str, Any]) -> str:
    """``("thread", "market")`` -> ``"thread.market"``, as the refusal writes it."""
    return ".".join(str(part) for part in error["loc"])


def assert_names_the_field(failure: BaseException | None, errors: list[dict[str, Any]], what: str) -> None:
    """The refusal of a payload that does not fit: ``invalid_payload``, non-retryable, naming the
    first field pydantic names (or ``what`` for a payload that is not an object at all)."""
    assert isinstance(failure, ApplicationError), f"expected the invalid_payload refusal, got {failure!r}"
    assert failure.type == "invalid_payload", failure
    assert failure.non_retryable, failure
    assert failure.message.startswith("invalid_payload (contract): "), failure.message
    assert (loc(errors[0]) or what) in failure.message, (failure.message, errors[0])
    assert "Traceback" not in failure.message and len(failure.message) < 2_000, failure.message


async def task_failures(handle: WorkflowHandle[Any, Any]) -> list[str]:
    """The WorkflowTaskFailed events of the workflow's history (of every run), with their cause."""
    failed = []
    async for event in handle.fetch_history_events():
        if event.event_type == EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED:
            attributes = event.workflow_task_failed_event_attributes
            failed.append(f"event {event.event_id}: {attributes.failure.message} {attributes.failure.cause.message}")
    return failed


async def settled_after_signal(handle: WorkflowHandle[Any, Any], timeout: float = 10.0) -> None:
    """Wait until the workflow has run a task after the last signal it received (completed or
    failed): only then does its history say whether the signal failed the task."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        last_signal, last_task = 0, 0
        async for event in handle.fetch_history_events():
            if event.event_type == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED:
                last_signal = event.event_id
            elif event.event_type in (
                EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
                EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED,
            ):
                last_task = event.event_id
        if last_task > last_signal:
            return
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(
                f"{handle.id}: no workflow task after the signal (event {last_signal}) within {timeout} s"
            )
        await asyncio.sleep(0.02)


async def quiet(handle: WorkflowHandle[Any, Any], timeout: float = 10.0) -> None:
    """Wait until the workflow has closed, or has run a task and has none pending: by then a
    task that bad input fails has failed (the server retries it at once, then backs off)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        description = await handle.describe()
        pending = description.raw_description.HasField("pending_workflow_task")
        if description.close_time is not None or (not pending and description.history_length > 3):
            return
        if pending and description.raw_description.pending_workflow_task.attempt > 1:
            return  # a task failed and is being retried: the history already says so
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"{handle.id}: still a workflow task pending after {timeout} s")
        await asyncio.sleep(0.05)


def without(state: dict[str, Any], *keys: str) -> dict[str, Any]:
    """A query answer without the fields that move with the clock alone."""
    return {key: value for key, value in state.items() if key not in keys}


MOVING = ("as_of", "working_hours_left")
"""The fields of a thread's ``state`` that change with time, not with input."""


async def eventually(check: Callable[[], Any], timeout: float = 10.0) -> Any:
    """Await ``check()`` until it returns something truthy (real time, on the dev server)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        result = await check()
        if result:
            return result
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"not reached within {timeout} s; last: {result!r}")
        await asyncio.sleep(0.05)
