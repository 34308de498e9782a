"""The facts a sanction rests on (issue 20), carried from where the sanction is decided to its statement.

Kept apart from ``contract.statements`` so the thread's own records (``ViolationRecord``) can carry
them: a workflow knows the due instant it missed, the finding it refused, the escalation it took
over on; the statement of reasons quotes them, it does not reconstruct them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from rules.findings import Finding
from rules.kinds import RaisedBy, TakeoverReason


class StatementFacts(BaseModel):
    """The facts a sanction rests on; each kind of sanction fills the ones it has."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    due_at: AwareDatetime | None = Field(default=None, description="a missed deadline (R1.4): when the reply was due")
    working_hours: float | None = Field(default=None, ge=0, description="the working hours counted to due_at")
    finding_kind: str | None = Field(
        default=None, description="a refused reply (R2): what was found, e.g. off_platform_contact"
    )
    finding_text: str | None = Field(default=None, max_length=20_000, description="the matched text")
    finding_start: int | None = Field(default=None, ge=0, description="where the matched text starts in the reply")
    finding_end: int | None = Field(default=None, ge=0, description="where it ends")
    reply_id: str | None = Field(default=None, description="a refused reply: its message id")
    escalation_reason: TakeoverReason | None = Field(default=None, description="an escalation (R5.2): its reason")
    raised_by: RaisedBy | None = Field(default=None, description="an escalation: who raised it")
    amount: Annotated[Decimal, Field(max_digits=12, decimal_places=2)] | None = Field(
        default=None, description="a charge (R5.6): the amount"
    )
    currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$", description="a charge: ISO 4217, e.g. EUR")
    cost_kind: str | None = Field(default=None, description="a charge: which cost of the takeover (R5.6)")
    takeover_no: int | None = Field(default=None, ge=1, description="a takeover or a charge: the thread's takeover")
    takeover_reason: TakeoverReason | None = Field(default=None, description="a takeover (R5.1): its reason")
    absence_working_days: int | None = Field(default=None, ge=0, description="a late absence notice (R4.2)")
    notice_days: int | None = Field(default=None, description="a late absence notice: calendar days of notice given")
    notice_days_needed: int | None = Field(default=None, ge=0, description="the notice R4.2 asked for, in days")

    @model_validator(mode="after")
    def _consistent(self) -> StatementFacts:
        if (self.amount is None) != (self.currency is None):
            raise ValueError("an amount travels with its currency: give both or neither")
        if self.finding_start is not None and self.finding_end is not None and self.finding_end < self.finding_start:
            raise ValueError("finding_end must not come before finding_start")
        return self

    @classmethod
    def of_finding(cls, finding: Finding, reply_id: str | None = None) -> StatementFacts:
        """A refused reply's finding (R2): what was found, and where."""
        return cls(
            finding_kind=finding.kind,
            finding_text=finding.text or None,
            finding_start=finding.start if finding.end > finding.start else None,
            finding_end=finding.end if finding.end > finding.start else None,
            reply_id=reply_id,
        )
