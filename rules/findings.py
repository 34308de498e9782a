"""What a screen found: the verdict's reason, in the rulebook's words. The wire contract carries it
inside a ``ReplyVerdict`` (``contract.threads``), so it lives in the rulebook, below the contract."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Finding(BaseModel):
    """One reason a reply was refused: the rule, the kind, and what was found where."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: str = Field(description='rule id, e.g. "R2.4"')
    kind: str = Field(description="violation kind or refusal reason, e.g. empty_reply, thread_taken_over")
    text: str = Field(default="", description="the text judged: what matched, or the whole reply for its language")
    start: int = Field(default=0, ge=0)
    end: int = Field(default=0, ge=0)
    detail: str = Field(
        default="",
        description='what the text was judged to be, where the kind alone does not say (e.g. "detected language: de")',
    )
