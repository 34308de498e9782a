"""The README's rule-timing test, run as an engineer would: pasted into a file in a directory of
its own, outside this project, and run with pytest. Only the installed package and its plugin
(the ``helpdesk`` fixture, helpdesk_testing/) are there; no conftest, no settings, no key file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from readme import code_blocks, section


def test_the_readme_example_passes_in_a_fresh_directory(tmp_path: Path) -> None:
    [example] = code_blocks(section("## Try it"), "python")
    assert len(example.strip().splitlines()) <= 20, "a rule test should stay about a dozen lines"
    (tmp_path / "test_friday.py").write_text(example)
    # As on an engineer's machine: none of this project's test settings (its fixed payload key).
    env = {name: value for name, value in os.environ.items() if not name.startswith("HELPDESK_")}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_friday.py"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "1 passed" in result.stdout
    leftovers = sorted(path.name for path in tmp_path.iterdir() if path.name != "__pycache__")
    assert leftovers == ["test_friday.py"], f"the test left {leftovers} behind (a key file? a store?)"
