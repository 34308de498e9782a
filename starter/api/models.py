"""The HTTP API's own request and response models; the rest are the contract's (``rules/``)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from contract.threads import (
    BuyerMessage,
    ThreadOpen,
)


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
    seller_id: str
    thread_id: str
    takeover_no: int
    cost_kind: str
    amount: str
    currency: str
    charged_at: datetime
