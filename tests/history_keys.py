"""The fixed payload key of the tests, and the data converter built with it.

A module of its own, not ``conftest``: ``tests/store/conftest.py`` is also imported as
``conftest``, so ``from conftest import …`` finds one or the other depending on what pytest
collected first. Importing this module sets the key in the environment before anything reads
the settings, so every ``load_settings()`` of the tests, every process they start (CLI, worker,
``make run``) and ``tests/histories/regenerate.py`` get it: no test creates a key file in the
checkout, and the histories stored under ``tests/histories`` stay readable. The key is fixed
forever for that reason, and public: never use it anywhere else.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import tempfile

from temporalio.converter import DataConverter

TEST_PAYLOAD_KEY_ID = "test-key-1"
TEST_PAYLOAD_KEY = base64.b64encode(hashlib.sha256(b"swapiphone-helpdesk test payload key 1").digest()).decode()
os.environ["HELPDESK_PAYLOAD_KEYS"] = json.dumps({TEST_PAYLOAD_KEY_ID: TEST_PAYLOAD_KEY})
os.environ["HELPDESK_PAYLOAD_KEY_ID"] = TEST_PAYLOAD_KEY_ID
# The data keys (issue 19) of every test process in one database of this run: a test's client,
# worker, API and CLI subprocesses often keep their stores apart, but must share their keys.
os.environ.setdefault(
    "HELPDESK_DATA_KEY_DATABASE_URL", f"sqlite:///{tempfile.mkdtemp(prefix='helpdesk-test-keys-')}/data-keys.db"
)


def test_data_converter() -> DataConverter:
    """The production data converter (``connection.data_converter``) with the test key: what every
    test client, test server environment and replayer uses, so every test exercises the codec."""
    from config import load_settings
    from connection import data_converter

    return data_converter(load_settings())


test_data_converter.__test__ = False  # type: ignore[attr-defined]  # a helper, not a test
