"""Every place that registers search attributes registers the same list: an attribute a server
does not know makes a workflow task retry forever (DESIGN.md)."""

from __future__ import annotations

import re
from pathlib import Path

from contract.search_attributes import ALL_SEARCH_ATTRIBUTES, CLI_TYPE_NAMES, cli_flags

EXPECTED = {
    "SellerId": "Keyword",
    "Market": "Keyword",
    "ThreadState": "Keyword",
    "ReplyDueAt": "Datetime",
    "TakeoverReason": "Keyword",
    "OrderId": "Keyword",
    # Beyond DESIGN.md's six: where a takeover case stands (R5.3-R5.6), on threads and cases.
    "CaseStage": "Keyword",
    # And a seller's absence (R4): announced, absent, ended …
    "AbsenceState": "Keyword",
    # And an appeal on a sanction (issue 20): open or decided.
    "AppealState": "Keyword",
}


def test_registry_is_the_design_list():
    assert {key.name: CLI_TYPE_NAMES[key.indexed_value_type] for key in ALL_SEARCH_ATTRIBUTES} == EXPECTED


def test_dev_server_flags_name_every_attribute():
    pairs = dict(flag.split("=") for flag in cli_flags()[1::2])
    assert pairs == EXPECTED


def test_compose_file_registers_the_same_list():
    compose = (Path(__file__).resolve().parents[1] / "docker-compose.temporal.yml").read_text()
    assert dict(re.findall(r"--name (\w+) --type (\w+)", compose)) == EXPECTED
