"""Bad input, everywhere (issue 9): hypothesis-generated payloads sent RAW to running workflows.

Every workflow input, update and signal of ``workflows/`` gets payloads that break the contract
(``bad_input.broken``) and payloads that fit it but are hostile (another seller's reply, an empty
one, a market no worker knows, an absurd instant, extreme limits, an event that does not fit the
case). They go through the untyped client (``start_workflow("BuyerThread", raw_dict)``,
``execute_update(name, raw_dict)``, ``signal(name, raw_dict)``), never through the typed client
that would refuse them first. After each one:

- a start that does not fit fails its run at once with ``invalid_payload``, naming the field;
- an update that does not fit is refused with ``invalid_payload`` naming the field, a hostile one
  with the refusal of its rule; a signal that does not fit is dropped;
- the workflow still runs and its query answers with the state it had (nothing accepted is lost);
- its history holds no WorkflowTaskFailed event: bad input never costs a failed workflow task.

On the real dev server (real time), one worker for the session (``integration_worker``).
"""

from __future__ import annotations

import asyncio
import string
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import pytest_asyncio
from bad_input import (
    ANY_AWARE_INSTANT,
    FEW,
    FUZZ,
    JSON,
    MOVING,
    assert_names_the_field,
    broken,
    contract_errors,
    eventually,
    quiet,
    settled_after_signal,
    task_failures,
    without,
)
from hypothesis import given
from hypothesis import strategies as st
from temporalio.client import Client, WorkflowFailureError, WorkflowHandle, WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError
from temporalio.service import RPCError, RPCStatusCode
from temporalio.testing import WorkflowEnvironment

from contract.absences import AbsenceAnnouncement, AbsenceShortening
from contract.cases import (
    CaseProgress,
    InspectionReport,
    ItemDispatched,
    OpsDecision,
    ParcelReceived,
    RechargeOrder,
    ReturnStart,
    ReturnStatus,
)
from contract.threads import (
    BuyerMessage,
    Escalation,
    MarketChange,
    SellerReply,
    TakeoverStart,
    ThreadInput,
    ThreadLimits,
)
from rules.markets import DEFAULT_MARKETS

pytestmark = [
    pytest.mark.devserver,
    # A start that does not fit is refused from the workflow's __init__, before any handler runs;
    # the SDK then never awaits the run (nor a signal sent with the start) it had prepared, and
    # says so. Expected here.
    pytest.mark.filterwarnings(
        "ignore:coroutine '_WorkflowInstanceImpl._apply_initialize_workflow.<locals>.run_workflow' was never awaited:RuntimeWarning"
    ),
    pytest.mark.filterwarnings(
        "ignore:coroutine '_WorkflowInstanceImpl._process_signal_job.<locals>.run_signal' was never awaited:RuntimeWarning"
    ),
    pytest.mark.filterwarnings("ignore::temporalio.workflow.UnfinishedSignalHandlersWarning"),
]

NOW = datetime.now(UTC)


def uid() -> str:
    return uuid.uuid4().hex[:10]


def thread_open(thread_id: str, **fields: Any) -> dict[str, Any]:
    return {
        "thread_id": thread_id,
        "order_id": f"O-{thread_id}",
        "seller_id": f"S-{thread_id}",
        "buyer_id": f"B-{thread_id}",
        "market": "FR",
        **fields,
    }


def message(message_id: str, **fields: Any) -> dict[str, Any]:
    return {
        "message_id": message_id,
        "received_at": datetime.now(UTC).isoformat(),
        "text": "Le téléphone est-il débloqué ?",
        **fields,
    }


# -- valid payloads, the starting points of the broken ones ------------------------------------------

START_INPUTS: dict[str, tuple[type, dict[str, Any]]] = {
    "BuyerThread": (ThreadInput, {"thread": thread_open("T-base"), "limits": {"reply_working_hours": 24.0}}),
    "Takeover": (
        TakeoverStart,
        {
            "thread": thread_open("T-base"),
            "reason": "quality_dispute",
            "currency": "EUR",
            "market": "FR",
            "started_at": NOW.isoformat(),
        },
    ),
    "Return": (
        ReturnStart,
        {
            "thread": thread_open("T-base"),
            "takeover_no": 1,
            "currency": "EUR",
            "window": "P14D",
            "decision": {
                "outcome": "return_and_refund",
                "decided_by": "ops-ann",
                "note": "cracked",
                "decided_at": NOW.isoformat(),
                "refund_amount": "10.00",
            },
        },
    ),
    "Recharge": (
        RechargeOrder,
        {
            "thread_id": "T-base",
            "seller_id": "S-base",
            "takeover_no": 1,
            "currency": "EUR",
            "costs": [{"kind": "handling_fee"}],
            "charge_timeout": "PT30S",
        },
    ),
    "SellerAbsence": (
        AbsenceAnnouncement,
        {
            "seller_id": "S-base",
            "market": "FR",
            "first_day": "2031-03-03",
            "last_day": "2031-03-07",
            "announced_at": NOW.isoformat(),
        },
    ),
}


@dataclass
class Live:
    """Running workflows to send bad input to, one of each kind, and how to read their state."""

    client: Client
    task_queue: str
    thread: WorkflowHandle[Any, Any]  # awaiting the seller
    seller_id: str
    undecided: WorkflowHandle[Any, Any]  # a takeover awaiting ops' decision
    decided: WorkflowHandle[Any, Any]  # a takeover ops decided: return_and_refund
    returned: WorkflowHandle[Any, Any]  # its Return, awaiting the parcel
    absence: WorkflowHandle[Any, Any]  # an announced absence, recorded
    absence_days: tuple[date, date]

    def handle(self, name: str) -> WorkflowHandle[Any, Any]:
        return getattr(self, name)


QUERIES = {"thread": "state", "undecided": "case", "decided": "case", "returned": "status", "absence": "status"}


async def snapshot(live: Live, name: str) -> dict[str, Any]:
    return without(await live.handle(name).query(QUERIES[name]), *MOVING)


@pytest_asyncio.fixture(scope="module")
async def live(dev_env: WorkflowEnvironment, integration_worker) -> AsyncIterator[Live]:
    client, (task_queue, _sessions) = dev_env.client, integration_worker

    async def open_thread(**fields: Any) -> WorkflowHandle[Any, Any]:
        thread_id = f"T-fuzz-{uid()}"
        handle = await client.start_workflow(
            "BuyerThread",
            {"thread": thread_open(thread_id, **fields)},
            id=f"thread-{thread_id}",
            task_queue=task_queue,
            start_signal="buyer_message",
            start_signal_args=[message(f"{thread_id}-m1")],
        )
        await eventually(lambda: _query(handle, "state", lambda s: s["due_at"] is not None))
        return handle

    async def taken_over() -> WorkflowHandle[Any, Any]:
        thread = await open_thread()
        await thread.signal(
            "escalate",
            {"escalation_id": "E-1", "reason": "quality_dispute", "raised_by": "buyer", "raised_by_id": "B-1"},
        )
        takeover = client.get_workflow_handle(thread.id.replace("thread-", "takeover-", 1))
        await eventually(
            lambda: _query(takeover, "case", lambda c: c["stage"] == "awaiting_decision" and c["next_reminder_at"])
        )
        return takeover

    thread = await open_thread()
    undecided, decided = await taken_over(), await taken_over()
    await decided.execute_update(
        "decide", {"outcome": "return_and_refund", "decided_by": "ops-ann", "note": "photos", "refund_amount": "10.00"}
    )
    returned = client.get_workflow_handle(decided.id.replace("takeover-", "return-", 1))
    await eventually(lambda: _query(returned, "status", lambda s: s["stage"] == "awaiting_parcel" and s["label"]))
    await eventually(lambda: _query(decided, "case", lambda c: c["stage"] == "awaiting_parcel"))

    seller, first, last = f"S-fuzz-{uid()}", date.today() + timedelta(days=60), date.today() + timedelta(days=64)
    announcement = {
        "seller_id": seller,
        "market": "FR",
        "first_day": first.isoformat(),
        "last_day": last.isoformat(),
        "announced_at": NOW.isoformat(),
    }
    absence = await client.start_workflow(
        "SellerAbsence", announcement, id=f"absence-{seller}-{first}", task_queue=task_queue
    )
    await absence.execute_update("announce", announcement)

    state = await thread.query("state")
    yield Live(client, task_queue, thread, state["seller_id"], undecided, decided, returned, absence, (first, last))


async def _query(handle: WorkflowHandle[Any, Any], name: str, until) -> Any:
    try:
        answer = await handle.query(name)
    except Exception:  # noqa: BLE001 - not there yet
        return None
    return answer if until(answer) else None


async def assert_no_task_failed(handle: WorkflowHandle[Any, Any]) -> None:
    failures = await task_failures(handle)
    assert not failures, f"{handle.id}: bad input failed a workflow task: {failures}"


# -- 1. workflow inputs ----------------------------------------------------------------------------


@pytest.mark.parametrize("workflow", sorted(START_INPUTS))
@FUZZ
@given(data=st.data())
async def test_a_start_that_does_not_fit_fails_the_run_naming_the_field(live: Live, workflow: str, data: st.DataObject):
    model, valid = START_INPUTS[workflow]
    payload, errors = data.draw(broken(model, valid), label="payload")
    handle = await live.client.start_workflow(
        workflow, payload, id=f"fuzz-{workflow}-{uid()}", task_queue=live.task_queue
    )
    with pytest.raises(WorkflowFailureError) as failed:
        await asyncio.wait_for(handle.result(), 10)
    assert_names_the_field(failed.value.cause, errors, f"{workflow} input")
    await assert_no_task_failed(handle)


@pytest.mark.parametrize("workflow", sorted(START_INPUTS))
async def test_a_start_without_input_fails_the_run_saying_so(live: Live, workflow: str):
    handle = await live.client.start_workflow(workflow, id=f"fuzz-{workflow}-{uid()}", task_queue=live.task_queue)
    with pytest.raises(WorkflowFailureError) as failed:
        await asyncio.wait_for(handle.result(), 10)
    cause = failed.value.cause
    assert isinstance(cause, ApplicationError) and cause.type == "invalid_payload" and cause.non_retryable, cause
    assert f"{workflow} input: no payload" in cause.message
    await assert_no_task_failed(handle)


# -- 2. updates --------------------------------------------------------------------------------------

UPDATES: list[tuple[str, str, type, dict[str, Any]]] = [
    (
        "thread",
        "seller_reply",
        SellerReply,
        {"message_id": "R-base", "seller_id": "S-base", "text": "Oui, il est débloqué."},
    ),
    ("thread", "change_market", MarketChange, {"market": "DE"}),
    (
        "undecided",
        "decide",
        OpsDecision,
        {"outcome": "refund", "decided_by": "ops-ann", "note": "photos", "refund_amount": "10.00"},
    ),
    (
        "returned",
        "parcel_received",
        ParcelReceived,
        {"event_id": "P-base", "received_at": NOW.isoformat(), "tracking_number": "1Z"},
    ),
    (
        "returned",
        "inspected",
        InspectionReport,
        {"event_id": "I-base", "result": "fault_confirmed", "inspected_at": NOW.isoformat(), "note": ""},
    ),
    (
        "returned",
        "item_dispatched",
        ItemDispatched,
        {"event_id": "D-base", "dispatched_at": NOW.isoformat(), "tracking_number": "1Z"},
    ),
    ("absence", "announce", AbsenceAnnouncement, START_INPUTS["SellerAbsence"][1]),
    ("absence", "shorten", AbsenceShortening, {"last_day": "2031-03-04"}),
]


@pytest.mark.parametrize(("target", "update", "model", "valid"), UPDATES, ids=[f"{t}.{u}" for t, u, _, _ in UPDATES])
@FUZZ
@given(data=st.data())
async def test_an_update_that_does_not_fit_is_refused_naming_the_field(
    live: Live, target: str, update: str, model: type, valid: dict[str, Any], data: st.DataObject
):
    payload, errors = data.draw(broken(model, valid), label="payload")
    handle, before = live.handle(target), await snapshot(live, target)
    with pytest.raises(WorkflowUpdateFailedError) as refused:
        await asyncio.wait_for(handle.execute_update(update, payload), 10)
    assert_names_the_field(refused.value.cause, errors, update)
    assert await snapshot(live, target) == before
    await assert_no_task_failed(handle)


@FEW
@given(junk=JSON)
async def test_cancel_takes_no_payload_and_refuses_one(live: Live, junk: Any):
    """Sent with a payload (a new last day, say), ``cancel`` does not cancel: it refuses."""
    before = await snapshot(live, "absence")
    with pytest.raises(WorkflowUpdateFailedError) as refused:
        await asyncio.wait_for(live.absence.execute_update("cancel", junk), 10)
    assert_names_the_field(refused.value.cause, [{"loc": ()}], "cancel: takes no payload")
    assert await snapshot(live, "absence") == before
    await assert_no_task_failed(live.absence)


# -- 3. signals ------------------------------------------------------------------------------------

SIGNALS: list[tuple[str, str, type, dict[str, Any]]] = [
    ("thread", "buyer_message", BuyerMessage, message("M-base")),
    (
        "thread",
        "escalate",
        Escalation,
        {"escalation_id": "E-base", "reason": "quality_dispute", "raised_by": "buyer", "raised_by_id": "B-1"},
    ),
    ("thread", "case_progress", CaseProgress, {"stage": "refunding", "outcome": "refund"}),
    ("undecided", "return_progress", ReturnStatus, {"thread_id": "T-base", "stage": "awaiting_inspection"}),
]


@pytest.mark.parametrize(("target", "signal", "model", "valid"), SIGNALS, ids=[f"{t}.{s}" for t, s, _, _ in SIGNALS])
@FUZZ
@given(data=st.data())
async def test_a_signal_that_does_not_fit_is_dropped_without_failing_a_task(
    live: Live, target: str, signal: str, model: type, valid: dict[str, Any], data: st.DataObject
):
    payload, _errors = data.draw(broken(model, valid), label="payload")
    handle, before = live.handle(target), await snapshot(live, target)
    await handle.signal(signal, payload)
    await settled_after_signal(handle)
    assert await snapshot(live, target) == before
    await assert_no_task_failed(handle)


@pytest.mark.parametrize(("target", "signal", "model", "valid"), SIGNALS, ids=[f"{t}.{s}" for t, s, _, _ in SIGNALS])
@FEW
@given(data=st.data())
async def test_a_signal_with_other_than_one_payload_is_dropped(
    live: Live, target: str, signal: str, model: type, valid: dict[str, Any], data: st.DataObject
):
    """None, or two (even two that fit): the SDK calls the handler with as many arguments as sent."""
    count = data.draw(st.sampled_from([0, 2, 3]), label="count")
    payloads = [data.draw(st.just(valid) | JSON, label="payload") for _ in range(count)]
    handle, before = live.handle(target), await snapshot(live, target)
    await handle.signal(signal, args=payloads)
    await settled_after_signal(handle)
    assert await snapshot(live, target) == before
    await assert_no_task_failed(handle)


# -- 4. fits the contract, but hostile ---------------------------------------------------------------

IDENTIFIER = st.text(alphabet=string.ascii_letters + string.digits + "-_.é😀", min_size=1, max_size=40)


async def refused_by_rule(
    live: Live, target: str, update: str, payload: Any, kind: str, rule: str | None
) -> ApplicationError:
    """The update is refused with ``kind`` (and ``rule``); the state is as before; no task failed."""
    handle, before = live.handle(target), await snapshot(live, target)
    with pytest.raises(WorkflowUpdateFailedError) as refused:
        await asyncio.wait_for(handle.execute_update(update, payload), 10)
    cause = refused.value.cause
    assert isinstance(cause, ApplicationError) and cause.type == kind, cause
    if rule is not None:
        assert cause.message.startswith(f"{kind} ({rule}): "), cause.message
    assert await snapshot(live, target) == before
    await assert_no_task_failed(handle)
    return cause


@FEW
@given(seller=IDENTIFIER, text=st.text(min_size=1, max_size=200))
async def test_a_reply_from_another_seller_is_refused(live: Live, seller: str, text: str):
    reply = {"message_id": f"R-{uid()}", "seller_id": seller.strip() or "x", "text": text}
    if reply["seller_id"] == live.seller_id:
        reply["seller_id"] += "-other"
    await refused_by_rule(live, "thread", "seller_reply", reply, "wrong_seller", "R3.1")


@FEW
@given(text=st.text(alphabet=" \t\r\n\u00a0\u200b\u200c\u200d\u2060\ufeff\u3000", max_size=50))
async def test_an_empty_reply_is_refused(live: Live, text: str):
    reply = {"message_id": f"R-{uid()}", "seller_id": live.seller_id, "text": text}
    await refused_by_rule(live, "thread", "seller_reply", reply, "empty_reply", "R2.4")


@FEW
@given(
    code=st.text(alphabet=string.ascii_letters, min_size=2, max_size=2).filter(
        lambda c: c.upper() not in DEFAULT_MARKETS
    )
)
async def test_a_market_no_worker_knows_is_refused(live: Live, code: str):
    cause = await refused_by_rule(live, "thread", "change_market", {"market": code}, "UnknownMarket", None)
    assert f"unknown market {code.upper()!r}" in cause.message


@FEW
@given(text=st.text(max_size=100), received_at=ANY_AWARE_INSTANT, no_reply_needed=st.booleans())
async def test_a_buyer_message_sent_again_changes_nothing(
    live: Live, text: str, received_at: str, no_reply_needed: bool
):
    """Dedupe by ``message_id``: whatever the second copy says, the first one stands."""
    first_id = f"{live.thread.id.removeprefix('thread-')}-m1"
    before = await snapshot(live, "thread")
    await live.thread.signal(
        "buyer_message",
        {"message_id": first_id, "received_at": received_at, "text": text, "no_reply_needed": no_reply_needed},
    )
    await settled_after_signal(live.thread)
    assert await snapshot(live, "thread") == before
    await assert_no_task_failed(live.thread)


@FEW
@given(
    outcome=st.sampled_from(["refund", "return_and_refund", "repair", "replace", "reject_claim"]),
    by=IDENTIFIER,
    note=st.text(min_size=1, max_size=100).filter(str.strip),
    amount=st.none() | st.decimals(min_value="0.01", max_value="9999999999.99", places=2).map(str),
)
async def test_deciding_a_decided_case_again_is_refused(
    live: Live, outcome: str, by: str, note: str, amount: str | None
):
    decision = {"outcome": outcome, "decided_by": by.strip() or "x", "note": note, "refund_amount": amount}
    await refused_by_rule(live, "decided", "decide", decision, "case_already_decided", "R5.3")


async def test_a_refund_without_an_amount_is_refused_when_the_order_total_is_unknown(live: Live):
    decision = {"outcome": "refund", "decided_by": "ops-ann", "note": "photos"}
    await refused_by_rule(live, "undecided", "decide", decision, "refund_amount_required", "R5.3")


@FEW
@given(event_id=IDENTIFIER, result=st.sampled_from(["fault_confirmed", "no_fault_found"]), at=ANY_AWARE_INSTANT)
async def test_an_inspection_before_the_parcel_is_refused(live: Live, event_id: str, result: str, at: str):
    report = {"event_id": event_id.strip() or "x", "result": result, "inspected_at": at}
    if contract_errors(InspectionReport, report):
        return  # an instant the contract refuses: the update fuzz above covers it
    await refused_by_rule(live, "returned", "inspected", report, "parcel_not_received", "R5.5")


@FEW
@given(event_id=IDENTIFIER, tracking=IDENTIFIER, at=ANY_AWARE_INSTANT)
async def test_a_dispatch_on_a_return_and_refund_is_refused(live: Live, event_id: str, tracking: str, at: str):
    dispatched = {"event_id": event_id.strip() or "x", "dispatched_at": at, "tracking_number": tracking.strip() or "x"}
    if contract_errors(ItemDispatched, dispatched):
        return
    await refused_by_rule(live, "returned", "item_dispatched", dispatched, "no_dispatch_expected", "R5.5")


@FEW
@given(days=st.integers(0, 3000))
async def test_shortening_that_does_not_shorten_is_refused(live: Live, days: int):
    last_day = live.absence_days[1] + timedelta(days=days)
    await refused_by_rule(live, "absence", "shorten", {"last_day": last_day.isoformat()}, "absence_not_shorter", "R4.5")


@FEW
@given(days=st.integers(1, 3000))
async def test_shortening_before_the_first_day_is_refused(live: Live, days: int):
    last_day = live.absence_days[0] - timedelta(days=days)
    await refused_by_rule(
        live, "absence", "shorten", {"last_day": last_day.isoformat()}, "absence_shortened_away", "R4.5"
    )


@FEW
@given(shift=st.integers(1, 400), length=st.integers(0, 30))
async def test_announcing_other_days_on_an_announced_absence_is_refused(live: Live, shift: int, length: int):
    status = await live.absence.query("status")
    first = live.absence_days[0] + timedelta(days=shift)
    announcement = {
        "seller_id": status["seller_id"],
        "market": "FR",
        "first_day": first.isoformat(),
        "last_day": (first + timedelta(days=length)).isoformat(),
        "announced_at": NOW.isoformat(),
    }
    await refused_by_rule(live, "absence", "announce", announcement, "absence_already_announced", "R4.5")


# -- 5. hostile starts: whatever fits the contract runs (or is refused at once), never stalls -----------


async def start_thread(live: Live, thread_id: str, start: Any, first: Any) -> WorkflowHandle[Any, Any]:
    return await live.client.start_workflow(
        "BuyerThread",
        start,
        id=f"thread-{thread_id}",
        task_queue=live.task_queue,
        start_signal="buyer_message",
        start_signal_args=[first],
    )


async def still_answering(live: Live, handle: WorkflowHandle[Any, Any], seller_id: str) -> dict[str, Any]:
    """The thread answers its query and a seller reply (accepted or refused) within seconds, on its first run."""
    first_run = (await handle.describe()).run_id
    reply = {"message_id": f"R-{uid()}", "seller_id": seller_id, "text": "Oui, il est débloqué et part aujourd'hui."}
    try:
        await asyncio.wait_for(handle.execute_update("seller_reply", reply), 10)
    except WorkflowUpdateFailedError as refused:  # a refusal is an answer
        assert isinstance(refused.cause, ApplicationError), refused.cause
    state = await asyncio.wait_for(handle.query("state"), 10)
    description = await handle.describe()
    assert description.run_id == first_run == handle.result_run_id, f"{handle.id} continued-as-new with one message"
    await assert_no_task_failed(handle)
    return state


@FEW
@given(received_at=ANY_AWARE_INSTANT)
async def test_a_buyer_message_at_any_instant_never_stalls_the_thread(live: Live, received_at: str):
    """Year 1 or 9999: the message is refused by the contract (and dropped) or it runs the clock;
    either way the thread goes on answering."""
    thread_id = f"T-fuzz-{uid()}"
    first = message(f"{thread_id}-m1", received_at=received_at)
    handle = await start_thread(live, thread_id, {"thread": thread_open(thread_id)}, first)
    await settled_after_signal(handle)
    state = await still_answering(live, handle, f"S-{thread_id}")
    assert state["messages_received"] == (0 if contract_errors(BuyerMessage, first) else 1), state


LIMITS = st.fixed_dictionaries(
    {},
    optional={
        "reply_working_hours": st.floats(min_value=1e-3, max_value=1e300) | st.integers(1, 10**12),
        "reminder_hours_left": st.floats(min_value=1e-3, max_value=1e300) | st.integers(1, 10**12),
        "close_after_days": st.integers(1, 10**12),
        "continue_as_new_after_events": st.integers(1, 10**6),
    },
)


@FEW
@given(limits=LIMITS)
async def test_thread_limits_at_their_extremes_are_refused_or_run(live: Live, limits: dict[str, Any]):
    thread_id = f"T-fuzz-{uid()}"
    start = {"thread": thread_open(thread_id), "limits": limits}
    handle = await start_thread(live, thread_id, start, message(f"{thread_id}-m1"))
    errors = contract_errors(ThreadLimits, limits)
    if errors:
        with pytest.raises(WorkflowFailureError) as failed:
            await asyncio.wait_for(handle.result(), 10)
        assert_names_the_field(
            failed.value.cause, [{**errors[0], "loc": ("limits", *errors[0]["loc"])}], "BuyerThread input"
        )
        await assert_no_task_failed(handle)
        return
    await settled_after_signal(handle)
    state = await still_answering(live, handle, f"S-{thread_id}")
    assert state["messages_received"] == 1 and (state["due_at"] is not None or state["state"] != "awaiting_seller"), (
        state
    )


@FEW
@given(
    code=st.text(alphabet=string.ascii_letters, min_size=2, max_size=2).filter(
        lambda c: c.upper() not in DEFAULT_MARKETS
    )
)
async def test_a_thread_in_a_market_no_worker_knows_fails_at_once(live: Live, code: str):
    """The typed client refuses it before starting; sent raw, the run ends at its first message
    with the reason, instead of a thread that can never have a deadline."""
    thread_id = f"T-fuzz-{uid()}"
    handle = await start_thread(
        live, thread_id, {"thread": thread_open(thread_id, market=code)}, message(f"{thread_id}-m1")
    )
    with pytest.raises(WorkflowFailureError) as failed:
        await asyncio.wait_for(handle.result(), 10)
    cause = failed.value.cause
    assert isinstance(cause, ApplicationError) and cause.type == "unknown_market" and cause.non_retryable, cause
    assert cause.message.startswith("unknown_market (R1.6): thread.market: ") and code.upper() in cause.message, (
        cause.message
    )
    await assert_no_task_failed(handle)


@FEW
@given(first=st.dates(min_value=date(1, 1, 2), max_value=date(9999, 12, 31)), length=st.integers(0, 400))
async def test_an_absence_on_any_days_is_planned_or_refused(live: Live, first: date, length: int):
    """Year 1 or 9999: refused by the contract (the run fails at once, naming the day), or the
    ``announce`` update answers, with the plan or the refusal of its rule; never a stalled absence."""
    last = first + timedelta(days=min(length, (date.max - first).days))
    seller = f"S-fuzz-{uid()}"
    announcement = {
        "seller_id": seller,
        "market": "FR",
        "first_day": first.isoformat(),
        "last_day": last.isoformat(),
        "announced_at": NOW.isoformat(),
    }
    handle = await live.client.start_workflow(
        "SellerAbsence", announcement, id=f"absence-{seller}-{first}", task_queue=live.task_queue
    )
    errors = contract_errors(AbsenceAnnouncement, announcement)
    if errors:
        with pytest.raises(WorkflowFailureError) as failed:
            await asyncio.wait_for(handle.result(), 10)
        assert_names_the_field(failed.value.cause, errors, "SellerAbsence input")
    else:
        try:
            status = await asyncio.wait_for(handle.execute_update("announce", announcement), 10)
            assert status["state"] in ("announced", "absent"), status
            await handle.execute_update("cancel")
        except WorkflowUpdateFailedError as refused:
            assert isinstance(refused.cause, ApplicationError) and refused.cause.type == "absence_refused", (
                refused.cause
            )
        except RPCError as closed:  # refused (in the past) and closed before the update arrived: its result says so
            assert closed.status == RPCStatusCode.NOT_FOUND, closed
            assert (await asyncio.wait_for(handle.result(), 10))["state"] == "refused"
    await assert_no_task_failed(handle)


ODD_TEXT = st.text(max_size=30) | st.builds(
    lambda unit, n: unit * n, st.text(min_size=1, max_size=2), st.integers(1_000, 50_000)
)
ANY_DURATION = st.timedeltas()
AMOUNT = st.decimals(min_value="0.01", max_value="9999999999.99", places=2).map(str)
CHILD_INPUTS = {
    "Takeover": st.fixed_dictionaries(
        {
            "thread": st.builds(lambda total: thread_open(f"T-fuzz-{uid()}", order_total=total), st.none() | AMOUNT),
            "reason": st.sampled_from(
                [
                    "quality_dispute",
                    "not_as_described",
                    "locked_device",
                    "counterfeit",
                    "reply_deadline_missed",
                    "seller_absent",
                ]
            ),
            "currency": ODD_TEXT,
            "market": st.sampled_from(["", "FR", "SE", "XX", "fr"]) | ODD_TEXT,
            "started_at": ANY_AWARE_INSTANT,
        }
    ),
    "Return": st.fixed_dictionaries(
        {
            "thread": st.builds(lambda: thread_open(f"T-fuzz-{uid()}")),
            "takeover_no": st.integers(-(10**18), 10**18),
            "currency": ODD_TEXT,
            "window": ANY_DURATION,
            "decision": st.fixed_dictionaries(
                {
                    "outcome": st.sampled_from(["return_and_refund", "repair", "replace"]),
                    "decided_by": ODD_TEXT,
                    "note": ODD_TEXT,
                    "decided_at": ANY_AWARE_INSTANT,
                    "refund_amount": st.none() | AMOUNT,
                }
            ),
        }
    ),
    "Recharge": st.fixed_dictionaries(
        {
            "thread_id": st.builds(lambda: f"T-fuzz-{uid()}"),
            "seller_id": ODD_TEXT,
            "takeover_no": st.integers(-(10**18), 10**18),
            "currency": ODD_TEXT,
            "charge_timeout": ANY_DURATION,
            "costs": st.lists(
                st.fixed_dictionaries(
                    {
                        "kind": st.sampled_from(["handling_fee", "return_label", "refund", "severe_violation_fee"]),
                        "amount": st.none() | AMOUNT,
                    }
                ),
                max_size=4,
            ),
        }
    ),
}


@pytest.mark.parametrize("workflow", sorted(CHILD_INPUTS))
@FEW
@given(data=st.data())
async def test_a_child_input_that_fits_never_fails_a_task(live: Live, workflow: str, data: st.DataObject):
    """The children's inputs come from the Takeover, but started raw with whatever the contract
    lets through (a negative takeover number, a window of a million days, a zero or negative
    charge timeout, an unknown market, an instant in year 9999), a run goes on or fails with a
    refusal: never a failed workflow task."""
    model = START_INPUTS[workflow][0]
    payload = data.draw(CHILD_INPUTS[workflow], label="payload")
    if contract_errors(model, payload):  # refused at once: the start fuzz covers that
        return
    handle = await live.client.start_workflow(
        workflow, payload, id=f"fuzz-{workflow}-{uid()}", task_queue=live.task_queue
    )
    try:
        await quiet(handle)
        await assert_no_task_failed(handle)
    finally:
        if (await handle.describe()).status.name == "RUNNING":
            await handle.terminate("fuzz example over")


# -- the running workflows came through it all ---------------------------------------------------------


async def test_the_targets_came_through_unharmed(live: Live):
    """Runs last in this module: every target still runs, on its first run, and answers."""
    for name in QUERIES:
        handle = live.handle(name)
        description = await handle.describe()
        assert description.status is not None and description.status.name == "RUNNING", (name, description.status)
        assert handle.result_run_id in (None, description.run_id), f"{name} continued-as-new"
        await assert_no_task_failed(handle)
    assert (await live.thread.query("state"))["messages_received"] == 1
    assert (await live.undecided.query("case"))["decision"] is None
    assert (await live.returned.query("status"))["parcel"] is None
