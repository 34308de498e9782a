"""Retention's settings (issue 19) agree everywhere they are used: the worker, the store's kinds,
`make run`, the compose deployment's Temporal retention, and docs/settings.md."""

from __future__ import annotations

import re
import socket
from datetime import timedelta
from pathlib import Path

import pytest
import yaml

from activities.retention import RetentionActivities, thread_period
from config import Settings, SettingsInvalid, load_settings
from contract.retention import RETENTION_KINDS
from starter.dev.devserver import DevServer
from starter.dev.run import WORKER, children
from store.repository.personal_data import RetentionKind
from worker import retention_periods

ROOT = Path(__file__).resolve().parents[1]
RETENTION_VARIABLES = [
    f"HELPDESK_{name.upper()}"
    for name in Settings.model_fields
    if name.startswith("retention_") or name == "temporal_manage_retention"
]


def test_the_defaults_are_the_issues_periods() -> None:
    settings = load_settings()
    assert retention_periods(settings) == {
        "messages": 90,
        "events": 90,
        "case_notes": 365,
        "inbound": 7,
        "access_log": 730,
    }
    assert settings.retention_interval_hours == 24 and not settings.temporal_manage_retention


def test_every_kind_the_workflow_sweeps_is_a_kind_of_the_store_with_a_period() -> None:
    assert set(RETENTION_KINDS) == {kind.value for kind in RetentionKind}
    periods = retention_periods(load_settings())
    assert set(periods) | {"threads"} == set(RETENTION_KINDS)
    assert thread_period(periods) == 365  # every text of a thread is gone once its longest period is over
    with pytest.raises(ValueError, match="access_log"):
        RetentionActivities(None, {k: v for k, v in periods.items() if k != "access_log"}, 10)  # type: ignore[arg-type]


def test_a_period_of_zero_days_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HELPDESK_RETENTION_MESSAGES_DAYS", "0")
    with pytest.raises(SettingsInvalid, match="HELPDESK_RETENTION_MESSAGES_DAYS"):
        load_settings()


def test_every_retention_setting_is_documented() -> None:
    documented = (ROOT / "docs" / "settings.md").read_text()
    assert len(RETENTION_VARIABLES) == 8
    assert [name for name in RETENTION_VARIABLES if f"`{name}`" not in documented] == []


def test_make_run_has_the_worker_set_temporals_retention(tmp_path: Path) -> None:
    settings = load_settings(log_dir=tmp_path)
    with socket.socket() as api_socket:
        (worker,) = [
            c for c in children(settings, DevServer(tmp_path), api_socket, {"PATH": "/bin"}) if c.name == WORKER
        ]
    assert worker.env is not None and worker.env["HELPDESK_TEMPORAL_MANAGE_RETENTION"] == "true"
    assert worker.env["PATH"] == "/bin"


def _hours(duration: str) -> timedelta:
    value, unit = re.fullmatch(r"(\d+)([hd])", duration).groups()  # type: ignore[union-attr]
    return timedelta(hours=int(value) * (24 if unit == "d" else 1))


def test_the_compose_deployments_temporal_keeps_closed_workflows_as_long_as_the_store_keeps_messages() -> None:
    services = yaml.safe_load((ROOT / "docker-compose.temporal.yml").read_text())["services"]
    messages = timedelta(days=Settings.model_fields["retention_messages_days"].default)
    assert _hours(services["temporal"]["environment"]["DEFAULT_NAMESPACE_RETENTION"]) == messages
    (script,) = services["temporal-setup"]["command"]
    set_by_setup = re.findall(r"namespace (create|update) --namespace \S+ --retention (\S+)", script)
    assert [verb for verb, _ in set_by_setup] == ["create", "update"]
    assert {_hours(duration) for _, duration in set_by_setup} == {messages}
