"""The events over HTTP: the feed ``GET /v1/events``, dead letters for ops, and the webhooks' schemas.

The feed is for backends that poll and to catch up after an outage: events oldest first after a
cursor, each with the cursor to read on from; ``wait`` long-polls. A seller token reads only the
events addressed to its seller. The same documents are what the webhooks POST (OpenAPI 3.1
``webhooks``, one per event type, with the Standard Webhooks headers).

A page of events carries texts (messages, replies, notes), so each page that is not empty is a
recorded read (``events.read``, see ``audit``); an empty page, a backend's idle poll, read
nothing and is not. Dead letters list ids, types and delivery errors, no event document: not a
read of personal data.
"""

from __future__ import annotations

import asyncio
import inspect
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Header, Query, Request
from pydantic import BaseModel, Field

from events.schema import EVENT_TYPES, TYPED_EVENTS, AnyEvent
from rules.kinds import Recipient
from starter.api import errors
from starter.api.audit import filters, record_read
from starter.api.auth import Principal, Role, require
from store import events as log
from store.db import reading, transaction
from store.models import utcnow

LONG_POLL_STEP_S = 0.25
router = APIRouter(tags=["events"])


class EventPage(BaseModel):
    events: list[AnyEvent]  # type: ignore[valid-type]
    next_cursor: str = Field(
        description="pass as ?after= for the next page; the same cursor when there was nothing new"
    )


class DeadLetter(BaseModel):
    event_id: str
    type: str
    endpoint: str
    thread_id: str | None
    attempts: int
    last_status: int | None
    last_error: str | None
    dead_at: datetime | None
    cursor: str


class Redelivery(BaseModel):
    event_id: str | None = Field(default=None, description="one event's dead letters; none: all (of the endpoint)")
    endpoint: str | None = Field(default=None, max_length=64)


class Redelivering(BaseModel):
    redelivering: int


def _recipient_filter(who: Principal, recipient: str | None) -> tuple[Recipient, str | None] | None:
    if who.role == Role.SELLER:  # a seller reads what is addressed to it, whatever it asks for
        return Recipient.SELLER, who.seller_id
    if recipient is None:
        return None
    kind, _, ident = recipient.partition(":")
    try:
        return Recipient(kind), ident or None
    except ValueError:
        raise errors.FieldError(
            "recipient", f"recipient {kind!r} is not one of {', '.join(r.value for r in Recipient)}"
        ) from None


def _read(
    request: Request, after: int, limit: int, recipient: Any, thread_id: str | None, types: list[str]
) -> list[dict[str, Any]]:
    with reading(request.app.state.sessions) as session:
        rows = log.page(session, after=after, limit=limit, recipient=recipient, thread_id=thread_id, types=types)
        return [{**row.document, "cursor": str(row.position)} for row in rows]


@router.get("/v1/events")
async def event_feed(
    request: Request,
    after: Annotated[
        str, Query(pattern=r"^\d{1,19}$", description="a cursor from an event or a page; 0: from the start")
    ] = "0",
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    thread_id: Annotated[str | None, Query(min_length=1, max_length=128)] = None,
    type: Annotated[list[str], Query(description="only these event types (repeat the parameter)")] = [],  # noqa: B006 - FastAPI copies it
    recipient: Annotated[
        str | None, Query(max_length=240, description="backend and ops: seller:S-42, buyer:B-9, ops or admin")
    ] = None,
    wait: Annotated[
        float, Query(ge=0, le=30, description="seconds to wait for an event when there is none yet (long poll)")
    ] = 0,
    who: Principal = Depends(require(Role.BACKEND, Role.SELLER, Role.OPS)),
) -> EventPage:
    """R3.1: what people are owed, oldest first after ``after``; a seller token reads its own events only."""
    for name in type:
        if name not in EVENT_TYPES:
            raise errors.FieldError("type", f"unknown event type {name!r}; known: {', '.join(sorted(EVENT_TYPES))}")
    scope = _recipient_filter(who, recipient)
    position = int(after)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait
    while True:
        documents = await asyncio.to_thread(_read, request, position, limit, scope, thread_id, type)
        if documents or loop.time() >= deadline:
            break
        await asyncio.sleep(min(LONG_POLL_STEP_S, max(0.0, deadline - loop.time())))
    next_cursor = documents[-1]["cursor"] if documents else after
    if documents:
        kind, ident = scope if scope is not None else (None, None)
        await record_read(
            request,
            who,
            "events.read",
            thread_id=thread_id,
            seller_id=ident if kind == Recipient.SELLER else None,
            subject=filters(recipient=_shown(scope), type=type, after=after),
            items=len(documents),
        )
    return EventPage(events=documents, next_cursor=next_cursor)


def _shown(scope: tuple[Recipient, str | None] | None) -> str | None:
    """The recipient filter as the caller writes it (``seller:S-42``, ``ops``), for the read audit."""
    if scope is None:
        return None
    kind, ident = scope
    return f"{kind.value}:{ident}" if ident else kind.value


@router.get("/v1/webhooks/dead-letters", tags=["webhooks"])
async def dead_letters(
    request: Request,
    endpoint: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    who: Principal = Depends(require(Role.OPS)),
) -> list[DeadLetter]:
    """Deliveries given up after the retry horizon (``HELPDESK_WEBHOOK_RETRY_HORIZON_HOURS``), oldest first."""

    def read() -> list[DeadLetter]:
        with reading(request.app.state.sessions) as session:
            return [
                DeadLetter(
                    event_id=event.event_id,
                    type=event.type,
                    endpoint=delivery.endpoint,
                    thread_id=event.thread_id,
                    attempts=delivery.attempts,
                    last_status=delivery.last_status,
                    last_error=delivery.last_error,
                    dead_at=delivery.dead_at,
                    cursor=str(event.position),
                )
                for delivery, event in log.dead_letters(session, endpoint, limit=limit)
            ]

    return await asyncio.to_thread(read)


@router.post(
    "/v1/webhooks/dead-letters/redeliver",
    tags=["webhooks"],
    responses={404: {"model": errors.Problem, "description": "no dead letter matches"}},
)
async def redeliver(
    request: Request, redelivery: Redelivery, who: Principal = Depends(require(Role.OPS))
) -> Redelivering:
    """Send dead letters again (one event's, or all), with a fresh retry horizon; the same ``webhook-id``."""

    def write() -> int:
        with transaction(request.app.state.sessions) as session:
            return log.redeliver(session, now=utcnow(), event_id=redelivery.event_id, endpoint=redelivery.endpoint)

    count = await asyncio.to_thread(write)
    if not count:
        raise errors.NotFound("no dead letter matches")
    return Redelivering(redelivering=count)


def publish_webhooks(app: FastAPI) -> None:
    """One OpenAPI 3.1 ``webhooks`` entry per event type: the body a receiver gets, and its headers.

    FastAPI adds a 422 answer to every operation it validates; a receiver answers 2xx or the
    delivery is retried, so that answer is taken out of the webhooks again."""
    for name, model in TYPED_EVENTS.items():
        event_type = EVENT_TYPES[name]

        def receiver(**_: Any) -> None:  # documentation only: the API never serves these
            return None

        receiver.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
            [
                inspect.Parameter("event", inspect.Parameter.KEYWORD_ONLY, annotation=model),
                _header(
                    "webhook_id", "webhook-id", "the event_id: the same on every attempt, so drop what you already have"
                ),
                _header("webhook_timestamp", "webhook-timestamp", "the attempt's time, Unix seconds"),
                _header(
                    "webhook_signature", "webhook-signature", "v1,<base64 HMAC-SHA256>, one per secret, space-separated"
                ),
            ]
        )
        app.webhooks.add_api_route(
            name,
            receiver,
            methods=["POST"],
            summary=event_type.summary,
            description=(
                f"To the {', '.join(r.value for r in event_type.recipients)}. Verify the Standard Webhooks signature over "
                "the raw body, then answer 2xx within the timeout; anything else is retried with backoff for the retry "
                "horizon (3 days by default), in order per thread."
            ),
            operation_id=f"webhook_{name.replace('.', '_')}",
            status_code=204,
            responses={204: {"description": "delivered (any 2xx)"}},
        )
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = generate()
            for hook in document.get("webhooks", {}).values():
                hook["post"]["responses"].pop("422", None)
        return app.openapi_schema or generate()

    app.openapi = openapi  # type: ignore[method-assign]


def _header(name: str, alias: str, description: str) -> inspect.Parameter:
    return inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, annotation=str, default=Header(alias=alias, description=description)
    )
