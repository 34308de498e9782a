"""Statements of reasons and appeals (issue 20): what a seller is told of every sanction, and how it
contests one.

A sanction is a takeover of a thread, a violation on the seller's record, a flag on it (R5.4) or
a charge (R5.6). Each gets one statement, written in the sanction's own transaction, with the
facts it rests on; ``rules.statements`` renders it in plain words in the market's language and
time. Its id (``sanction_id``) is the reference the seller appeals with: an appeal is a workflow
of its own, ``appeal-{sanction_id}``, so a second appeal on the same sanction is refused by the
id itself.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import AwareDatetime, Field, StringConstraints, model_validator

from contract.facts import StatementFacts
from contract.threads import Identifier, Instant, MarketCode, _Model
from rules.kinds import AppealOutcome, AppealState, SanctionKind, ViolationKind
from rules.statements import render_statement

RuleId = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^R\d+\.\d+$")]
SanctionId = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=255)]
Grounds = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]
APPEAL = "Appeal"


def violation_sanction_id(dedupe_key: str) -> str:
    """From the violation's natural key (its dedupe key, which names thread, message and instants),
    hashed to a short reference: the same violation has the same id in any store, so its appeal
    workflow's id can never meet another sanction's."""
    return f"violation-{hashlib.sha256(dedupe_key.encode()).hexdigest()[:20]}"


def charge_sanction_id(thread_id: str, takeover_no: int, cost_kind: str) -> str:
    """From the charge's natural key (R5.6: one cost per takeover, ever)."""
    return f"charge-{thread_id}-{takeover_no}-{cost_kind}"


def flag_sanction_id(thread_id: str, reason: str) -> str:
    return f"flag-{thread_id}-{reason}"


def takeover_sanction_id(thread_id: str, takeover_no: int) -> str:
    return f"takeover-{thread_id}-{takeover_no}"


def appeal_workflow_id(sanction_id: str) -> str:
    """One appeal per sanction, ever: the id is the guarantee (REJECT_DUPLICATE)."""
    return f"appeal-{sanction_id}"


def appeal_deadline(issued_at: datetime, zone: ZoneInfo, window_days: int) -> datetime:
    """The last instant an appeal is heard: the end of the ``window_days``-th calendar day after the
    statement's day, on the market's clock (a seller reads "until 5 January, 23:59" and it holds
    to the last second of that day, whatever the hour the statement came)."""
    last_day = issued_at.astimezone(zone).date() + timedelta(days=window_days)
    next_midnight = datetime.combine(last_day + timedelta(days=1), time(0), zone)
    return next_midnight - timedelta(microseconds=1)


class Statement(_Model):
    """One sanction's statement of reasons, for the seller it sanctions."""

    sanction_kind: SanctionKind
    sanction_id: SanctionId
    seller_id: Identifier
    thread_id: Identifier | None = None
    market: MarketCode
    rule: RuleId = Field(description='the rule of the seller terms it applies, e.g. "R1.4"')
    violation_kind: ViolationKind | None = None
    occurred_at: AwareDatetime = Field(description="when the sanction took effect (a missed deadline: the due instant)")
    issued_at: AwareDatetime | None = Field(
        default=None, description="when the seller was told; the appeal window counts from its day"
    )
    appeal_until: AwareDatetime = Field(description="the last instant an appeal is heard")
    facts: StatementFacts = StatementFacts()

    @model_validator(mode="after")
    def _consistent(self) -> Statement:
        if self.appeal_until < self.occurred_at:
            raise ValueError("appeal_until must not come before occurred_at")
        if self.sanction_kind == SanctionKind.CHARGE and self.facts.amount is None:
            raise ValueError("a charge states its amount and currency (facts.amount, facts.currency)")
        return self

    def render(self, language: str, timezone: str) -> str:
        """The statement in plain words, in ``language``, its instants in ``timezone`` (the market's)."""
        return render_statement(self, language, timezone)


class StatementText(_Model):
    """A statement as a seller reads it: the facts, and the text in each of the market's languages."""

    statement: Statement
    texts: dict[str, str] = Field(description="language code to the statement's text")
    appealed: bool = Field(default=False, description="an appeal was made on it (appeal-{sanction_id})")
    overturned: bool = Field(default=False, description="an appeal overturned it (wholly or, a charge, in part)")


class AppealRequest(_Model):
    """A seller's appeal: why the sanction is wrong."""

    grounds: Grounds = Field(description="the seller's reasons, in any language")


class AppealOrder(_Model):
    """The input of the ``Appeal`` workflow: the appeal, the statement it contests (as issued), and
    the instant the platform received it (set by the API or the client, never by the seller)."""

    statement: Statement
    grounds: Grounds
    submitted_at: Instant
    submitted_by: Identifier = Field(description="the token or person that submitted it")


class AppealDecision(_Model):
    """Ops' decision on an appeal: the outcome, who and why; a partial overturn names its amount."""

    outcome: AppealOutcome
    decided_by: Identifier
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]
    amount: Annotated[Decimal, Field(gt=0, max_digits=12, decimal_places=2)] | None = Field(
        default=None, description="partly_overturned: the amount credited back, in the charge's currency"
    )

    @model_validator(mode="after")
    def _amount_with_partial(self) -> AppealDecision:
        if (self.outcome == AppealOutcome.PARTLY_OVERTURNED) != (self.amount is not None):
            raise ValueError("amount is given with partly_overturned, and only with it")
        return self


class AppealVerdict(_Model):
    """What the ``decide_appeal`` activity applies: the decision on the statement, as of ``decided_at``."""

    appeal_id: str
    statement: Statement
    decision: AppealDecision
    decided_at: AwareDatetime


class AppealDecided(_Model):
    """A decision as applied: what it reversed."""

    outcome: AppealOutcome
    decided_by: str
    reason: str
    decided_at: AwareDatetime
    credited: Decimal | None = Field(default=None, description="the credit row's amount (positive), a charge only")
    currency: str | None = None


class AppealStatus(_Model):
    """The ``status`` query of an appeal and what the API answers."""

    appeal_id: str
    sanction_id: str
    sanction_kind: SanctionKind
    seller_id: str
    thread_id: str | None
    state: AppealState
    submitted_at: AwareDatetime
    appeal_until: AwareDatetime
    grounds: str
    submitted_by: str = Field(default="", description="who submitted it: the API token's role and id, or the CLI user")
    reminders_sent: int = 0
    next_reminder_at: AwareDatetime | None = None
    decision: AppealDecided | None = None
