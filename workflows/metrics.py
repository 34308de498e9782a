"""The system's own counters, beside the SDK's, on the worker's Prometheus endpoint.

Counted from workflow code through ``workflow.metric_meter()``, which records nothing while a
worker replays history: a counter moves once per event of the rulebook, however often its
workflow is replayed, moved between workers or continued-as-new. Names and labels are listed in
docs/operations.md ("Metrics"); label values are closed sets (rule kinds, markets, currencies), never ids,
so the series stay few.
"""

from __future__ import annotations

from dataclasses import dataclass

from temporalio import workflow


@dataclass(frozen=True)
class Counter:
    name: str
    description: str

    def add(self, **labels: str) -> None:
        workflow.metric_meter().create_counter(self.name, self.description).add(1, labels)


BUYER_MESSAGES = Counter("helpdesk_buyer_messages", "buyer messages a thread took in (R1.1), by market")
REPLIES = Counter("helpdesk_replies", "seller replies screened (R2), by outcome, the first finding's kind and market")
BREACHES = Counter(
    "helpdesk_reply_deadline_breaches", "reply deadlines missed (R1.4), by market and whether an absence covered it"
)
TAKEOVERS = Counter("helpdesk_takeovers", "threads the platform took over (R5), by reason and market")
REMINDERS = Counter("helpdesk_reminders", "reminders sent: the seller's two (R1.3) and ops' for undecided cases (R5.3)")
DECISIONS = Counter(
    "helpdesk_case_decisions", "takeover cases decided (R5.3), by outcome and who decided (ops or rule)"
)
RETURNS = Counter("helpdesk_returns", "returns ended (R5.5), by outcome")
RECHARGES = Counter("helpdesk_recharges", "costs charged to sellers (R5.6), by currency and cost kind")
ABSENCES = Counter("helpdesk_absences", "seller absences announced (R4), by market and notice")
APPEALS = Counter(
    "helpdesk_appeals",
    "appeals on sanctions (issue 20): received, and decided by outcome (upheld, overturned, partly_overturned), "
    "by sanction kind",
)

ALL_COUNTERS = (
    BUYER_MESSAGES,
    REPLIES,
    BREACHES,
    TAKEOVERS,
    REMINDERS,
    DECISIONS,
    RETURNS,
    RECHARGES,
    ABSENCES,
    APPEALS,
)
