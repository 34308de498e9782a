"""The documentation: the README opens the door in at most 250 lines, and docs/ builds as a site
with every link and anchor resolving (MkDocs, strict), so a moved section cannot leave a dead link."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from markdown.extensions.toc import slugify

ROOT = Path(__file__).resolve().parents[1]
MKDOCS = [sys.executable, "-m", "mkdocs", "build", "--strict"]
_LINK = re.compile(r"\]\(([^)\s]+)\)")
_FENCE = re.compile(r"^```.*?^```", re.DOTALL | re.MULTILINE)


def _build(config: Path, site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*MKDOCS, "-f", str(config), "-d", str(site)], capture_output=True, text=True, timeout=120)


def _anchors(markdown: str) -> set[str]:
    headings = re.findall(r"^#{1,6} (.+)$", _FENCE.sub("", markdown), re.MULTILINE)
    return {slugify(heading, "-") for heading in headings}


def test_the_readme_is_at_most_250_lines() -> None:
    assert len((ROOT / "README.md").read_text().splitlines()) <= 250


def test_every_relative_link_of_the_readme_resolves() -> None:
    readme = _FENCE.sub("", (ROOT / "README.md").read_text())
    links = [link for link in _LINK.findall(readme) if not re.match(r"[a-z]+:", link)]
    assert links, "the README links to its docs"
    for link in links:
        path, _, anchor = link.partition("#")
        target = ROOT / path if path else ROOT / "README.md"
        assert target.exists(), f"README links to {link}: no such file"
        if anchor:
            assert anchor in _anchors(target.read_text()), f"README links to {link}: no such heading"


def test_the_docs_site_builds_strict(tmp_path: Path) -> None:
    result = _build(ROOT / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    built = {path.relative_to(tmp_path / "site").as_posix() for path in (tmp_path / "site").rglob("index.html")}
    pages = {f"{md.stem}/index.html" for md in (ROOT / "docs").glob("*.md") if md.stem != "index"}
    assert pages <= built and "index.html" in built


def test_a_dead_anchor_fails_the_build(tmp_path: Path) -> None:
    """The check above can fail: the same build with one link to a heading that does not exist."""
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    (tmp_path / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text())
    page = tmp_path / "docs" / "index.md"
    page.write_text(page.read_text() + "\nSee [the gone section](events.md#no-such-heading).\n")
    result = _build(tmp_path / "mkdocs.yml", tmp_path / "site")
    assert result.returncode != 0 and "no-such-heading" in result.stderr
