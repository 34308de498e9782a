"""A seller's views (R3.2 Discussions, the R5.6 ledger) and absences (R4)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from fastapi import APIRouter, Depends, Request

from contract.absences import AbsenceAnnouncement, AbsenceShortening, AbsenceStatus
from contract.seller_views import DiscussionEntry
from starter.api import errors
from starter.api.audit import record_read
from starter.api.auth import Principal, Role, require
from starter.api.deps import ANYONE, Ctx, SellerId
from starter.api.models import AbsenceDays, Ledger
from store import repository
from store.db import reading

router = APIRouter()


@router.get("/v1/sellers/{seller_id}/discussions", tags=["sellers"])
async def discussions(
    ctx: Ctx, request: Request, seller_id: SellerId, who: Principal = Depends(require(*ANYONE))
) -> list[DiscussionEntry]:
    """R3.2: open threads, awaiting the seller first, by due instant, with working hours left.

    The latest refused reply's findings quote its text, so a list that is not empty is a read of
    personal data, recorded (``discussions.read``, see ``audit``)."""
    ctx.visible_seller(seller_id, who)
    from starter.client.seller_views import discussions as read

    entries = read(ctx.sessions, ctx.settings.market_registry, seller_id, datetime.now(UTC))
    if entries:
        await record_read(request, who, "discussions.read", seller_id=seller_id, items=len(entries))
    return entries


@router.get("/v1/sellers/{seller_id}/ledger", tags=["sellers"])
async def ledger(ctx: Ctx, seller_id: SellerId, who: Principal = Depends(require(*ANYONE))) -> list[Ledger]:
    """R5.6: what the seller was charged."""
    ctx.visible_seller(seller_id, who)
    with reading(ctx.sessions) as session:
        return [Ledger.of(row) for row in repository.ledger_for_seller(session, seller_id)]


@router.post(
    "/v1/sellers/{seller_id}/absences",
    tags=["absences"],
    responses={409: {"model": errors.Problem, "description": "in the past or overlapping (R4.5)"}},
)
async def announce(
    ctx: Ctx, seller_id: SellerId, days: AbsenceDays, who: Principal = Depends(require(Role.BACKEND, Role.SELLER))
) -> AbsenceStatus:
    """R4.1-R4.3: announce an absence; a late notice is kept and recorded (R4.2)."""
    ctx.visible_seller(seller_id, who)
    ctx.known_market(days.market, "market")
    announcement = AbsenceAnnouncement(
        seller_id=seller_id,
        market=days.market,
        first_day=days.first_day,
        last_day=days.last_day,
        announced_at=datetime.now(UTC),
    )
    return await ctx.answer(ctx.helpdesk().absences.announce(announcement))


@router.get("/v1/sellers/{seller_id}/absences/{first_day}", tags=["absences"])
async def absence(
    ctx: Ctx, seller_id: SellerId, first_day: date, who: Principal = Depends(require(*ANYONE))
) -> AbsenceStatus:
    ctx.visible_seller(seller_id, who)
    return await ctx.answer(ctx.helpdesk().absences.status(seller_id, first_day))


@router.post("/v1/sellers/{seller_id}/absences/{first_day}/shorten", tags=["absences"])
async def shorten(
    ctx: Ctx,
    seller_id: SellerId,
    first_day: date,
    shortening: AbsenceShortening,
    who: Principal = Depends(require(Role.BACKEND, Role.SELLER)),
) -> AbsenceStatus:
    ctx.visible_seller(seller_id, who)
    return await ctx.answer(ctx.helpdesk().absences.shorten(seller_id, first_day, shortening.last_day))


@router.post("/v1/sellers/{seller_id}/absences/{first_day}/cancel", tags=["absences"])
async def cancel(
    ctx: Ctx, seller_id: SellerId, first_day: date, who: Principal = Depends(require(Role.BACKEND, Role.SELLER))
) -> AbsenceStatus:
    ctx.visible_seller(seller_id, who)
    return await ctx.answer(ctx.helpdesk().absences.cancel(seller_id, first_day))
