"""docs/events.md says what the code does: every event type, setting and metric it names exists,
and every one that exists is named there."""

from __future__ import annotations

import re
from pathlib import Path

from prometheus_client import CollectorRegistry

from config import ENV_PREFIX, Settings
from delivery.metrics import RelayMetrics
from events.schema import EVENT_TYPES

DOC = (Path(__file__).resolve().parents[2] / "docs" / "events.md").read_text()


def test_every_event_type_is_documented_and_nothing_else_is() -> None:
    table = DOC.split("## The events", 1)[1].split("Every event has the same envelope", 1)[0]
    documented = set(re.findall(r"`([a-z_]+\.[a-z_]+)`", table))
    assert documented == set(EVENT_TYPES)


def test_every_delivery_setting_is_documented_with_its_default() -> None:
    table = DOC.split("## Settings", 1)[1].split("## Metrics", 1)[0]
    rows = dict(re.findall(r"^\| `(HELPDESK_[A-Z_]+)` \| `([^`]*)` \|", table, flags=re.M))
    fields = {name: field for name, field in Settings.model_fields.items() if name.startswith(("webhook", "relay"))}
    assert set(rows) == {f"{ENV_PREFIX}{name.upper()}" for name in fields}
    for name, field in fields.items():
        default = field.default if not isinstance(field.default, tuple) else list(field.default)
        assert rows[f"{ENV_PREFIX}{name.upper()}"] == (f"{default:g}" if isinstance(default, float) else str(default))


def test_every_relay_metric_is_documented() -> None:
    registry = CollectorRegistry()
    RelayMetrics(registry)
    names = {metric.name for metric in registry.collect()}
    table = DOC.split("## Metrics", 1)[1].split("## Runbook", 1)[0]
    documented = {name.removesuffix("_total") for name in re.findall(r"^\| `([a-z_]+)` \|", table, flags=re.M)}
    assert documented == names
