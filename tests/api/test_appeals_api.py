"""Statements of reasons and appeals over HTTP (issue 20), against a real worker on the dev server.

One severe escalation (``locked_device``, raised by the buyer) takes an FR thread over at once:
the seller gets a violation (``severe_violation``, R5.4), a flag (R5.4) and the takeover (R5.4);
ops override the rulebook's return and refund with ``reject_claim``, so the case charges the
handling fee and the severe-violation fee (R5.6, 15 and 50 EUR). Each sanction has a statement in
French naming its rule and reference, and a ``statement.issued`` event in the seller's feed. The
seller appeals the handling fee and ops credit part of it back; the flag is overturned; the
violation's appeal (sent by the backend) is upheld. Every appeal opened here ends decided.

The sellers are this module's own (a uuid in their ids), so their statements and ledgers hold
exactly what these tests made, whatever else shares the worker's store.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
import pytest_asyncio
from sqlalchemy import select
from temporalio.testing import WorkflowEnvironment

from config import load_settings
from contract.statements import charge_sanction_id, violation_sanction_id
from rules.statements import CATALOGS
from starter.api.app import create_app
from starter.api.auth import token_hash
from starter.client.helpdesk import HelpdeskClient
from store.db import reading
from store.models import SellerFlag, Violation

pytestmark = pytest.mark.devserver

RUN = uuid.uuid4().hex[:8]
SELLER, OTHER = f"S-appeal-{RUN}", f"S-other-{RUN}"
TOKENS = {
    "backend": f"tok-appeal-backend-{RUN}",
    "ops": f"tok-appeal-ops-{RUN}",
    "seller": f"tok-appeal-seller-{RUN}",
    "other": f"tok-appeal-other-{RUN}",
}
PARIS = ZoneInfo("Europe/Paris")


def auth(who: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKENS[who]}"}


@pytest_asyncio.fixture
async def api(dev_env: WorkflowEnvironment, integration_worker) -> AsyncIterator[httpx.AsyncClient]:
    task_queue, sessions = integration_worker
    settings = load_settings(
        task_queue=task_queue,
        metrics_port=0,
        api_tokens={
            token_hash(TOKENS["backend"]): {"role": "backend"},
            token_hash(TOKENS["ops"]): {"role": "ops", "name": "ops-ann"},
            token_hash(TOKENS["seller"]): {"role": "seller", "seller_id": SELLER},
            token_hash(TOKENS["other"]): {"role": "seller", "seller_id": OTHER},
        },
    )
    app = create_app(settings, sessions)
    app.state.helpdesk = HelpdeskClient(dev_env.client, task_queue, sessions=sessions)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://api") as client:
        client.app = app  # type: ignore[attr-defined]
        yield client


async def settled(
    api: httpx.AsyncClient, path: str, done: Callable[[Any], bool] = lambda _: True, *, who: str = "ops", **params: Any
) -> Any:
    """Poll ``path`` until it answers 200 and ``done`` holds; at most 30 s."""
    response = None
    for _ in range(300):
        response = await api.get(path, params=params, headers=auth(who))
        if response.status_code == 200 and done(response.json()):
            return response.json()
        await asyncio.sleep(0.1)
    assert response is not None
    raise AssertionError(f"{path} never settled: {response.status_code} {response.text}")


def appeal_deadline_by_hand(occurred_at: datetime, days: int) -> datetime:
    """The end (23:59:59.999999, Paris) of the ``days``-th calendar day after the sanction's Paris day."""
    last_day = occurred_at.astimezone(PARIS).date() + timedelta(days=days)
    return datetime.combine(last_day, time(23, 59, 59, 999_999), tzinfo=PARIS)


async def severe_case_rejected(api: httpx.AsyncClient) -> str:
    """An FR thread of SELLER escalated as ``locked_device`` by the buyer; ops reject the claim, so
    the case closes after charging the seller. Returns the thread id."""
    thread_id = f"T-{uuid.uuid4().hex[:10]}"
    inquiry = {
        "thread": {
            "thread_id": thread_id,
            "order_id": f"O-{thread_id}",
            "seller_id": SELLER,
            "buyer_id": "B-1",
            "market": "FR",
        },
        "message": {
            "message_id": f"{thread_id}-m1",
            "received_at": datetime.now(UTC).isoformat(),
            "text": "Le téléphone est bloqué sur iCloud.",
        },
    }
    opened = await api.post(f"/v1/threads/{thread_id}/messages", json=inquiry, headers=auth("backend"))
    assert opened.status_code == 202, opened.text
    await settled(api, f"/v1/threads/{thread_id}", lambda state: state["due_at"] is not None)
    escalation = {"escalation_id": "E-locked", "reason": "locked_device", "raised_by": "buyer", "raised_by_id": "B-1"}
    escalated = await api.post(f"/v1/threads/{thread_id}/escalations", json=escalation, headers=auth("backend"))
    assert escalated.status_code == 202, escalated.text
    # R5.4: taken over at once, decided by the rulebook as return and refund, which ops may override.
    case = await settled(
        api,
        f"/v1/threads/{thread_id}/case",
        lambda case: case["decision"] is not None and case["stage"] == "awaiting_parcel",
    )
    assert (case["reason"], case["severe"], case["decision"]["outcome"], case["decision"]["by_rule"]) == (
        "locked_device",
        True,
        "return_and_refund",
        "R5.4",
    )
    decision = {"outcome": "reject_claim", "decided_by": "ops-ann", "note": "the lock is the buyer's own account"}
    decided = await api.post(f"/v1/threads/{thread_id}/case/decision", json=decision, headers=auth("ops"))
    assert decided.status_code == 200, decided.text
    assert decided.json()["outcome"] == "reject_claim"
    await settled(api, f"/v1/threads/{thread_id}/case", lambda case: case["stage"] == "closed")
    return thread_id


async def test_every_sanction_is_stated_and_an_appeal_credits_part_of_a_charge(api: httpx.AsyncClient):
    thread_id = await severe_case_rejected(api)
    sessions = api.app.state.sessions  # type: ignore[attr-defined]

    # R5.6 in EUR: the handling fee and the severe-violation fee; the voided label is not charged.
    ledger = (await api.get(f"/v1/sellers/{SELLER}/ledger", headers=auth("seller"))).json()
    assert sorted((row["cost_kind"], row["amount"], row["currency"]) for row in ledger) == [
        ("handling_fee", "15.00", "EUR"),
        ("severe_violation_fee", "50.00", "EUR"),
    ]
    assert all(row["credit_for"] is None and row["appeal_id"] is None for row in ledger)
    assert all(row["sanction_id"].startswith("charge-") for row in ledger)
    charge = {row["cost_kind"]: row["sanction_id"] for row in ledger}
    handling, severe_fee = charge["handling_fee"], charge["severe_violation_fee"]
    # A charge's reference is its natural key (R5.6: one cost per takeover), the same in any store.
    assert (handling, severe_fee) == (
        charge_sanction_id(thread_id, 1, "handling_fee"),
        charge_sanction_id(thread_id, 1, "severe_violation_fee"),
    )
    flag, takeover = f"flag-{thread_id}-locked_device", f"takeover-{thread_id}-1"

    # Every sanction stated, in French (FR's one language), newest first.
    statements = await settled(api, f"/v1/sellers/{SELLER}/statements", lambda found: len(found) >= 5, who="seller")
    by_id = {s["statement"]["sanction_id"]: s for s in statements}
    [violation] = [i for i in by_id if i.startswith("violation-")]
    assert set(by_id) == {violation, flag, takeover, handling, severe_fee}, sorted(by_id)
    assert len(statements) == 5
    occurred = [datetime.fromisoformat(s["statement"]["occurred_at"]) for s in statements]
    assert occurred == sorted(occurred, reverse=True)
    kinds = {
        sanction_id: (s["statement"]["sanction_kind"], s["statement"]["rule"], s["statement"]["violation_kind"])
        for sanction_id, s in by_id.items()
    }
    assert kinds == {
        violation: ("violation", "R5.4", "severe_violation"),
        flag: ("flag", "R5.4", None),
        takeover: ("takeover", "R5.4", None),
        handling: ("charge", "R5.6", None),
        severe_fee: ("charge", "R5.6", None),
    }
    window = load_settings().appeal_window_days  # the worker's setting (30 unless the environment says otherwise)
    for sanction_id, found in by_id.items():
        statement = found["statement"]
        assert (statement["seller_id"], statement["thread_id"], statement["market"]) == (SELLER, thread_id, "FR")
        assert (found["appealed"], found["overturned"]) == (False, False)
        assert set(found["texts"]) == {"fr"}
        text = found["texts"]["fr"]
        assert statement["rule"] in text and thread_id in text, text
        if statement["sanction_kind"] != "takeover":  # the reference to appeal with
            assert sanction_id in text, text
        occurred_at = datetime.fromisoformat(statement["occurred_at"])
        assert datetime.fromisoformat(statement["appeal_until"]) == appeal_deadline_by_hand(occurred_at, window)
    # A takeover is not undone: its text points to the appeals of what it brought, and offers none itself.
    offer = CATALOGS["fr"].messages["appeal"].split("{")[0]  # "Si vous n'êtes pas d'accord, …"
    assert offer not in by_id[takeover]["texts"]["fr"]
    assert all(offer in by_id[i]["texts"]["fr"] for i in (violation, flag, handling, severe_fee))

    def facts(sanction_id: str, *names: str) -> dict[str, Any]:
        """The facts named that the statement gives (not null)."""
        given = by_id[sanction_id]["statement"]["facts"]
        return {name: given[name] for name in names if given.get(name) is not None}

    stated = ("escalation_reason", "raised_by", "takeover_reason", "amount", "currency", "cost_kind")

    assert facts(violation, *stated) == {"escalation_reason": "locked_device", "raised_by": "buyer"}
    assert facts(flag, *stated) == {
        "takeover_reason": "locked_device",
        "escalation_reason": "locked_device",
        "raised_by": "buyer",
    }
    assert facts(handling, *stated) == {"amount": "15.00", "currency": "EUR", "cost_kind": "handling_fee"}
    assert facts(severe_fee, *stated) == {
        "amount": "50.00",
        "currency": "EUR",
        "cost_kind": "severe_violation_fee",
    }
    assert "15,00 EUR" in by_id[handling]["texts"]["fr"] and "50,00 EUR" in by_id[severe_fee]["texts"]["fr"]

    # One statement: the seller's own, ops', not another seller's (404: no existence leak).
    one = await api.get(f"/v1/statements/{handling}", headers=auth("seller"))
    assert one.status_code == 200 and one.json() == by_id[handling]
    assert (await api.get(f"/v1/statements/{handling}", headers=auth("ops"))).json() == by_id[handling]
    assert (await api.get(f"/v1/statements/{handling}", headers=auth("other"))).status_code == 404
    assert (await api.get(f"/v1/sellers/{SELLER}/statements", headers=auth("other"))).status_code == 404
    assert (await api.get(f"/v1/statements/{handling}")).status_code == 401

    # Each statement reached the seller's feed as ``statement.issued``, and only the seller's.
    async def issued() -> list[dict]:
        page = await api.get(
            "/v1/events",
            params={"thread_id": thread_id, "type": "statement.issued", "limit": 1000},
            headers=auth("seller"),
        )
        assert page.status_code == 200, page.text
        return page.json()["events"]

    events: list[dict] = []
    for _ in range(100):
        events = await issued()
        if len(events) >= 5:
            break
        await asyncio.sleep(0.1)
    assert sorted(e["data"]["sanction_id"] for e in events) == sorted(by_id), events
    assert all(e["recipient"] == {"kind": "seller", "id": SELLER} for e in events)
    for event in events:
        data = event["data"]
        assert data["appealable"] is (data["sanction_kind"] != "takeover")
        assert data["texts"] == by_id[data["sanction_id"]]["texts"]
        assert data["appeal_until"] is not None and data["rule"] == by_id[data["sanction_id"]]["statement"]["rule"]
    other_feed = await api.get("/v1/events", params={"thread_id": thread_id}, headers=auth("other"))
    assert other_feed.json()["events"] == []

    # The seller appeals the handling fee: 201, the appeal's id is the sanction's.
    grounds = {"grounds": "Le verrouillage iCloud vient du compte de l'acheteur."}
    appealed = await api.post(f"/v1/statements/{handling}/appeal", json=grounds, headers=auth("seller"))
    assert appealed.status_code == 201, appealed.text
    appeal_id = appealed.json()["appeal_id"]
    assert appeal_id == f"appeal-{handling}" and appeal_id.startswith("appeal-charge-")
    assert (appealed.json()["state"], appealed.json()["sanction_kind"], appealed.json()["seller_id"]) == (
        "open",
        "charge",
        SELLER,
    )
    assert appealed.json()["grounds"] == grounds["grounds"]
    decided: httpx.Response | None = None
    try:
        again = await api.post(f"/v1/statements/{handling}/appeal", json=grounds, headers=auth("seller"))
        assert again.status_code == 409 and again.json()["kind"] == "already_appealed", again.text
        assert appeal_id in again.json()["detail"]
        refusals = {
            "takeover": await api.post(f"/v1/statements/{takeover}/appeal", json=grounds, headers=auth("seller")),
            "unknown": await api.post(f"/v1/statements/charge-{RUN}/appeal", json=grounds, headers=auth("seller")),
            "other seller": await api.post(f"/v1/statements/{severe_fee}/appeal", json=grounds, headers=auth("other")),
            "ops": await api.post(f"/v1/statements/{severe_fee}/appeal", json=grounds, headers=auth("ops")),
        }
        assert refusals["takeover"].status_code == 409 and refusals["takeover"].json()["kind"] == "not_appealable"
        assert refusals["unknown"].status_code == 404 and f"charge-{RUN}" in refusals["unknown"].json()["detail"]
        assert refusals["other seller"].status_code == 404
        assert refusals["ops"].status_code == 403
        assert (await api.get(f"/v1/statements/{severe_fee}", headers=auth("seller"))).json()["appealed"] is False

        # Where it stands: open, for the seller and ops; not for another seller.
        status = await settled(api, f"/v1/appeals/{appeal_id}", lambda s: s["state"] == "open", who="seller")
        assert (status["sanction_id"], status["thread_id"], status["decision"]) == (handling, thread_id, None)
        assert (await api.get(f"/v1/appeals/{appeal_id}", headers=auth("other"))).status_code == 404
        queue = await settled(
            api,
            "/v1/appeals",
            lambda found: appeal_id in [a["appeal_id"] for a in found],
            state="open",
            seller_id=SELLER,
        )
        assert [a["appeal_id"] for a in queue] == [appeal_id]
        assert (await api.get("/v1/appeals", headers=auth("other"))).json() == []

        # Ops decide; the seller may not, and a credit must stay below the charge.
        path = f"/v1/appeals/{appeal_id}/decision"
        partly = {"outcome": "partly_overturned", "decided_by": "ops-ann", "reason": "the label was never used"}
        assert (await api.post(path, json={**partly, "amount": "5.00"}, headers=auth("seller"))).status_code == 403
        for amount in ("15.00", "20.00"):
            too_much = await api.post(path, json={**partly, "amount": amount}, headers=auth("ops"))
            assert too_much.status_code == 409 and too_much.json()["kind"] == "credit_exceeds_charge", too_much.text
        missing = await api.post(path, json=partly, headers=auth("ops"))
        assert missing.status_code == 422, missing.text
        decided = await api.post(path, json={**partly, "amount": "5.00"}, headers=auth("ops"))
    finally:  # an undecided appeal reminds ops every working day: this one ends decided whatever failed above
        if decided is None or decided.status_code != 200:
            await api.post(
                f"/v1/appeals/appeal-{handling}/decision",
                json={"outcome": "upheld", "decided_by": "ops-ann", "reason": "test cleanup"},
                headers=auth("ops"),
            )
    assert decided is not None and decided.status_code == 200, decided and decided.text
    verdict = decided.json()
    assert (verdict["outcome"], verdict["decided_by"], verdict["credited"], verdict["currency"]) == (
        "partly_overturned",
        "ops-ann",
        "5.00",
        "EUR",
    )
    # The same decision sent again (a retry after a timeout) gets the decision as made; no second credit.
    again = await api.post(path, json={**partly, "amount": "5.00"}, headers=auth("ops"))
    assert again.status_code == 200 and again.json() == verdict, again.text

    # The ledger keeps the charge and adds the credit: -5.00 EUR for the handling fee.
    ledger = (await api.get(f"/v1/sellers/{SELLER}/ledger", headers=auth("seller"))).json()
    assert sorted((row["cost_kind"], row["amount"], row["currency"], row["credit_for"]) for row in ledger) == [
        ("handling_fee", "-5.00", "EUR", handling),
        ("handling_fee", "15.00", "EUR", None),
        ("severe_violation_fee", "50.00", "EUR", None),
    ]
    [credit] = [row for row in ledger if row["credit_for"]]
    assert (credit["sanction_id"], credit["appeal_id"], credit["thread_id"]) == (handling, appeal_id, thread_id)

    status = await settled(api, f"/v1/appeals/{appeal_id}", lambda s: s["state"] == "decided", who="seller")
    assert status["decision"]["credited"] == "5.00" and status["decision"]["outcome"] == "partly_overturned"
    late = await api.post(path, json={"outcome": "upheld", "decided_by": "ops-bob", "reason": "r"}, headers=auth("ops"))
    assert late.status_code == 409 and late.json()["kind"] == "appeal_already_decided", late.text
    shown = (await api.get(f"/v1/statements/{handling}", headers=auth("seller"))).json()
    assert (shown["appealed"], shown["overturned"]) == (True, True)
    decided_events = await settled(
        api,
        "/v1/events",
        lambda page: any(e["data"]["appeal_id"] == appeal_id for e in page["events"]),
        who="seller",
        thread_id=thread_id,
        type="appeal.decided",
    )
    [told] = [e for e in decided_events["events"] if e["data"]["appeal_id"] == appeal_id]
    assert told["data"]["credit"] == {"amount": "5.00", "currency": "EUR"}

    # The flag: overturned whole (a flag has no amount to credit part of), and lifted.
    flagged = await api.post(f"/v1/statements/{flag}/appeal", json=grounds, headers=auth("seller"))
    assert flagged.status_code == 201 and flagged.json()["appeal_id"] == f"appeal-{flag}", flagged.text
    flag_path = f"/v1/appeals/appeal-{flag}/decision"
    try:
        part = await api.post(flag_path, json={**partly, "amount": "1.00"}, headers=auth("ops"))
        assert part.status_code == 409 and part.json()["kind"] == "partial_not_a_charge", part.text
    finally:
        overturned = await api.post(
            flag_path,
            json={"outcome": "overturned", "decided_by": "ops-ann", "reason": "the buyer's own Apple ID"},
            headers=auth("ops"),
        )
    assert overturned.status_code == 200, overturned.text
    assert (overturned.json()["outcome"], overturned.json()["credited"]) == ("overturned", None)
    shown = (await api.get(f"/v1/statements/{flag}", headers=auth("seller"))).json()
    assert (shown["appealed"], shown["overturned"]) == (True, True)
    with reading(sessions) as session:
        [lifted] = session.scalars(select(SellerFlag).filter_by(seller_id=SELLER, thread_id=thread_id)).all()
        assert lifted.lifted_at is not None and lifted.lifted_by == f"appeal-{flag}"

    # The violation, appealed by the backend for the seller: upheld, so it stands and nothing is credited.
    by_backend = await api.post(f"/v1/statements/{violation}/appeal", json=grounds, headers=auth("backend"))
    assert by_backend.status_code == 201 and by_backend.json()["appeal_id"] == f"appeal-{violation}", by_backend.text
    upheld = await api.post(
        f"/v1/appeals/appeal-{violation}/decision",
        json={"outcome": "upheld", "decided_by": "ops-ann", "reason": "the device was locked on arrival"},
        headers=auth("ops"),
    )
    assert upheld.status_code == 200 and upheld.json()["outcome"] == "upheld", upheld.text
    shown = (await api.get(f"/v1/statements/{violation}", headers=auth("seller"))).json()
    assert (shown["appealed"], shown["overturned"]) == (True, False)
    with reading(sessions) as session:
        [kept] = session.scalars(select(Violation).filter_by(seller_id=SELLER, thread_id=thread_id)).all()
        assert kept.overturned_at is None and kept.kind == "severe_violation"
        assert violation_sanction_id(kept.dedupe_key) == violation

    decided_all = await settled(
        api, "/v1/appeals", lambda found: len(found) == 3, state="decided", seller_id=SELLER, who="seller"
    )
    assert {a["appeal_id"]: a["decision"]["outcome"] for a in decided_all} == {
        appeal_id: "partly_overturned",
        f"appeal-{flag}": "overturned",
        f"appeal-{violation}": "upheld",
    }
    assert (
        await api.get("/v1/appeals", params={"state": "open", "seller_id": SELLER}, headers=auth("ops"))
    ).json() == []
    assert (
        len((await api.get(f"/v1/sellers/{SELLER}/ledger", headers=auth("ops"))).json()) == 3
    )  # nothing more credited
