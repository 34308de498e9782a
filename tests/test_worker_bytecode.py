"""The worker writes its workflows' bytecode even where Python is told not to.

The sandbox imports a workflow's module for every run it starts; without a ``.pyc`` each run
compiles the source (16 % of the worker's CPU per thread in bench/threads.py).
"""

from __future__ import annotations

import importlib.util
import os
import stat
import sys
from pathlib import Path

import pytest

from worker import cache_workflow_bytecode


def _workflow_module(folder: Path, name: str) -> type:
    source = folder / f"{name}.py"
    source.write_text("class Flow:\n    pass\n")
    spec = importlib.util.spec_from_file_location(name, source)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module.Flow


@pytest.fixture
def no_bytecode(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)


def test_writes_the_bytecode_of_each_workflow_module_once(tmp_path: Path, no_bytecode: None) -> None:
    flow = _workflow_module(tmp_path, "bytecode_flow_a")
    cached = Path(importlib.util.cache_from_source(str(tmp_path / "bytecode_flow_a.py")))
    assert not cached.exists()
    cache_workflow_bytecode([flow])
    assert cached.exists()
    written = cached.stat().st_mtime_ns
    cache_workflow_bytecode([flow])  # up to date: left alone
    assert cached.stat().st_mtime_ns == written


def test_a_read_only_tree_is_left_as_it_is(tmp_path: Path, no_bytecode: None) -> None:
    flow = _workflow_module(tmp_path, "bytecode_flow_b")
    tmp_path.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        if os.access(tmp_path, os.W_OK):  # root ignores the mode: make the cache folder a file instead
            (tmp_path / "__pycache__").write_text("not a folder")
        cache_workflow_bytecode([flow])  # no error
        assert not Path(importlib.util.cache_from_source(str(tmp_path / "bytecode_flow_b.py"))).is_file()
    finally:
        tmp_path.chmod(stat.S_IRWXU)


def test_nothing_is_done_when_python_writes_bytecode_itself(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    flow = _workflow_module(tmp_path, "bytecode_flow_c")

    def compile_dir(*args: object, **kwargs: object) -> bool:
        raise AssertionError("compiled although the import system writes bytecode itself")

    monkeypatch.setattr("compileall.compile_dir", compile_dir)
    cache_workflow_bytecode([flow])
