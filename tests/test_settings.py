"""Settings from HELPDESK_* variables; a bad one is refused in one line naming the variable."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from config import SettingsInvalid, load_settings


def test_defaults_are_the_rulebook_numbers(monkeypatch):
    for name in ("HELPDESK_DATABASE_URL", "DATABASE_URL", "HELPDESK_REPLY_WORKING_HOURS", "HELPDESK_MARKETS"):
        monkeypatch.delenv(name, raising=False)
    settings = load_settings()
    assert settings.reply_working_hours == 24  # R1.1
    assert settings.reminder_hours_left == 4  # R1.3
    assert settings.database_url == "sqlite:///helpdesk.db"
    assert len(settings.market_registry) == 15


def test_prefix_and_standard_names(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://db/helpdesk")
    monkeypatch.setenv("TEMPORAL_ADDRESS", "temporal:7233")
    monkeypatch.setenv("HELPDESK_REPLY_WORKING_HOURS", "16")
    settings = load_settings()
    assert (settings.database_url, settings.temporal_address, settings.reply_working_hours) == (
        "postgresql://db/helpdesk",
        "temporal:7233",
        16,
    )
    monkeypatch.setenv("HELPDESK_DATABASE_URL", "sqlite:///other.db")
    assert load_settings().database_url == "sqlite:///other.db"  # the prefixed name wins


def test_market_override_from_json(monkeypatch):
    monkeypatch.setenv("HELPDESK_MARKETS", '{"fr": {"working_windows": ["09:00-18:00"]}}')
    fr = load_settings().market_registry["FR"]
    assert [str(w) for w in fr.working_windows] == ["09:00-18:00"]
    assert fr.currency == "EUR"  # the other fields keep their defaults


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("HELPDESK_REPLY_WORKING_HOURS", "-3", "setting HELPDESK_REPLY_WORKING_HOURS: Input should be greater than 0"),
        ("HELPDESK_MARKETS", "nope", "setting HELPDESK_MARKETS: not valid JSON"),
        (
            "HELPDESK_MARKETS",
            '{"FR": {"timezone": "Mars/Base"}}',
            "market override FR.timezone: unknown time zone 'Mars/Base'",
        ),
        ("HELPDESK_MARKETS", '{"CH": {"languages": ["de"]}}', "market override CH.currency: Field required"),
        ("HELPDESK_MARKETS", '{"FR": {"holiday_country": "XX"}}', "no calendar for country 'XX'"),
        ("HELPDESK_LOG_LEVEL", "LOUD", "setting HELPDESK_LOG_LEVEL: unknown log level 'LOUD'"),
    ],
)
def test_bad_setting_is_one_line(monkeypatch, name, value, message):
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsInvalid) as refused:
        load_settings()
    assert message in str(refused.value) and "\n" not in str(refused.value)


def test_cli_reports_a_bad_setting_without_traceback():
    helpdesk = Path(sys.executable).parent / "helpdesk"
    result = subprocess.run(
        [str(helpdesk), "deadline", "--market", "FR", "2026-12-24T16:30:00+01:00"],
        env={"PATH": "/usr/bin:/bin", "HELPDESK_MARKETS": "{"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert result.stderr == "helpdesk: error: setting HELPDESK_MARKETS: not valid JSON (see docs/settings.md)\n"
