"""Erasing a buyer's personal data (issue 19): ops only, idempotent, deferred while a thread is open."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Response

from activities.erasure import BuyerEraser
from contract.erasure import ErasureOutcome
from starter.api.auth import Principal, Role, require
from starter.api.deps import Ctx

BuyerId = Annotated[str, Path(min_length=1, max_length=128, examples=["B-7"])]
router = APIRouter()


@router.delete(
    "/v1/buyers/{buyer_id}",
    tags=["privacy"],
    responses={202: {"model": ErasureOutcome, "description": "deferred: a thread of the buyer is still open"}},
)
async def erase_buyer(
    ctx: Ctx, response: Response, buyer_id: BuyerId, who: Principal = Depends(require(Role.OPS))
) -> ErasureOutcome:
    """Erase the buyer's texts from the store and destroy the data keys of their threads' workflows.

    200 ``erased``: nothing of the buyer is left to erase. 202 ``deferred``: the closed threads are
    erased now, the open ones (``waiting_for``) once they close (the retention schedule finishes it).
    Asking again is harmless and answers where the erasure stands.
    """
    eraser = BuyerEraser(ctx.sessions, ctx.helpdesk().temporal)
    outcome = await eraser.erase(buyer_id, f"{who.role}:{who.token_id}")
    if outcome.state != "erased":
        response.status_code = 202
    return outcome
