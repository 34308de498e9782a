"""Statements of reasons and appeals (issue 20): what a seller reads of each sanction, how it contests
one, and how ops decide."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request

from contract.statements import AppealDecided, AppealDecision, AppealRequest, AppealStatus, StatementText
from rules.kinds import AppealState
from starter.api import errors
from starter.api.audit import record_read
from starter.api.auth import Principal, Role, require
from starter.api.deps import ANYONE, Ctx, SellerId
from starter.client.appeals import AppealNotFound

router = APIRouter()

SanctionId = Annotated[
    str, Path(min_length=3, max_length=255, examples=["charge-T-1001-1-handling_fee", "flag-T-1001-locked_device"])
]
AppealId = Annotated[str, Path(min_length=3, max_length=300, examples=["appeal-charge-T-1001-1-handling_fee"])]


@router.get("/v1/sellers/{seller_id}/statements", tags=["appeals"])
async def statements(
    ctx: Ctx, request: Request, seller_id: SellerId, who: Principal = Depends(require(*ANYONE))
) -> list[StatementText]:
    """Every sanction of the seller, newest first, with its statement in the market's languages
    (a refused reply's finding quotes its text: the read is recorded, ``statements.read``)."""
    ctx.visible_seller(seller_id, who)
    found = ctx.helpdesk().appeals.statements(seller_id)
    if found:
        await record_read(request, who, "statements.read", seller_id=seller_id, items=len(found))
    return found


@router.get("/v1/statements/{sanction_id}", tags=["appeals"])
async def statement(
    ctx: Ctx, request: Request, sanction_id: SanctionId, who: Principal = Depends(require(*ANYONE))
) -> StatementText:
    """One sanction's statement of reasons; a seller sees its own only."""
    found = ctx.helpdesk().appeals.statement(sanction_id, who.seller_id if who.role == Role.SELLER else None)
    await record_read(
        request,
        who,
        "statements.read",
        thread_id=found.statement.thread_id,
        seller_id=found.statement.seller_id,
        items=1,
    )
    return found


@router.post(
    "/v1/statements/{sanction_id}/appeal",
    tags=["appeals"],
    status_code=201,
    responses={
        404: {"model": errors.Problem, "description": "no such sanction (of this seller)"},
        409: {"model": errors.Problem, "description": "after the window, appealed before, or not appealable"},
    },
)
async def appeal(
    ctx: Ctx,
    sanction_id: SanctionId,
    request: AppealRequest,
    who: Principal = Depends(require(Role.SELLER, Role.BACKEND)),
) -> AppealStatus:
    """Appeal one sanction within its window (``appeal_until``): one appeal per sanction. The
    instant that counts is when this request arrived."""
    appeals = ctx.helpdesk().appeals
    return await ctx.answer(
        appeals.submit(
            sanction_id,
            request,
            submitted_by=f"{who.role}:{who.token_id}",
            seller_id=who.seller_id if who.role == Role.SELLER else None,
        )
    )


@router.get("/v1/appeals", tags=["appeals"])
async def appeals(
    ctx: Ctx,
    state: AppealState | None = Query(default=None, description="open: ops' queue"),
    seller_id: str | None = Query(default=None, max_length=128),
    who: Principal = Depends(require(*ANYONE)),
) -> list[AppealStatus]:
    """Appeals, oldest first; a seller sees its own."""
    if who.role == Role.SELLER:
        seller_id = who.seller_id
    return ctx.helpdesk().appeals.appeals(state=state, seller_id=seller_id)


@router.get("/v1/appeals/{appeal_id}", tags=["appeals"])
async def appeal_status(ctx: Ctx, appeal_id: AppealId, who: Principal = Depends(require(*ANYONE))) -> AppealStatus:
    """Where an appeal stands: open (with ops' reminders) or decided (who, why, what was credited)."""
    status = await ctx.answer(ctx.helpdesk().appeals.status(appeal_id))
    if not who.may_see_seller(status.seller_id):
        raise AppealNotFound(f"no appeal {appeal_id!r}")
    return status


@router.post(
    "/v1/appeals/{appeal_id}/decision",
    tags=["appeals"],
    responses={409: {"model": errors.Problem, "description": "decided before, or an amount that does not fit"}},
)
async def decide(
    ctx: Ctx, appeal_id: AppealId, decision: AppealDecision, who: Principal = Depends(require(Role.OPS))
) -> AppealDecided:
    """Ops decide: ``upheld``, ``overturned``, or a charge ``partly_overturned`` with the amount credited.
    Answered once applied; the seller and ops are told (``appeal.decided``)."""
    return await ctx.answer(ctx.helpdesk().appeals.decide(appeal_id, decision))
