"""The FastAPI app: every operation of the Python client over HTTP, with roles and idempotency.

Writes take the message or event id as their idempotency key (the same request twice returns the
same result and changes nothing the second time): buyer messages by ``message_id`` (kept in the
store first, see ``handover``), replies by ``message_id`` (the thread keeps its verdict),
escalations by ``escalation_id``, return events by ``event_id``, a decision by being the same
decision. The events people are owed are read from ``/v1/events`` (events.py) and pushed as
webhooks, whose schemas the OpenAPI document publishes. OpenAPI at ``/openapi.json``; ``/healthz`` (the process is up), ``/readyz`` (Temporal
and the store answer). ``/codec/decode`` and ``/codec/encode`` serve the Temporal UI (codec.py).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable
from datetime import UTC, date, datetime
from typing import Annotated, TypeVar

from fastapi import Depends, FastAPI, Path, Response
from pydantic import BaseModel, Field
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import WorkflowUpdateRPCTimeoutOrCancelledError

from config import Settings
from errors import TemporalUnavailable
from privacy.codec import EncryptionCodec
from rules.absences import AbsenceAnnouncement, AbsenceShortening, AbsenceStatus
from rules.cases import (
    CaseStatus,
    Decided,
    InspectionReport,
    ItemDispatched,
    OpsDecision,
    ParcelReceived,
    ParcelShipped,
    RefundAmount,
    ReturnStatus,
)
from rules.contract import (
    BuyerMessage,
    Escalation,
    MarketChange,
    ReplyVerdict,
    SellerReply,
    ThreadOpen,
    ThreadStatus,
    not_in_the_future,
)
from rules.markets import MarketProfile
from rules.seller_views import DiscussionEntry
from starter.absences import AbsenceNotFound
from starter.api import errors, handover
from starter.api.auth import Principal, Role, load_principals, require
from starter.api.codec import CodecCORS, codec_router
from starter.api.events import publish_webhooks
from starter.api.events import router as events_router
from starter.api.limits import BodyLimit
from starter.api.views import router as views_router
from starter.cases import CaseRefused
from starter.client import HelpdeskClient, ThreadNotFound
from store import repository
from store.db import reading, transaction
from store.models import Thread
from telemetry.logging import get_logger
from telemetry.notify import notify_ready

log = get_logger("helpdesk.api")
ThreadId = Annotated[str, Path(min_length=1, max_length=128, examples=["T-1001"])]
SellerId = Annotated[str, Path(min_length=1, max_length=128, examples=["S-42"])]
ANYONE = (Role.BACKEND, Role.SELLER, Role.OPS)
T = TypeVar("T")


class Inquiry(BaseModel):
    """A buyer message on a thread; the first one opens the thread (signal-with-start)."""

    thread: ThreadOpen
    message: BuyerMessage

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "thread": {
                        "thread_id": "T-1001",
                        "order_id": "O-77",
                        "seller_id": "S-42",
                        "buyer_id": "B-9",
                        "market": "FR",
                        "subject": "Écran",
                    },
                    "message": {
                        "message_id": "M-1",
                        "received_at": "2026-12-24T16:30:00+01:00",
                        "text": "Le téléphone est-il débloqué ?",
                    },
                }
            ]
        }
    }


class Accepted(BaseModel):
    thread_id: str
    message_id: str
    handed_over: bool = Field(description="true: the thread has it; false never comes back: that is a 503")


class AbsenceDays(BaseModel):
    market: str = Field(description="the seller's home market", examples=["DE"])
    first_day: date
    last_day: date


class Readiness(BaseModel):
    temporal: str = Field(examples=["ok"], description="ok or down")
    store: str = Field(examples=["ok"], description="ok or down")


class Ledger(BaseModel):
    seller_id: str
    thread_id: str
    takeover_no: int
    cost_kind: str
    amount: str
    currency: str
    charged_at: datetime


def create_app(
    settings: Settings, sessions: sessionmaker[Session], *, connect=None, codec: EncryptionCodec | None = None
) -> FastAPI:
    """``connect``: an async factory of the Temporal client (default: ``worker.connect``), retried
    in the background so the API starts, and answers 503, while Temporal is down.

    ``codec`` (default: the one of ``worker.data_converter``) serves ``/codec``; building it here
    reads the payload keys, so a bad key stops the API at start (``SettingsInvalid``).
    """
    if codec is None:
        from worker import data_converter

        codec = data_converter(settings).payload_codec
        assert isinstance(codec, EncryptionCodec)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        tasks = [
            asyncio.create_task(_connect_forever(app, settings, connect)),
            asyncio.create_task(handover.redelivery_loop(sessions, lambda: app.state.helpdesk)),
        ]
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()

    app = FastAPI(
        title="Helpdesk API",
        version="1",
        lifespan=lifespan,
        responses=errors.ERROR_RESPONSES,
        description="Seller customer-service rules (RULES.md) on Temporal: buyer threads, replies, takeovers, absences.",
    )
    app.state.settings, app.state.sessions = settings, sessions
    app.state.principals = load_principals(settings.api_tokens)
    app.state.helpdesk = None
    errors.install(app)
    app.include_router(codec_router(settings, codec))
    app.include_router(events_router)
    app.include_router(views_router)
    publish_webhooks(app)
    app.add_middleware(CodecCORS, origins=settings.codec_cors_origins)
    app.add_middleware(BodyLimit, max_bytes=settings.api_max_body_bytes)  # outermost: before anything reads

    def helpdesk() -> HelpdeskClient:
        client = app.state.helpdesk
        if client is None:
            raise TemporalUnavailable("not connected to Temporal yet")
        return client

    async def answer(call: Awaitable[T]) -> T:
        """A Temporal call within ``api_temporal_timeout_s``, or 503 with Retry-After.

        With no worker polling, an update or a query waits for one without end. The call that
        timed out may still be applied once a worker is back. Every write here is idempotent (by
        its message, escalation or event id), so sending it again is safe.
        """
        try:
            return await asyncio.wait_for(call, settings.api_temporal_timeout_s)
        except (
            TimeoutError,
            WorkflowUpdateRPCTimeoutOrCancelledError,
        ):  # the SDK's word for an update cancelled in wait
            raise TemporalUnavailable(
                f"no answer from Temporal or a worker within {settings.api_temporal_timeout_s:g} s"
            ) from None

    def known_market(code: str, field: str) -> None:
        from rules.markets import UnknownMarketError

        try:
            settings.market_registry.get(code)
        except UnknownMarketError as exc:
            raise errors.FieldError(field, str(exc)) from None

    def thread_seller(thread_id: str) -> str | None:
        with reading(sessions) as session:
            row = session.get(Thread, thread_id)
            return row.seller_id if row is not None else None

    def visible_thread(thread_id: str, who: Principal) -> None:
        """A seller sees only its own threads; another seller's thread is 404, not 403 (no leak)."""
        if who.role == Role.SELLER and thread_seller(thread_id) != who.seller_id:
            raise ThreadNotFound(f"no open thread {thread_id!r}")

    def visible_seller(seller_id: str, who: Principal) -> None:
        if not who.may_see_seller(seller_id):
            raise AbsenceNotFound(f"no seller {seller_id!r}")

    # -- health ------------------------------------------------------------------------------------

    @app.get("/healthz", tags=["health"])
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get(
        "/readyz",
        tags=["health"],
        responses={503: {"model": Readiness, "description": "Temporal or the store does not answer"}},
    )
    async def readyz(response: Response) -> Readiness:
        status = {"temporal": "down", "store": "down"}
        with contextlib.suppress(Exception):
            with transaction(sessions) as session:
                session.execute(text("SELECT 1"))
            status["store"] = "ok"
        client = app.state.helpdesk
        if client is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(client.temporal.service_client.check_health(), 3)
                status["temporal"] = "ok"
        if "down" in status.values():
            response.status_code = 503
            response.headers["Retry-After"] = errors.RETRY_AFTER
        return Readiness(**status)

    # -- threads -----------------------------------------------------------------------------------

    @app.post(
        "/v1/threads/{thread_id}/messages",
        tags=["threads"],
        status_code=202,
        responses={
            503: {"model": errors.Problem, "description": "kept; handed over when Temporal answers (Retry-After)"}
        },
    )
    async def buyer_message(
        thread_id: ThreadId, inquiry: Inquiry, who: Principal = Depends(require(Role.BACKEND))
    ) -> Accepted:
        """R1.1: a buyer message, stored before it goes to Temporal; the first opens the thread."""
        if inquiry.thread.thread_id != thread_id:
            raise errors.FieldError(
                "thread.thread_id", f"thread.thread_id {inquiry.thread.thread_id!r} is not the path's {thread_id!r}"
            )
        known_market(inquiry.thread.market, "thread.market")
        not_in_the_future("message.received_at", inquiry.message.received_at, datetime.now(UTC), settings.clock_skew_s)
        await asyncio.to_thread(handover.keep, sessions, inquiry.thread, inquiry.message)
        await answer(handover.hand_over(sessions, app.state.helpdesk, inquiry.thread, inquiry.message))
        return Accepted(thread_id=thread_id, message_id=inquiry.message.message_id, handed_over=True)

    @app.post(
        "/v1/threads/{thread_id}/replies",
        tags=["threads"],
        responses={409: {"model": errors.Problem, "description": "the thread is taken over or closed (R5.3)"}},
    )
    async def seller_reply(
        thread_id: ThreadId, reply: SellerReply, who: Principal = Depends(require(Role.BACKEND, Role.SELLER))
    ) -> ReplyVerdict:
        """R2: screened, then accepted (delivered) or refused with the findings; the same reply twice gets the same verdict."""
        visible_thread(thread_id, who)
        if who.role == Role.SELLER and reply.seller_id != who.seller_id:
            raise errors.FieldError("seller_id", f"seller_id {reply.seller_id!r} is not this token's seller")
        verdict = await answer(helpdesk().seller_reply(thread_id, reply))
        for finding in verdict.findings:
            if finding.kind in ("thread_taken_over", "thread_closed"):
                raise errors.Conflict(
                    finding.kind, finding.rule, f"{finding.kind} ({finding.rule}): replies go to ops now"
                )
        return verdict

    @app.post("/v1/threads/{thread_id}/escalations", tags=["threads"], status_code=202)
    async def escalate(
        thread_id: ThreadId, escalation: Escalation, who: Principal = Depends(require(Role.BACKEND, Role.OPS))
    ) -> dict[str, str]:
        """R5.2: a dispute or severe violation; the platform takes over. Deduplicated by ``escalation_id``."""
        await answer(helpdesk().escalate(thread_id, escalation))
        return {"thread_id": thread_id, "escalation_id": escalation.escalation_id}

    @app.put("/v1/threads/{thread_id}/market", tags=["threads"])
    async def change_market(
        thread_id: ThreadId, change: MarketChange, who: Principal = Depends(require(Role.BACKEND, Role.OPS))
    ) -> MarketProfile:
        """R1.6: the order's market changed; the deadline is recomputed."""
        known_market(change.market, "market")
        return await answer(helpdesk().change_market(thread_id, change.market, change.order_total))

    @app.get("/v1/threads/{thread_id}", tags=["threads"])
    async def thread_state(thread_id: ThreadId, who: Principal = Depends(require(*ANYONE))) -> ThreadStatus:
        visible_thread(thread_id, who)
        return await answer(helpdesk().state(thread_id))

    # -- sellers -----------------------------------------------------------------------------------

    @app.get("/v1/sellers/{seller_id}/discussions", tags=["sellers"])
    async def discussions(seller_id: SellerId, who: Principal = Depends(require(*ANYONE))) -> list[DiscussionEntry]:
        """R3.2: open threads, awaiting the seller first, by due instant, with working hours left."""
        visible_seller(seller_id, who)
        from starter.seller_views import discussions as read

        return read(sessions, settings.market_registry, seller_id, datetime.now(UTC))

    @app.get("/v1/sellers/{seller_id}/ledger", tags=["sellers"])
    async def ledger(seller_id: SellerId, who: Principal = Depends(require(*ANYONE))) -> list[Ledger]:
        """R5.6: what the seller was charged."""
        visible_seller(seller_id, who)
        with reading(sessions) as session:
            return [
                Ledger(
                    seller_id=r.seller_id,
                    thread_id=r.thread_id,
                    takeover_no=r.takeover_no,
                    cost_kind=str(r.cost_kind),
                    amount=str(r.amount),
                    currency=r.currency,
                    charged_at=r.created_at,
                )
                for r in repository.ledger_for_seller(session, seller_id)
            ]

    @app.post(
        "/v1/sellers/{seller_id}/absences",
        tags=["absences"],
        responses={409: {"model": errors.Problem, "description": "in the past or overlapping (R4.5)"}},
    )
    async def announce(
        seller_id: SellerId, days: AbsenceDays, who: Principal = Depends(require(Role.BACKEND, Role.SELLER))
    ) -> AbsenceStatus:
        """R4.1-R4.3: announce an absence; a late notice is kept and recorded (R4.2)."""
        visible_seller(seller_id, who)
        known_market(days.market, "market")
        announcement = AbsenceAnnouncement(
            seller_id=seller_id,
            market=days.market,
            first_day=days.first_day,
            last_day=days.last_day,
            announced_at=datetime.now(UTC),
        )
        return await answer(helpdesk().absences.announce(announcement))

    @app.get("/v1/sellers/{seller_id}/absences/{first_day}", tags=["absences"])
    async def absence(
        seller_id: SellerId, first_day: date, who: Principal = Depends(require(*ANYONE))
    ) -> AbsenceStatus:
        visible_seller(seller_id, who)
        return await answer(helpdesk().absences.status(seller_id, first_day))

    @app.post("/v1/sellers/{seller_id}/absences/{first_day}/shorten", tags=["absences"])
    async def shorten(
        seller_id: SellerId,
        first_day: date,
        shortening: AbsenceShortening,
        who: Principal = Depends(require(Role.BACKEND, Role.SELLER)),
    ) -> AbsenceStatus:
        visible_seller(seller_id, who)
        return await answer(helpdesk().absences.shorten(seller_id, first_day, shortening.last_day))

    @app.post("/v1/sellers/{seller_id}/absences/{first_day}/cancel", tags=["absences"])
    async def cancel(
        seller_id: SellerId, first_day: date, who: Principal = Depends(require(Role.BACKEND, Role.SELLER))
    ) -> AbsenceStatus:
        visible_seller(seller_id, who)
        return await answer(helpdesk().absences.cancel(seller_id, first_day))

    # -- takeover cases ----------------------------------------------------------------------------

    @app.get("/v1/threads/{thread_id}/case", tags=["cases"])
    async def case(thread_id: ThreadId, who: Principal = Depends(require(Role.BACKEND, Role.OPS))) -> CaseStatus:
        return await answer(helpdesk().cases.case(thread_id))

    @app.post(
        "/v1/threads/{thread_id}/case/decision",
        tags=["cases"],
        responses={409: {"model": errors.Problem, "description": "already decided (R5.3)"}},
    )
    async def decide(
        thread_id: ThreadId, decision: OpsDecision, who: Principal = Depends(require(Role.OPS))
    ) -> Decided:
        """R5.3: ops decide; the same decision sent again returns it, another one is 409."""
        try:
            return await answer(helpdesk().cases.decide(thread_id, decision))
        except CaseRefused as refused:
            current = (await answer(helpdesk().cases.case(thread_id))).decision
            if (
                refused.kind == "case_already_decided"
                and current is not None
                and (current.outcome, current.decided_by, current.note)
                == (decision.outcome, decision.decided_by, decision.note)
            ):
                return current
            raise

    @app.post("/v1/threads/{thread_id}/return/shipment", tags=["cases"])
    async def shipment(
        thread_id: ThreadId, event: ParcelShipped, who: Principal = Depends(require(Role.BACKEND, Role.OPS))
    ) -> ReturnStatus:
        """R5.5: the carrier's shipment scan; shipped within the window, the return does not lapse."""
        return await answer(helpdesk().cases.parcel_shipped(thread_id, event))

    @app.post("/v1/threads/{thread_id}/return/refund-amount", tags=["cases"])
    async def refund_amount(
        thread_id: ThreadId, amount: RefundAmount, who: Principal = Depends(require(Role.OPS))
    ) -> ReturnStatus:
        """R5.4 without an order total: ops give the refund's amount when the refund is due."""
        return await answer(helpdesk().cases.refund_amount(thread_id, amount))

    @app.post("/v1/threads/{thread_id}/return/parcel", tags=["cases"])
    async def parcel(
        thread_id: ThreadId, event: ParcelReceived, who: Principal = Depends(require(Role.BACKEND, Role.OPS))
    ) -> ReturnStatus:
        return await answer(helpdesk().cases.parcel_received(thread_id, event))

    @app.post("/v1/threads/{thread_id}/return/inspection", tags=["cases"])
    async def inspection(
        thread_id: ThreadId, event: InspectionReport, who: Principal = Depends(require(Role.BACKEND, Role.OPS))
    ) -> ReturnStatus:
        return await answer(helpdesk().cases.inspected(thread_id, event))

    @app.post("/v1/threads/{thread_id}/return/dispatch", tags=["cases"])
    async def dispatch(
        thread_id: ThreadId, event: ItemDispatched, who: Principal = Depends(require(Role.BACKEND, Role.OPS))
    ) -> ReturnStatus:
        return await answer(helpdesk().cases.item_dispatched(thread_id, event))

    return app


async def _connect_forever(app: FastAPI, settings: Settings, connect) -> None:
    from worker import connect as default_connect

    while app.state.helpdesk is None:
        try:
            client = await (connect or (lambda: default_connect(settings, timeout=10.0)))()
        except TemporalUnavailable as error:
            log.warning("API waiting for Temporal", error=str(error))
            continue
        app.state.helpdesk = HelpdeskClient(
            client,
            settings.task_queue,
            sessions=app.state.sessions,
            markets=settings.market_registry,
            limits=settings.thread_limits,
        )
        log.info("API connected to Temporal", address=settings.temporal_address)
        notify_ready()  # `make run`'s supervisor counts the API ready from here (telemetry/notify.py)


def run_api(settings: Settings, fd: int | None = None) -> None:
    """``helpdesk api``: serve on ``HELPDESK_API_PORT``, or on the listening socket ``fd`` handed
    down by ``make run``'s supervisor (which keeps it open while the API restarts)."""
    import socket

    import uvicorn

    from worker import open_store

    config = uvicorn.Config(
        create_app(settings, open_store(settings.database_url)),
        host="0.0.0.0",
        port=settings.api_port,
        log_level="warning",
    )
    # socket(fileno=…) reads the family from the descriptor; uvicorn's own fd= assumes a Unix socket.
    sockets = [socket.socket(fileno=fd)] if fd is not None else None
    uvicorn.Server(config).run(sockets=sockets)
