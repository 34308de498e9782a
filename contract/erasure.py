"""What erasing a buyer's personal data answers (issue 19): the HTTP API and the CLI show it as is."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from contract.threads import _Model


class ErasureOutcome(_Model):
    """Where a buyer's erasure stands after this request; asking again is harmless."""

    buyer_id: str
    state: str = Field(description="erased, or deferred while a thread of the buyer is still open (or its case)")
    requested_at: datetime
    requested_by: str = Field(description="the role and token id (or the CLI's user) that first asked")
    erased_at: datetime | None = Field(description="when nothing was left to erase")
    threads: int = Field(description="the buyer's threads")
    erased_now: list[str] = Field(
        default=[],
        description="the threads nobody is owed anything on, erased by this request (again, harmlessly, if they were)",
    )
    waiting_for: list[str] = Field(default=[], description="the threads that are still open: erased once they close")
    keys_destroyed: int = Field(
        description="data keys destroyed so far: the Temporal histories they encrypted are unreadable"
    )
    texts_removed: int = Field(default=0, description="texts removed from the store by this request")
