"""The import direction of docs/architecture.md, checked on every module so the page stays true:
a room imports only the rooms below it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# room -> the project rooms it may import (docs/architecture.md, "The rooms").
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "telemetry": set(),
    "rules": {"errors"},
    "contract": {"rules", "errors"},
    "privacy": {"errors"},
    "events": {"contract", "rules", "errors"},
    "config": {"contract", "rules", "privacy", "errors", "delivery.endpoints"},
    "connection": {"config", "privacy", "store", "telemetry", "errors"},
    "store": {"contract", "rules", "privacy", "errors", "telemetry"},
    "workflows": {"contract", "rules", "events", "errors"},
    "activities": {"contract", "rules", "events", "store", "errors"},
    "worker": {
        "contract",
        "workflows",
        "activities",
        "store",
        "privacy",
        "config",
        "connection",
        "telemetry",
        "errors",
    },
    "delivery": {"contract", "events", "store", "config", "telemetry", "errors"},
}
# The ways in may use every room below them; the public test harness also the ways in.
ALLOWED["starter"] = set(ALLOWED)
ALLOWED["helpdesk_testing"] = ALLOWED["starter"] | {"starter"}
# The one documented exception: Alembic's entry finds the database in the settings when given none.
EXCEPTIONS = {("store/migrations/env.py", "config"), ("store/migrate.py", "config")}


def modules(room: str) -> list[Path]:
    single = ROOT / f"{room}.py"
    return [single] if single.exists() else sorted((ROOT / room).rglob("*.py"))


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def room_of(module: str) -> str | None:
    """The project room a module name belongs to (``delivery.endpoints`` is its own entry)."""
    if module == "delivery.endpoints" or module.startswith("delivery.endpoints."):
        return "delivery.endpoints"
    top = module.split(".", 1)[0]
    return top if top in ALLOWED else None


@pytest.mark.parametrize("room", sorted(ALLOWED))
def test_a_room_imports_only_the_rooms_below_it(room: str) -> None:
    wrong = []
    for path in modules(room):
        relative = path.relative_to(ROOT).as_posix()
        for module in imported(path):
            target = room_of(module)
            if target == "delivery.endpoints" and (room == "delivery" or "delivery" in ALLOWED[room]):
                continue  # the endpoints' model goes with its room
            if target is None or target == room or target in ALLOWED[room]:
                continue
            if (relative, target) not in EXCEPTIONS:
                wrong.append(f"{relative} imports {module}")
    assert not wrong, f"{room} may import only {sorted(ALLOWED[room])}: " + "; ".join(wrong)


def test_every_room_of_the_project_is_known() -> None:
    """A new top-level package or module must be given its place here and in docs/architecture.md."""
    found = {p.name for p in ROOT.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    found |= {p.stem for p in ROOT.glob("*.py")}
    assert found <= set(ALLOWED), f"rooms without a place in docs/architecture.md: {sorted(found - set(ALLOWED))}"


def test_the_check_can_fail(tmp_path: Path) -> None:
    """A workflow module that imports the store is caught."""
    bad = tmp_path / "bad.py"
    bad.write_text("from store import repository\n")
    assert room_of(next(iter(imported(bad)))) == "store" and "store" not in ALLOWED["workflows"]
