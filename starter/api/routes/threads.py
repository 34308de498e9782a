"""Buyer threads: messages (stored first, see ``handover``), replies, escalations, the market, the state."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Depends, Request

from contract.threads import (
    Escalation,
    MarketChange,
    ReplyVerdict,
    SellerReply,
    ThreadStatus,
    not_in_the_future,
)
from rules.markets import MarketProfile
from rules.refusals import BY_STATE
from starter.api import errors, handover
from starter.api.audit import record_read
from starter.api.auth import Principal, Role, require
from starter.api.deps import ANYONE, Ctx, ThreadId
from starter.api.models import Accepted, Inquiry

router = APIRouter()


@router.post(
    "/v1/threads/{thread_id}/messages",
    tags=["threads"],
    status_code=202,
    responses={503: {"model": errors.Problem, "description": "kept; handed over when Temporal answers (Retry-After)"}},
)
async def buyer_message(
    ctx: Ctx, thread_id: ThreadId, inquiry: Inquiry, who: Principal = Depends(require(Role.BACKEND))
) -> Accepted:
    """R1.1: a buyer message, stored before it goes to Temporal; the first opens the thread."""
    if inquiry.thread.thread_id != thread_id:
        raise errors.FieldError(
            "thread.thread_id", f"thread.thread_id {inquiry.thread.thread_id!r} is not the path's {thread_id!r}"
        )
    ctx.known_market(inquiry.thread.market, "thread.market")
    not_in_the_future("message.received_at", inquiry.message.received_at, datetime.now(UTC), ctx.settings.clock_skew_s)
    await ctx.inbox.keep(inquiry.thread, inquiry.message)
    await ctx.answer(handover.hand_over(ctx.inbox, ctx.client, inquiry.thread, inquiry.message))
    return Accepted(thread_id=thread_id, message_id=inquiry.message.message_id, handed_over=True)


@router.post(
    "/v1/threads/{thread_id}/replies",
    tags=["threads"],
    responses={409: {"model": errors.Problem, "description": "the thread is taken over or closed (R5.3)"}},
)
async def seller_reply(
    ctx: Ctx, thread_id: ThreadId, reply: SellerReply, who: Principal = Depends(require(Role.BACKEND, Role.SELLER))
) -> ReplyVerdict:
    """R2: screened, then accepted (delivered) or refused with the findings; the same reply twice gets the same verdict."""
    ctx.visible_thread(thread_id, who)
    if who.role == Role.SELLER and reply.seller_id != who.seller_id:
        raise errors.FieldError("seller_id", f"seller_id {reply.seller_id!r} is not this token's seller")
    verdict = await ctx.answer(ctx.helpdesk().seller_reply(thread_id, reply))
    for finding in verdict.findings:
        if finding.kind in BY_STATE:
            raise errors.Conflict(finding.kind, finding.rule, f"{finding.kind} ({finding.rule}): replies go to ops now")
    return verdict


@router.post("/v1/threads/{thread_id}/escalations", tags=["threads"], status_code=202)
async def escalate(
    ctx: Ctx, thread_id: ThreadId, escalation: Escalation, who: Principal = Depends(require(Role.BACKEND, Role.OPS))
) -> dict[str, str]:
    """R5.2: a dispute or severe violation; the platform takes over. Deduplicated by ``escalation_id``."""
    await ctx.answer(ctx.helpdesk().escalate(thread_id, escalation))
    return {"thread_id": thread_id, "escalation_id": escalation.escalation_id}


@router.put("/v1/threads/{thread_id}/market", tags=["threads"])
async def change_market(
    ctx: Ctx, thread_id: ThreadId, change: MarketChange, who: Principal = Depends(require(Role.BACKEND, Role.OPS))
) -> MarketProfile:
    """R1.6: the order's market changed; the deadline is recomputed."""
    ctx.known_market(change.market, "market")
    return await ctx.answer(ctx.helpdesk().change_market(thread_id, change.market, change.order_total))


@router.get("/v1/threads/{thread_id}", tags=["threads"])
async def thread_state(
    ctx: Ctx, request: Request, thread_id: ThreadId, who: Principal = Depends(require(*ANYONE))
) -> ThreadStatus:
    """The thread's state; the read is recorded (``thread.read``, see ``audit``)."""
    ctx.visible_thread(thread_id, who)
    status = await ctx.answer(ctx.helpdesk().state(thread_id))
    await record_read(request, who, "thread.read", thread_id=thread_id, seller_id=status.seller_id, items=1)
    return status
