"""The README's "Try it": exactly its five commands, against `make run` (issue 16).

Each command runs as pasted, in a shell at the checkout, with the environment of a `helpdesk run`
of this test's own (free ports, its own state), so the commands reach that system. The thread's
UI link is opened in Chromium.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
from pathlib import Path

import pytest
from browser import CHROMIUM_ARGS, chromium_path
from playwright.async_api import async_playwright, expect
from readme import code_blocks, section
from run_process import RunProcess, run_environment

pytestmark = pytest.mark.devserver

REPO = Path(__file__).resolve().parents[2]


def try_it_commands() -> list[str]:
    [block] = code_blocks(section("## Try it"), "sh")
    return [line for line in block.splitlines() if line.strip() and not line.startswith("#")]


def test_the_readme_has_five_commands() -> None:
    commands = try_it_commands()
    assert len(commands) == 5, commands
    assert all(command.startswith(".venv/bin/helpdesk ") for command in commands)


async def thread_page_shows(url: str, workflow_id: str, thread_id: str) -> None:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            page = await browser.new_page(viewport={"width": 1800, "height": 1400})
            await page.goto(url)
            await expect(page.get_by_test_id("workflow-id-heading").filter(has_text=workflow_id)).to_be_visible(
                timeout=20_000
            )
            await page.get_by_role("tab", name="User Metadata").click()
            summary = page.get_by_role("main").locator("iframe").first.content_frame
            await expect(summary.get_by_text(f"Buyer thread {thread_id}")).to_be_visible(timeout=20_000)
        finally:
            await browser.close()


def test_the_five_commands_work_against_make_run(tmp_path: Path) -> None:
    commands = try_it_commands()
    with RunProcess(run_environment(tmp_path)) as run:
        run.wait_for("Ready in")
        results = [
            subprocess.run(["bash", "-c", command], cwd=REPO, env=run.env, capture_output=True, text=True, timeout=120)
            for command in commands
        ]
        shown = "\n".join(f"$ {c}\n[{r.returncode}] {r.stdout}{r.stderr}" for c, r in zip(commands, results))
        assert [r.returncode for r in results] == [0, 0, 3, 0, 0], shown
        opened, replied, refused, events, ui = results

        assert json.loads(opened.stdout) == {
            "thread_id": "T-try",
            "workflow_id": "thread-T-try",
            "message_id": "M-1",
            "accepted": True,
        }
        assert json.loads(replied.stdout)["accepted"] is True and json.loads(replied.stdout)["answered"] == ["M-1"]
        verdict = json.loads(refused.stdout)
        assert verdict["accepted"] is False
        assert [(f["rule"], f["kind"], f["text"]) for f in verdict["findings"]] == [
            ("R2.1", "off_platform_contact", "06 12 34 56 78")
        ]
        assert refused.stderr == ""

        lines = events.stdout.splitlines()
        # The refused reply's violation comes with its statement of reasons (issue 20).
        assert [line.split()[2] for line in lines] == [
            "buyer_message.received",
            "reply.delivered",
            "reply.refused",
            "statement.issued",
        ], events.stdout
        assert [line.split()[4] for line in lines] == [
            "seller:S-demo",
            "buyer:B-try",
            "seller:S-demo",
            "seller:S-demo",
        ], events.stdout

        link = json.loads(ui.stdout)["temporal_ui"]
        assert link == f"http://localhost:{run.ui_port}/namespaces/default/workflows/thread-T-try"
        asyncio.run(thread_page_shows(link, "thread-T-try", "T-try"))
        assert run.stop() == 0
