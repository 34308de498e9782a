"""Who read what (issue 19): every read of personal data through the API leaves one row in the
store (``data_access_log``) and one log line (``helpdesk.audit``, event ``personal_data.read``).

Both say who (the token's role and id, see ``auth``), what (an action such as ``thread.read``, a
thread or seller id, the filter used, how many items came back), when, and from which address;
never the data read. The row is what the log's readers query (``GET /v1/audit/reads``,
``helpdesk audit reads``); the line reaches whatever collects the API's logs, so a store that is
wiped or tampered with is not the only witness.

A read is recorded after its data is in hand and before it is answered: a refused or failed read
(401, 403, 404, 503) read nothing and leaves nothing, and a read that cannot be recorded is not
answered (the store's error is a 503, like any other).
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import AwareDatetime, BaseModel, Field
from sqlalchemy.orm import Session, sessionmaker

from starter.api.auth import LOOPBACK_TOKEN_ID, Principal, Role, require
from store import repository
from store.db import reading, transaction
from store.models import utcnow
from telemetry.logging import get_logger

log = get_logger("helpdesk.audit")
LOOPBACK_ROLE = "loopback"
"""The role recorded for a caller without a token: the codec endpoint admits loopback callers so."""
EVENT = "personal_data.read"

router = APIRouter(tags=["audit"])


async def record_read(
    where: Request | sessionmaker[Session],
    who: Principal | None,
    action: str,
    *,
    thread_id: str | None = None,
    seller_id: str | None = None,
    subject: str | None = None,
    items: int = 0,
    client: str | None = None,
) -> None:
    """Record one read: a row written off the event loop, then the log line with the same fields.

    ``where``: the request (its app's store, and the caller's address as ``client`` unless one is
    given) or the store's sessions. ``who``: the token's principal, ``None`` for the codec
    endpoint's loopback caller without a token (role ``loopback``, token id ``-``). ``subject``
    names what else was read (a feed's filter, a workflow id) and must never carry personal data;
    ``items``: how many things came back (events, payloads, entries).
    """
    if isinstance(where, Request):
        sessions: sessionmaker[Session] = where.app.state.sessions
        if client is None and where.client is not None:
            client = where.client.host
    else:
        sessions = where
    role, token_id = (LOOPBACK_ROLE, LOOPBACK_TOKEN_ID) if who is None else (who.role.value, who.token_id)
    fields: dict[str, Any] = {
        "at": utcnow(),
        "role": role,
        "token_id": token_id,
        "action": action,
        "thread_id": thread_id,
        "seller_id": seller_id,
        "subject": subject,
        "items": items,
        "client": client,
    }

    def write() -> int:
        with transaction(sessions) as session:
            return repository.record_access(session, **fields).id

    access_id = await asyncio.to_thread(write)
    log.info(EVENT, access_id=access_id, **{**fields, "at": fields["at"].isoformat()})


def filters(**values: object) -> str | None:
    """``key=value`` for each filter given, in order (``a=1 b=x,y``); ``None`` when there is none.

    A list is joined by commas. Only filters go here (ids, types, cursors, instants), never a text."""
    parts = []
    for key, value in values.items():
        if value is None or value == [] or value == ():
            continue
        if isinstance(value, list | tuple):
            value = ",".join(str(item) for item in value)
        elif isinstance(value, datetime):
            value = value.isoformat()
        parts.append(f"{key}={value}")
    return " ".join(parts) or None


class DataRead(BaseModel):
    """One read of personal data: who, what, when; never the data."""

    id: int
    at: datetime
    role: str = Field(description="backend, seller, ops, or loopback (the codec endpoint's caller without a token)")
    token_id: str = Field(description="the token's configured name, else its SHA-256's first 12 hex digits; - without")
    action: str = Field(examples=["thread.read"])
    thread_id: str | None
    seller_id: str | None
    subject: str | None = Field(description="the filter used, or what else names what was read")
    items: int = Field(description="how many items the read returned (events, payloads, entries)")
    client: str | None = Field(description="the caller's address as the API saw it")


@router.get("/v1/audit/reads")
async def audit_reads(
    request: Request,
    thread_id: Annotated[str | None, Query(min_length=1, max_length=128)] = None,
    token_id: Annotated[str | None, Query(min_length=1, max_length=64, description="a token's name or id")] = None,
    since: Annotated[
        AwareDatetime | None, Query(description="reads at or after this instant (with its offset)")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    who: Principal = Depends(require(Role.OPS)),
) -> list[DataRead]:
    """Who read what, newest first; this read is recorded too (``audit.read``)."""
    sessions: sessionmaker[Session] = request.app.state.sessions

    def read() -> list[DataRead]:
        with reading(sessions) as session:
            rows = repository.access_log(session, thread_id=thread_id, token_id=token_id, since=since, limit=limit)
            return [DataRead.model_validate(row, from_attributes=True) for row in rows]

    rows = await asyncio.to_thread(read)
    await record_read(
        request,
        who,
        "audit.read",
        thread_id=thread_id,
        subject=filters(token_id=token_id, since=since),
        items=len(rows),
    )
    return rows
