"""``/healthz`` (the process is up) and ``/readyz`` (Temporal and the store answer)."""

from __future__ import annotations

import asyncio
import contextlib

from fastapi import APIRouter, Response
from sqlalchemy import text

from starter.api import errors
from starter.api.deps import Ctx
from starter.api.models import Readiness
from store.db import transaction

router = APIRouter()


@router.get("/healthz", tags=["health"])
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get(
    "/readyz",
    tags=["health"],
    responses={503: {"model": Readiness, "description": "Temporal or the store does not answer"}},
)
async def readyz(ctx: Ctx, response: Response) -> Readiness:
    status = {"temporal": "down", "store": "down"}
    with contextlib.suppress(Exception):
        with transaction(ctx.sessions) as session:
            session.execute(text("SELECT 1"))
        status["store"] = "ok"
    client = ctx.client
    if client is not None:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(client.temporal.service_client.check_health(), 3)
            status["temporal"] = "ok"
    if "down" in status.values():
        response.status_code = 503
        response.headers["Retry-After"] = errors.RETRY_AFTER
    return Readiness(**status)
