"""``/ops/views``: ops' standing views of the Temporal UI (starter/ops_views.py), as links that stay valid.

``GET /ops/views/{name}`` redirects to the UI's workflow list with the view's query, built at the
moment of the click (the due windows are relative to now). ``GET /ops/views`` lists them. No token:
a link carries a query, never data, and the UI it leads to has its own access control.
"""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field

from starter.api.errors import NotFound
from starter.ops_views import BY_NAME, VIEWS

router = APIRouter(tags=["ops"])


class OpsViewLink(BaseModel):
    name: str = Field(examples=["cases-awaiting-decision"])
    title: str
    query: str = Field(description="the visibility query, as of now")
    url: str = Field(description="the Temporal UI's workflow list filtered by the query")


def _link(request: Request, name: str, now: datetime) -> OpsViewLink:
    settings = request.app.state.settings
    view = BY_NAME[name]
    return OpsViewLink(
        name=view.name,
        title=view.title,
        query=view.query(now),
        url=view.ui_url(settings.temporal_ui_url, settings.temporal_namespace, now),
    )


@router.get("/ops/views")
async def views(request: Request) -> list[OpsViewLink]:
    """Every view with its link as of now."""
    now = datetime.now(UTC)
    return [_link(request, view.name, now) for view in VIEWS]


@router.get(
    "/ops/views/{name}",
    status_code=307,
    response_class=RedirectResponse,
    responses={307: {"description": "to the Temporal UI"}},
)
async def view(name: str, request: Request) -> RedirectResponse:
    """To the Temporal UI, the list filtered by the view's query as of now."""
    if name not in BY_NAME:
        raise NotFound(f"no view {name!r}; the views: {', '.join(BY_NAME)}")
    return RedirectResponse(_link(request, name, datetime.now(UTC)).url, status_code=307)
