"""The HTTP API's own request and response models; the rest are the contract's (``rules/``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from contract.statements import charge_sanction_id
from contract.threads import (
    BuyerMessage,
    ThreadOpen,
)

if TYPE_CHECKING:
    from store.models import LedgerEntry


class Inquiry(BaseModel):
    """A buyer message on a thread; the first one opens the thread (signal-with-start)."""

    thread: ThreadOpen
    message: BuyerMessage

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "thread": {
                        "thread_id": "T-1001",
                        "order_id": "O-77",
                        "seller_id": "S-42",
                        "buyer_id": "B-9",
                        "market": "FR",
                        "subject": "Écran",
                    },
                    "message": {
                        "message_id": "M-1",
                        "received_at": "2026-12-24T16:30:00+01:00",
                        "text": "Le téléphone est-il débloqué ?",
                    },
                }
            ]
        }
    }


class Accepted(BaseModel):
    thread_id: str
    message_id: str
    handed_over: bool = Field(description="true: the thread has it; false never comes back: that is a 503")


class AbsenceDays(BaseModel):
    market: str = Field(description="the seller's home market", examples=["DE"])
    first_day: date
    last_day: date


class Readiness(BaseModel):
    temporal: str = Field(examples=["ok"], description="ok or down")
    store: str = Field(examples=["ok"], description="ok or down")


class Ledger(BaseModel):
    """One ledger row: a charge (R5.6), or the credit an appeal gave back on one (negative amount)."""

    seller_id: str
    thread_id: str
    takeover_no: int
    cost_kind: str
    amount: str
    currency: str
    charged_at: datetime
    credit_for: str | None = Field(
        default=None, description="a credit: the charge it gives back (its sanction_id); none for a charge"
    )
    sanction_id: str = Field(
        description="the charge's statement of reasons (GET /v1/statements/{sanction_id}), "
        "charge-{thread_id}-{takeover_no}-{cost_kind}"
    )
    appeal_id: str | None = None

    @classmethod
    def of(cls, row: LedgerEntry) -> Ledger:
        """A ledger row as the API and ``helpdesk ledger`` show it."""
        sanction_id = charge_sanction_id(row.thread_id, row.takeover_no, row.cost_kind)
        return cls(
            seller_id=row.seller_id,
            thread_id=row.thread_id,
            takeover_no=row.takeover_no,
            cost_kind=str(row.cost_kind),
            amount=str(row.amount),
            currency=row.currency,
            charged_at=row.created_at,
            credit_for=sanction_id if row.reverses else None,
            sanction_id=sanction_id,
            appeal_id=row.appeal_id,
        )
