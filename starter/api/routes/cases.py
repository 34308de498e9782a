"""Takeover cases (R5.3-R5.6): the case, ops' decision, and the return's events from the carrier and warehouse."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from contract.cases import (
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
from rules.refusals import Refusal
from starter.api import errors
from starter.api.audit import record_read
from starter.api.auth import Principal, Role, require
from starter.api.deps import Ctx, ThreadId
from starter.client.cases import CaseRefused

router = APIRouter()


@router.get("/v1/threads/{thread_id}/case", tags=["cases"])
async def case(
    ctx: Ctx, request: Request, thread_id: ThreadId, who: Principal = Depends(require(Role.BACKEND, Role.OPS))
) -> CaseStatus:
    """The takeover case, notes and escalations included; the read is recorded (``case.read``, see ``audit``)."""
    status = await ctx.answer(ctx.helpdesk().cases.case(thread_id))
    await record_read(request, who, "case.read", thread_id=thread_id, seller_id=status.seller_id, items=1)
    return status


@router.post(
    "/v1/threads/{thread_id}/case/decision",
    tags=["cases"],
    responses={409: {"model": errors.Problem, "description": "already decided (R5.3)"}},
)
async def decide(
    ctx: Ctx, thread_id: ThreadId, decision: OpsDecision, who: Principal = Depends(require(Role.OPS))
) -> Decided:
    """R5.3: ops decide; the same decision sent again returns it, another one is 409."""
    try:
        return await ctx.answer(ctx.helpdesk().cases.decide(thread_id, decision))
    except CaseRefused as refused:
        current = (await ctx.answer(ctx.helpdesk().cases.case(thread_id))).decision
        if (
            refused.kind == Refusal.CASE_ALREADY_DECIDED
            and current is not None
            and (current.outcome, current.decided_by, current.note)
            == (decision.outcome, decision.decided_by, decision.note)
        ):
            return current
        raise


@router.post("/v1/threads/{thread_id}/return/shipment", tags=["cases"])
async def shipment(
    ctx: Ctx, thread_id: ThreadId, event: ParcelShipped, who: Principal = Depends(require(Role.BACKEND, Role.OPS))
) -> ReturnStatus:
    """R5.5: the carrier's shipment scan; shipped within the window, the return does not lapse."""
    return await ctx.answer(ctx.helpdesk().cases.parcel_shipped(thread_id, event))


@router.post("/v1/threads/{thread_id}/return/refund-amount", tags=["cases"])
async def refund_amount(
    ctx: Ctx, thread_id: ThreadId, amount: RefundAmount, who: Principal = Depends(require(Role.OPS))
) -> ReturnStatus:
    """R5.4 without an order total: ops give the refund's amount when the refund is due."""
    return await ctx.answer(ctx.helpdesk().cases.refund_amount(thread_id, amount))


@router.post("/v1/threads/{thread_id}/return/parcel", tags=["cases"])
async def parcel(
    ctx: Ctx, thread_id: ThreadId, event: ParcelReceived, who: Principal = Depends(require(Role.BACKEND, Role.OPS))
) -> ReturnStatus:
    return await ctx.answer(ctx.helpdesk().cases.parcel_received(thread_id, event))


@router.post("/v1/threads/{thread_id}/return/inspection", tags=["cases"])
async def inspection(
    ctx: Ctx, thread_id: ThreadId, event: InspectionReport, who: Principal = Depends(require(Role.BACKEND, Role.OPS))
) -> ReturnStatus:
    return await ctx.answer(ctx.helpdesk().cases.inspected(thread_id, event))


@router.post("/v1/threads/{thread_id}/return/dispatch", tags=["cases"])
async def dispatch(
    ctx: Ctx, thread_id: ThreadId, event: ItemDispatched, who: Principal = Depends(require(Role.BACKEND, Role.OPS))
) -> ReturnStatus:
    return await ctx.answer(ctx.helpdesk().cases.item_dispatched(thread_id, event))
