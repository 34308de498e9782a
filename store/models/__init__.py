"""The tables of the record, as SQLAlchemy 2 declarative models.

Every natural key the workflows can retry on is a primary key or a UNIQUE constraint (thread and message id,
violation dedupe key, ledger (thread, takeover, cost kind), events (event id), webhook deliveries (endpoint, event)),
so idempotency is enforced by the database, not by read-then-write code. Constraint names follow
one naming convention so migrations name them identically on SQLite and PostgreSQL.

One module per part of the record: ``base`` (what every table shares), ``record`` (threads, messages,
the ledger, the event log, cases), ``personal_data`` (data keys, erasures, the access log),
``statements`` (statements of reasons and appeals). Import the tables from here.
"""

from __future__ import annotations

from store.models.base import ID, KEY, NAMING_CONVENTION, POSITION, Base, utcnow
from store.models.personal_data import BuyerErasure, DataAccess, DataKey, ErasureState
from store.models.record import (
    Absence,
    DeliveryState,
    EventRecord,
    InboundMessage,
    Lease,
    LedgerEntry,
    Message,
    OpsCase,
    Refund,
    ReplyFingerprint,
    ReturnLabel,
    SellerFlag,
    Thread,
    Violation,
    WebhookDelivery,
    WebhookEndpoint,
)
from store.models.statements import AppealRecord, StatementRecord

__all__ = [
    "Absence",
    "AppealRecord",
    "Base",
    "BuyerErasure",
    "DataAccess",
    "DataKey",
    "DeliveryState",
    "ErasureState",
    "EventRecord",
    "ID",
    "InboundMessage",
    "KEY",
    "Lease",
    "LedgerEntry",
    "Message",
    "NAMING_CONVENTION",
    "OpsCase",
    "POSITION",
    "Refund",
    "ReplyFingerprint",
    "ReturnLabel",
    "SellerFlag",
    "StatementRecord",
    "Thread",
    "Violation",
    "WebhookDelivery",
    "WebhookEndpoint",
    "utcnow",
]
