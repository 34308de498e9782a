"""``ThreadInput.version`` (issue 18) on the wire: version 1 is written without the field, so a
worker from before it (whose ThreadInput forbids unknown fields) can still take a run that did
not start at version 2, e.g. after a continue-as-new during a rolling deploy."""

from __future__ import annotations

import json

import pytest
from temporalio.contrib.pydantic import pydantic_data_converter

from contract.threads import THREAD_VERSION, ThreadInput, ThreadOpen

THREAD = ThreadOpen(thread_id="T-1", order_id="O-1", seller_id="S-1", buyer_id="B-1", market="FR")


def written(value: ThreadInput) -> dict:
    (payload,) = pydantic_data_converter.payload_converter.to_payloads([value])
    return json.loads(payload.data)


def test_version_1_is_written_without_the_field_and_read_back_as_1():
    assert "version" not in written(ThreadInput(thread=THREAD))
    assert ThreadInput.model_validate(written(ThreadInput(thread=THREAD))).version == 1


def test_the_newest_version_is_written_and_read_back():
    assert written(ThreadInput(thread=THREAD, version=THREAD_VERSION))["version"] == THREAD_VERSION == 2


def test_a_version_this_worker_does_not_know_is_refused_naming_the_field():
    with pytest.raises(ValueError, match="version"):
        ThreadInput.model_validate({"thread": THREAD.model_dump(mode="json"), "version": THREAD_VERSION + 1})
