"""Issue 20 on an upgraded store: the sanctions recorded before statements existed each get one,
issued now (the seller may appeal for the whole window from today), once however often it runs."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from activities.events import EventWriter
from activities.statement_backfill import Backfilled, backfill_statements
from activities.statements import StatementWriter
from contract.statements import appeal_deadline, charge_sanction_id, flag_sanction_id, takeover_sanction_id
from rules.kinds import CostKind, ThreadState, ViolationKind
from rules.markets import MarketRegistry
from store import events as event_log
from store import repository
from store.db import transaction

if TYPE_CHECKING:
    from conftest import Database

MARKETS = MarketRegistry.from_overrides()
NOW = datetime(2027, 2, 1, 9, 0, tzinfo=UTC)
THEN = NOW - timedelta(days=60)


def _old_sanctions(database: Database) -> None:
    """What a store written before migration 0010 holds for one severe takeover in Germany."""
    with transaction(database.factory) as session:
        repository.upsert_thread(
            session,
            thread_id="T-old",
            order_id="O-old",
            seller_id="S-old",
            buyer_id="B-old",
            market="DE",
            currency="EUR",
            state=ThreadState.TAKEN_OVER,
            reply_due_at=None,
        )
        repository.record_violation(
            session,
            dedupe_key="T-old:severe_violation",
            seller_id="S-old",
            kind=ViolationKind.SEVERE_VIOLATION,
            rule="R5.4",
            occurred_at=THEN,
            thread_id="T-old",
        )
        repository.flag_seller(session, seller_id="S-old", thread_id="T-old", reason="counterfeit", flagged_at=THEN)
        repository.open_ops_case(session, thread_id="T-old", takeover_no=1, reason="counterfeit", opened_at=THEN)
        repository.add_ledger_entry(
            session,
            seller_id="S-old",
            thread_id="T-old",
            takeover_no=1,
            cost_kind=CostKind.SEVERE_VIOLATION_FEE,
            amount=Decimal("50.00"),
            currency="EUR",
        )


def test_every_old_sanction_gets_its_statement_once_with_the_window_from_today(database: Database) -> None:
    _old_sanctions(database)
    writer = StatementWriter(MARKETS, EventWriter(MARKETS), 30)
    first = backfill_statements(database.factory, writer, NOW, batch=2)
    assert first == Backfilled(violation=1, flag=1, charge=1, takeover=1)
    assert backfill_statements(database.factory, writer, NOW + timedelta(days=1)) == Backfilled()  # once
    with transaction(database.factory) as session:
        stored = {row.sanction_id: row for row in repository.seller_statements(session, "S-old")}
        told = event_log.page(session, thread_id="T-old", types=["statement.issued"])
    assert set(stored) >= {
        flag_sanction_id("T-old", "counterfeit"),
        takeover_sanction_id("T-old", 1),
        charge_sanction_id("T-old", 1, CostKind.SEVERE_VIOLATION_FEE),
    }
    berlin = ZoneInfo("Europe/Berlin")
    for row in stored.values():
        assert row.issued_at == NOW  # the seller is told now ...
        assert row.appeal_until == appeal_deadline(NOW, berlin, 30)  # ... and has the whole window from today
        if row.sanction_kind != "charge":  # a charge's instant is its ledger row's
            assert row.occurred_at == THEN
    charge = stored[charge_sanction_id("T-old", 1, CostKind.SEVERE_VIOLATION_FEE)]
    assert (charge.facts["amount"], charge.facts["currency"], charge.facts["cost_kind"]) == (
        "50.00",
        "EUR",
        "severe_violation_fee",
    )
    assert sorted(e.document["data"]["sanction_kind"] for e in told) == ["charge", "flag", "takeover", "violation"]
    [fee] = [e.document["data"] for e in told if e.document["data"]["sanction_kind"] == "charge"]
    assert "50,00 EUR" in fee["texts"]["de"] and fee["sanction_id"] in fee["texts"]["de"]


def test_helpdesk_statement_backfill_prints_what_it_wrote(capsys, tmp_path) -> None:  # noqa: ANN001 - fixtures
    """The command on the store the settings name (a SQLite file here: the command takes no schema)."""
    from types import SimpleNamespace

    from config import load_settings
    from starter.cli import build_parser
    from store.db import open_store

    url = f"sqlite:///{tmp_path / 'helpdesk.db'}"
    _old_sanctions(SimpleNamespace(factory=open_store(url)))  # type: ignore[arg-type]
    settings = load_settings(database_url=url)
    args = build_parser().parse_args(["statement", "backfill", "--batch", "3"])
    assert args.handler(args, settings) == 0
    assert json.loads(capsys.readouterr().out) == {"violation": 1, "flag": 1, "charge": 1, "takeover": 1, "skipped": 0}
    assert args.handler(args, settings) == 0
    assert json.loads(capsys.readouterr().out)["violation"] == 0
